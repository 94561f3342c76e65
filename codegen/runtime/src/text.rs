//! Parameter values that are not plain scalars, written as text for a path, a query or a header.

use serde::Serialize;

/// The text of a parameter value whose type has no `Display` (a union, an object, an array of
/// those): strings as they are, numbers and booleans as JSON writes them, arrays as their items
/// joined by `,` (OpenAPI's default `form` style without `explode`), `null` as nothing, objects
/// as JSON text.
pub fn parameter_text<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(value) => value_text(&value),
        // Only maps with non-string keys fail to serialise; generated types have none.
        Err(_) => String::new(),
    }
}

fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Array(items) => {
            items.iter().map(value_text).collect::<Vec<_>>().join(",")
        }
        other => other.to_string(),
    }
}
