//! OpenAPI 3.1 (and 3.2) read as 3.0: the 3.1 idioms are rewritten into their 3.0 shapes on
//! the JSON tree, before `openapiv3` (a 3.0 model) reads it, so the rest of the generator has
//! one model and the same meaning gives the same Rust whichever version writes it.
//!
//! In schemas: `type: [T, "null"]` becomes `type: T, nullable: true` (several types become an
//! `anyOf` of one type each); `const: v` becomes `enum: [v]`; `examples: [a, ...]` becomes
//! `example: a`; a numeric `exclusiveMinimum`/`exclusiveMaximum` becomes `minimum`/`maximum`
//! with the 3.0 boolean; a `$ref` with sibling keywords (which 3.1 applies and 3.0 ignores)
//! becomes an `allOf` of the reference beside those keywords; the boolean schemas `true` and
//! `false` become `{}` and `{not: {}}`. In the document: `paths` may be left out. What has no
//! 3.0 equivalent and is not needed for a client is dropped with a warning at its pointer:
//! `webhooks` (a client does not receive them), `jsonSchemaDialect` other than the OpenAPI
//! default, `components.pathItems`, schema keywords that hold schemas 3.0 has no place for
//! (`prefixItems`, `patternProperties`, `if`/`then`/`else`, ...), and from 3.2 the `query`
//! method, `additionalOperations` and `itemSchema` (streamed items). Anything that would change
//! the meaning of the generated types if dropped is an error instead.
//!
//! Which values are schemas follows the document's structure (components, parameters, media
//! types, headers, callbacks, and inside a schema `properties`, `items`,
//! `additionalProperties`, `allOf`, `oneOf`, `anyOf`, `not`), so examples and extensions are
//! never rewritten. The walk recurses once per level of the document, whose depth `parse`
//! bounds before this runs.

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};

/// The schema dialect OpenAPI 3.1 assumes when `jsonSchemaDialect` is not given.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Schema keywords of JSON Schema 2020-12 that hold schemas and have no OpenAPI 3.0
/// equivalent, with what leaving them out means for the generated types.
const DROPPED_SCHEMA_KEYWORDS: [(&str, &str); 12] = [
    (
        "prefixItems",
        "a tuple has no OpenAPI 3.0 equivalent: the items are typed by `items` alone (any JSON value without it)",
    ),
    (
        "patternProperties",
        "properties matched by pattern are not typed: they are kept as other properties when the object allows them",
    ),
    ("if", "conditional schemas are not generated"),
    ("then", "conditional schemas are not generated"),
    ("else", "conditional schemas are not generated"),
    ("dependentSchemas", "conditional schemas are not generated"),
    (
        "contains",
        "`contains` constrains an array without typing it",
    ),
    (
        "propertyNames",
        "`propertyNames` constrains keys without typing them",
    ),
    (
        "unevaluatedItems",
        "`unevaluatedItems` with a schema is not generated",
    ),
    (
        "unevaluatedProperties",
        "`unevaluatedProperties` with a schema is not generated",
    ),
    (
        "$defs",
        "schemas under `$defs` are not generated: reference schemas in #/components/schemas",
    ),
    (
        "$dynamicRef",
        "dynamic references are not followed: the schema is any JSON value",
    ),
];

/// HTTP methods of a path item that `openapiv3` reads.
const METHODS: [&str; 8] = crate::ir::HttpMethod::KEYS;

/// Whether `version` (the `openapi` field) is read through this rewrite.
pub fn is_rewritten(version: &str) -> bool {
    version.starts_with("3.1.") || version.starts_with("3.2.")
}

