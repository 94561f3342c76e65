//! Unit tests of parsing and applying overrides.

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

fn apply_str(text: &str, fragment: &mut Value) -> Result<Vec<Effect>, String> {
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
fn a_value_already_there_is_not_needed_rather_than_an_error() {
    let mut fragment = json!({"a": {"b": {"x": 1, "y": [true]}, "list": [null]}});
    let before = fragment.clone();
    let effects = apply_str(&one("/a/b", "{y: [true], x: 1}"), &mut fragment).unwrap();
    assert_eq!(effects, [Effect::AlreadyUpstream]);
    let effects = apply_str(&one("/a/list/0", "null"), &mut fragment).unwrap();
    assert_eq!(effects, [Effect::AlreadyUpstream]);
    assert_eq!(fragment, before);
    assert_eq!(
        Effect::AlreadyUpstream.describe(),
        "not needed: upstream already holds this value"
    );
}

#[test]
fn if_absent_skip_skips_a_missing_place_and_still_applies_a_present_one() {
    let skip =
        |pointer: &str| one(pointer, "true").replace("  reason:", "  if_absent: skip\n  reason:");
    let mut fragment = json!({"a": {"b": 1}});
    let effects = apply_str(&skip("/gone/x"), &mut fragment).unwrap();
    assert_eq!(
        effects,
        [Effect::SkippedAbsent(
            "`/gone` does not exist in the vendored fragment".to_owned()
        )]
    );
    assert_eq!(fragment, json!({"a": {"b": 1}}));
    assert_eq!(
        effects[0].describe(),
        "skipped: `/gone` does not exist in the vendored fragment"
    );
    let effects = apply_str(&skip("/a/b"), &mut fragment).unwrap();
    assert_eq!(effects, [Effect::Applied]);
    assert_eq!(fragment, json!({"a": {"b": true}}));
    // The default is to fail, with a hint at the way out.
    let error = apply_str(&one("/gone/x", "true"), &mut fragment).unwrap_err();
    assert!(
        error.ends_with("add `if_absent: skip` to the override)"),
        "{error}"
    );
    let error = parse_str(&one("/a", "1").replace("  reason:", "  if_absent: maybe\n  reason:"))
        .map(|_| ())
        .unwrap_err();
    assert_eq!(
        error,
        "override 1 (`/a`) has `if_absent: \"maybe\"`; expected `fail` (the default) or `skip`"
    );
}

#[test]
fn holds_in_compares_the_value_at_the_pointer() {
    let overrides = parse_str(&one("/a/list/1", "{x: 1}")).unwrap();
    assert!(overrides[0].holds_in(&json!({"a": {"list": [0, {"x": 1}]}})));
    assert!(!overrides[0].holds_in(&json!({"a": {"list": [0, {"x": 2}]}})));
    assert!(!overrides[0].holds_in(&json!({"a": {"list": [0]}})));
    assert!(!overrides[0].holds_in(&json!({"a": "list"})));
}

#[test]
fn rejects_a_value_with_a_dangling_reference() {
    let mut fragment = json!({"components": {"schemas": {"kept": {}, "user": {}}}});
    let effects = apply_str(
        &one(
            "/components/schemas/user",
            "{$ref: '#/components/schemas/kept'}",
        ),
        &mut fragment.clone(),
    )
    .unwrap();
    assert_eq!(effects, [Effect::Applied]);
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
