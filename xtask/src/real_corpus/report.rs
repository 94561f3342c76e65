//! The figures of a scan, the verdict on them, and the full list of refusals written beside the
//! cache (`target/real-corpus/refusals.txt`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::causes::{self, Cause, Verdict};
use super::scan::{Run, Scan};

/// The least share of descriptions that must generate strictly, in percent.
pub const STRICT_TARGET: f64 = 95.0;
/// ... and with `--skip-unsupported`: every one.
pub const SKIP_TARGET: f64 = 100.0;

/// How many causes the summary shows.
const TOP_CAUSES: usize = 15;

/// The figures of a scan.
#[derive(Debug)]
pub struct Summary {
    pub specs: usize,
    pub strict: usize,
    pub skip_unsupported: usize,
    pub causes: Vec<Cause>,
    /// `file (strict|--skip-unsupported): message` of every panic.
    pub panics: Vec<String>,
    /// The descriptions that `--skip-unsupported` could not generate either.
    pub skip_refused: Vec<String>,
    /// The descriptions refused strictly.
    pub strict_refused: Vec<String>,
    /// How many descriptions are refused for causes of one verdict alone, by verdict.
    pub refused_only_by: BTreeMap<Verdict, usize>,
}

impl Summary {
    pub fn of(scan: &Scan) -> Summary {
        let mut panics = Vec::new();
        let mut refused = Vec::new();
        let mut skip_refused = Vec::new();
        let mut refused_only_by = BTreeMap::new();
        for outcome in &scan.outcomes {
            for (mode, run) in [
                ("strict", &outcome.strict),
                ("--skip-unsupported", &outcome.skip_unsupported),
            ] {
                if let Run::Panicked(message) = run {
                    panics.push(format!("{} ({mode}): {message}", outcome.file));
                }
            }
            if let Run::Refused(diagnostics) = &outcome.strict {
                refused.push((outcome.file.as_str(), diagnostics.as_slice()));
                let verdicts: BTreeSet<Verdict> = diagnostics
                    .iter()
                    .map(|item| causes::verdict(&causes::class(&item.message)))
                    .collect();
                if let [verdict] = Vec::from_iter(verdicts).as_slice() {
                    *refused_only_by.entry(*verdict).or_insert(0) += 1;
                }
            }
            if !outcome.skip_unsupported.generated() {
                skip_refused.push(outcome.file.clone());
            }
        }
        let strict_refused = scan
            .outcomes
            .iter()
            .filter(|outcome| !outcome.strict.generated())
            .map(|outcome| outcome.file.clone())
            .collect();
        Summary {
            specs: scan.outcomes.len(),
            strict: count(scan, |run| run.strict.generated()),
            skip_unsupported: count(scan, |run| run.skip_unsupported.generated()),
            causes: causes::group(refused),
            panics,
            skip_refused,
            strict_refused,
            refused_only_by,
        }
    }

    pub fn strict_percent(&self) -> f64 {
        percent(self.strict, self.specs)
    }

    pub fn skip_percent(&self) -> f64 {
        percent(self.skip_unsupported, self.specs)
    }

    /// The summary as printed.
    pub fn render(&self, scan: &Scan) -> String {
        let mut text = String::new();
        let _ = writeln!(
            text,
            "descriptions: {} OpenAPI 3.x; {} Swagger 2.0 (not OpenAPI 3, skipped); {} other JSON/YAML files; {} unreadable",
            self.specs,
            scan.swagger2.len(),
            scan.other_files,
            scan.unreadable.len()
        );
        let _ = writeln!(
            text,
            "generated strictly: {} ({:.2} %); with --skip-unsupported: {} ({:.2} %)",
            self.strict,
            self.strict_percent(),
            self.skip_unsupported,
            self.skip_percent()
        );
        let mut slowest: Vec<&super::scan::Outcome> = scan.outcomes.iter().collect();
        slowest.sort_by(|a, b| b.seconds.total_cmp(&a.seconds));
        let slowest: Vec<String> = slowest
            .iter()
            .take(3)
            .map(|outcome| format!("{} {:.1} s", outcome.file, outcome.seconds))
            .collect();
        let _ = writeln!(text, "slowest (both runs): {}", slowest.join(", "));
        let _ = writeln!(text, "panics: {}", self.panics.len());
        for panic in &self.panics {
            let _ = writeln!(text, "    {panic}");
        }
        let _ = writeln!(
            text,
            "refused strictly: {}, by cause (descriptions, diagnostics, verdict):",
            self.specs - self.strict
        );
        for cause in self.causes.iter().take(TOP_CAUSES) {
            let _ = writeln!(
                text,
                "  {:>5} {:>6}  [{}] {}\n                e.g. {}",
                cause.specs,
                cause.diagnostics,
                cause.verdict.describe(),
                cause.class,
                shorten(&cause.example, 200)
            );
        }
        if self.causes.len() > TOP_CAUSES {
            let _ = writeln!(text, "  ... {} more causes", self.causes.len() - TOP_CAUSES);
        }
        for (verdict, count) in &self.refused_only_by {
            let _ = writeln!(
                text,
                "refused for one kind of cause only ({}): {count}",
                verdict.describe()
            );
        }
        text
    }

    /// Why the run fails, if it does (the compile failures are added by the caller).
    pub fn failures(&self) -> Vec<String> {
        let mut failures = Vec::new();
        if !self.panics.is_empty() {
            failures.push(format!(
                "{} panic(s):\n    {}",
                self.panics.len(),
                self.panics.join("\n    ")
            ));
        }
        if self.strict_percent() < STRICT_TARGET {
            failures.push(format!(
                "{:.2} % generate strictly, below {STRICT_TARGET} %; refused:\n    {}",
                self.strict_percent(),
                self.strict_refused.join("\n    ")
            ));
        }
        if self.skip_percent() < SKIP_TARGET {
            failures.push(format!(
                "{:.2} % generate with --skip-unsupported, below {SKIP_TARGET} %; refused:\n    {}",
                self.skip_percent(),
                self.skip_refused.join("\n    ")
            ));
        }
        failures
    }
}

fn count(scan: &Scan, generated: impl Fn(&super::scan::Outcome) -> bool) -> usize {
    scan.outcomes
        .iter()
        .filter(|outcome| generated(outcome))
        .count()
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Every refused description with its diagnostics, for `refusals.txt`.
pub fn refusals(scan: &Scan) -> String {
    let mut text = String::new();
    for outcome in &scan.outcomes {
        for (mode, run) in [
            ("strict", &outcome.strict),
            ("--skip-unsupported", &outcome.skip_unsupported),
        ] {
            match run {
                Run::Refused(diagnostics) => {
                    let _ = writeln!(text, "{} ({mode}): refused", outcome.file);
                    for diagnostic in diagnostics {
                        let _ = writeln!(text, "    {diagnostic}");
                    }
                }
                Run::Panicked(message) => {
                    let _ = writeln!(text, "{} ({mode}): PANIC {message}", outcome.file);
                }
                Run::Generated { .. } => {}
            }
        }
    }
    text
}
