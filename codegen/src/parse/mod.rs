//! Stage 1: text to an `openapiv3::OpenAPI`, with every failure turned into a diagnostic.
//!
//! `openapiv3` reads only the `serde_json::Value` tree built here (and, in `deep_schemas`,
//! subtrees of it), never the text. That is why its one panic cannot happen and is not
//! caught: `ReferenceOr`'s deserializer reads a failing value again from a `serde_json::Value`
//! to word its error and `expect`s the second reading to fail too, which only breaks when an
//! object repeats a key (the first reading sees every entry, the `Value` only the last; found
//! by fuzzing when text was read directly). A tree has one entry per key: the JSON parser
//! keeps the last, the YAML parser refuses repeats. The test
//! `openapiv3_panics_only_on_repeated_keys_which_the_tree_never_has` pins both halves.

pub mod deep_refs;
mod deep_schemas;
pub mod depth;
mod encodings;
mod lenient;
pub mod local_refs;
pub mod openapi31;
mod sharing;
mod two_threads;

use openapiv3::OpenAPI;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};

/// Parses a JSON or YAML OpenAPI 3.0, 3.1 or 3.2 document (the last two through
/// [`openapi31::rewrite`]). The components' `examples` are left out ([`depth::UNREAD`]): the
/// spec returned has none.
pub fn parse(text: &str) -> Result<OpenAPI, Diagnostics> {
    parse_with_warnings(text).map(|(spec, _)| spec)
}

/// [`parse`], also returning what was dropped from a 3.1 or 3.2 document without changing
/// the generated types (webhooks, keywords without a 3.0 equivalent), each at its pointer.
pub fn parse_with_warnings(text: &str) -> Result<(OpenAPI, Vec<Diagnostic>), Diagnostics> {
    parse_with_report(text, false).map(|parsed| (parsed.spec, parsed.warnings))
}

/// A document as `openapiv3` reads it, with what the reader should know.
#[derive(Debug)]
pub struct Parsed {
    /// The document.
    pub spec: OpenAPI,
    /// What was dropped from a 3.1 or 3.2 document without changing the generated types.
    pub warnings: Vec<Diagnostic>,
    /// With `skip_unsupported`, each part that could not be read and was patched out of the
    /// document (a schema read as any JSON value, an operation or component left out).
    pub skipped: Vec<Diagnostic>,
    /// The schemas moved into components of their own because references name them
    /// ([`deep_refs`]): later diagnostics about them are pointed back at their places with it.
    pub moved: deep_refs::Moved,
}

/// [`parse_with_warnings`]; with `skip_unsupported`, the parts of the document `openapiv3`
/// cannot read (a schema with `pattern: 0`, an operation without `responses`) are patched out
/// and listed in [`Parsed::skipped`] instead of refusing it (`lenient`). Problems of the document
/// as a whole (syntax, version, `info`) still refuse it.
pub fn parse_with_report(text: &str, skip_unsupported: bool) -> Result<Parsed, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut diagnostics = Diagnostics::default();
    let root = Pointer::root();
    let mut json = match to_tree(text) {
        Ok(json) => json,
        Err((pointer, message)) => {
            diagnostics.error(&pointer, message);
            return Err(diagnostics);
        }
    };
    let rewritten = match check_version(&json) {
        Ok(rewritten) => rewritten,
        Err(message) => {
            let at = if json.is_object() {
                root.push("openapi")
            } else {
                root.clone()
            };
            diagnostics.error(&at, message);
            return Err(diagnostics);
        }
    };
    let mut warnings = Vec::new();
    if rewritten {
        openapi31::rewrite(&mut json, &mut diagnostics, &mut warnings);
    }
    encodings::default_explode(&mut json);
    let source = local_refs::RefSource::new(text);
    local_refs::decode(&mut json, &source);
    let moved = deep_refs::rewrite(&mut json, &source);
    let mut skipped = Vec::new();
    for (pointer, message) in take_bad_path_keys(&mut json, &mut warnings) {
        if skip_unsupported {
            skipped.push(Diagnostic { pointer, message });
        } else {
            diagnostics.error(&pointer, message);
        }
    }
    let read = read_openapi(&mut json, diagnostics, skipped, skip_unsupported);
    crate::drop_elsewhere(json, text.len());
    match read {
        Ok((spec, mut skipped)) => {
            moved.restore_all(&mut skipped);
            Ok(Parsed {
                spec,
                warnings,
                skipped,
                moved,
            })
        }
        Err(mut diagnostics) => {
            moved.restore_all(diagnostics.items_mut());
            Err(diagnostics)
        }
    }
}

