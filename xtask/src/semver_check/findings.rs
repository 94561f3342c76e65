//! What `cargo-semver-checks` printed, read back: each failed lint and the items it names.
//!
//! The tool prints, per failed lint, a block that starts with
//! `--- failure <lint>: <summary> ---` and ends with a `Failed in:` list, one item per line
//! (`field SimpleUser.user_view_type in /…/models.rs:120`, `variant Kind::Other in …`,
//! `struct crate::models::Thing, previously in file …`). Only those parts are read, so the
//! rest of its wording may change without breaking this reader.

/// One item a lint failed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// The lint's id, such as `constructible_struct_adds_field`.
    pub(crate) lint: String,
    /// The item as the tool names it, without its file and line.
    pub(crate) item: String,
}

impl Finding {
    /// The Rust identifiers of the item's path (`SimpleUser.user_view_type` gives `SimpleUser`
    /// and `user_view_type`), without the kind word in front.
    pub(crate) fn identifiers(&self) -> impl Iterator<Item = &str> {
        self.item
            .split_once(' ')
            .map_or(self.item.as_str(), |(_, path)| path)
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|word| !word.is_empty())
    }
}

/// Every failed item in the tool's output, in its order; a lint whose block lists no item is
/// kept with an empty item, so that it cannot go unnoticed.
pub(crate) fn parse(output: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut lint: Option<(String, usize)> = None;
    let mut listing = false;
    for line in output.lines() {
        if let Some(rest) = line.trim().strip_prefix("--- failure ") {
            close(&mut findings, lint.take());
            let id = rest.split(':').next().unwrap_or(rest).trim().to_owned();
            lint = Some((id, findings.len()));
            listing = false;
        } else if line.trim() == "Failed in:" {
            listing = lint.is_some();
        } else if listing && line.starts_with(char::is_whitespace) && !line.trim().is_empty() {
            if let Some((id, _)) = &lint {
                findings.push(Finding {
                    lint: id.clone(),
                    item: strip_location(line.trim()).to_owned(),
                });
            }
        } else if line.trim().is_empty() || !line.starts_with(char::is_whitespace) {
            listing = false;
        }
    }
    close(&mut findings, lint);
    findings
}

/// Keeps a lint that listed nothing as one finding with an empty item.
fn close(findings: &mut Vec<Finding>, lint: Option<(String, usize)>) {
    if let Some((id, first)) = lint
        && findings.len() == first
    {
        findings.push(Finding {
            lint: id,
            item: String::new(),
        });
    }
}

/// `field A.b in /path/file.rs:12` → `field A.b`; `struct a::B, previously in file …` →
/// `struct a::B`.
fn strip_location(item: &str) -> &str {
    let cut = [", previously in file ", " in file ", " in "]
        .iter()
        .filter_map(|marker| item.find(marker))
        .min()
        .unwrap_or(item.len());
    item[..cut].trim_end()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "\
     Checking semver-fragment v0.1.0 -> v0.1.0 (no change; assume minor)
--- failure constructible_struct_adds_field: externally-constructible struct adds field ---

Description:
A pub struct constructible with a struct literal has a new pub field.
        ref: https://doc.rust-lang.org/reference/expressions/struct-expr.html

Failed in:
  field SimpleUser.user_view_type in /tmp/new/src/generated/models.rs:120
  field Repository.has_pull_requests in /tmp/new/src/generated/models.rs:900

--- failure struct_missing: pub struct removed or renamed ---

Failed in:
  struct semver_fragment::models::Gone, previously in file /tmp/old/src/generated/models.rs:10

--- failure enum_variant_added: enum variant added on exhaustive enum ---
     Summary semver requires new major version: 3 major and 0 minor checks failed
";

    #[test]
    fn every_failed_item_is_read_with_its_lint_and_without_its_place() {
        let findings = parse(OUTPUT);
        let read: Vec<(&str, &str)> = findings
            .iter()
            .map(|finding| (finding.lint.as_str(), finding.item.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                (
                    "constructible_struct_adds_field",
                    "field SimpleUser.user_view_type"
                ),
                (
                    "constructible_struct_adds_field",
                    "field Repository.has_pull_requests"
                ),
                ("struct_missing", "struct semver_fragment::models::Gone"),
                // A block without a list is kept, so it cannot pass unnoticed.
                ("enum_variant_added", ""),
            ]
        );
        let words: Vec<&str> = findings[0].identifiers().collect();
        assert_eq!(words, ["SimpleUser", "user_view_type"]);
        let words: Vec<&str> = findings[2].identifiers().collect();
        assert_eq!(words, ["semver_fragment", "models", "Gone"]);
    }

    #[test]
    fn output_without_failures_has_no_findings() {
        assert!(
            parse("     Checking a v0.1.0 -> v0.1.0\n     Summary no semver update required\n")
                .is_empty()
        );
    }
}
