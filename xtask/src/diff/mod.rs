//! `cargo xtask diff`: what changed between two vendored fragments, and whether each change
//! breaks code written against the generated client.
//!
//! ```text
//! cargo xtask diff                                  committed spec/codespaces.yaml → working tree's
//! cargo xtask diff --old FILE --new FILE            any two fragments (JSON or YAML, .gz accepted;
//!                                                   OpenAPI 3.0, or 3.1/3.2 read as 3.0: `input`)
//! cargo xtask diff ... --format json                JSON instead of Markdown
//! cargo xtask diff --rules                          the classification rules, as a table
//! ```
//!
//! The comparison works on the parsed documents, never on text, one concern per file:
//!
//! - [`spec`]: one side: `$ref`s followed on demand, operations by key, where schemas are used.
//! - [`operations`]: operations added and removed; per operation its request line, docs,
//!   parameters, request body and responses.
//! - [`parts`]: a parameter, request body or response, whether an operation's own or shared.
//! - [`components`]: schemas added and removed; shared parts compared once each.
//! - [`schemas`] and [`place`]: two schemas side by side, down to properties and enum values,
//!   each change at a JSON pointer and a label people read; [`shape`]: the Rust type each
//!   schema becomes, from the generator's own lowering of the fragment.
//! - [`rules`]: the one table that classifies each change as breaking or not.
//! - [`report`], [`markdown`], [`json`]: the result and its two renderings.
//!
//! `cargo xtask vendor` prints the same report after a refresh, with the overrides it applied.
//! Nothing here writes a file: bad input is an error message and a non-zero exit.

mod components;
mod input;
mod json;
mod markdown;
mod operations;
mod parts;
mod place;
mod report;
pub(crate) mod rules;
mod schemas;
mod shape;
mod spec;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::vendor::overrides;

pub(crate) use input::read_file;
pub(crate) use report::{OverrideNote, Report};

/// The vendored fragment and its overrides, relative to the workspace root.
const SPEC: &str = "spec/codespaces.yaml";
const OVERRIDES: &str = "spec/overrides.yaml";

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Markdown,
    Json,
}

impl Format {
    /// Renders `report` in this format.
    pub(crate) fn render(self, report: &Report) -> String {
        match self {
            Format::Markdown => markdown::render(report),
            Format::Json => json::render(report),
        }
    }
}

/// The command line of `cargo xtask diff`, after the word `diff`.
#[derive(Debug, Default, PartialEq, Eq)]
struct Options {
    old: Option<PathBuf>,
    new: Option<PathBuf>,
    json: bool,
    rules: bool,
}

impl Options {
    fn parse(args: &[&str]) -> Result<Options, String> {
        let mut options = Options::default();
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            let mut value = || rest.next().ok_or_else(|| format!("`{flag}` needs a value"));
            match *flag {
                "--old" if options.old.is_none() => options.old = Some(PathBuf::from(value()?)),
                "--new" if options.new.is_none() => options.new = Some(PathBuf::from(value()?)),
                "--rules" => options.rules = true,
                "--format" => {
                    options.json = match *value()? {
                        "json" => true,
                        "markdown" => false,
                        other => {
                            return Err(format!(
                                "unknown format `{other}`: expected `markdown` or `json`"
                            ));
                        }
                    }
                }
                other => return Err(format!("unexpected argument `{other}`")),
            }
        }
        Ok(options)
    }
}

/// What an argument error adds, so the fix is in the message.
const USAGE: &str =
    "usage: cargo xtask diff [--old FILE] [--new FILE] [--format markdown|json] | --rules";

/// Runs `cargo xtask diff` with the arguments after `diff`, printing the report.
pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let options = Options::parse(args).map_err(|message| format!("{message}\n{USAGE}"))?;
    if options.rules {
        print!("{}", rules::Rule::markdown_table());
        return Ok(());
    }
    let old = match &options.old {
        Some(path) => input::read_file(path)?,
        None => committed_spec(root)?,
    };
    let new = match &options.new {
        Some(path) => input::read_file(path)?,
        None => input::read_file(&root.join(SPEC))?,
    };
    let mut report = compare(&old, &new)?;
    if options.new.is_none() {
        // The working tree's fragment was made with the working tree's overrides.
        report.overrides = Some(override_notes(&root.join(OVERRIDES), &new)?);
    }
    let format = if options.json {
        Format::Json
    } else {
        Format::Markdown
    };
    print!("{}", format.render(&report));
    Ok(())
}

/// Compares two parsed fragments; the labels are their `info.version`s. Each is lowered with
/// the generator, whose classification of schemas the verdicts follow; a fragment it cannot
/// read at all is an error.
pub(crate) fn compare(old: &Value, new: &Value) -> Result<Report, String> {
    let (old_lowered, new_lowered) = (
        shape::Lowered::of(old, "old")?,
        shape::Lowered::of(new, "new")?,
    );
    let old = spec::Spec {
        root: old,
        lowered: &old_lowered,
    };
    let new = spec::Spec {
        root: new,
        lowered: &new_lowered,
    };
    let mut changes = Vec::new();
    operations::compare(old, new, &mut changes);
    components::compare_shared(old, new, &mut changes);
    components::compare_schemas(old, new, &mut changes);
    // Stable: within a subject, changes stay in document order.
    changes.sort_by(|a, b| a.subject.cmp(&b.subject));
    Ok(Report {
        old_label: old.version(),
        new_label: new.version(),
        changes,
        overrides: None,
    })
}

/// The committed fragment, from `git show HEAD:spec/codespaces.yaml`.
fn committed_spec(root: &Path) -> Result<Value, String> {
    let shown = format!("HEAD:{SPEC}");
    let failed = |why: String| {
        format!("cannot read the committed spec with `git show {shown}`: {why}; pass `--old FILE`")
    };
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["show", &shown])
        .output()
        .map_err(|e| failed(e.to_string()))?;
    if !output.status.success() {
        return Err(failed(
            String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        ));
    }
    input::read_bytes(&output.stdout).map_err(|message| format!("{shown}: {message}"))
}

/// The overrides file's entries, and whether each holds in `fragment`.
fn override_notes(path: &Path, fragment: &Value) -> Result<Vec<OverrideNote>, String> {
    Ok(overrides::load(path)?
        .iter()
        .map(|entry| OverrideNote {
            pointer: entry.pointer.clone(),
            effect: if entry.holds_in(fragment) {
                "in effect".to_owned()
            } else {
                "not in effect: the fragment does not hold this value".to_owned()
            },
            reason: entry.reason.clone(),
            upstream: entry.upstream.clone(),
        })
        .collect())
}