/// Reads the (3.0-shaped) tree into `openapiv3`'s model, adding to `diagnostics`; with
/// `skip_unsupported`, what does not read is patched out and returned as skipped instead, after
/// what was `skipped` already.
fn read_openapi(
    json: &mut serde_json::Value,
    mut diagnostics: Diagnostics,
    mut skipped: Vec<Diagnostic>,
    skip_unsupported: bool,
) -> Result<(OpenAPI, Vec<Diagnostic>), Diagnostics> {
    let mut too_deep = Diagnostics::default();
    // Replaces each deep schema that does not read by `{}`: a refusal when strict, a patch like
    // the lenient reader's otherwise.
    deep_schemas::check(json, &mut too_deep);
    if skip_unsupported {
        skipped.extend(too_deep.items().iter().cloned());
    } else {
        diagnostics.extend(too_deep);
    }
    drop_referenced_callbacks(json);
    let read = if skip_unsupported {
        lenient::read(json, &mut skipped)
    } else {
        two_threads::read(json).map_or_else(|| read_tree(json), Ok)
    };
    match read {
        Ok(spec) => diagnostics.into_result((spec, skipped)),
        Err(places) => {
            let places = if skip_unsupported {
                places
            } else {
                lenient::every_unreadable_place(json, places)
            };
            for (pointer, message) in places {
                diagnostics.error(
                    &pointer,
                    format!("not a valid OpenAPI 3.0 document: {message}"),
                );
            }
            Err(diagnostics)
        }
    }
}

/// Removes the entries of `paths` whose key does not start with `/` (which `openapiv3` would
/// drop without a word), saying why for each, and warns about keys with a query or a fragment,
/// which some descriptions use to tell apart operations on one path (`/#X-Amz-Target=...`,
/// `/?Action=...`): those are kept, and the client sends the text percent-encoded as part of
/// the path.
fn take_bad_path_keys(
    document: &mut serde_json::Value,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<(Pointer, String)> {
    let Some(paths) = document
        .get_mut("paths")
        .and_then(serde_json::Value::as_object_mut)
    else {
        return Vec::new();
    };
    let base = Pointer::root().push("paths");
    let mut problems = Vec::new();
    paths.retain(|key, _| {
        if key.starts_with("x-") {
            return true;
        }
        if !key.starts_with('/') {
            problems.push((base.push(key), "a path must start with `/`".to_owned()));
            return false;
        }
        if key.contains(['?', '#']) {
            warnings.push(Diagnostic {
                pointer: base.push(key),
                message: "a path holds no query or fragment (`?`, `#`): it is sent percent-encoded as part of the path".to_owned(),
            });
        }
        true
    });
    problems
}

/// The tree read into `openapiv3`'s model, or every place that does not read, with why.
fn read_tree(json: &serde_json::Value) -> Result<OpenAPI, Vec<(Pointer, String)>> {
    // Where a problem is is only needed when there is one.
    if let Ok(spec) = OpenAPI::deserialize(json) {
        return Ok(spec);
    }
    match serde_path_to_error::deserialize::<_, OpenAPI>(json) {
        Ok(spec) => Ok(spec),
        Err(error) => {
            // `openapiv3` reads `paths` with a custom deserializer that loses the position, so
            // path items are checked one by one, and it stops at the first broken schema, so
            // the components' schemas are too: every broken one is reported at once.
            let mut broken_items = path_item_errors(json);
            broken_items.extend(component_schema_errors(json));
            if broken_items.is_empty() {
                Err(vec![(
                    pointer_of(&Pointer::root(), error.path()),
                    error.inner().to_string(),
                )])
            } else {
                Err(broken_items)
            }
        }
    }
}

/// JSON documents start with `{` or `[`; YAML ones may too (flow style), so this only decides
/// which parser is tried first.
fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
}

