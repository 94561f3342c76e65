//! The schema rules on a small document: an operation `things/create` (`POST /things`) whose
//! request body is the schema `input` and whose 201 response is the schema `output`.

use serde_json::{Value, json};

use super::set;
use crate::diff::compare;
use crate::diff::report::Subject;
use crate::diff::rules::Rule;

fn api(input: Value, output: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": "1"},
        "paths": {"/things": {"post": {
            "operationId": "things/create",
            "requestBody": {
                "required": true,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/input"}}}
            },
            "responses": {"201": {
                "description": "Created",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/output"}}}
            }}
        }}},
        "components": {"schemas": {"input": input, "output": output}}
    })
}

fn object(required: &[&str], properties: Value) -> Value {
    json!({"type": "object", "required": required, "properties": properties})
}

/// `(place, rule)` of every change from `old` to `new`.
fn rules(old: &Value, new: &Value) -> Vec<(String, Rule)> {
    compare(old, new)
        .expect("both fragments lower")
        .changes
        .into_iter()
        .map(|change| (change.place, change.rule))
        .collect()
}

/// What each change from `old` to `new` says, in order.
fn whats(old: &Value, new: &Value) -> Vec<String> {
    compare(old, new)
        .expect("both fragments lower")
        .changes
        .into_iter()
        .map(|change| change.what)
        .collect()
}

fn owned(expected: &[(&str, Rule)]) -> Vec<(String, Rule)> {
    expected
        .iter()
        .map(|(place, rule)| ((*place).to_owned(), *rule))
        .collect()
}

#[test]
fn identical_documents_have_no_changes() {
    let document = api(object(&["a"], json!({"a": {"type": "string"}})), json!({}));
    let report = compare(&document, &document).expect("both fragments lower");
    assert!(report.changes.is_empty());
    assert_eq!(report.summary(), "0 breaking, 0 non-breaking changes");
}

#[test]
fn fields_added_to_response_only_types_do_not_break() {
    let old = api(
        json!({}),
        object(&["id"], json!({"id": {"type": "integer"}})),
    );
    let mut new = old.clone();
    set(
        &mut new,
        "/components/schemas/output/properties/name",
        json!({"type": "string"}),
    );
    set(
        &mut new,
        "/components/schemas/output/properties/url",
        json!({"type": "string"}),
    );
    set(
        &mut new,
        "/components/schemas/output/required",
        json!(["id", "url"]),
    );
    assert_eq!(
        rules(&old, &new),
        owned(&[
            ("name", Rule::ResponseFieldAdded),
            ("url", Rule::ResponseFieldAdded)
        ])
    );
    let report = compare(&old, &new).expect("both fragments lower");
    assert_eq!(report.changes[0].what, "property added: optional, `String`");
    assert_eq!(report.changes[1].what, "property added: required, `String`");
    assert_eq!(
        report.changes[0].subject,
        Subject::Schema("output".to_owned())
    );
    assert_eq!(
        report.changes[0].pointer,
        "#/components/schemas/output/properties/name"
    );
}

#[test]
fn fields_added_to_request_types_break_unless_the_type_can_be_built_without_them() {
    let string = json!({"type": "string"});
    let with_field = |input: &Value, name: &str, required: bool, nullable: bool| {
        let mut new = api(input.clone(), json!({}));
        let mut schema = string.clone();
        if nullable {
            schema["nullable"] = json!(true);
        }
        set(
            &mut new,
            &format!("/components/schemas/input/properties/{name}"),
            schema,
        );
        if required {
            new["components"]["schemas"]["input"]["required"]
                .as_array_mut()
                .expect("required list")
                .push(json!(name));
        }
        rules(&api(input.clone(), json!({})), &new)
    };
    let all_optional = object(&[], json!({"a": string}));
    let mixed = object(&["a"], json!({"a": string, "b": string}));
    let all_required = object(&["a"], json!({"a": string}));
    let eight_required: Vec<String> = (0..8).map(|i| format!("r{i}")).collect();
    let mut properties = serde_json::Map::new();
    for name in &eight_required {
        properties.insert(name.clone(), string.clone());
    }
    properties.insert("optional".to_owned(), string.clone());
    let names: Vec<&str> = eight_required.iter().map(String::as_str).collect();
    let too_big_for_new = object(&names, Value::Object(properties));

    let buildable = owned(&[("x", Rule::OptionalFieldAddedToBuildableRequest)]);
    let literal_only = owned(&[("x", Rule::OptionalFieldAddedToLiteralOnlyRequest)]);
    assert_eq!(with_field(&all_optional, "x", false, false), buildable);
    assert_eq!(with_field(&mixed, "x", false, false), buildable);
    assert_eq!(with_field(&all_required, "x", false, false), literal_only);
    assert_eq!(
        with_field(&too_big_for_new, "x", false, false),
        literal_only
    );
    // Required but nullable is an `Option` too, and `new` does not ask for it.
    assert_eq!(with_field(&mixed, "x", true, true), buildable);
    assert_eq!(
        with_field(&all_optional, "x", true, false),
        owned(&[("x", Rule::RequiredRequestFieldAdded)])
    );
}

