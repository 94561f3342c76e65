//! Which `X-GitHub-Api-Version` a description describes.
//!
//! GitHub's descriptions do not state it inside the document: there is no `info` extension for
//! it and no `X-GitHub-Api-Version` header parameter (checked in `@octokit/openapi` 14.0.0 and
//! 23.0.2, and in GitHub's own dated descriptions). GitHub states it in two other ways, which
//! are the two rules here, in this order:
//!
//! 1. A dated description names its version in the file name (`api.github.com.2026-03-10.json`,
//!    `ghec.2022-11-28.deref.json`): GitHub publishes one such file per API version, with every
//!    breaking change of that version applied.
//! 2. An undated one (`api.github.com.json`, which `@octokit/openapi` ships) describes the API
//!    as a request without the header sees it, that is GitHub's default version; a change that
//!    a later version makes is not applied but marked where it happens, with an
//!    `x-github-breaking-changes` entry naming the changeset and the version (23.0.2 has 120
//!    such entries for 2026-03-10; 14.0.0, from before that version, has none).
//!
//! The later changes marked inside the fragment are listed in `PROVENANCE.md`, because they are
//! what moving the client to that version would change.

use serde_json::Value;

use super::pointer::escape_segment;

/// The version GitHub applies to a request that sends no `X-GitHub-Api-Version` header
/// (GitHub's "API Versions" documentation), which is the version undated descriptions describe.
pub(crate) const GITHUB_DEFAULT_API_VERSION: &str = "2022-11-28";

/// The extension GitHub marks changes of later API versions with, unapplied.
const BREAKING_CHANGES: &str = "x-github-breaking-changes";

/// The API version of a description, how it was found, and what later versions would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ApiVersion {
    /// The value for the `X-GitHub-Api-Version` header, such as `2022-11-28`.
    pub(super) version: String,
    pub(super) basis: Basis,
    /// Changes of later versions marked in the fragment, in document order.
    pub(super) later_changes: Vec<LaterChange>,
}

/// How the version was determined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Basis {
    /// The upstream file name carries the date (rule 1).
    DatedFileName(String),
    /// An undated description: GitHub's default version (rule 2).
    Undated,
}

/// One `x-github-breaking-changes` entry of the fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LaterChange {
    /// JSON pointer of the object that carries the entry.
    pub(super) at: String,
    pub(super) changeset: String,
    pub(super) version: String,
}

impl ApiVersion {
    /// Determines the version from the upstream file name and the vendored fragment.
    pub(super) fn determine(upstream_file_name: &str, fragment: &Value) -> ApiVersion {
        let (version, basis) = match date_in_file_name(upstream_file_name) {
            Some(date) => (
                date.to_owned(),
                Basis::DatedFileName(upstream_file_name.to_owned()),
            ),
            None => (GITHUB_DEFAULT_API_VERSION.to_owned(), Basis::Undated),
        };
        let mut later_changes = Vec::new();
        collect_later_changes(fragment, &mut String::new(), &mut later_changes);
        ApiVersion {
            version,
            basis,
            later_changes,
        }
    }

    /// How the version was found, in one sentence for `PROVENANCE.md`.
    pub(super) fn explain(&self) -> String {
        match &self.basis {
            Basis::DatedFileName(name) => format!(
                "The upstream file name `{name}` names it: GitHub publishes one description per \
                 API version, dated, with that version's breaking changes applied."
            ),
            Basis::Undated => format!(
                "The description is undated and states no version (no `info` field, no \
                 `X-GitHub-Api-Version` parameter), so it describes the API as a request without \
                 the header sees it: GitHub's default version, {GITHUB_DEFAULT_API_VERSION}. \
                 Changes that later versions make are not applied but marked where they happen \
                 with `{BREAKING_CHANGES}`."
            ),
        }
    }
}

/// A `YYYY-MM-DD` segment of a dotted file name, as in `api.github.com.2026-03-10.json`.
fn date_in_file_name(file_name: &str) -> Option<&str> {
    file_name.split('.').find(|segment| is_date(segment))
}

/// Whether `text` has the shape of a `YYYY-MM-DD` date.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        })
}

/// Every `x-github-breaking-changes` entry under `value`, with the pointer of its object.
fn collect_later_changes(value: &Value, at: &mut String, found: &mut Vec<LaterChange>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::Array(entries)) = object.get(BREAKING_CHANGES) {
                let text = |entry: &Value, key: &str| {
                    entry
                        .get(key)
                        .and_then(Value::as_str)
                        .unwrap_or("(not given)")
                        .to_owned()
                };
                found.extend(entries.iter().map(|entry| LaterChange {
                    at: at.clone(),
                    changeset: text(entry, "changeset"),
                    version: text(entry, "version"),
                }));
            }
            for (key, child) in object {
                // The entries' own patches are not part of the described API.
                if key == BREAKING_CHANGES {
                    continue;
                }
                let length = at.len();
                at.push('/');
                at.push_str(&escape_segment(key));
                collect_later_changes(child, at, found);
                at.truncate(length);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let length = at.len();
                at.push_str(&format!("/{index}"));
                collect_later_changes(item, at, found);
                at.truncate(length);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_dated_file_name_names_the_version() {
        for (name, expected) in [
            ("api.github.com.2026-03-10.json", "2026-03-10"),
            ("ghes-3.15.2022-11-28.deref.yaml", "2022-11-28"),
            ("ghec.2022-11-28.json.gz", "2022-11-28"),
        ] {
            let found = ApiVersion::determine(name, &json!({}));
            assert_eq!(found.version, expected, "{name}");
            assert_eq!(found.basis, Basis::DatedFileName(name.to_owned()));
        }
    }

    #[test]
    fn an_undated_description_is_the_default_version() {
        for name in [
            "api.github.com.json",
            "api.github.com-23.0.2.json.gz",
            "ghes-3.19.json",
            // Looks like a date only when the dots are ignored.
            "api.github.com-2026-03-10.json",
            "2026-3-10.json",
        ] {
            let found = ApiVersion::determine(name, &json!({}));
            assert_eq!(found.version, "2022-11-28", "{name}");
            assert_eq!(found.basis, Basis::Undated, "{name}");
        }
    }

    #[test]
    fn later_changes_are_listed_with_their_place_in_document_order() {
        let fragment = json!({
            "components": {"schemas": {
                "a/b": {
                    "properties": {"x": {"type": "string"}},
                    "x-github-breaking-changes": [
                        {"changeset": "remove_x", "patch": {"properties": {"x": null}}, "version": "2026-03-10"},
                        {"changeset": "rename_y", "version": "2027-01-01"}
                    ]
                },
                "c": {"allOf": [{"x-github-breaking-changes": [{"version": "2026-03-10"}]}]}
            }}
        });
        let found = ApiVersion::determine("api.github.com.json", &fragment);
        let listed: Vec<(&str, &str, &str)> = found
            .later_changes
            .iter()
            .map(|c| (c.at.as_str(), c.changeset.as_str(), c.version.as_str()))
            .collect();
        assert_eq!(
            listed,
            [
                ("/components/schemas/a~1b", "remove_x", "2026-03-10"),
                ("/components/schemas/a~1b", "rename_y", "2027-01-01"),
                ("/components/schemas/c/allOf/0", "(not given)", "2026-03-10"),
            ]
        );
    }
}