/// The document as a JSON tree, or where and why it is not one. JSON is read by a JSON parser:
/// YAML 1.2 is a superset of JSON in theory, but the YAML parser rejects escaped surrogate
/// pairs (`"\ud83d\ude00"`) that JSON writers commonly produce for emoji. JSON may nest up to
/// [`depth::MAX_DEPTH`] levels, YAML up to the 128 of serde_yaml, which cannot be changed.
fn to_tree(text: &str) -> Result<serde_json::Value, (Pointer, String)> {
    let json_error = if looks_like_json(text) {
        match depth::read_json(text) {
            Ok(value) => return Ok(value),
            Err(depth::JsonError::TooDeep(pointer)) => {
                let message = format!(
                    "the document nests more than {} levels of objects and arrays here, which is not supported",
                    depth::MAX_DEPTH
                );
                return Err((pointer, message));
            }
            Err(depth::JsonError::Syntax(error)) => Some(error),
        }
    } else {
        None
    };
    let root = Pointer::root();
    match (serde_yaml::from_str::<serde_yaml::Value>(text), json_error) {
        (Ok(value), _) => {
            let mut json = yaml_to_json(value);
            depth::remove_unread(&mut json);
            Ok(json)
        }
        // Text that starts like JSON and is not valid YAML either is reported as broken JSON.
        (Err(_), Some(error)) => Err((
            root,
            format!(
                "the document is not valid JSON at line {} column {}: {error}",
                error.line(),
                error.column()
            ),
        )),
        (Err(error), None) => {
            let place = error
                .location()
                .map(|at| format!(" at line {} column {}", at.line(), at.column()))
                .unwrap_or_default();
            let hint = if error.to_string().starts_with("recursion limit exceeded") {
                format!(
                    " (the YAML reader stops at 128 levels of nesting; the same document as JSON reads up to {} levels)",
                    depth::MAX_DEPTH
                )
            } else {
                String::new()
            };
            Err((
                root,
                format!("the document is not valid YAML or JSON{place}: {error}{hint}"),
            ))
        }
    }
}

fn pointer_of(base: &Pointer, path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(base.clone(), |pointer, segment| match segment {
            Segment::Seq { index } => pointer.push(index.to_string()),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { variant } => pointer.push(variant),
            Segment::Unknown => pointer,
        })
}

fn path_item_errors(document: &serde_json::Value) -> Vec<(Pointer, String)> {
    let Some(paths) = document.get("paths").and_then(serde_json::Value::as_object) else {
        return Vec::new();
    };
    let base = Pointer::root().push("paths");
    paths
        .iter()
        .filter(|(key, _)| !key.starts_with("x-"))
        .flat_map(|(key, item)| {
            let item_pointer = base.push(key);
            let parsed = serde_path_to_error::deserialize::<
                _,
                openapiv3::ReferenceOr<openapiv3::PathItem>,
            >(item);
            let Err(error) = parsed else {
                return Vec::new();
            };
            let operations = operation_errors(&item_pointer, item);
            if operations.is_empty() {
                vec![(
                    pointer_of(&item_pointer, error.path()),
                    error.inner().to_string(),
                )]
            } else {
                operations
            }
        })
        .collect()
}

/// Every entry of `components/schemas` that does not read as a schema, each at its pointer.
fn component_schema_errors(json: &serde_json::Value) -> Vec<(Pointer, String)> {
    let Some(schemas) = json
        .pointer("/components/schemas")
        .and_then(serde_json::Value::as_object)
    else {
        return Vec::new();
    };
    let base = Pointer::root().push("components").push("schemas");
    schemas
        .iter()
        .filter_map(|(name, schema)| {
            serde_path_to_error::deserialize::<_, openapiv3::ReferenceOr<openapiv3::Schema>>(schema)
                .err()
                .map(|error| {
                    (
                        pointer_of(&base.push(name), error.path()),
                        error.inner().to_string(),
                    )
                })
        })
        .collect()
}

/// The operations of a path item that do not deserialize, each with its own pointer.
fn operation_errors(item_pointer: &Pointer, item: &serde_json::Value) -> Vec<(Pointer, String)> {
    const METHODS: [&str; 8] = crate::ir::HttpMethod::KEYS;
    let Some(item) = item.as_object() else {
        return Vec::new();
    };
    METHODS
        .iter()
        .filter_map(|method| item.get(*method).map(|operation| (method, operation)))
        .filter_map(|(method, operation)| {
            let pointer = item_pointer.push(method);
            serde_path_to_error::deserialize::<_, openapiv3::Operation>(operation)
                .err()
                .map(|error| {
                    (
                        pointer_of(&pointer, error.path()),
                        error.inner().to_string(),
                    )
                })
        })
        .collect()
}