#[test]
fn a_schema_in_requests_and_responses_gets_the_stricter_verdict() {
    let input = object(&["a"], json!({"a": {"type": "string"}}));
    let mut old = api(input, json!({}));
    // The response now returns the request's schema too.
    set(
        &mut old,
        "/components/schemas/output",
        json!({"$ref": "#/components/schemas/input"}),
    );
    let mut new = old.clone();
    set(
        &mut new,
        "/components/schemas/input/properties/b",
        json!({"type": "string"}),
    );
    assert_eq!(
        rules(&old, &new),
        owned(&[("b", Rule::OptionalFieldAddedToLiteralOnlyRequest)])
    );
}

#[test]
fn removals_break_and_new_schemas_do_not() {
    let old = api(
        object(&[], json!({"a": {"type": "string"}})),
        object(&[], json!({"b": {"type": "string"}})),
    );
    let mut new = old.clone();
    set(&mut new, "/components/schemas/input/properties", json!({}));
    set(
        &mut new,
        "/components/schemas/output/properties",
        json!({"c": {"type": "string"}}),
    );
    new["components"]["schemas"]["extra"] = json!({"type": "string"});
    let report = compare(&old, &new).expect("both fragments lower");
    let found: Vec<(String, String, Rule)> = report
        .changes
        .iter()
        .map(|c| (c.subject.name().to_owned(), c.place.clone(), c.rule))
        .collect();
    assert_eq!(
        found,
        [
            ("extra".to_owned(), String::new(), Rule::SchemaAdded),
            // Without properties the input is any object: its struct is gone.
            ("input".to_owned(), String::new(), Rule::TypeChanged),
            (
                "output".to_owned(),
                "c".to_owned(),
                Rule::ResponseFieldAdded
            ),
            ("output".to_owned(), "b".to_owned(), Rule::FieldRemoved),
        ]
    );
    let mut gone = old.clone();
    gone["components"]["schemas"]["unused"] = json!({"type": "string"});
    assert_eq!(rules(&gone, &old), owned(&[("", Rule::SchemaRemoved)]));
}

#[test]
fn type_and_format_changes_break_only_when_the_rust_type_changes() {
    let old = api(
        json!({}),
        object(
            &[],
            json!({
                "a": {"type": "integer"},
                "b": {"type": "integer", "format": "int32"},
                "c": {"type": "string"},
                "d": {"type": "string"},
                "e": {"type": "integer"},
                "f": {"$ref": "#/components/schemas/input"},
                "g": {"type": "array", "items": {"type": "string"}}
            }),
        ),
    );
    let mut new = old.clone();
    let at = "/components/schemas/output/properties";
    set(
        &mut new,
        &format!("{at}/a"),
        json!({"type": "integer", "format": "int64"}),
    );
    set(
        &mut new,
        &format!("{at}/b"),
        json!({"type": "integer", "format": "int64"}),
    );
    set(
        &mut new,
        &format!("{at}/c"),
        json!({"type": "string", "format": "uri"}),
    );
    set(
        &mut new,
        &format!("{at}/d"),
        json!({"type": "string", "format": "date-time"}),
    );
    set(&mut new, &format!("{at}/e"), json!({"type": "string"}));
    set(
        &mut new,
        &format!("{at}/f"),
        json!({"$ref": "#/components/schemas/output"}),
    );
    set(
        &mut new,
        &format!("{at}/g/items"),
        json!({"type": "integer"}),
    );
    assert_eq!(
        rules(&old, &new),
        owned(&[
            ("a", Rule::FormatChangedSameType),
            ("b", Rule::TypeChanged),
            ("c", Rule::FormatChangedSameType),
            ("d", Rule::TypeChanged),
            ("e", Rule::TypeChanged),
            ("f", Rule::TypeChanged),
            ("g[]", Rule::TypeChanged),
        ])
    );
    let whats = whats(&old, &new);
    assert_eq!(whats[0], "format changed: none → `int64`; still `i64`");
    assert_eq!(whats[1], "type changed: `i32` → `i64`");
    assert_eq!(whats[3], "type changed: `String` → `DateTime<Utc>`");
    assert_eq!(whats[5], "type changed: `input` → `output`");
}

