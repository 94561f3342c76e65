//! `spec/overrides.yaml`: reviewed fixes for known inaccuracies upstream, set into the vendored
//! fragment after the cut. The format and the rules are described in the module docs of
//! [`super`] and in the header comment of the file itself.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use serde_json::{Map, Value};

use super::pointer;
use super::read::parse_yaml;
use super::select::find_references;

/// The keys an entry of the `overrides` list must have, and the only ones it may have.
const ENTRY_KEYS: [&str; 4] = ["pointer", "value", "reason", "upstream"];

/// What an override that sets the value already there says.
const ALREADY_UPSTREAM: &str = "already holds that value upstream; remove the override";

/// One entry of the overrides file.
pub(super) struct Override {
    /// Position in the file, counting from 1, for error messages.
    number: usize,
    /// The pointer as written in the file.
    pub(super) pointer: String,
    /// The pointer's unescaped segments; never empty.
    segments: Vec<String>,
    value: Value,
    pub(super) reason: String,
    pub(super) upstream: String,
}

impl Override {
    /// How errors name this override: by position and pointer.
    fn label(&self) -> String {
        label(self.number, &self.pointer)
    }
}

fn label(number: usize, pointer: &str) -> String {
    format!("override {number} (`{pointer}`)")
}

/// The overrides in the file at `path`; a missing file means no overrides.
pub(super) fn load(path: &Path) -> Result<Vec<Override>, String> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    parse(&bytes).map_err(|message| format!("{}: {message}", path.display()))
}

/// Parses and checks the text of an overrides file.
fn parse(bytes: &[u8]) -> Result<Vec<Override>, String> {
    const SHAPE: &str = "expected a mapping whose only key is `overrides`, holding a list \
                         (`overrides: []` for none)";
    let Value::Object(mut file) = parse_yaml(bytes)? else {
        return Err(SHAPE.to_owned());
    };
    let entries = file.remove("overrides");
    if let Some(key) = file.keys().next() {
        return Err(format!("unknown top-level key `{key}`; {SHAPE}"));
    }
    let Some(Value::Array(entries)) = entries else {
        return Err(SHAPE.to_owned());
    };
    let overrides = entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| parse_entry(index + 1, entry))
        .collect::<Result<Vec<_>, _>>()?;
    check_no_overlap(&overrides)?;
    Ok(overrides)
}

/// Parses one entry of the `overrides` list.
fn parse_entry(number: usize, entry: Value) -> Result<Override, String> {
    let Value::Object(mut entry) = entry else {
        return Err(format!(
            "override {number} is not a mapping with the keys `{}`",
            ENTRY_KEYS.join("`, `")
        ));
    };
    let pointer = match entry.remove("pointer") {
        Some(Value::String(pointer)) => pointer,
        _ => return Err(format!("override {number} has no string `pointer`")),
    };
    let label = label(number, &pointer);
    if let Some(key) = entry.keys().find(|key| !ENTRY_KEYS.contains(&key.as_str())) {
        return Err(format!(
            "{label} has the unknown key `{key}` (expected `{}`)",
            ENTRY_KEYS.join("`, `")
        ));
    }
    let segments =
        pointer::parse(&pointer).map_err(|e| format!("{label} has a malformed pointer: {e}"))?;
    if segments.is_empty() {
        return Err(format!(
            "{label} has a malformed pointer: the empty pointer names the whole fragment, \
             which an override may not replace"
        ));
    }
    // `value: null` is a value; only a missing key is an error.
    let value = entry
        .remove("value")
        .ok_or_else(|| format!("{label} has no `value`"))?;
    let reason = required_text(&mut entry, "reason", &label)?;
    let upstream = required_text(&mut entry, "upstream", &label)?;
    if !upstream.starts_with("https://") && !upstream.starts_with("http://") {
        return Err(format!(
            "{label} has an `upstream` that is not a link: `{upstream}` (link the upstream \
             report, or the repository's issue list when none is filed)"
        ));
    }
    Ok(Override {
        number,
        pointer,
        segments,
        value,
        reason,
        upstream,
    })
}

/// A required, non-blank string field of an entry, trimmed.
fn required_text(entry: &mut Map<String, Value>, key: &str, label: &str) -> Result<String, String> {
    match entry.remove(key) {
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(text.trim().to_owned()),
        _ => Err(format!("{label} has no `{key}` text")),
    }
}

/// Rejects two overrides of the same place, or one inside what another sets: the second would
/// silently undo or patch the first, and "already holds that value upstream" would then lie.
fn check_no_overlap(overrides: &[Override]) -> Result<(), String> {
    for (index, later) in overrides.iter().enumerate() {
        for earlier in &overrides[..index] {
            let (short, long) = if earlier.segments.len() <= later.segments.len() {
                (&earlier.segments, &later.segments)
            } else {
                (&later.segments, &earlier.segments)
            };
            if long.starts_with(short) {
                return Err(format!(
                    "{} overlaps {}: merge them into one override",
                    later.label(),
                    earlier.label()
                ));
            }
        }
    }
    Ok(())
}