/// Removes each operation's callbacks that are references (`callbacks: {name: {$ref: ...}}`),
/// which OpenAPI allows and `openapiv3` cannot read (its `Operation::callbacks` holds inline
/// callbacks only). The generator generates no callbacks, inline or not, so the client is the
/// same as without them.
fn drop_referenced_callbacks(json: &mut serde_json::Value) {
    const METHODS: [&str; 8] = crate::ir::HttpMethod::KEYS;
    let Some(paths) = json
        .get_mut("paths")
        .and_then(serde_json::Value::as_object_mut)
    else {
        return;
    };
    for item in paths
        .values_mut()
        .filter_map(serde_json::Value::as_object_mut)
    {
        for method in METHODS {
            let callbacks = item
                .get_mut(method)
                .and_then(|operation| operation.get_mut("callbacks"))
                .and_then(serde_json::Value::as_object_mut);
            if let Some(callbacks) = callbacks {
                callbacks.retain(|_, callback| callback.get("$ref").is_none());
            }
        }
    }
}

/// OpenAPI 3.0.x is read as it is, 3.1.x and 3.2.x through [`openapi31::rewrite`] (`Ok(true)`);
/// 2.0 is a different format, and a later major version may change anything.
fn check_version(document: &serde_json::Value) -> Result<bool, String> {
    const SUPPORTED: &str = "only OpenAPI 3.0.x, 3.1.x and 3.2.x are supported";
    let Some(object) = document.as_object() else {
        return Err("the document is not an object, so not an OpenAPI document".to_owned());
    };
    match (object.get("openapi"), object.get("swagger")) {
        (Some(serde_json::Value::String(version)), _) if version.starts_with("3.0.") => Ok(false),
        (Some(serde_json::Value::String(version)), _) if openapi31::is_rewritten(version) => {
            Ok(true)
        }
        (Some(version), _) => Err(format!(
            "{SUPPORTED} (found openapi {})",
            display_scalar(version)
        )),
        (None, Some(version)) => Err(format!(
            "{SUPPORTED} (found swagger {})",
            display_scalar(version)
        )),
        (None, None) => Err(format!("{SUPPORTED} (found no `openapi` field)")),
    }
}