#[test]
fn required_and_nullable_changes_break_when_the_option_changes() {
    let string = json!({"type": "string"});
    let nullable = json!({"type": "string", "nullable": true});
    let old = api(
        json!({}),
        object(
            &["c", "d", "e"],
            json!({
                "a": string, "b": string, "c": string, "d": nullable,
                "e": {"$ref": "#/components/schemas/inner"},
                "list": {"type": "array", "items": string}
            }),
        ),
    );
    let mut old = old;
    old["components"]["schemas"]["inner"] = object(&[], json!({"x": string}));
    let mut new = old.clone();
    let at = "/components/schemas/output";
    set(&mut new, &format!("{at}/required"), json!(["a", "c", "e"]));
    set(&mut new, &format!("{at}/properties/b"), nullable.clone());
    set(&mut new, &format!("{at}/properties/c"), nullable.clone());
    set(&mut new, &format!("{at}/properties/list/items"), nullable);
    set(&mut new, "/components/schemas/inner/nullable", json!(true));
    let report = compare(&old, &new).expect("both fragments lower");
    let found: Vec<(&str, Rule, &str)> = report
        .changes
        .iter()
        .map(|c| (c.place.as_str(), c.rule, c.what.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("a", Rule::OptionChanged, "now required; `Option<T>` → `T`"),
            (
                "b",
                Rule::PresenceChangedStillOption,
                "now nullable; still `Option<T>`"
            ),
            ("c", Rule::OptionChanged, "now nullable; `T` → `Option<T>`"),
            (
                "d",
                Rule::PresenceChangedStillOption,
                "now optional; still `Option<T>`"
            ),
            (
                "e",
                Rule::OptionChanged,
                "now nullable (through `inner`); `T` → `Option<T>`"
            ),
            (
                "list[]",
                Rule::OptionChanged,
                "items now nullable; `T` → `Option<T>`"
            ),
        ]
    );
}

#[test]
fn read_only_and_write_only_count_as_the_generator_counts_them() {
    let string = json!({"type": "string"});
    // `input` is sent only, `output` received only, `both` travels both ways.
    let properties = json!({"id": string, "secret": string});
    let mut old = api(
        object(&["id", "secret"], properties.clone()),
        object(&["id", "secret"], properties.clone()),
    );
    old["components"]["schemas"]["both"] = object(&["id", "secret"], properties);
    old["paths"]["/things"]["post"]["responses"]["200"] = json!({
        "description": "Both",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/both"}}}
    });
    old["paths"]["/things"]["post"]["parameters"] = json!([{
        "name": "both", "in": "query",
        "schema": {"$ref": "#/components/schemas/both"}
    }]);
    let mut new = old.clone();
    for schema in ["input", "output", "both"] {
        let at = format!("/components/schemas/{schema}/properties");
        set(
            &mut new,
            &format!("{at}/id"),
            json!({"type": "string", "readOnly": true}),
        );
        set(
            &mut new,
            &format!("{at}/secret"),
            json!({"type": "string", "writeOnly": true}),
        );
    }
    let found: Vec<(String, String)> = compare(&old, &new)
        .expect("both fragments lower")
        .changes
        .into_iter()
        .filter(|change| change.rule == Rule::OptionChanged)
        .map(|change| (format!("{:?}", change.subject), change.place))
        .collect();
    // Required one way only: an `Option` where the type also travels the other way.
    let schema = |name: &str| format!("{:?}", Subject::Schema(name.to_owned()));
    assert_eq!(
        found,
        [
            (schema("both"), "id".to_owned()),
            (schema("both"), "secret".to_owned()),
            (schema("input"), "id".to_owned()),
            (schema("output"), "secret".to_owned()),
        ]
    );
}