/// Rewrites an OpenAPI 3.1 or 3.2 document into the 3.0 shapes described in the module docs.
/// What cannot be rewritten is an error in `diagnostics`; what is dropped without changing the
/// generated types is a warning in `warnings`.
pub fn rewrite(
    document: &mut Value,
    diagnostics: &mut Diagnostics,
    warnings: &mut Vec<Diagnostic>,
) {
    let Value::Object(root) = document else {
        return;
    };
    let mut walk = Walk {
        diagnostics,
        warnings,
    };
    let top = Pointer::root();
    if let Some(webhooks) = root.remove("webhooks") {
        let count = webhooks.as_object().map_or(0, Map::len);
        walk.warn(
            &top.push("webhooks"),
            format!("the webhooks ({count}) are not generated: a client does not receive them"),
        );
    }
    if let Some(dialect) = root.remove("jsonSchemaDialect")
        && dialect.as_str() != Some(DEFAULT_DIALECT)
    {
        walk.warn(
            &top.push("jsonSchemaDialect"),
            format!(
                "the schema dialect {dialect} is ignored: schemas are read as OpenAPI's own ({DEFAULT_DIALECT})"
            ),
        );
    }
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(Value::Object(components)) = root.get_mut("components") {
        let at = top.push("components");
        walk.components(components, &at);
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        let at = top.push("paths");
        for (template, item) in paths.iter_mut() {
            if !template.starts_with("x-") {
                walk.path_item(item, &at.push(template));
            }
        }
    }
}

struct Walk<'w> {
    diagnostics: &'w mut Diagnostics,
    warnings: &'w mut Vec<Diagnostic>,
}