fn display_scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// YAML allows non-string keys (`200:` for a status); JSON and OpenAPI do not, so keys become
/// their text.
fn yaml_to_json(value: serde_yaml::Value) -> serde_json::Value {
    use serde_yaml::Value as Yaml;
    match value {
        Yaml::Null => serde_json::Value::Null,
        Yaml::Bool(flag) => serde_json::Value::Bool(flag),
        Yaml::Number(number) => number_to_json(&number),
        Yaml::String(text) => serde_json::Value::String(text),
        Yaml::Sequence(items) => {
            serde_json::Value::Array(items.into_iter().map(yaml_to_json).collect())
        }
        Yaml::Mapping(entries) => serde_json::Value::Object(
            entries
                .into_iter()
                .map(|(key, value)| (yaml_key(key), yaml_to_json(value)))
                .collect(),
        ),
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn number_to_json(number: &serde_yaml::Number) -> serde_json::Value {
    if let Some(integer) = number.as_i64() {
        serde_json::Value::from(integer)
    } else if let Some(integer) = number.as_u64() {
        serde_json::Value::from(integer)
    } else {
        number
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

fn yaml_key(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(text) => text,
        serde_yaml::Value::Number(number) => number.to_string(),
        serde_yaml::Value::Bool(flag) => flag.to_string(),
        serde_yaml::Value::Null => "null".to_owned(),
        other => serde_yaml::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_message(text: &str) -> String {
        let diagnostics = parse(text).expect_err("the document is rejected");
        diagnostics.items()[0].to_string()
    }

    #[test]
    fn referenced_callbacks_are_read_as_no_callbacks() {
        // PeerTube's description refers to a callback of `components/callbacks`.
        let text = r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
            "paths": {"/search": {"get": {"responses": {"200": {"description": "ok"}},
              "callbacks": {"ref": {"$ref": "#/components/callbacks/found"},
                "inline": {"{$request.body#/url}": {"post": {"responses": {"200": {"description": "ok"}}}}}}}}},
            "components": {"callbacks": {"found": {"{$request.body#/url}": {}}}}}"##;
        let spec = parse(text).expect("a valid document");
        let operation = spec.paths.paths["/search"]
            .as_item()
            .and_then(|item| item.get.as_ref())
            .expect("the operation");
        assert_eq!(operation.callbacks.keys().collect::<Vec<_>>(), ["inline"]);
    }

    #[test]
    fn rejects_swagger_and_later_major_versions() {
        assert_eq!(
            first_message("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n"),
            "#/openapi: only OpenAPI 3.0.x, 3.1.x and 3.2.x are supported (found swagger 2.0)"
        );
        assert_eq!(
            first_message("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n"),
            "#/openapi: only OpenAPI 3.0.x, 3.1.x and 3.2.x are supported (found openapi 4.0.0)"
        );
    }

    #[test]
    fn reads_openapi_3_1_and_3_2_without_paths() {
        for version in ["3.1.0", "3.2.0"] {
            let text = format!(
                "openapi: {version}\ninfo: {{title: t, version: '1'}}\nwebhooks: {{new: {{}}}}\n"
            );
            let (spec, warnings) = parse_with_warnings(&text).expect("a valid document");
            assert!(spec.paths.paths.is_empty());
            assert_eq!(warnings.len(), 1, "{warnings:?}");
            assert_eq!(warnings[0].pointer.as_str(), "#/webhooks");
        }
    }

    #[test]
    fn reports_yaml_syntax_errors_with_a_line() {
        assert!(first_message("openapi: 3.0.3\ninfo: [unclosed\n").contains("at line"));
    }

    #[test]
    fn structural_errors_name_the_pointer() {
        let message = first_message(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n",
        );
        assert!(message.starts_with("#/paths/~1a/get"), "{message}");
    }

    /// A path key `openapiv3` would drop (no leading `/`) is refused at its pointer when
    /// strict, and skipped otherwise; one with a query or a fragment is kept with a warning.
    #[test]
    fn path_keys_must_start_with_a_slash() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  \
            nolead/{id}: {}\n  /search?mode=fast: {}\n  /#Target=x: {}\n  /ok: {}\n  x-note: {}\n";
        let refused = parse(text).expect_err("a key without its slash");
        let pointers: Vec<&str> = refused
            .items()
            .iter()
            .map(|item| item.pointer.as_str())
            .collect();
        assert_eq!(pointers, ["#/paths/nolead~1{id}"]);
        let parsed = parse_with_report(text, true).expect("skipped");
        assert_eq!(parsed.skipped.len(), 1, "{:?}", parsed.skipped);
        assert_eq!(parsed.warnings.len(), 2, "{:?}", parsed.warnings);
        assert_eq!(
            parsed.spec.paths.paths.keys().collect::<Vec<_>>(),
            ["/search?mode=fast", "/#Target=x", "/ok"]
        );
    }

    /// `openapiv3` panics when an object repeats a key and the first value does not read but
    /// the last does; read from the tree, which keeps one entry per key, the same document is
    /// an ordinary one. This is why no `openapiv3` call is wrapped in `catch_unwind`.
    #[test]
    fn openapiv3_panics_only_on_repeated_keys_which_the_tree_never_has() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"list": {"type": "array", "items": "array",
            "items": {"type": "string"}}}}}"#;
        let read_from_text =
            std::panic::catch_unwind(|| serde_json::from_str::<OpenAPI>(text).is_ok());
        assert!(
            read_from_text.is_err(),
            "openapiv3 read straight from the text panics on the repeated `items`"
        );
        let spec = parse(text).expect("the last `items` counts, and it is a schema");
        let schemas = spec.components.expect("components").schemas;
        assert!(schemas.contains_key("list"));
        // In YAML, a repeated key is refused before openapiv3 sees anything.
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\npaths: {}\n";
        assert!(
            first_message(yaml).contains("duplicate"),
            "{}",
            first_message(yaml)
        );
    }

    #[test]
    fn integer_status_keys_are_accepted() {
        let spec = parse("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n")
            .expect("a valid document");
        assert_eq!(spec.paths.paths.len(), 1);
    }
}
