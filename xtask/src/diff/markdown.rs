//! The report as Markdown for a pull-request description: the summary line first, then the
//! breaking changes alone (what a reviewer must decide on), then every change by subject.

use super::report::{Change, OverrideNote, Report, Subject};
use super::rules::Verdict;

/// Renders the whole report.
pub(crate) fn render(report: &Report) -> String {
    let mut md = format!(
        "**Spec changes {} → {}: {}**\n",
        report.old_label,
        report.new_label,
        report.summary()
    );
    md.push_str("\n### Breaking changes\n\n");
    let breaking: Vec<&Change> = report
        .changes
        .iter()
        .filter(|change| change.verdict() == Verdict::Breaking)
        .collect();
    if breaking.is_empty() {
        md.push_str("None.\n");
    }
    for change in breaking {
        md.push_str(&format!(
            "- {} `{}`, {}: {} ({})\n",
            subject_word(&change.subject),
            change.subject.name(),
            place(change),
            change.what,
            change.rule.why()
        ));
    }
    let mut section: Option<&'static str> = None;
    let mut subject: Option<&Subject> = None;
    for change in &report.changes {
        let heading = section_heading(&change.subject);
        if section != Some(heading) {
            md.push_str(&format!("\n### {heading}\n"));
            section = Some(heading);
        }
        if subject != Some(&change.subject) {
            md.push_str(&format!(
                "\n#### `{}`\n\n| verdict | where | change | why |\n|---|---|---|---|\n",
                cell(change.subject.name())
            ));
            subject = Some(&change.subject);
        }
        md.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            change.verdict().as_str(),
            cell(&place(change)),
            cell(&change.what),
            cell(change.rule.why())
        ));
    }
    if report.changes.is_empty() {
        md.push_str("\nNo operation, parameter, body, response or schema changed.\n");
    }
    if let Some(overrides) = &report.overrides {
        md.push_str(&overrides_section(overrides));
    }
    md.push_str(
        "\nVerdicts are for code written against the generated Rust client; the rules are in \
         the README, section \"When GitHub's spec changes\".\n",
    );
    md
}

fn overrides_section(overrides: &[OverrideNote]) -> String {
    let mut md = String::from("\n### Overrides (`spec/overrides.yaml`)\n\n");
    if overrides.is_empty() {
        md.push_str("None.\n");
        return md;
    }
    md.push_str("| pointer | effect | reason | upstream |\n|---|---|---|---|\n");
    for note in overrides {
        md.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            cell(&note.pointer),
            cell(&note.effect),
            cell(&note.reason),
            cell(&note.upstream)
        ));
    }
    md
}

/// The place inside the subject, or the subject itself.
fn place(change: &Change) -> String {
    if change.place.is_empty() {
        format!("(the {})", subject_word(&change.subject))
    } else {
        change.place.clone()
    }
}

fn subject_word(subject: &Subject) -> &'static str {
    match subject {
        Subject::Operation(_) => "operation",
        Subject::RequestBody(_) => "request body",
        Subject::Parameter(_) => "parameter",
        Subject::Response(_) => "response",
        Subject::Schema(_) => "schema",
    }
}

fn section_heading(subject: &Subject) -> &'static str {
    match subject {
        Subject::Operation(_) => "Operations",
        Subject::RequestBody(_) => "Shared request bodies",
        Subject::Parameter(_) => "Shared parameters",
        Subject::Response(_) => "Shared responses",
        Subject::Schema(_) => "Schemas",
    }
}

/// Text made safe for one Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