#[test]
fn enum_values_added_do_not_break_and_removed_ones_do() {
    let old = api(
        json!({}),
        object(
            &[],
            json!({"state": {"type": "string", "enum": ["a", "b"]}, "order": {"enum": ["x", "y"]}}),
        ),
    );
    let mut new = old.clone();
    let at = "/components/schemas/output/properties";
    set(&mut new, &format!("{at}/state/enum"), json!(["a", "c"]));
    set(&mut new, &format!("{at}/order/enum"), json!(["y", "x"]));
    assert_eq!(
        rules(&old, &new),
        owned(&[
            ("state", Rule::EnumValueAdded),
            ("state", Rule::EnumValueRemoved),
            ("order", Rule::EnumValuesReordered),
        ])
    );
    let whats = whats(&old, &new);
    assert_eq!(
        whats[..2],
        ["enum value added: `c`", "enum value removed: `b`"]
    );
}

#[test]
fn unions_maps_and_composites_compare_their_parts() {
    let string = json!({"type": "string"});
    let old = api(
        json!({}),
        object(
            &[],
            json!({
                "either": {"oneOf": [object(&[], json!({"a": string})), string]},
                "pair": {"anyOf": [string, {"type": "integer"}]},
                "labels": {"type": "object", "additionalProperties": string},
                "extra": object(&[], json!({"a": string}))
            }),
        ),
    );
    let mut new = old.clone();
    let at = "/components/schemas/output/properties";
    set(
        &mut new,
        &format!("{at}/either/oneOf/0/properties/b"),
        string.clone(),
    );
    set(
        &mut new,
        &format!("{at}/pair/anyOf"),
        json!([string, {"type": "integer"}, {"type": "boolean"}]),
    );
    set(
        &mut new,
        &format!("{at}/labels/additionalProperties"),
        json!({"type": "integer"}),
    );
    set(
        &mut new,
        &format!("{at}/extra/additionalProperties"),
        json!(true),
    );
    assert_eq!(
        rules(&old, &new),
        owned(&[
            ("either.oneOf[0].b", Rule::ResponseFieldAdded),
            ("pair", Rule::AlternativesChanged),
            ("labels{}", Rule::TypeChanged),
            ("extra", Rule::AdditionalPropertiesChanged),
        ])
    );
}

#[test]
fn a_union_discriminator_changes_decoding_and_elsewhere_is_a_constraint() {
    let member = |kind: &str| {
        object(
            &["kind"],
            json!({"kind": {"type": "string", "enum": [kind]}}),
        )
    };
    let union = |discriminator: Value| json!({"oneOf": [member("a"), member("b")], "discriminator": discriminator});
    let old = api(
        json!({}),
        object(
            &[],
            json!({
                "mapped": union(json!({"propertyName": "kind", "mapping": {"a": "#/x"}})),
                "renamed": union(json!({"propertyName": "kind"})),
                "plain": {"type": "object", "discriminator": {"propertyName": "kind"}}
            }),
        ),
    );
    let mut new = old.clone();
    let at = "/components/schemas/output/properties";
    set(
        &mut new,
        &format!("{at}/mapped/discriminator/mapping/b"),
        json!("#/y"),
    );
    set(
        &mut new,
        &format!("{at}/renamed/discriminator/propertyName"),
        json!("type"),
    );
    set(
        &mut new,
        &format!("{at}/plain/discriminator/propertyName"),
        json!("type"),
    );
    assert_eq!(
        rules(&old, &new),
        owned(&[
            ("mapped", Rule::DiscriminatorChanged),
            ("renamed", Rule::DiscriminatorChanged),
            ("plain", Rule::Constraint),
        ])
    );
    let whats = whats(&old, &new);
    assert_eq!(
        whats[..2],
        [
            "`discriminator` mapping of `kind` changed",
            "`discriminator` changed: `kind` → `type`"
        ]
    );
}

