//! Local references to a place other than a component (`#/components/schemas/Pet/properties/owner`,
//! `#/paths/~1keys/get/responses/200`), as bundlers write them (Azure's descriptions converted
//! from Swagger 2, DigitalOcean's): `openapiv3` and lowering follow `#/components/{section}/{key}`
//! only. They are rewritten here, before the document is read:
//!
//! - a schema inside a component schema is moved into a component schema of its own
//!   (`Pet-owner`), which its place and every reference then name: one type wherever it is
//!   used, named as lowering names it in place (`PetOwner`), recursion included. A diagnostic
//!   inside it is reported at its place ([`Moved::restore`]). A place that only refers to a
//!   component is replaced by that reference, and a plain scalar (`{type: string}`) is copied,
//!   so that it stays a `String` rather than an alias of one;
//! - anything else (a parameter, a response, a request body, a schema of an operation) is
//!   copied where it is referenced, as if written there (identical schemas become one type
//!   later, in `passes/dedup.rs`).
//!
//! A reference that leads nowhere, or into itself through copies, is left as it is, and refused
//! where lowering reads it.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::local_refs::RefSource;
use crate::diagnostics::{Diagnostic, Pointer};

/// The extension a moved schema carries, with its place as the value: it is no component the
/// document defines, so lowering gives it no implicit discriminator value (a component's name)
/// and does not take it for a schema extending a base.
pub const MOVED_FROM: &str = "x-codegen-moved-from";

/// How many rounds of copying follow references inside copies: each round doubles the length
/// of a chain of places referring to the next that is resolved.
const COPY_ROUNDS: usize = 32;

/// How many JSON values copies may add in all, so that places referring to others twice over
/// (which copying multiplies exponentially) cannot grow a small document into a huge one.
const MAX_COPIED_VALUES: usize = 1_000_000;

/// Where each schema moved into a component of its own, and each place copied where a
/// reference names it, was written in the document.
#[derive(Debug, Default)]
pub struct Moved {
    /// The component's pointer, or the copy's, and the place in the document it came from.
    places: Vec<(String, String)>,
}

impl Moved {
    /// Points `diagnostic` at the place in the document where what it is about was written,
    /// rather than at the component made for it or at a copy: the longest pointer it is under,
    /// again for a copy of a copy.
    pub fn restore(&self, diagnostic: &mut Diagnostic) {
        let mut pointer = diagnostic.pointer.as_str().to_owned();
        // Bounded: each step goes to where a copy came from, and copies were made in rounds.
        for _ in 0..=COPY_ROUNDS {
            let found = self
                .places
                .iter()
                .filter_map(|(made, place)| {
                    let rest = pointer.strip_prefix(made.as_str())?;
                    (rest.is_empty() || rest.starts_with('/')).then_some((made.len(), place, rest))
                })
                .max_by_key(|(length, ..)| *length);
            let Some((_, place, rest)) = found else {
                break;
            };
            pointer = format!("{place}{rest}");
        }
        if let Some(restored) = Pointer::from_local_ref(&pointer) {
            diagnostic.pointer = restored;
        }
    }

    /// [`restore`](Self::restore) on each of `diagnostics`.
    pub fn restore_all<'a>(&self, diagnostics: impl IntoIterator<Item = &'a mut Diagnostic>) {
        if self.places.is_empty() {
            return;
        }
        for diagnostic in diagnostics {
            self.restore(diagnostic);
        }
    }
}

/// Rewrites every local reference of `document` that names a place other than a component, as
/// the module says; `source` is the document's source, which tells when there is none (nearly
/// every document), so that the tree is not walked then.
pub fn rewrite(document: &mut Value, source: &RefSource<'_>) -> Moved {
    if !may_hold_a_deep_ref(source) {
        return Moved::default();
    }
    let mut moved = move_component_parts(document);
    copies::copy_the_rest(document, &mut moved);
    moved
}

