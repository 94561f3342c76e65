//! With `skip_unsupported`: the parts of a document `openapiv3` cannot read are patched out of
//! the tree, each listed, instead of refusing the whole document.
//!
//! A place that does not read is patched at its nearest enclosing part that can stand alone:
//! a schema becomes `{}` (any JSON value, keeping its description), an operation, a path item or
//! a component other than a schema is left out (references to a left-out component then fail
//! in lowering, which leaves their operations out in turn). A place with no such part (the
//! `info` object, `components` itself) still refuses the document, as does one that a patch
//! did not mend. The tree is read again after each round of patches; every round patches at
//! least one more part of a finite tree, so the rounds end.
//!
//! Without `skip_unsupported`, the same rounds on a copy find every place that does not read,
//! so that the refusal lists them all ([`every_unreadable_place`]).

use std::collections::BTreeSet;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Pointer};

/// Reads `json`, patching what does not read and recording each patch in `skipped`; on
/// failure, the places that could not be patched.
pub(super) fn read(
    json: &mut Value,
    skipped: &mut Vec<Diagnostic>,
) -> Result<OpenAPI, Vec<(Pointer, String)>> {
    patch_until_read(json, |_, _, at, what| {
        skipped.push(Diagnostic {
            pointer: at.clone(),
            message: what,
        });
    })
}

/// Every place of `json` that does not read, `first` (what a strict reading found) among them,
/// found by patching a copy as [`read`] does: `openapiv3` stops at the first broken part of
/// most of the document, and one broken part must not hide the others.
pub(super) fn every_unreadable_place(
    json: &Value,
    first: Vec<(Pointer, String)>,
) -> Vec<(Pointer, String)> {
    let mut copy = json.clone();
    let mut found: Vec<(Pointer, String)> = Vec::new();
    let rest = patch_until_read(&mut copy, |place, why, _, _| {
        found.push((place.clone(), why.to_owned()));
    });
    if let Err(rest) = rest {
        found.extend(rest);
    }
    let mut every = first;
    for place in found {
        if !every.contains(&place) {
            every.push(place);
        }
    }
    every
}

/// Reads `json`, patching round by round what does not read; `patched` is told each failing
/// place, the reader's complaint, the part patched for it and what was done. On failure, the
/// places no patch could mend.
fn patch_until_read(
    json: &mut Value,
    mut patched_for: impl FnMut(&Pointer, &str, &Pointer, String),
) -> Result<OpenAPI, Vec<(Pointer, String)>> {
    let mut patched = BTreeSet::new();
    loop {
        let places = match super::read_tree(json) {
            Ok(spec) => return Ok(spec),
            Err(places) => places,
        };
        let mut mended = false;
        for (pointer, message) in &places {
            let Some(part) = enclosing_part(&pointer.tokens()) else {
                return Err(places);
            };
            let at = part.pointer();
            // A part inside one patched already (this round or before) is gone or mended.
            if is_within(&at, &patched) {
                continue;
            }
            let what = part.apply(json, message);
            patched_for(pointer, message, &at, what);
            patched.insert(at.as_str().to_owned());
            mended = true;
        }
        if !mended {
            // Every failing place is inside a part patched before: patching again would not help.
            return Err(places);
        }
    }
}

