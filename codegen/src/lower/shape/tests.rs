use serde_json::{Value, json};

use super::*;

fn schema(value: Value) -> Schema {
    serde_json::from_value(value).expect("a schema")
}

fn view(view: &SchemaView<'_>) -> String {
    match view {
        SchemaView::Ref(target) => target.rsplit('/').next().unwrap_or_default().to_owned(),
        SchemaView::Item(_) => "inline".to_owned(),
    }
}

/// The shape in a few words: the kind, then what it holds.
fn describe(shape: &Shape<'_>) -> String {
    let format = |format: &Option<String>| format.as_deref().map(|f| format!(" {f}"));
    match shape {
        Shape::String { format: f, values } if values.is_empty() => {
            format!("string{}", format(f).unwrap_or_default())
        }
        Shape::String { values, .. } => format!("string enum [{}]", values.join(", ")),
        Shape::Integer { format: f } => format!("integer{}", format(f).unwrap_or_default()),
        Shape::Number { format: f } => format!("number{}", format(f).unwrap_or_default()),
        Shape::Boolean => "boolean".to_owned(),
        Shape::Object(object) => {
            let properties: Vec<String> = object
                .properties
                .iter()
                .map(|(name, schema)| {
                    let required = if object.required.contains(name) {
                        "*"
                    } else {
                        ""
                    };
                    format!("{name}{required}: {}", view(schema))
                })
                .collect();
            let additional = match &object.additional {
                Additional::Closed => "closed".to_owned(),
                Additional::Anything => "any values".to_owned(),
                Additional::Values(values) => format!("values {}", view(values)),
            };
            format!("object {{{}}} {additional}", properties.join(", "))
        }
        Shape::Array { items } => match items {
            Some(items) => format!("array of {}", view(items)),
            None => "array".to_owned(),
        },
        Shape::Union {
            members, keyword, ..
        } => {
            let members: Vec<String> = members.iter().map(view).collect();
            format!("{keyword} [{}]", members.join(", "))
        }
        Shape::AllOf { members, own } => {
            let members: Vec<String> = members.iter().map(view).collect();
            let own = own.as_ref().map_or(String::new(), |own| {
                let properties: Vec<&str> = own.properties.iter().map(|(key, _)| *key).collect();
                format!(" + {{{}}}", properties.join(", "))
            });
            format!("allOf [{}]{own}", members.join(", "))
        }
        Shape::Any => "any".to_owned(),
    }
}

/// Checks the shape of `value` (as `openapiv3` reads it: typed, or its untyped `Any`
/// form), whether it needs a named type, and the primitive a scalar becomes.
fn check(value: Value, expected: &str, named: bool, primitive: Option<Primitive>) {
    let schema = schema(value.clone());
    let shape = classify(&schema);
    assert_eq!(describe(&shape), expected, "{value}");
    assert_eq!(shape.needs_name(), named, "{value}: needs a name");
    assert_eq!(shape.primitive(), primitive, "{value}: primitive");
}

#[test]
fn scalars_become_the_primitive_their_format_picks() {
    use Primitive::{Bool, Date, DateTime, F32, F64, I32, I64};
    let text = Some(Primitive::String);
    check(json!({"type": "string"}), "string", false, text);
    let date_time = json!({"type": "string", "format": "date-time"});
    check(date_time, "string date-time", false, Some(DateTime));
    let date = json!({"type": "string", "format": "date"});
    check(date, "string date", false, Some(Date));
    // Formats the generator has no type for keep the plain type.
    check(
        json!({"type": "string", "format": "uri"}),
        "string uri",
        false,
        text,
    );
    check(json!({"type": "integer"}), "integer", false, Some(I64));
    let int32 = json!({"type": "integer", "format": "int32"});
    check(int32, "integer int32", false, Some(I32));
    let int64 = json!({"type": "integer", "format": "int64"});
    check(int64, "integer int64", false, Some(I64));
    check(json!({"type": "number"}), "number", false, Some(F64));
    let float = json!({"type": "number", "format": "float"});
    check(float, "number float", false, Some(F32));
    check(json!({"type": "boolean"}), "boolean", false, Some(Bool));
    // An explicit `type` wins over keywords of other types left around.
    let stray = json!({"type": "string", "additionalProperties": true});
    check(stray, "string", false, text);
}

#[test]
fn string_enums_need_a_name_and_other_enums_are_any_value() {
    let text = Some(Primitive::String);
    let typed = json!({"type": "string", "enum": ["a", "b"]});
    check(typed, "string enum [a, b]", true, text);
    // Without `type`: values that are all strings (a `null` among them aside) make a
    // string enum; any other value makes it any JSON value.
    check(
        json!({"enum": ["a", "b"]}),
        "string enum [a, b]",
        true,
        text,
    );
    check(json!({"enum": ["a", null]}), "string enum [a]", true, text);
    check(json!({"enum": ["a", 1]}), "any", false, None);
}

