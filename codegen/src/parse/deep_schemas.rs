//! `openapiv3` reads every schema through an untagged `ReferenceOr`, which, when a schema does
//! not deserialize, reads it a second time from a `serde_json::Value` to word the error. The
//! second reading fails again at every nested schema below, each of which reads *its* subtree
//! twice: a broken schema at the bottom of `n` nested ones costs `2^n` readings (found by
//! fuzzing: 3 s at 18 levels, hours at 30, for a document of a few hundred bytes).
//!
//! So deeply nested documents are checked here first, bottom up: every schema with at least
//! [`CHECKED_HEIGHT`] levels of unchecked schemas below it is read on its own once all of them
//! have been, and one that does not read is reported at its pointer and replaced by `{}` (any
//! value). A failure then never sits more than [`CHECKED_HEIGHT`] levels below a schema being
//! read. Counting only the levels below the nearest checked schemas (not the whole height)
//! checks every sixth level of a long chain rather than every level: reading a chain of `k`
//! schemas costs `openapiv3` about `k^2` (it buffers each level's subtree), so checking every
//! level made a valid 500-level chain cost `n^3` (11 s in a release build), this about a sixth.
//!
//! Which values are schemas follows the OpenAPI 3.0 structure (components, parameters, media
//! types, headers, and inside a schema `properties`, `items`, `additionalProperties`, `allOf`,
//! `oneOf`, `anyOf`, `not`), so examples and extensions are never taken for schemas.

use openapiv3::{ReferenceOr, Schema};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostics, Pointer};

/// Schemas with this many levels of unchecked schemas below them are checked on their own. A failure
/// below a schema being read is at most this deep, so it costs at most `2^CHECKED_HEIGHT`
/// readings of a small subtree.
const CHECKED_HEIGHT: usize = 6;

/// Checks the deeply nested schemas of `document` bottom up, replacing each that does not read
/// by `{}` and reporting it.
pub fn check(document: &mut Value, diagnostics: &mut Diagnostics) {
    let mut path = Vec::new();
    let Some(root) = document.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(components)) = root.get_mut("components") {
        path.push("components".to_owned());
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            check_component_schemas(schemas, diagnostics);
        }
        for kind in ["parameters", "headers", "requestBodies", "responses"] {
            if let Some(Value::Object(holders)) = components.get_mut(kind) {
                path.push(kind.to_owned());
                for (name, holder) in holders.iter_mut() {
                    path.push(name.clone());
                    check_holder(holder, &mut path, diagnostics);
                    path.pop();
                }
                path.pop();
            }
        }
        path.pop();
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        path.push("paths".to_owned());
        for (template, item) in paths.iter_mut() {
            let Value::Object(item) = item else {
                continue;
            };
            path.push(template.clone());
            for (key, value) in item.iter_mut() {
                path.push(key.clone());
                if key == "parameters" {
                    check_each_holder(value, &mut path, diagnostics);
                } else if METHODS.contains(&key.as_str())
                    && let Value::Object(operation) = value
                {
                    for (part, value) in operation.iter_mut() {
                        path.push(part.clone());
                        match part.as_str() {
                            "parameters" => check_each_holder(value, &mut path, diagnostics),
                            "requestBody" => check_holder(value, &mut path, diagnostics),
                            "responses" => {
                                if let Value::Object(responses) = value {
                                    for (status, response) in responses.iter_mut() {
                                        path.push(status.clone());
                                        check_holder(response, &mut path, diagnostics);
                                        path.pop();
                                    }
                                }
                            }
                            _ => {}
                        }
                        path.pop();
                    }
                }
                path.pop();
            }
            path.pop();
        }
    }
}

const METHODS: [&str; 8] = crate::ir::HttpMethod::KEYS;

/// The component schemas, most of a large description's: shared with another thread
/// (`sharing.rs`), the problems reported in the order of the schemas, as when checked in order.
fn check_component_schemas(schemas: &mut Map<String, Value>, diagnostics: &mut Diagnostics) {
    let mut entries: Vec<(&String, &mut Value)> = schemas.iter_mut().collect();
    let ((), runs) = super::sharing::share(&mut entries, || (), check_entries);
    for problems in runs {
        diagnostics.extend(problems);
    }
}