#[test]
fn documentation_and_constraints_do_not_break_and_extensions_are_ignored() {
    let old = api(
        json!({}),
        object(
            &[],
            json!({"a": {"type": "string", "description": "old", "maxLength": 5}}),
        ),
    );
    let mut new = old.clone();
    let at = "/components/schemas/output/properties/a";
    set(
        &mut new,
        at,
        json!({"type": "string", "description": "new", "example": "x", "pattern": "^x", "x-note": 1}),
    );
    set(
        &mut new,
        "/components/schemas/output/x-github-breaking-changes",
        json!([]),
    );
    let report = compare(&old, &new).expect("both fragments lower");
    let found: Vec<(&str, Rule, &str)> = report
        .changes
        .iter()
        .map(|c| (c.place.as_str(), c.rule, c.what.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "a",
                Rule::Documentation,
                "documentation changed: description, example"
            ),
            (
                "a",
                Rule::Constraint,
                "constraint changed: maxLength, pattern"
            ),
        ]
    );
    assert_eq!(
        report.summary(),
        "0 breaking, 2 non-breaking changes (1 of them documentation only)"
    );
}

#[test]
fn a_base_that_others_extend_reports_its_fields_discriminator_and_extensions() {
    let extension = |field: &str| {
        json!({"allOf": [
            {"$ref": "#/components/schemas/output"},
            {"properties": {field: {"type": "string"}}}
        ]})
    };
    let mut base = object(&["kind"], json!({"kind": {"type": "string"}}));
    base["discriminator"] = json!({"propertyName": "kind"});
    let mut old = api(json!({}), base);
    set(&mut old, "/components/schemas/car", extension("seats"));
    let mut new = old.clone();
    set(&mut new, "/components/schemas/bus", extension("stops"));
    set(
        &mut new,
        "/components/schemas/output/properties/wheels",
        json!({"type": "integer"}),
    );
    set(
        &mut new,
        "/components/schemas/output/discriminator/propertyName",
        json!("type"),
    );
    let changes: Vec<(Subject, String, Rule)> = compare(&old, &new)
        .expect("both fragments lower")
        .changes
        .into_iter()
        .map(|change| (change.subject, change.what, change.rule))
        .collect();
    let output = Subject::Schema("output".to_owned());
    let found = |rule: Rule| {
        changes
            .iter()
            .find(|(subject, _, found)| *subject == output && *found == rule)
            .map(|(_, what, _)| what.as_str())
    };
    assert_eq!(
        found(Rule::AlternativesChanged),
        Some("schemas that extend it changed: `car` → `bus`, `car`")
    );
    assert_eq!(
        found(Rule::DiscriminatorChanged),
        Some("`discriminator` changed: `kind` → `type`")
    );
    assert!(found(Rule::ResponseFieldAdded).is_some(), "{changes:#?}");
    // Gaining its first extension makes the base a union: its type changes.
    let mut plain = old.clone();
    plain["components"]["schemas"]
        .as_object_mut()
        .expect("schemas")
        .remove("car");
    let whats = whats(&plain, &old);
    assert!(
        whats.contains(&"type changed: object → union".to_owned()),
        "{whats:?}"
    );
}

#[test]
fn properties_beside_an_all_of_are_compared_as_fields() {
    let beside = |properties: Value| {
        json!({
            "allOf": [{"$ref": "#/components/schemas/input"}],
            "required": ["id"],
            "properties": properties
        })
    };
    let old = api(
        object(&[], json!({"name": {"type": "string"}})),
        beside(json!({"id": {"type": "integer"}})),
    );
    let mut new = old.clone();
    set(
        &mut new,
        "/components/schemas/output/properties/id",
        json!({"type": "string"}),
    );
    set(
        &mut new,
        "/components/schemas/output/properties/extra",
        json!({"type": "string"}),
    );
    let found = rules(&old, &new);
    assert!(
        found.contains(&("id".to_owned(), Rule::TypeChanged)),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(_, rule)| *rule == Rule::ResponseFieldAdded),
        "{found:?}"
    );
}