#[test]
fn objects_with_properties_need_a_name_and_maps_do_not() {
    let object = json!({
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"$ref": "#/components/schemas/b"}},
        "required": ["a"]
    });
    check(object, "object {a*: inline, b: b} closed", true, None);
    let untyped = json!({"properties": {"a": {}}});
    check(untyped, "object {a: inline} closed", true, None);
    check(json!({"type": "object"}), "object {} closed", false, None);
    let any_values = json!({"type": "object", "additionalProperties": true});
    check(any_values, "object {} any values", false, None);
    let map = json!({"additionalProperties": {"type": "string"}});
    check(map, "object {} values inline", false, None);
    let array = json!({"type": "array", "items": {"$ref": "#/components/schemas/b"}});
    check(array, "array of b", false, None);
    check(
        json!({"items": {"type": "string"}}),
        "array of inline",
        false,
        None,
    );
}

#[test]
fn properties_beside_alternatives_of_required_names_are_one_object() {
    // `a` is required by every alternative, `b` and `c` by one each.
    let required_sets = json!({
        "properties": {"a": {}, "b": {}, "c": {}},
        "anyOf": [{"required": ["a", "b"]}, {"required": ["c", "a"]}]
    });
    check(
        required_sets,
        "object {a*: inline, b: inline, c: inline} closed",
        true,
        None,
    );
    // An alternative that says more, or a reference, keeps the union.
    let typed_alternative = json!({
        "properties": {"a": {}},
        "oneOf": [{"required": ["a"]}, {"type": "string"}]
    });
    check(typed_alternative, "oneOf [inline, inline]", true, None);
    let referenced = json!({
        "properties": {"a": {}},
        "oneOf": [{"required": ["a"]}, {"$ref": "#/components/schemas/b"}]
    });
    check(referenced, "oneOf [inline, b]", true, None);
}

#[test]
fn composites_keep_their_members_and_the_rest_is_any_value() {
    let one_of = json!({"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/b"}]});
    check(one_of, "oneOf [inline, b]", true, None);
    // One alternative needs no union of its own.
    let any_of = json!({"anyOf": [{"$ref": "#/components/schemas/b"}]});
    check(any_of, "anyOf [b]", false, None);
    // Keywords of a union win over a `type` beside them.
    let typed = json!({
        "type": "object",
        "oneOf": [{"$ref": "#/components/schemas/a"}, {"$ref": "#/components/schemas/b"}]
    });
    check(typed, "oneOf [a, b]", true, None);
    // Only an `allOf` that `all_of.rs` plans as a merge asks for a name.
    let all_of = json!({"allOf": [{"$ref": "#/components/schemas/b"}, {"nullable": true}]});
    check(all_of, "allOf [b, inline]", true, None);
    // Properties beside it are one more member.
    let beside = json!({
        "allOf": [{"$ref": "#/components/schemas/b"}],
        "properties": {"c": {"type": "string"}, "d": {}}
    });
    check(beside, "allOf [b] + {c, d}", true, None);
    check(json!({"not": {"type": "string"}}), "any", false, None);
    check(json!({}), "any", false, None);
    check(json!({"description": "no type"}), "any", false, None);
}

#[test]
fn nullable_markers_are_read_where_they_count() {
    let cases = [
        (json!({"type": "string"}), false),
        (json!({"type": "string", "nullable": true}), true),
        (json!({"type": "object", "nullable": true}), true),
        // A union with a member that only says `null`, in 3.0's or 3.1's words.
        (
            json!({"oneOf": [{"$ref": "#/components/schemas/b"}, {"nullable": true}]}),
            true,
        ),
        (
            json!({"anyOf": [{"type": "string"}, {"type": "null"}]}),
            true,
        ),
        // A nullable member of any kind makes the union nullable.
        (
            json!({"oneOf": [{"type": "string", "nullable": true}, {"type": "integer"}]}),
            true,
        ),
        (
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}]}),
            false,
        ),
        // An `allOf`'s annotation member saying `nullable: true` (see `all_of.rs`).
        (
            json!({"allOf": [{"$ref": "#/components/schemas/b"}, {"nullable": true}]}),
            true,
        ),
        (
            json!({"allOf": [{"$ref": "#/components/schemas/b"}, {"description": "B"}]}),
            false,
        ),
        // A reference is nullable when its component is; that is the lowering's question.
        (
            json!({"oneOf": [{"$ref": "#/components/schemas/b"}]}),
            false,
        ),
    ];
    for (value, nullable) in cases {
        assert_eq!(schema_nullable(&schema(value.clone())), nullable, "{value}");
    }
}

#[test]
fn null_only_schemas_are_the_bare_markers() {
    assert!(is_null_only(&schema(json!({"nullable": true}))));
    assert!(is_null_only(&schema(json!({"type": "null"}))));
    assert!(!is_null_only(&schema(
        json!({"type": "string", "nullable": true})
    )));
    assert!(!is_null_only(&schema(
        json!({"nullable": true, "properties": {"a": {}}})
    )));
    assert!(!is_null_only(&schema(
        json!({"nullable": true, "enum": ["a"]})
    )));
    assert!(!is_null_only(&schema(json!({}))));
}