impl Walk<'_> {
    fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.warnings.push(Diagnostic {
            pointer: pointer.clone(),
            message: message.into(),
        });
    }

    fn components(&mut self, components: &mut Map<String, Value>, at: &Pointer) {
        if let Some(path_items) = components.remove("pathItems") {
            let count = path_items.as_object().map_or(0, Map::len);
            self.warn(
                &at.push("pathItems"),
                format!(
                    "the reusable path items ({count}) are not generated: OpenAPI 3.0 has no place for them (they are only used by webhooks and callbacks)"
                ),
            );
        }
        // 3.2's reusable media types: a reference to one cannot be followed by a 3.0 reader.
        if components.contains_key("mediaTypes") {
            self.diagnostics.error(
                &at.push("mediaTypes"),
                "reusable media types (OpenAPI 3.2) are not supported",
            );
        }
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            let at = at.push("securitySchemes");
            schemes.retain(|name, scheme| {
                let mutual = scheme.get("type").and_then(Value::as_str) == Some("mutualTLS");
                if mutual {
                    self.warn(
                        &at.push(name),
                        "a `mutualTLS` scheme's certificate is not sent per request: give the client one through `http_client`; the scheme is left out",
                    );
                }
                !mutual
            });
        }
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            let at = at.push("schemas");
            for (name, schema) in schemas.iter_mut() {
                self.schema(schema, &at.push(name));
            }
        }
        for kind in ["parameters", "headers", "requestBodies", "responses"] {
            if let Some(Value::Object(holders)) = components.get_mut(kind) {
                let at = at.push(kind);
                for (name, holder) in holders.iter_mut() {
                    self.holder(holder, &at.push(name));
                }
            }
        }
        if let Some(Value::Object(callbacks)) = components.get_mut("callbacks") {
            let at = at.push("callbacks");
            for (name, callback) in callbacks.iter_mut() {
                self.callback(callback, &at.push(name));
            }
        }
    }

    fn path_item(&mut self, item: &mut Value, at: &Pointer) {
        let Value::Object(item) = item else {
            return;
        };
        for method in ["query", "additionalOperations"] {
            if item.remove(method).is_some() {
                self.warn(
                    &at.push(method),
                    format!(
                        "`{method}` (OpenAPI 3.2) is not generated: only the methods of OpenAPI 3.0 are"
                    ),
                );
            }
        }
        for (key, value) in item.iter_mut() {
            let at = at.push(key);
            if key == "parameters" {
                self.each_holder(value, &at);
            } else if METHODS.contains(&key.as_str()) {
                self.operation(value, &at);
            }
        }
    }

    fn operation(&mut self, operation: &mut Value, at: &Pointer) {
        let Value::Object(operation) = operation else {
            return;
        };
        for (key, value) in operation.iter_mut() {
            let at = at.push(key);
            match key.as_str() {
                "parameters" => self.each_holder(value, &at),
                "requestBody" => self.holder(value, &at),
                "responses" => {
                    if let Value::Object(responses) = value {
                        for (status, response) in responses.iter_mut() {
                            self.holder(response, &at.push(status));
                        }
                    }
                }
                "callbacks" => {
                    if let Value::Object(callbacks) = value {
                        for (name, callback) in callbacks.iter_mut() {
                            self.callback(callback, &at.push(name));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A callback: runtime expressions to path items.
    fn callback(&mut self, callback: &mut Value, at: &Pointer) {
        if let Value::Object(expressions) = callback {
            for (expression, item) in expressions.iter_mut() {
                self.path_item(item, &at.push(expression));
            }
        }
    }

    fn each_holder(&mut self, holders: &mut Value, at: &Pointer) {
        if let Value::Array(holders) = holders {
            for (index, holder) in holders.iter_mut().enumerate() {
                self.holder(holder, &at.push(index.to_string()));
            }
        }
    }

    /// A parameter, header, request body or response: what holds schemas (`schema`, `content`,
    /// `headers`) without being one.
    fn holder(&mut self, holder: &mut Value, at: &Pointer) {
        let Value::Object(holder) = holder else {
            return;
        };
        if let Some(schema) = holder.get_mut("schema") {
            self.schema(schema, &at.push("schema"));
        }
        if let Some(Value::Object(content)) = holder.get_mut("content") {
            let at = at.push("content");
            for (media_type, entry) in content.iter_mut() {
                let at = at.push(media_type);
                let Value::Object(entry) = entry else {
                    continue;
                };
                if entry.remove("itemSchema").is_some() {
                    self.warn(
                        &at.push("itemSchema"),
                        "`itemSchema` (OpenAPI 3.2, streamed items) is not generated: the body is typed by `schema` alone",
                    );
                }
                if let Some(schema) = entry.get_mut("schema") {
                    self.schema(schema, &at.push("schema"));
                }
            }
        }
        if let Some(Value::Object(headers)) = holder.get_mut("headers") {
            let at = at.push("headers");
            for (name, header) in headers.iter_mut() {
                self.holder(header, &at.push(name));
            }
        }
    }

    /// Rewrites one schema, then the schemas inside it.
    fn schema(&mut self, schema: &mut Value, at: &Pointer) {
        match schema {
            Value::Bool(true) => *schema = Value::Object(Map::new()),
            Value::Bool(false) => {
                *schema = serde_json::json!({"not": {}});
            }
            Value::Object(object) => {
                self.reference_siblings(object);
                self.type_array(object, at);
                const_to_enum(object);
                examples_to_example(object);
                exclusive_bounds(object);
                for (keyword, why) in DROPPED_SCHEMA_KEYWORDS {
                    let dropped = match object.get(keyword) {
                        // `unevaluated*: false` closes what 3.0 leaves closed for a client.
                        Some(Value::Bool(_)) if keyword.starts_with("unevaluated") => {
                            object.remove(keyword);
                            false
                        }
                        Some(_) => {
                            object.remove(keyword);
                            true
                        }
                        None => false,
                    };
                    if dropped {
                        self.warn(&at.push(keyword), why);
                    }
                }
                self.children(object, at);
            }
            _ => {}
        }
    }

    fn children(&mut self, object: &mut Map<String, Value>, at: &Pointer) {
        for (key, child) in object.iter_mut() {
            match (key.as_str(), child) {
                ("items" | "not", child) => self.schema(child, &at.push(key)),
                ("additionalProperties", child @ Value::Object(_)) => {
                    self.schema(child, &at.push(key));
                }
                ("allOf" | "oneOf" | "anyOf", Value::Array(members)) => {
                    let at = at.push(key);
                    for (index, member) in members.iter_mut().enumerate() {
                        self.schema(member, &at.push(index.to_string()));
                    }
                }
                ("properties", Value::Object(properties)) => {
                    let at = at.push(key);
                    for (name, property) in properties.iter_mut() {
                        self.schema(property, &at.push(name));
                    }
                }
                _ => {}
            }
        }
    }

    /// 3.1 applies the keywords beside a `$ref`; 3.0 ignores them. `{$ref: X, description: d}`
    /// becomes `{description: d, allOf: [{$ref: X}]}`, which the generator reads as `X` with
    /// that description.
    fn reference_siblings(&mut self, object: &mut Map<String, Value>) {
        if !object.contains_key("$ref") || object.len() == 1 {
            return;
        }
        let Some(reference) = object.remove("$ref") else {
            return;
        };
        let member = serde_json::json!({"$ref": reference});
        match object.get_mut("allOf") {
            Some(Value::Array(members)) => members.insert(0, member),
            _ => {
                object.insert("allOf".to_owned(), Value::Array(vec![member]));
            }
        }
    }

    /// `type: [T, "null"]` to `type: T, nullable: true`; several types to an `anyOf`.
    fn type_array(&mut self, object: &mut Map<String, Value>, at: &Pointer) {
        let Some(Value::Array(types)) = object.get("type") else {
            return;
        };
        let nullable = types.iter().any(|name| name == "null");
        let others: Vec<Value> = types
            .iter()
            .filter(|name| *name != "null")
            .cloned()
            .collect();
        match others.as_slice() {
            [] => {
                object.insert("type".to_owned(), Value::from("null"));
            }
            [only] => {
                object.insert("type".to_owned(), only.clone());
            }
            _ if object.contains_key("anyOf") || object.contains_key("oneOf") => {
                self.diagnostics.error(
                    &at.push("type"),
                    "several types beside `oneOf` or `anyOf` have no OpenAPI 3.0 equivalent",
                );
                object.remove("type");
            }
            _ => {
                object.remove("type");
                let alternatives = others
                    .into_iter()
                    .map(|name| serde_json::json!({"type": name}))
                    .collect();
                object.insert("anyOf".to_owned(), Value::Array(alternatives));
            }
        }
        if nullable && object.get("type").and_then(Value::as_str) != Some("null") {
            object.insert("nullable".to_owned(), Value::Bool(true));
        }
    }
}

/// `const: v` is `enum: [v]`.
fn const_to_enum(object: &mut Map<String, Value>) {
    if let Some(value) = object.remove("const") {
        object.insert("enum".to_owned(), Value::Array(vec![value]));
    }
}

/// A schema's `examples` (an array in 3.1) gives its first value as the 3.0 `example`.
fn examples_to_example(object: &mut Map<String, Value>) {
    if !matches!(object.get("examples"), Some(Value::Array(_))) {
        return;
    }
    if let Some(Value::Array(examples)) = object.remove("examples")
        && !object.contains_key("example")
        && let Some(first) = examples.into_iter().next()
    {
        object.insert("example".to_owned(), first);
    }
}

/// A numeric `exclusiveMinimum: m` is `minimum: m, exclusiveMinimum: true`, unless `minimum`
/// is the stricter bound already (the same for the maximum).
fn exclusive_bounds(object: &mut Map<String, Value>) {
    for (exclusive, inclusive, stricter) in [
        ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
        ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
    ] {
        let Some(Value::Number(bound)) = object.get(exclusive) else {
            continue;
        };
        let bound = bound.clone();
        let replaces = match object.get(inclusive).and_then(Value::as_f64) {
            Some(existing) => bound
                .as_f64()
                .and_then(|bound| bound.partial_cmp(&existing))
                .is_some_and(|order| order == stricter || order.is_eq()),
            None => true,
        };
        if replaces {
            object.insert(inclusive.to_owned(), Value::Number(bound));
            object.insert(exclusive.to_owned(), Value::Bool(true));
        } else {
            object.remove(exclusive);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rewritten_schema(schema: Value) -> (Value, Vec<Diagnostic>) {
        let mut document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"schemas": {"s": schema}},
        });
        let mut diagnostics = Diagnostics::default();
        let mut warnings = Vec::new();
        rewrite(&mut document, &mut diagnostics, &mut warnings);
        assert!(diagnostics.is_empty(), "{diagnostics}");
        assert_eq!(document["paths"], json!({}), "paths are optional in 3.1");
        (document["components"]["schemas"]["s"].clone(), warnings)
    }

    /// 3.1's `mutualTLS` scheme (unknown to 3.0) is left out with a warning, the others kept.
    #[test]
    fn mutual_tls_schemes_are_left_out_with_a_warning() {
        let mut document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"securitySchemes": {
                "cert": {"type": "mutualTLS"},
                "token": {"type": "http", "scheme": "bearer"},
            }},
        });
        let mut diagnostics = Diagnostics::default();
        let mut warnings = Vec::new();
        rewrite(&mut document, &mut diagnostics, &mut warnings);
        assert!(diagnostics.is_empty(), "{diagnostics}");
        assert_eq!(
            document["components"]["securitySchemes"],
            json!({"token": {"type": "http", "scheme": "bearer"}})
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings[0].pointer.as_str(),
            "#/components/securitySchemes/cert"
        );
    }

    #[test]
    fn type_arrays_with_null_become_nullable() {
        let (schema, _) = rewritten_schema(json!({"type": ["string", "null"]}));
        assert_eq!(schema, json!({"type": "string", "nullable": true}));
        let (schema, _) = rewritten_schema(json!({"type": ["integer", "string"]}));
        assert_eq!(
            schema,
            json!({"anyOf": [{"type": "integer"}, {"type": "string"}]})
        );
    }

    #[test]
    fn const_examples_and_exclusive_bounds_take_their_3_0_shapes() {
        let (schema, _) = rewritten_schema(json!({
            "type": "object",
            "properties": {
                "kind": {"const": "creation"},
                "size": {"type": "integer", "exclusiveMinimum": 0, "minimum": -5, "examples": [3, 4]},
                "ratio": {"type": "number", "exclusiveMaximum": 1, "maximum": 0.5},
            },
        }));
        let properties = &schema["properties"];
        assert_eq!(properties["kind"], json!({"enum": ["creation"]}));
        assert_eq!(
            properties["size"],
            json!({"type": "integer", "exclusiveMinimum": true, "minimum": 0, "example": 3})
        );
        assert_eq!(
            properties["ratio"],
            json!({"type": "number", "maximum": 0.5})
        );
    }

    #[test]
    fn reference_siblings_become_an_all_of() {
        let (schema, _) =
            rewritten_schema(json!({"$ref": "#/components/schemas/x", "description": "d"}));
        assert_eq!(
            schema,
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/x"}]})
        );
    }

    #[test]
    fn methods_of_openapi_3_2_are_dropped_with_a_warning() {
        let mut document = json!({
            "openapi": "3.2.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/search": {
                "query": {"responses": {"200": {"description": "ok"}}},
                "additionalOperations": {"LINK": {"responses": {"200": {"description": "ok"}}}},
                "get": {"responses": {"200": {"description": "ok"}}},
            }},
        });
        let mut diagnostics = Diagnostics::default();
        let mut warnings = Vec::new();
        rewrite(&mut document, &mut diagnostics, &mut warnings);
        assert!(diagnostics.is_empty());
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/paths/~1search/query",
                "#/paths/~1search/additionalOperations"
            ]
        );
        assert_eq!(
            document["paths"]["/search"],
            json!({"get": {"responses": {"200": {"description": "ok"}}}})
        );
    }

    #[test]
    fn keywords_without_an_equivalent_are_dropped_with_a_warning() {
        let (schema, warnings) = rewritten_schema(json!({
            "type": "array",
            "prefixItems": [{"type": "string"}],
            "unevaluatedItems": false,
        }));
        assert_eq!(schema, json!({"type": "array"}));
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].pointer.as_str(),
            "#/components/schemas/s/prefixItems"
        );
    }
}
