//! The report as JSON (`--format json`), for tools: the same content as the Markdown, with each
//! change's rule named by a stable slug.

use serde_json::{Value, json};

use super::report::Report;

/// Renders the whole report as pretty-printed JSON.
pub(crate) fn render(report: &Report) -> String {
    let counts = report.counts();
    let changes: Vec<Value> = report
        .changes
        .iter()
        .map(|change| {
            json!({
                "subject": {"kind": change.subject.kind(), "name": change.subject.name()},
                "where": change.place,
                "pointer": change.pointer,
                "change": change.what,
                "rule": change.rule.slug(),
                "verdict": change.verdict().as_str(),
                "why": change.rule.why(),
            })
        })
        .collect();
    let overrides = report.overrides.as_ref().map(|notes| {
        notes
            .iter()
            .map(|note| {
                json!({
                    "pointer": note.pointer,
                    "effect": note.effect,
                    "reason": note.reason,
                    "upstream": note.upstream,
                })
            })
            .collect::<Vec<Value>>()
    });
    let document = json!({
        "old": report.old_label,
        "new": report.new_label,
        "summary": report.summary(),
        "counts": {
            "breaking": counts.breaking,
            "non_breaking": counts.non_breaking,
            "documentation": counts.documentation,
        },
        "changes": changes,
        "overrides": overrides,
    });
    // Serialising a `Value` built here cannot fail; the fallback keeps the function total.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_else(|e| e.to_string());
    text.push('\n');
    text
}