/// Whether `pointer` is at or below one of the `patched` pointers.
fn is_within(pointer: &Pointer, patched: &BTreeSet<String>) -> bool {
    let pointer = pointer.as_str();
    patched.iter().any(|at| {
        pointer == at
            || pointer
                .strip_prefix(at.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// A part of the document that can be patched on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// A schema, at these tokens: replaced by `{}`.
    Schema(Vec<String>),
    /// An operation, path item or non-schema component, at these tokens: removed.
    Removable(Vec<String>),
}

impl Part {
    fn tokens(&self) -> &[String] {
        match self {
            Part::Schema(tokens) | Part::Removable(tokens) => tokens,
        }
    }

    fn pointer(&self) -> Pointer {
        self.tokens()
            .iter()
            .fold(Pointer::root(), |pointer, token| pointer.push(token))
    }

    /// Patches `json` and says what was done, with `why` the reader's complaint.
    fn apply(&self, json: &mut Value, why: &str) -> String {
        let (parent, last) = self.tokens().split_at(self.tokens().len() - 1);
        let parent = parent
            .iter()
            .try_fold(&mut *json, |value, token| child_mut(value, token));
        match self {
            Part::Schema(_) => {
                if let Some(schema) = parent.and_then(|parent| child_mut(parent, &last[0])) {
                    let description = schema.get("description").filter(|d| d.is_string());
                    let mut any = serde_json::Map::new();
                    if let Some(description) = description {
                        any.insert("description".to_owned(), description.clone());
                    }
                    *schema = Value::Object(any);
                }
                format!("not a schema this generator can read ({why}); typed as any JSON value")
            }
            Part::Removable(_) => {
                if let Some(Value::Object(parent)) = parent {
                    parent.remove(&last[0]);
                }
                format!("not valid OpenAPI 3.0 ({why}); left out")
            }
        }
    }
}

/// The child of an object by key or of an array by index.
fn child_mut<'a>(value: &'a mut Value, token: &str) -> Option<&'a mut Value> {
    match value {
        Value::Object(object) => object.get_mut(token),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    }
}

/// The nearest part at or above `tokens` that can be patched on its own, if any.
fn enclosing_part(tokens: &[String]) -> Option<Part> {
    (1..=tokens.len()).rev().find_map(|length| {
        let prefix = &tokens[..length];
        if is_schema(prefix) {
            Some(Part::Schema(prefix.to_vec()))
        } else if is_removable(prefix) {
            Some(Part::Removable(prefix.to_vec()))
        } else {
            None
        }
    })
}

/// Whether these tokens lead to a schema. Only places `openapiv3` reads as typed OpenAPI can
/// fail, never the inside of an example or extension, so the last one or two tokens decide.
fn is_schema(tokens: &[String]) -> bool {
    let n = tokens.len();
    let last = tokens[n - 1].as_str();
    let before = n.checked_sub(2).map(|i| tokens[i].as_str());
    match (before, last) {
        (Some("schemas"), _) => n == 3 && tokens[0] == "components",
        (_, "schema" | "items" | "additionalProperties" | "not") => n > 1,
        (Some("properties"), _) => n > 2,
        (Some("allOf" | "oneOf" | "anyOf"), index) => index.parse::<usize>().is_ok(),
        _ => false,
    }
}

/// Whether these tokens lead to an operation, a path item or a component other than a schema.
fn is_removable(tokens: &[String]) -> bool {
    match tokens {
        [paths, _] => paths == "paths",
        [first, second, third] => {
            (first == "paths" && crate::ir::HttpMethod::KEYS.contains(&third.as_str()))
                || (first == "components" && second != "schemas")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(pointer: &str) -> Vec<String> {
        Pointer::from_local_ref(pointer)
            .expect("a pointer")
            .tokens()
    }

    #[test]
    fn the_nearest_schema_or_operation_is_patched() {
        let part = |pointer: &str| enclosing_part(&tokens(pointer)).map(|part| part.pointer());
        let at = |pointer: &str| Some(Pointer::from_local_ref(pointer).expect("a pointer"));
        assert_eq!(
            part("#/components/schemas/Pet/properties/tag/pattern"),
            at("#/components/schemas/Pet/properties/tag")
        );
        assert_eq!(
            part("#/components/schemas/Pet"),
            at("#/components/schemas/Pet")
        );
        assert_eq!(
            part("#/paths/~1pets/get/parameters/0/in"),
            at("#/paths/~1pets/get")
        );
        assert_eq!(
            part("#/paths/~1pets/get/responses/200/content/application~1json/schema/items/type"),
            at("#/paths/~1pets/get/responses/200/content/application~1json/schema/items")
        );
        assert_eq!(
            part("#/components/responses/NotFound/description"),
            at("#/components/responses/NotFound")
        );
        assert_eq!(part("#/info/title"), None);
        assert_eq!(part("#/components"), None);
    }
}
