//! One side of the comparison: a parsed fragment, with `$ref`s followed on demand, its
//! operations by key, and the questions the rules ask of a schema.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::BitOr;

use serde_json::{Map, Value};

use super::shape::{Lowered, Shape};
use crate::document::pointer;

/// The keys of a path item that hold operations, in the OpenAPI specification's order.
const METHODS: [&str; 8] = codegen::ir::HttpMethod::KEYS;

/// How many `$ref`s in a row are followed; a longer chain is a cycle and stays unresolved.
const MAX_REF_CHAIN: usize = 32;

/// A parsed fragment, and what the generator made of it.
#[derive(Clone, Copy)]
pub(super) struct Spec<'a> {
    pub(super) root: &'a Value,
    /// The generator's lowering of `root`: the Rust type of each schema.
    pub(super) lowered: &'a Lowered,
}

/// A value reached by following `$ref`s, and where it is.
#[derive(Clone, Copy)]
pub(super) struct Resolved<'a> {
    pub(super) value: &'a Value,
    /// The last reference followed, if any (`#/components/responses/not_found`): where the
    /// value is, and so where the generator says its inline types come from.
    pub(super) target: Option<&'a str>,
}

impl Resolved<'_> {
    /// The pointer of the value: the reference's target, or `declared_at` when none was followed.
    pub(super) fn pointer(&self, declared_at: &str) -> String {
        self.target.unwrap_or(declared_at).to_owned()
    }
}

/// One operation of a fragment.
pub(super) struct OperationEntry<'a> {
    pub(super) path: &'a str,
    pub(super) method: &'static str,
    pub(super) operation: &'a Value,
    /// The path item, for the parameters declared on it.
    pub(super) path_item: &'a Value,
    /// `#/paths/<path>/<method>`.
    pub(super) pointer: String,
}

impl OperationEntry<'_> {
    /// `POST /user/codespaces`.
    pub(super) fn request_line(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }
}

/// Where values of a schema travel: in requests the user builds, in responses the user reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Usage {
    pub(super) request: bool,
    pub(super) response: bool,
}

impl Usage {
    pub(super) const REQUEST: Usage = Usage {
        request: true,
        response: false,
    };
    pub(super) const RESPONSE: Usage = Usage {
        request: false,
        response: true,
    };
    /// For a schema no operation reaches: assume the strictest reading.
    pub(super) const BOTH: Usage = Usage {
        request: true,
        response: true,
    };
}

impl BitOr for Usage {
    type Output = Usage;
    fn bitor(self, other: Usage) -> Usage {
        Usage {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }
}

impl<'a> Spec<'a> {
    /// `info.version`, or a placeholder when the fragment has none.
    pub(super) fn version(&self) -> String {
        self.root
            .pointer("/info/version")
            .and_then(Value::as_str)
            .unwrap_or("(no info.version)")
            .to_owned()
    }

    /// Follows `$ref` chains from `value`; a dangling or cyclic reference is left as it is.
    pub(super) fn resolve(&self, value: &'a Value) -> Resolved<'a> {
        let mut resolved = Resolved {
            value,
            target: None,
        };
        for _ in 0..MAX_REF_CHAIN {
            let Some(target) = reference(resolved.value) else {
                break;
            };
            let Some(found) = pointer::resolve_local_ref(self.root, target) else {
                break;
            };
            resolved.target = Some(target);
            resolved.value = found;
        }
        resolved
    }

    /// The entries of `components/<kind>`.
    pub(super) fn components(&self, kind: &str) -> Option<&'a Map<String, Value>> {
        self.root.get("components")?.get(kind)?.as_object()
    }