/// Sets every override into `fragment`, in order, then checks that the references the new values
/// make resolve in the patched fragment.
pub(super) fn apply(overrides: &[Override], fragment: &mut Value) -> Result<(), String> {
    for entry in overrides {
        set(fragment, &entry.segments, &entry.value)
            .map_err(|message| format!("{} {message}", entry.label()))?;
    }
    for entry in overrides {
        let mut references = Vec::new();
        let at = format!("#{}", pointer::to_pointer(&entry.segments));
        find_references(&entry.value, &at, &mut references);
        if let Some(reference) = references
            .iter()
            .find(|reference| pointer::resolve_local_ref(fragment, &reference.target).is_none())
        {
            return Err(format!(
                "{} sets a dangling reference `{}` (at `{}`): the vendored fragment does not \
                 hold its target",
                entry.label(),
                reference.target,
                reference.found_at
            ));
        }
    }
    Ok(())
}

/// Sets `value` at `segments` (never empty) in `fragment`; the error completes "override N (...)".
fn set(fragment: &mut Value, segments: &[String], value: &Value) -> Result<(), String> {
    let Some((last, parents)) = segments.split_last() else {
        return Err("has a malformed pointer: it is empty".to_owned());
    };
    let mut parent = fragment;
    for (depth, segment) in parents.iter().enumerate() {
        let child = match parent {
            Value::Object(map) => map.get_mut(segment),
            Value::Array(items) => pointer::array_index(segment).and_then(|i| items.get_mut(i)),
            other => return Err(not_a_container(&parents[..depth], other)),
        };
        parent = child.ok_or_else(|| {
            format!(
                "no longer applies: `{}` does not exist in the vendored fragment",
                pointer::to_pointer(&parents[..=depth])
            )
        })?;
    }
    match parent {
        Value::Object(map) => {
            if map.get(last) == Some(value) {
                return Err(ALREADY_UPSTREAM.to_owned());
            }
            map.insert(last.clone(), value.clone());
        }
        Value::Array(items) => {
            let len = items.len();
            let slot = pointer::array_index(last)
                .and_then(|i| items.get_mut(i))
                .ok_or_else(|| {
                    format!(
                        "no longer applies: the array at `{}` has no item `{last}` (it has {len}; \
                         an override replaces an existing item only)",
                        pointer::to_pointer(parents)
                    )
                })?;
            if *slot == *value {
                return Err(ALREADY_UPSTREAM.to_owned());
            }
            *slot = value.clone();
        }
        other => return Err(not_a_container(parents, other)),
    }
    Ok(())
}