/// Checks each named component schema of `entries`.
fn check_entries(entries: &mut [(&String, &mut Value)]) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let mut path = vec!["components".to_owned(), "schemas".to_owned()];
    for (name, schema) in entries {
        path.push((*name).clone());
        check_schema(schema, &mut path, &mut diagnostics);
        path.pop();
    }
    diagnostics
}

/// A list of parameters.
fn check_each_holder(list: &mut Value, path: &mut Vec<String>, diagnostics: &mut Diagnostics) {
    if let Value::Array(items) = list {
        for (index, item) in items.iter_mut().enumerate() {
            path.push(index.to_string());
            check_holder(item, path, diagnostics);
            path.pop();
        }
    }
}

/// A parameter, header, request body or response: what holds schemas (`schema`, `content`,
/// `headers`) without being one.
fn check_holder(holder: &mut Value, path: &mut Vec<String>, diagnostics: &mut Diagnostics) {
    let Value::Object(holder) = holder else {
        return;
    };
    if let Some(schema) = holder.get_mut("schema") {
        path.push("schema".to_owned());
        check_schema(schema, path, diagnostics);
        path.pop();
    }
    for key in ["content", "headers"] {
        if let Some(Value::Object(entries)) = holder.get_mut(key) {
            path.push(key.to_owned());
            for (name, entry) in entries.iter_mut() {
                path.push(name.clone());
                if key == "headers" {
                    check_holder(entry, path, diagnostics);
                } else if let Some(schema) = entry.get_mut("schema") {
                    path.push("schema".to_owned());
                    check_schema(schema, path, diagnostics);
                    path.pop();
                }
                path.pop();
            }
            path.pop();
        }
    }
}

/// Checks the schemas inside `schema`, then `schema` itself if enough levels below it are
/// unchecked; returns how many levels of unchecked schemas are below it (0 once checked).
fn check_schema(
    schema: &mut Value,
    path: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) -> usize {
    let mut unchecked = 0;
    if let Value::Object(object) = schema {
        for (key, child) in object.iter_mut() {
            match (key.as_str(), child) {
                ("items" | "not" | "additionalProperties", child @ Value::Object(_)) => {
                    path.push(key.clone());
                    unchecked = unchecked.max(1 + check_schema(child, path, diagnostics));
                    path.pop();
                }
                ("allOf" | "oneOf" | "anyOf", Value::Array(children)) => {
                    path.push(key.clone());
                    for (index, child) in children.iter_mut().enumerate() {
                        path.push(index.to_string());
                        unchecked = unchecked.max(1 + check_schema(child, path, diagnostics));
                        path.pop();
                    }
                    path.pop();
                }
                ("properties", Value::Object(properties)) => {
                    path.push(key.clone());
                    for (name, child) in properties.iter_mut() {
                        path.push(name.clone());
                        unchecked = unchecked.max(1 + check_schema(child, path, diagnostics));
                        path.pop();
                    }
                    path.pop();
                }
                _ => {}
            }
        }
    }
    if unchecked < CHECKED_HEIGHT {
        return unchecked;
    }
    // Each round reports and removes one broken schema; there are finitely many.
    while let Err(error) = ReferenceOr::<Schema>::deserialize(&*schema) {
        let (inner, message) = innermost_failure(schema, error.to_string());
        let pointer = path
            .iter()
            .chain(&inner)
            .fold(Pointer::root(), |pointer, token| pointer.push(token));
        diagnostics.error(
            &pointer,
            format!("not a valid OpenAPI 3.0 schema: {message}"),
        );
        let broken = inner
            .iter()
            .try_fold(&mut *schema, |value, token| match value {
                Value::Object(map) => map.get_mut(token),
                Value::Array(items) => token.parse::<usize>().ok().and_then(|at| items.get_mut(at)),
                _ => None,
            });
        if let Some(broken) = broken {
            *broken = Value::Object(serde_json::Map::new());
        }
    }
    0
}

