//! How deep a document may nest, and reading JSON without serde_json's own limit.
//!
//! serde_json refuses JSON nested more than 128 levels, which a valid description passes with
//! a schema nested 60 levels through `properties` (two levels of JSON each). The generator sets
//! its own bound instead, [`MAX_DEPTH`], and reads JSON with serde_json's limit disabled and
//! serde_stacker growing the stack as the reader recurses, so reading itself never overflows.
//! A document deeper than the bound is refused with a diagnostic at the pointer where it gets
//! too deep; it is never built, so nothing later (`openapiv3`'s deserialisation, the walks of
//! `deep_schemas` and `openapi31`, dropping the tree) recurses further than the bound, and
//! [`STACK_SIZE`](crate::STACK_SIZE) is sized for it.
//!
//! YAML is read by serde_yaml, whose fixed limit of 128 levels stays: see the README.
//!
//! The components' examples ([`UNREAD`]) are checked for syntax but not built: nothing in the
//! generator reads them, and they are a fifth of the largest description of the benches.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::diagnostics::Pointer;

/// How many levels of JSON objects and arrays a document may nest: a schema nested 250 levels
/// through `properties` (500 levels of JSON) still reads. Real descriptions stay far below
/// (the largest public ones: about 21 levels).
pub const MAX_DEPTH: usize = 512;

/// The path of the one part of a document that is not read into the tree: the examples of
/// `components`, which the generator never uses (an operation's media types name them by
/// reference, and a reference is never followed there).
pub const UNREAD: [&str; 2] = ["components", "examples"];

/// Removes the part at [`UNREAD`] from a tree read otherwise (from YAML), so that the same
/// document gives the same tree whichever way it is written.
pub(super) fn remove_unread(document: &mut Value) {
    if let Some(Value::Object(parent)) = document.get_mut(UNREAD[0]) {
        parent.remove(UNREAD[1]);
    }
}

/// Why reading JSON failed.
pub(super) enum JsonError {
    /// Not JSON (with serde_json's line and column).
    Syntax(serde_json::Error),
    /// Nested deeper than [`MAX_DEPTH`] at this pointer.
    TooDeep(Pointer),
}

/// Reads JSON text into a tree, refusing one nested deeper than [`MAX_DEPTH`].
pub(super) fn read_json(text: &str) -> Result<Value, JsonError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer.disable_recursion_limit();
    let state = RefCell::new(ReadState::default());
    let seed = Node {
        state: &state,
        depth: 0,
        unread_prefix: Some(0),
    };
    let read = seed.deserialize(serde_stacker::Deserializer::new(&mut deserializer));
    if let Some(mut tokens) = state.into_inner().too_deep {
        tokens.reverse();
        let pointer = tokens
            .iter()
            .fold(Pointer::root(), |pointer, token| pointer.push(token));
        return Err(JsonError::TooDeep(pointer));
    }
    let value = read.map_err(JsonError::Syntax)?;
    deserializer.end().map_err(JsonError::Syntax)?;
    Ok(value)
}

/// Where the document got too deep, once it has: the keys and indexes from the value that was
/// too deep up to the root, innermost first, each added by its parent as the error passes it
/// (so reading a document that is not too deep keeps no path at all).
#[derive(Default)]
struct ReadState {
    too_deep: Option<Vec<String>>,
}

impl ReadState {
    fn refuse<E: serde::de::Error>(&mut self) -> E {
        self.too_deep = Some(Vec::new());
        E::custom(format_args!("nested more than {MAX_DEPTH} levels"))
    }

    /// Called by a parent whose child at `token` failed: part of the path if the child was
    /// refused for its depth.
    fn failed_at(&mut self, token: impl FnOnce() -> String) {
        if let Some(tokens) = &mut self.too_deep {
            tokens.push(token());
        }
    }
}