/// Moves each schema inside a component schema that a reference names into a component of its
/// own, deepest first (so that a moved schema holds references to those moved from inside it),
/// and points every reference at it.
fn move_component_parts(document: &mut Value) -> Moved {
    let mut targets: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for (_, reference) in deep_references(document) {
        let Some(place) = locate(document, &reference_tokens(&reference)) else {
            continue;
        };
        if is_component_part(&place) && !node(document, &place).is_some_and(is_plain_scalar) {
            targets.entry(place).or_default().push(reference);
        }
    }
    let mut places: Vec<Vec<String>> = targets.keys().cloned().collect();
    places.sort_by_key(|place| std::cmp::Reverse(place.len()));
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut moved = Moved::default();
    for place in places {
        let Some(node) = node_mut(document, &place) else {
            continue;
        };
        let component = match shallow_reference(node) {
            // A place that only refers to a component: its references refer there.
            Some(reference) => reference,
            None => {
                let mut schema = std::mem::take(node);
                if let Value::Object(object) = &mut schema {
                    object.insert(MOVED_FROM.to_owned(), Value::String(place_pointer(&place)));
                }
                let key = free_key(document, &component_key(&place));
                let component = component_pointer(&key);
                let Some(node) = node_mut(document, &place) else {
                    continue;
                };
                *node = reference_to(&component);
                if let Some(Value::Object(schemas)) = node_mut(document, &schema_section()) {
                    schemas.insert(key, schema);
                }
                moved
                    .places
                    .push((component.clone(), place_pointer(&place)));
                component
            }
        };
        for reference in &targets[&place] {
            renamed.insert(reference.clone(), component.clone());
        }
    }
    if !renamed.is_empty() {
        rename_references(document, &renamed);
    }
    moved
}

/// What a place of the document is, as far as references to it go.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Schema,
    Parameter,
    RequestBody,
    Response,
}

/// The kind of the place `path` (of a `$ref`'s object, or of what it names), following the
/// OpenAPI 3.0 structure; `None` for any other place (a media type object, an example, a path
/// item).
fn kind(path: &[String]) -> Option<Kind> {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let (mut kind, mut rest) = match path {
        [components, section, _, rest @ ..] if components == "components" => {
            let kind = match section.as_str() {
                "schemas" => Kind::Schema,
                "parameters" => Kind::Parameter,
                "requestBodies" => Kind::RequestBody,
                "responses" => Kind::Response,
                _ => return None,
            };
            (kind, rest)
        }
        [paths, _, parameters, _, rest @ ..] if paths == "paths" && parameters == "parameters" => {
            (Kind::Parameter, rest)
        }
        [paths, _, method, part, rest @ ..]
            if paths == "paths" && METHODS.contains(&method.as_str()) =>
        {
            match (part.as_str(), rest) {
                ("requestBody", rest) => (Kind::RequestBody, rest),
                ("parameters", [_, rest @ ..]) => (Kind::Parameter, rest),
                ("responses", [_, rest @ ..]) => (Kind::Response, rest),
                _ => return None,
            }
        }
        _ => return None,
    };
    while let [first, tail @ ..] = rest {
        rest = match (kind, first.as_str(), tail) {
            (Kind::Schema, ..) => return schema_path(rest).then_some(Kind::Schema),
            (Kind::Parameter, "schema", tail) => {
                kind = Kind::Schema;
                tail
            }
            (_, "content", [_, schema, tail @ ..]) if schema == "schema" => {
                kind = Kind::Schema;
                tail
            }
            (Kind::Response, "headers", [_, schema, tail @ ..]) if schema == "schema" => {
                kind = Kind::Schema;
                tail
            }
            _ => return None,
        };
    }
    Some(kind)
}

/// Whether some `$ref` of `source` names a place below a component (`#/components/schemas/a/b`)
/// or outside the components (`#/paths/...`).
fn may_hold_a_deep_ref(source: &RefSource<'_>) -> bool {
    source.may_escape_a_ref()
        || source.ref_values().any(|value| {
            // JSON may escape every `/` (`"#\/components\/schemas\/Pet"`, as PHP writes it);
            // any other escape could hide one too, so such a value is not ruled out.
            match value.replace("\\/", "/") {
                unescaped if unescaped.contains('\\') => true,
                unescaped => deep_tokens(&unescaped),
            }
        })
}

/// Whether `reference`, as text, has tokens other than `components/{section}/{key}`.
fn deep_tokens(reference: &str) -> bool {
    let Some(path) = reference.strip_prefix("#/") else {
        return false;
    };
    path.split('/').count() != 3 || !path.starts_with("components/")
}