/// The innermost schema under `schema` (which does not read, with `message`) that does not
/// read, as tokens relative to `schema`, with its error. The schemas below a checked one are
/// shallow, so reading them is cheap.
fn innermost_failure(schema: &Value, message: String) -> (Vec<String>, String) {
    let mut tokens = Vec::new();
    let mut node = schema;
    let mut message = message;
    'descend: loop {
        for (child_tokens, child) in child_schemas(node) {
            if let Err(error) = ReferenceOr::<Schema>::deserialize(child) {
                tokens.extend(child_tokens);
                node = child;
                message = error.to_string();
                continue 'descend;
            }
        }
        return (tokens, message);
    }
}

/// The schemas directly inside `schema`, with their tokens relative to it.
fn child_schemas(schema: &Value) -> Vec<(Vec<String>, &Value)> {
    let Some(object) = schema.as_object() else {
        return Vec::new();
    };
    let mut children = Vec::new();
    for (key, child) in object {
        match (key.as_str(), child) {
            ("items" | "not" | "additionalProperties", Value::Object(_)) => {
                children.push((vec![key.clone()], child));
            }
            ("allOf" | "oneOf" | "anyOf", Value::Array(items)) => {
                children.extend(
                    items
                        .iter()
                        .enumerate()
                        .map(|(index, child)| (vec![key.clone(), index.to_string()], child)),
                );
            }
            ("properties", Value::Object(properties)) => {
                children.extend(
                    properties
                        .iter()
                        .map(|(name, child)| (vec![key.clone(), name.clone()], child)),
                );
            }
            _ => {}
        }
    }
    children
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `levels` schemas nested through `items`, the innermost broken (`items: 5`).
    fn nested(levels: usize) -> Value {
        let mut schema = serde_json::json!({"type": "array", "items": 5});
        for _ in 0..levels {
            schema = serde_json::json!({"type": "array", "items": schema});
        }
        serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"deep": schema}},
        })
    }

    #[test]
    fn a_deep_broken_schema_is_reported_where_it_is_and_replaced() {
        // Without the bottom-up check, reading this takes about 2^40 steps.
        let mut document = nested(40);
        let mut diagnostics = Diagnostics::default();
        check(&mut document, &mut diagnostics);
        let found = diagnostics.into_result(()).expect_err("one problem");
        let pointer = format!("#/components/schemas/deep{}", "/items".repeat(40));
        assert_eq!(found.items().len(), 1);
        assert_eq!(found.items()[0].pointer.to_string(), pointer);
        assert!(serde_json::from_value::<openapiv3::OpenAPI>(document).is_ok());
    }

    /// The schemas are checked in two halves on two threads; the problems keep the order of the
    /// schemas.
    #[test]
    fn problems_in_both_halves_are_reported_in_document_order() {
        let mut document = nested(8);
        let deep = document["components"]["schemas"]["deep"].clone();
        let schemas = serde_json::json!({
            "z-first": deep.clone(),
            "b": {"type": "string"},
            "c": {"type": "string"},
            "a-last": deep,
        });
        document["components"]["schemas"] = schemas;
        let mut diagnostics = Diagnostics::default();
        check(&mut document, &mut diagnostics);
        let found = diagnostics.into_result(()).expect_err("two problems");
        let pointers: Vec<String> = found
            .items()
            .iter()
            .map(|diagnostic| diagnostic.pointer.to_string())
            .collect();
        let below = "/items".repeat(8);
        assert_eq!(
            pointers,
            [
                format!("#/components/schemas/z-first{below}"),
                format!("#/components/schemas/a-last{below}"),
            ]
        );
        assert!(serde_json::from_value::<openapiv3::OpenAPI>(document).is_ok());
    }

    #[test]
    fn valid_documents_are_left_alone() {
        let mut document = nested(10);
        document["components"]["schemas"]["deep"] = serde_json::json!({"type": "string"});
        let before = document.clone();
        let mut diagnostics = Diagnostics::default();
        check(&mut document, &mut diagnostics);
        assert!(diagnostics.into_result(()).is_ok());
        assert_eq!(document, before);
    }
}
