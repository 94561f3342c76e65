//! What Rust type a schema becomes, as far as a comparison needs to know: two schemas with the
//! same shape give the same Rust type, so only their insides can differ.
//!
//! This mirrors the generator's classification (`codegen/src/lower/schema.rs`): the scalar
//! mapping, string enums and objects with properties as named types of their own, maps for
//! `additionalProperties` without properties, unions for `oneOf`/`anyOf`, merges for `allOf`.

use std::fmt;

use serde_json::Value;

use super::spec::{reference, schema_name};

/// The kind of Rust type a schema becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Shape {
    /// A reference to a component schema (its generated type), by component name.
    Named(String),
    /// A scalar, by the Rust type it becomes.
    Scalar(&'static str),
    /// A string enum: a generated enum of its own.
    Enum,
    /// An object with properties: a generated struct of its own.
    Struct,
    /// `Vec<_>`.
    Array,
    /// A string-keyed map (`additionalProperties` without properties).
    Map,
    /// Any JSON object (`type: object` and nothing more).
    AnyObject,
    /// `oneOf`, `anyOf` or `allOf`, by keyword.
    Composite(&'static str),
    /// Any JSON value.
    Any,
}

impl Shape {
    /// The shape of `schema`, as written (references are not followed: a reference is a name).
    pub(super) fn of(schema: &Value) -> Shape {
        if let Some(target) = reference(schema) {
            return Shape::Named(schema_name(target).unwrap_or_else(|| target.to_owned()));
        }
        for keyword in COMPOSITE_KEYWORDS {
            if schema
                .get(keyword)
                .and_then(Value::as_array)
                .is_some_and(|members| !members.is_empty())
            {
                return Shape::Composite(keyword);
            }
        }
        let declared = schema.get("type").and_then(Value::as_str);
        let has = |key: &str| schema.get(key).is_some();
        if declared == Some("object") || has("properties") || has("additionalProperties") {
            return object_shape(schema);
        }
        if declared == Some("array") || has("items") {
            return Shape::Array;
        }
        let format = format_of(schema);
        match declared {
            Some("string") if has_string_enum(schema) => Shape::Enum,
            Some("string") => Shape::Scalar(match format {
                Some("date-time") => "DateTime<Utc>",
                Some("date") => "NaiveDate",
                _ => "String",
            }),
            Some("integer") => Shape::Scalar(if format == Some("int32") {
                "i32"
            } else {
                "i64"
            }),
            Some("number") => Shape::Scalar(if format == Some("float") {
                "f32"
            } else {
                "f64"
            }),
            Some("boolean") => Shape::Scalar("bool"),
            None if has_string_enum(schema) => Shape::Enum,
            _ => Shape::Any,
        }
    }
}

/// The keywords whose members make a composite, in the order the generator looks for them.
pub(super) const COMPOSITE_KEYWORDS: [&str; 3] = ["oneOf", "anyOf", "allOf"];

/// `format`, when it is a string.
pub(super) fn format_of(schema: &Value) -> Option<&str> {
    schema.get("format").and_then(Value::as_str)
}

/// An object schema's shape: a struct when it has properties, else a map or any object.
fn object_shape(schema: &Value) -> Shape {
    let has_properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|properties| !properties.is_empty());
    if has_properties {
        return Shape::Struct;
    }
    match schema.get("additionalProperties") {
        None | Some(Value::Bool(false)) => Shape::AnyObject,
        Some(_) => Shape::Map,
    }
}

/// Whether the schema lists string values (the generator makes an enum of them).
fn has_string_enum(schema: &Value) -> bool {
    schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.iter().any(Value::is_string))
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::Named(name) => write!(f, "`{name}`"),
            Shape::Scalar(rust) => write!(f, "`{rust}`"),
            Shape::Enum => f.write_str("string enum"),
            Shape::Struct => f.write_str("object"),
            Shape::Array => f.write_str("array"),
            Shape::Map => f.write_str("map"),
            Shape::AnyObject => f.write_str("any object"),
            Shape::Composite(keyword) => write!(f, "`{keyword}`"),
            Shape::Any => f.write_str("any value"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shapes_follow_the_generators_mapping() {
        let cases = [
            (
                json!({"$ref": "#/components/schemas/simple-user"}),
                "`simple-user`",
            ),
            (json!({"type": "integer"}), "`i64`"),
            (json!({"type": "integer", "format": "int64"}), "`i64`"),
            (json!({"type": "integer", "format": "int32"}), "`i32`"),
            (json!({"type": "number", "format": "float"}), "`f32`"),
            (json!({"type": "number"}), "`f64`"),
            (json!({"type": "string", "format": "uri"}), "`String`"),
            (
                json!({"type": "string", "format": "date-time"}),
                "`DateTime<Utc>`",
            ),
            (json!({"type": "string", "format": "date"}), "`NaiveDate`"),
            (json!({"type": "boolean"}), "`bool`"),
            (json!({"type": "string", "enum": ["a"]}), "string enum"),
            (json!({"enum": ["a", "b"]}), "string enum"),
            (json!({"properties": {"a": {}}}), "object"),
            (json!({"type": "object"}), "any object"),
            (
                json!({"type": "object", "additionalProperties": true}),
                "map",
            ),
            (
                json!({"type": "object", "properties": {}, "additionalProperties": {"type": "string"}}),
                "map",
            ),
            (json!({"items": {"type": "string"}}), "array"),
            (json!({"oneOf": [{}, {}]}), "`oneOf`"),
            (json!({"allOf": [{}]}), "`allOf`"),
            (json!({}), "any value"),
            (json!({"description": "no type"}), "any value"),
        ];
        for (schema, expected) in cases {
            assert_eq!(Shape::of(&schema).to_string(), expected, "{schema}");
        }
    }
}