/// A value `depth` levels down, read into a `serde_json::Value`.
struct Node<'s> {
    state: &'s RefCell<ReadState>,
    depth: usize,
    /// How many keys of [`UNREAD`] the path to this value starts with, if it follows it so far.
    unread_prefix: Option<usize>,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.state.borrow_mut().refuse());
        }
        let mut values = Vec::new();
        loop {
            let child = Node {
                state: self.state,
                depth: self.depth + 1,
                unread_prefix: None,
            };
            let next = items.next_element_seed(child);
            if next.is_err() {
                self.state
                    .borrow_mut()
                    .failed_at(|| values.len().to_string());
            }
            match next? {
                Some(value) => values.push(value),
                None => return Ok(Value::Array(values)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.state.borrow_mut().refuse());
        }
        let mut map = Map::new();
        while let Some(key) = entries.next_key::<String>()? {
            let unread_prefix = self
                .unread_prefix
                .filter(|&matched| UNREAD[matched] == key)
                .map(|matched| matched + 1);
            if unread_prefix == Some(UNREAD.len()) {
                // serde_json checks its syntax without recursing, however deep it nests.
                entries.next_value::<IgnoredAny>()?;
                continue;
            }
            let child = Node {
                state: self.state,
                depth: self.depth + 1,
                unread_prefix,
            };
            let value = entries.next_value_seed(child);
            if value.is_err() {
                self.state.borrow_mut().failed_at(|| key.clone());
            }
            map.insert(key, value?);
        }
        Ok(Value::Object(map))
    }
}

/// How deep `value` nests (a scalar is 0 levels, `[]` one), without recursing.
#[cfg(test)]
fn depth_of(value: &Value) -> usize {
    let mut deepest = 0;
    let mut pending = vec![(value, 0)];
    while let Some((value, depth)) = pending.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        deepest = deepest.max(depth + 1);
        pending.extend(children.map(|child| (child, depth + 1)));
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested_arrays(levels: usize) -> String {
        format!("{}{}", "[".repeat(levels), "]".repeat(levels))
    }

    #[test]
    fn reads_past_serde_json_s_limit_up_to_the_bound() {
        let Ok(value) = read_json(&nested_arrays(MAX_DEPTH)) else {
            panic!("{MAX_DEPTH} levels read");
        };
        assert_eq!(depth_of(&value), MAX_DEPTH);
    }

    #[test]
    fn refuses_deeper_documents_at_the_pointer() {
        let text = format!(r#"{{"a": [{}]}}"#, nested_arrays(100_000));
        match read_json(&text) {
            Err(JsonError::TooDeep(pointer)) => {
                let expected = format!("#/a{}", "/0".repeat(MAX_DEPTH - 1));
                assert_eq!(pointer.as_str(), expected);
            }
            _ => panic!("refused as too deep"),
        }
    }

    #[test]
    fn the_pointer_names_the_keys_and_indexes_on_the_way() {
        let deep = nested_arrays(MAX_DEPTH);
        let text = format!(r#"{{"x": 1, "a": [5, {{"ok": [], "b~/": {deep}}}], "y": 2}}"#);
        match read_json(&text) {
            Err(JsonError::TooDeep(pointer)) => {
                // The arrays start 3 levels down, so the one at `MAX_DEPTH` is reached through
                // the first item of each of the `MAX_DEPTH - 3` above it.
                let expected = format!("#/a/1/b~0~1{}", "/0".repeat(MAX_DEPTH - 3));
                assert_eq!(pointer.as_str(), expected);
            }
            _ => panic!("refused as too deep"),
        }
    }

    #[test]
    fn the_components_examples_are_checked_but_not_built() {
        let text = r#"{"components": {"examples": {"a": {"value": [[1]]}}, "schemas": {}},
            "examples": {"kept": 1}, "x": {"components": {"examples": 2}}}"#;
        let Ok(value) = read_json(text) else {
            panic!("reads");
        };
        let expected = serde_json::json!({
            "components": {"schemas": {}},
            "examples": {"kept": 1},
            "x": {"components": {"examples": 2}}
        });
        assert_eq!(value, expected);
        let broken = r#"{"components": {"examples": {"a": [1, }}}"#;
        assert!(matches!(read_json(broken), Err(JsonError::Syntax(_))));
        let deep = format!(
            r#"{{"components": {{"examples": {}}}}}"#,
            nested_arrays(100_000)
        );
        assert!(
            read_json(&deep).is_ok(),
            "what is not built cannot be too deep"
        );
        let mut yaml: Value = serde_yaml::from_str(text).expect("YAML");
        remove_unread(&mut yaml);
        assert_eq!(yaml, expected);
    }

    #[test]
    fn syntax_errors_keep_their_position_and_trailing_text_is_refused() {
        assert!(matches!(read_json("[1, }"), Err(JsonError::Syntax(_))));
        assert!(matches!(read_json("[1] x"), Err(JsonError::Syntax(_))));
        assert!(read_json(r#"{"a": [1, 2.5, "x", null, true]}"#).is_ok());
    }
}