/// Every local reference to a place other than a component, with the place of the `$ref`'s
/// object, in document order.
fn deep_references(document: &Value) -> Vec<(Vec<String>, String)> {
    let mut found = Vec::new();
    // A stack rather than recursion: documents nest deeper than the thread's stack allows.
    let mut pending: Vec<(Vec<String>, &Value)> = vec![(Vec::new(), document)];
    while let Some((path, value)) = pending.pop() {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref")
                    && deep_tokens(reference)
                    && Pointer::from_local_ref(reference).is_some()
                {
                    found.push((path.clone(), reference.clone()));
                }
                for (key, child) in object.iter().rev() {
                    if child.is_object() || child.is_array() {
                        pending.push((extended(&path, key), child));
                    }
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate().rev() {
                    if child.is_object() || child.is_array() {
                        pending.push((extended(&path, &index.to_string()), child));
                    }
                }
            }
            _ => {}
        }
    }
    found
}

fn extended(path: &[String], token: &str) -> Vec<String> {
    let mut path = path.to_vec();
    path.push(token.to_owned());
    path
}

fn reference_tokens(reference: &str) -> Vec<String> {
    Pointer::from_local_ref(reference)
        .map(|pointer| pointer.tokens())
        .unwrap_or_default()
}

/// The place in `document` that the reference tokens `tokens` name: followed as written, and
/// through a `$ref` where the document writes one place by another (`#/components/schemas/a/
/// properties/b` where `a` is `{$ref: c}`); `None` when it leads nowhere.
fn locate(document: &Value, tokens: &[String]) -> Option<Vec<String>> {
    let mut wanted = tokens.to_vec();
    let mut path = Vec::new();
    let mut at = document;
    let mut followed = 0;
    let mut index = 0;
    while index < wanted.len() {
        if let Some(next) = child(at, &wanted[index]) {
            at = next;
            path.push(wanted[index].clone());
            index += 1;
            continue;
        }
        let reference = at.get("$ref")?.as_str()?;
        followed += 1;
        if followed > 64 {
            return None;
        }
        let mut through = Pointer::from_local_ref(reference)?.tokens();
        through.extend_from_slice(&wanted[index..]);
        wanted = through;
        path.clear();
        at = document;
        index = 0;
    }
    (!path.is_empty()).then_some(path)
}

fn child<'a>(value: &'a Value, token: &str) -> Option<&'a Value> {
    match value {
        Value::Object(object) => object.get(token),
        Value::Array(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    }
}

fn node<'a>(document: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(document, |at, token| child(at, token))
}

fn node_mut<'a>(document: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(document, |at, token| match at {
        Value::Object(object) => object.get_mut(token.as_str()),
        Value::Array(items) => items.get_mut(token.parse::<usize>().ok()?),
        _ => None,
    })
}

/// Whether `place` is a schema inside a component schema: `components/schemas/{key}` followed
/// by schema keywords (`properties/{name}`, `items`, `allOf/{n}`, ...).
fn is_component_part(place: &[String]) -> bool {
    let [components, schemas, _, rest @ ..] = place else {
        return false;
    };
    // A union's alternative stays where it is, an inline alternative (its name, its implicit
    // discriminator value): references to it get a copy.
    let alternative = matches!(rest, [.., keyword, _] if keyword == "oneOf" || keyword == "anyOf");
    components == "components"
        && schemas == "schemas"
        && !rest.is_empty()
        && schema_path(rest)
        && !alternative
}

/// Whether `schema` is a scalar that needs no type of its own (`{type: string, format: uuid}`):
/// copied where it is referenced, it stays a `String` rather than becoming an alias of one.
fn is_plain_scalar(schema: &Value) -> bool {
    const NESTING: [&str; 10] = [
        "$ref",
        "properties",
        "items",
        "additionalProperties",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "enum",
        "discriminator",
    ];
    schema
        .as_object()
        .is_some_and(|object| !NESTING.iter().any(|keyword| object.contains_key(*keyword)))
}

