//! The report's data: each change with its place and rule, and what the report says about the
//! overrides. Rendering is in `markdown.rs` and `json.rs`.

use super::rules::{Rule, Verdict};

/// What a change belongs to: an operation, or a named component the generator turns into
/// something (a type for a schema; shared parts of operations for the others).
///
/// The order of the variants is the order of the report's sections.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Subject {
    /// By `operationId`.
    Operation(String),
    /// `components/requestBodies/<name>`.
    RequestBody(String),
    /// `components/parameters/<name>`.
    Parameter(String),
    /// `components/responses/<name>`.
    Response(String),
    /// `components/schemas/<name>`.
    Schema(String),
}

impl Subject {
    /// The kind, as the JSON report names it.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Subject::Operation(_) => "operation",
            Subject::RequestBody(_) => "request-body",
            Subject::Parameter(_) => "parameter",
            Subject::Response(_) => "response",
            Subject::Schema(_) => "schema",
        }
    }

    /// The name within its kind.
    pub(crate) fn name(&self) -> &str {
        match self {
            Subject::Operation(name)
            | Subject::RequestBody(name)
            | Subject::Parameter(name)
            | Subject::Response(name)
            | Subject::Schema(name) => name,
        }
    }
}

/// One change between the two fragments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub(crate) subject: Subject,
    /// Where inside the subject, for people: `license.url`, `request body: oneOf[0].geo`,
    /// `response 202`; empty for the subject itself.
    pub(crate) place: String,
    /// The JSON pointer of the place (`#/components/schemas/x/properties/y`): in the new
    /// fragment, or in the old one for what was removed.
    pub(crate) pointer: String,
    /// What happened, for people: ``property added: optional `bool` ``.
    pub(crate) what: String,
    /// The rule that gives the verdict.
    pub(crate) rule: Rule,
}

impl Change {
    pub(crate) fn verdict(&self) -> Verdict {
        self.rule.verdict()
    }
}

/// What the report says about one entry of `spec/overrides.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OverrideNote {
    pub(crate) pointer: String,
    /// What it did in the new fragment (`applied`, `not needed: ...`, `skipped: ...`).
    pub(crate) effect: String,
    pub(crate) reason: String,
    pub(crate) upstream: String,
}

/// The comparison of two fragments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Report {
    /// How the old fragment is named in the report (its `info.version`, unless told otherwise).
    pub(crate) old_label: String,
    /// How the new fragment is named in the report.
    pub(crate) new_label: String,
    /// Sorted by subject; in document order within a subject.
    pub(crate) changes: Vec<Change>,
    /// The overrides that produced the new fragment; `None` when the report cannot know them.
    pub(crate) overrides: Option<Vec<OverrideNote>>,
}

/// The counts of the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) breaking: usize,
    pub(crate) non_breaking: usize,
    /// How many of the non-breaking ones change documentation only.
    pub(crate) documentation: usize,
}

impl Report {
    pub(crate) fn counts(&self) -> Counts {
        let count =
            |keep: &dyn Fn(&Change) -> bool| self.changes.iter().filter(|c| keep(c)).count();
        Counts {
            breaking: count(&|change| change.verdict() == Verdict::Breaking),
            non_breaking: count(&|change| change.verdict() == Verdict::NonBreaking),
            documentation: count(&|change| change.rule == Rule::Documentation),
        }
    }

    /// The one-line summary: `3 breaking, 41 non-breaking changes (5 of them documentation only)`.
    pub(crate) fn summary(&self) -> String {
        let counts = self.counts();
        let total = counts.breaking + counts.non_breaking;
        let noun = if total == 1 { "change" } else { "changes" };
        let mut line = format!(
            "{} breaking, {} non-breaking {noun}",
            counts.breaking, counts.non_breaking
        );
        if counts.documentation > 0 {
            line.push_str(&format!(
                " ({} of them documentation only)",
                counts.documentation
            ));
        }
        line
    }
}