    /// Every operation, keyed by `operationId` (or `METHOD path` when it has none), because the
    /// generated client names its methods after the id.
    pub(super) fn operations(&self) -> BTreeMap<String, OperationEntry<'a>> {
        let mut found = BTreeMap::new();
        let paths = self.root.get("paths").and_then(Value::as_object);
        for (path, item) in paths.into_iter().flatten() {
            for method in METHODS {
                let Some(operation) = item.get(method) else {
                    continue;
                };
                let entry = OperationEntry {
                    path,
                    method,
                    operation,
                    path_item: item,
                    pointer: format!("#/paths/{}/{method}", pointer::escape_segment(path)),
                };
                let key = operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map_or_else(|| entry.request_line(), str::to_owned);
                // A duplicate id is the generator's error to report; the first one is compared.
                found.entry(key).or_insert(entry);
            }
        }
        found
    }

    /// Where each component schema's values travel, from what the operations reach through
    /// `$ref`s: request bodies and parameters are built by the user, responses are read.
    pub(super) fn schema_usage(&self) -> BTreeMap<String, Usage> {
        let mut usage = BTreeMap::new();
        for entry in self.operations().values() {
            let mut seen = BTreeSet::new();
            for part in [
                entry.operation.get("requestBody"),
                entry.operation.get("parameters"),
                entry.path_item.get("parameters"),
            ] {
                self.mark_reached(part, Usage::REQUEST, &mut usage, &mut seen);
            }
            let mut seen = BTreeSet::new();
            let responses = entry.operation.get("responses");
            self.mark_reached(responses, Usage::RESPONSE, &mut usage, &mut seen);
        }
        usage
    }

    /// Marks every component schema reachable from `value` through `$ref`s as used `as_`.
    fn mark_reached(
        &self,
        value: Option<&'a Value>,
        as_: Usage,
        usage: &mut BTreeMap<String, Usage>,
        seen: &mut BTreeSet<&'a str>,
    ) {
        let mut pending: Vec<&'a Value> = value.into_iter().collect();
        while let Some(value) = pending.pop() {
            match value {
                Value::Object(map) => {
                    for (key, child) in map {
                        match (key.as_str(), child) {
                            ("$ref", Value::String(target)) => {
                                if let Some(name) = schema_name(target) {
                                    let entry = usage.entry(name).or_default();
                                    *entry = *entry | as_;
                                }
                                if seen.insert(target) {
                                    pending.extend(pointer::resolve_local_ref(self.root, target));
                                }
                            }
                            // Example payloads are data, not schemas.
                            ("example" | "examples", _) => {}
                            _ => pending.push(child),
                        }
                    }
                }
                Value::Array(items) => pending.extend(items),
                _ => {}
            }
        }
    }

    /// The Rust type `schema` (a value of this fragment) becomes.
    pub(super) fn shape(&self, schema: &Value) -> Shape {
        self.lowered.shape(schema)
    }

    /// Whether the Rust value at a place holding `schema` (a value of this fragment) admits
    /// `null`: the generator's answer (`diff/shape.rs`), not a reading of `nullable` here.
    pub(super) fn nullable(&self, schema: &'a Value) -> bool {
        self.lowered.nullable(schema)
    }
}

/// The target of a `$ref` object.
pub(super) fn reference(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

/// The component schema name a reference points to, when it points to one.
pub(super) fn schema_name(target: &str) -> Option<String> {
    match pointer::local_ref_segments(target)?.as_slice() {
        [components, schemas, name] if components == "components" && schemas == "schemas" => {
            Some(name.clone())
        }
        _ => None,
    }
}

/// The JSON media type of a `content` map, chosen by the generator's own rule
/// (`codegen::lower::json_media_type`).
pub(super) fn json_media(content: Option<&Value>) -> Option<(&str, &Value)> {
    let content = content?.as_object()?;
    let name = codegen::lower::json_media_type(content.keys().map(String::as_str))?;
    content
        .get_key_value(name)
        .map(|(name, media)| (name.as_str(), media))
}

/// `base` extended by one escaped segment.
pub(super) fn child(base: &str, segment: &str) -> String {
    format!("{base}/{}", pointer::escape_segment(segment))
}