/// Whether `tokens` lead from a schema to a schema inside it.
fn schema_path(mut tokens: &[String]) -> bool {
    while let [keyword, rest @ ..] = tokens {
        tokens = match (keyword.as_str(), rest) {
            ("properties" | "definitions" | "$defs", [_, rest @ ..]) => rest,
            ("allOf" | "oneOf" | "anyOf", [index, rest @ ..]) if index.parse::<usize>().is_ok() => {
                rest
            }
            ("items" | "additionalProperties" | "not", rest) => rest,
            _ => return false,
        };
    }
    true
}

/// The key of the component made for the schema at `place`, so that it is named as lowering
/// names it in place: `Pet-owner` for `components/schemas/Pet/properties/owner` (and for
/// `Pet/allOf/1/properties/owner`), `Pet-item` for its `items`, `Pet-value` for its
/// `additionalProperties`, `Pet-part-1` for `allOf/1` itself and `Pet-variant-1` for `oneOf/1`
/// or `anyOf/1`.
fn component_key(place: &[String]) -> String {
    let mut key = place[2].clone();
    let mut tokens = &place[3..];
    while let [keyword, rest @ ..] = tokens {
        let (word, rest) = match (keyword.as_str(), rest) {
            ("properties" | "definitions" | "$defs", [name, rest @ ..]) => (name.clone(), rest),
            // Lowering merges an `allOf`'s members into one type, so what is inside a member
            // is named as if inside the type itself.
            ("allOf", [_, inside @ ..]) if !inside.is_empty() => {
                tokens = inside;
                continue;
            }
            ("allOf", [index, rest @ ..]) => (format!("part-{index}"), rest),
            ("oneOf" | "anyOf", [index, rest @ ..]) => (format!("variant-{index}"), rest),
            ("items", rest) => ("item".to_owned(), rest),
            ("additionalProperties", rest) => ("value".to_owned(), rest),
            (other, rest) => (other.to_owned(), rest),
        };
        key.push('-');
        key.push_str(&word);
        tokens = rest;
    }
    key
}

/// `wanted`, or `wanted-2`, `wanted-3`, ... when a component schema has that key already.
fn free_key(document: &Value, wanted: &str) -> String {
    let taken = |key: &str| {
        node(document, &schema_section()).is_some_and(|schemas| schemas.get(key).is_some())
    };
    if !taken(wanted) {
        return wanted.to_owned();
    }
    (2..)
        .map(|suffix| format!("{wanted}-{suffix}"))
        .find(|key| !taken(key))
        .unwrap_or_default()
}

fn schema_section() -> [String; 2] {
    ["components".to_owned(), "schemas".to_owned()]
}

fn component_pointer(key: &str) -> String {
    Pointer::root()
        .push("components")
        .push("schemas")
        .push(key)
        .as_str()
        .to_owned()
}

fn place_pointer(place: &[String]) -> String {
    place
        .iter()
        .fold(Pointer::root(), |pointer, token| pointer.push(token))
        .as_str()
        .to_owned()
}

fn reference_to(pointer: &str) -> Value {
    let mut object = Map::new();
    object.insert("$ref".to_owned(), Value::String(pointer.to_owned()));
    Value::Object(object)
}

/// The component a place refers to when it is only a reference to one.
fn shallow_reference(node: &Value) -> Option<String> {
    let object = node.as_object()?;
    let reference = object.get("$ref")?.as_str()?;
    (object.len() == 1 && !deep_tokens(reference) && reference.starts_with("#/"))
        .then(|| reference.to_owned())
}

/// Points every `$ref` of `document` that `renamed` lists at its new place, and every value of
/// a discriminator's `mapping`.
fn rename_references(document: &mut Value, renamed: &BTreeMap<String, String>) {
    let rename = |reference: &mut String| {
        if let Some(new) = renamed.get(reference.as_str()) {
            reference.clone_from(new);
        }
    };
    let mut pending = vec![document];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(object) => {
                for (key, child) in object.iter_mut() {
                    match child {
                        Value::String(reference) if key == "$ref" => rename(reference),
                        Value::Object(mapping) if key == "mapping" => {
                            for target in mapping.values_mut() {
                                if let Value::String(reference) = target {
                                    rename(reference);
                                }
                            }
                        }
                        Value::Object(_) | Value::Array(_) => pending.push(child),
                        _ => {}
                    }
                }
            }
            Value::Array(items) => pending.extend(items.iter_mut()),
            _ => {}
        }
    }
}

mod copies;
#[cfg(test)]
mod tests;