/// The error for a pointer that goes on below a value that has no children.
fn not_a_container(at: &[String], value: &Value) -> String {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    format!(
        "no longer applies: `{}` is {kind}, not an object or array",
        pointer::to_pointer(at)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse_str(text: &str) -> Result<Vec<Override>, String> {
        parse(text.as_bytes())
    }

    /// An overrides file with one entry setting `value` at `pointer`.
    fn one(pointer: &str, value: &str) -> String {
        format!(
            "overrides:\n- pointer: '{pointer}'\n  value: {value}\n  reason: r\n  \
             upstream: https://example.com/issues\n"
        )
    }

    fn apply_str(text: &str, fragment: &mut Value) -> Result<(), String> {
        apply(&parse_str(text)?, fragment)
    }

    #[test]
    fn parses_entries_in_order() {
        let overrides = parse_str(
            "# header\noverrides:\n\
             - pointer: /a~1b/0\n  value: null\n  reason: ' first '\n  upstream: https://x/1\n\
             - pointer: /c\n  value: {200: ok}\n  reason: second\n  upstream: http://x/2\n",
        )
        .unwrap();
        assert_eq!(overrides.len(), 2);
        assert_eq!(overrides[0].pointer, "/a~1b/0");
        assert_eq!(overrides[0].segments, ["a/b", "0"]);
        assert_eq!(overrides[0].value, Value::Null);
        assert_eq!(overrides[0].reason, "first");
        assert_eq!(overrides[1].value, json!({"200": "ok"}));
        assert_eq!(overrides[1].label(), "override 2 (`/c`)");
        assert!(parse_str("overrides: []\n").unwrap().is_empty());
    }

    #[test]
    fn rejects_malformed_files() {
        let cases = [
            ("", "expected a mapping whose only key is `overrides`"),
            (
                "overrides:\n",
                "expected a mapping whose only key is `overrides`",
            ),
            ("overides: []\n", "unknown top-level key `overides`"),
            ("overrides: [1]\n", "override 1 is not a mapping"),
            (
                "overrides:\n- value: 1\n",
                "override 1 has no string `pointer`",
            ),
            (
                &one("a/b", "1"),
                "override 1 (`a/b`) has a malformed pointer: a JSON pointer starts with `/`",
            ),
            (
                &one("#/a", "1"),
                "override 1 (`#/a`) has a malformed pointer: a JSON pointer starts with `/`",
            ),
            (
                &one("/a~2", "1"),
                "override 1 (`/a~2`) has a malformed pointer: `~` must be followed",
            ),
            (
                &one("", "1"),
                "override 1 (``) has a malformed pointer: the empty pointer",
            ),
            (
                "overrides:\n- pointer: /a\n  reason: r\n  upstream: https://x\n",
                "override 1 (`/a`) has no `value`",
            ),
            (
                "overrides:\n- pointer: /a\n  value: 1\n  upstream: https://x\n",
                "override 1 (`/a`) has no `reason` text",
            ),
            (
                "overrides:\n- pointer: /a\n  value: 1\n  reason: ' '\n  upstream: https://x\n",
                "override 1 (`/a`) has no `reason` text",
            ),
            (
                "overrides:\n- pointer: /a\n  value: 1\n  reason: r\n  upstream: none\n",
                "override 1 (`/a`) has an `upstream` that is not a link",
            ),
            (
                "overrides:\n- pointer: /a\n  valeu: 1\n  reason: r\n  upstream: https://x\n",
                "override 1 (`/a`) has the unknown key `valeu`",
            ),
        ];
        for (text, expected) in cases {
            let error = parse_str(text).map(|_| ()).unwrap_err();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
    }

    #[test]
    fn rejects_overlapping_overrides() {
        let text = format!(
            "{}{}",
            one("/a/b", "1"),
            one("/a/b/c", "2").replace("overrides:\n", "")
        );
        let error = parse_str(&text).map(|_| ()).unwrap_err();
        assert_eq!(
            error,
            "override 2 (`/a/b/c`) overlaps override 1 (`/a/b`): merge them into one override"
        );
        let text = format!(
            "{}{}",
            one("/a/b", "1"),
            one("/a/c", "2").replace("overrides:\n", "")
        );
        assert_eq!(parse_str(&text).unwrap().len(), 2);
    }

    #[test]
    fn sets_object_keys_and_replaces_array_items() {
        let mut fragment = json!({"a": {"b": 1, "list": [10, 20]}, "z": 0});
        apply_str(&one("/a/b", "2"), &mut fragment).unwrap();
        apply_str(&one("/a/new", "[x]"), &mut fragment).unwrap();
        apply_str(&one("/a/list/1", "21"), &mut fragment).unwrap();
        assert_eq!(
            fragment,
            json!({"a": {"b": 2, "list": [10, 21], "new": ["x"]}, "z": 0})
        );
        // An existing key keeps its place; a new one goes last.
        let keys: Vec<&String> = fragment["a"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["b", "list", "new"]);
    }

    #[test]
    fn reports_overrides_that_no_longer_apply() {
        let fragment = json!({"a": {"s": "text", "list": [10]}});
        let cases = [
            (
                one("/gone/b", "1"),
                "override 1 (`/gone/b`) no longer applies: `/gone` does not exist in the vendored fragment",
            ),
            (
                one("/a/s/x", "1"),
                "override 1 (`/a/s/x`) no longer applies: `/a/s` is a string, not an object or array",
            ),
            (
                one("/a/list/1", "1"),
                "override 1 (`/a/list/1`) no longer applies: the array at `/a/list` has no item `1` \
                 (it has 1; an override replaces an existing item only)",
            ),
            (
                one("/a/list/-", "1"),
                "override 1 (`/a/list/-`) no longer applies: the array at `/a/list` has no item `-`",
            ),
            (
                one("/a/list/01/x", "1"),
                "override 1 (`/a/list/01/x`) no longer applies: `/a/list/01` does not exist",
            ),
        ];
        for (text, expected) in cases {
            let error = apply_str(&text, &mut fragment.clone()).unwrap_err();
            assert!(error.starts_with(expected), "{error}");
        }
    }

    #[test]
    fn rejects_a_value_already_there() {
        let mut fragment = json!({"a": {"b": {"x": 1, "y": [true]}, "list": [null]}});
        let error = apply_str(&one("/a/b", "{y: [true], x: 1}"), &mut fragment).unwrap_err();
        assert_eq!(
            error,
            "override 1 (`/a/b`) already holds that value upstream; remove the override"
        );
        let error = apply_str(&one("/a/list/0", "null"), &mut fragment).unwrap_err();
        assert!(error.ends_with(ALREADY_UPSTREAM), "{error}");
    }

    #[test]
    fn rejects_a_value_with_a_dangling_reference() {
        let mut fragment = json!({"components": {"schemas": {"kept": {}, "user": {}}}});
        apply_str(
            &one(
                "/components/schemas/user",
                "{$ref: '#/components/schemas/kept'}",
            ),
            &mut fragment.clone(),
        )
        .unwrap();
        let error = apply_str(
            &one(
                "/components/schemas/user",
                "{items: {$ref: '#/components/schemas/gone'}}",
            ),
            &mut fragment,
        )
        .unwrap_err();
        assert_eq!(
            error,
            "override 1 (`/components/schemas/user`) sets a dangling reference \
             `#/components/schemas/gone` (at `#/components/schemas/user/items`): the vendored \
             fragment does not hold its target"
        );
    }

    #[test]
    fn missing_file_means_no_overrides() {
        let path = std::env::temp_dir().join(format!(
            "xtask-vendor-{}-no-such-overrides.yaml",
            std::process::id()
        ));
        assert!(load(&path).unwrap().is_empty());
    }
}
