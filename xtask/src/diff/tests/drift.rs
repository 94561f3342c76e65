//! The verdicts follow what the generator emits. The changes on which a re-implementation of
//! the generator's schema classification drifted (`diff/shape.rs` once had one) and of its
//! nullability (`diff/spec.rs` once had one) are fed to the diff, and each verdict is checked
//! against the Rust both fragments generate: a breaking verdict, the one the case names, exactly
//! when the emitted field type changes.

use quote::ToTokens;
use serde_json::{Value, json};

use crate::diff::compare;
use crate::diff::rules::{Rule, Verdict};

/// `POST /things` takes an `input` whose required property `a` is `schema` (required, so that
/// whether `a` admits `null` decides whether it is an `Option`).
fn api(schema: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": "1"},
        "paths": {"/things": {"post": {
            "operationId": "things/create",
            "requestBody": {
                "required": true,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/input"}}}
            },
            "responses": {"204": {"description": "Created"}}
        }}},
        "components": {"schemas": {
            "input": {"type": "object", "required": ["a"], "properties": {"a": schema}},
            "thing": {"type": "object", "properties": {"id": {"type": "integer"}}}
        }}
    })
}

/// The Rust type the generator emits for `Input::a`.
fn emitted_field_type(document: &Value) -> String {
    let text = serde_json::to_string(document).expect("JSON");
    let files =
        codegen::generate(&text, &crate::regenerate::config()).expect("the fixture generates");
    let models = files
        .iter()
        .find(|file| file.name == "models.rs")
        .expect("a models file");
    let syntax = syn::parse_file(&models.contents).expect("generated code parses");
    syntax
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(input) if input.ident == "Input" => input
                .fields
                .iter()
                .find(|field| field.ident.as_ref().is_some_and(|name| name == "a"))
                .map(|field| field.ty.to_token_stream().to_string()),
            _ => None,
        })
        .expect("the struct Input has a field a")
}

/// The rules the diff reports at `a`, and whether the emitted type of `a` changed.
fn verdict_and_emission(old: Value, new: Value) -> (Vec<Rule>, bool) {
    let (old, new) = (api(old), api(new));
    let rules = compare(&old, &new)
        .expect("both fragments lower")
        .changes
        .into_iter()
        .filter(|change| change.place == "a")
        .map(|change| change.rule)
        .collect();
    let changed = emitted_field_type(&old) != emitted_field_type(&new);
    (rules, changed)
}

#[test]
fn verdicts_follow_the_emitted_types_where_a_copy_of_the_classification_drifted() {
    // Each case: what it is, the old and new schema of `a`, and the breaking rule the diff must
    // report when the emitted type changes (`None`: the emitted type stays).
    let cases = [
        (
            "an explicit `type` beside object keywords: still a `String`",
            json!({"type": "string"}),
            json!({"type": "string", "additionalProperties": true}),
            None,
        ),
        (
            "a `oneOf` with one member: still the member's type",
            json!({"$ref": "#/components/schemas/thing"}),
            json!({"oneOf": [{"$ref": "#/components/schemas/thing"}]}),
            None,
        ),
        (
            "an enum that gains a value that is not a string: any JSON value now",
            json!({"enum": ["a", "b"]}),
            json!({"enum": ["a", "b", 3]}),
            Some(Rule::TypeChanged),
        ),
        (
            "a nullable annotation member of an `allOf` beside a reference: `Option` now",
            json!({"$ref": "#/components/schemas/thing"}),
            json!({"allOf": [{"$ref": "#/components/schemas/thing"}, {"nullable": true}]}),
            Some(Rule::OptionChanged),
        ),
        (
            "a nullable annotation member of an `allOf` beside a type: `Option` now",
            json!({"type": "string"}),
            json!({"allOf": [{"type": "string"}, {"nullable": true}]}),
            Some(Rule::OptionChanged),
        ),
        (
            "a `null` member added to a one-member `oneOf`: `Option` now",
            json!({"oneOf": [{"$ref": "#/components/schemas/thing"}]}),
            json!({"oneOf": [{"$ref": "#/components/schemas/thing"}, {"type": "null"}]}),
            Some(Rule::OptionChanged),
        ),
    ];
    for (case, old, new, expected) in cases {
        let (rules, emitted_type_changed) = verdict_and_emission(old, new);
        assert_eq!(
            emitted_type_changed,
            expected.is_some(),
            "{case}: the generator"
        );
        match expected {
            Some(rule) => assert!(
                rules.contains(&rule) && rule.verdict() == Verdict::Breaking,
                "{case}: the verdict does not follow the emitted type: {rules:?}"
            ),
            None => assert!(
                rules
                    .iter()
                    .all(|rule| rule.verdict() == Verdict::NonBreaking),
                "{case}: the same Rust type cannot break: {rules:?}"
            ),
        }
    }
}
