//! What a schema is, before any type is built: [`classify`] reads a schema however `openapiv3`
//! parsed it (typed, or the untyped `Any` form real specs often produce) into a [`Shape`], and
//! [`schema_nullable`] says whether it admits `null`. Lowering (`schema.rs`, `named.rs`,
//! `one_of.rs`, `all_of.rs`) builds types from shapes; only `all_of.rs` also reads the raw
//! keywords, to tell an annotation-only member from a typed one.

use openapiv3::{
    AdditionalProperties, AnySchema, Discriminator, IntegerFormat, NumberFormat, ReferenceOr,
    Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::refs::SchemaView;
use crate::ir::Primitive;

/// What a schema is, whichever way `openapiv3` parsed it.
pub(super) enum Shape<'a> {
    String {
        format: Option<String>,
        values: Vec<String>,
    },
    Integer {
        format: Option<String>,
    },
    Number {
        format: Option<String>,
    },
    Boolean,
    Object(ObjectShape<'a>),
    Array {
        items: Option<SchemaView<'a>>,
    },
    Union {
        members: Vec<SchemaView<'a>>,
        keyword: &'static str,
        /// The schema's `discriminator`: the property whose value names the alternative.
        discriminator: Option<&'a Discriminator>,
    },
    AllOf {
        members: Vec<SchemaView<'a>>,
        /// Properties or `required` (with `additionalProperties`) written beside the `allOf`,
        /// which apply as one more member: how descriptions converted from Swagger 2 extend
        /// a base (`allOf: [{$ref: Base}], properties: {...}`).
        own: Option<ObjectShape<'a>>,
    },
    Any,
}

pub(super) struct ObjectShape<'a> {
    pub(super) properties: Vec<(&'a str, SchemaView<'a>)>,
    pub(super) required: Vec<&'a str>,
    pub(super) additional: Additional<'a>,
}

pub(super) enum Additional<'a> {
    /// Not given, or `false`.
    Closed,
    /// `true` or `{}`.
    Anything,
    /// A schema for the values.
    Values(SchemaView<'a>),
}

impl Shape<'_> {
    /// Whether the Rust type needs a name of its own.
    pub(super) fn needs_name(&self) -> bool {
        match self {
            Shape::String { values, .. } => !values.is_empty(),
            Shape::Object(object) => !object.properties.is_empty(),
            Shape::Union { members, .. } => members.len() > 1,
            // Only an `allOf` planned as a merge gets here (`all_of.rs` decides the rest).
            Shape::AllOf { .. } => true,
            _ => false,
        }
    }

    /// The Rust primitive a scalar becomes, by its format (`date-time`, `int32`, `uint64`, `float`; other
    /// formats keep the plain type); `None` for shapes that are not scalars.
    pub(super) fn primitive(&self) -> Option<Primitive> {
        Some(match self {
            Shape::String { format, .. } => match format.as_deref() {
                Some("date-time") => Primitive::DateTime,
                Some("date") => Primitive::Date,
                _ => Primitive::String,
            },
            Shape::Integer { format } => match format.as_deref() {
                Some("int32") => Primitive::I32,
                Some("uint64") => Primitive::U64,
                _ => Primitive::I64,
            },
            Shape::Number { format } => match format.as_deref() {
                Some("float") => Primitive::F32,
                _ => Primitive::F64,
            },
            Shape::Boolean => Primitive::Bool,
            _ => return None,
        })
    }
}

fn format_text<T: std::fmt::Debug>(
    format: &VariantOrUnknownOrEmpty<T>,
    known: impl Fn(&T) -> &'static str,
) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(known(item).to_owned()),
        VariantOrUnknownOrEmpty::Unknown(text) => Some(text.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn string_format_name(format: &StringFormat) -> &'static str {
    match format {
        StringFormat::Date => "date",
        StringFormat::DateTime => "date-time",
        StringFormat::Password => "password",
        StringFormat::Byte => "byte",
        StringFormat::Binary => "binary",
    }
}

fn object_shape<'a>(
    properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
) -> ObjectShape<'a> {
    ObjectShape {
        properties: properties
            .iter()
            .map(|(name, schema)| (name.as_str(), SchemaView::from(schema)))
            .collect(),
        required: required.iter().map(String::as_str).collect(),
        additional: match additional {
            None | Some(AdditionalProperties::Any(false)) => Additional::Closed,
            Some(AdditionalProperties::Any(true)) => Additional::Anything,
            Some(AdditionalProperties::Schema(schema)) => {
                Additional::Values(SchemaView::from(&**schema))
            }
        },
    }
}

/// What a `oneOf` or `anyOf` schema says beside its alternatives (`properties`, `required`, an
/// `allOf`), which every alternative shares: an object, or an `allOf` with that object as its
/// own; `None` when it says nothing else.
pub(super) fn union_siblings(schema: &Schema) -> Option<Shape<'_>> {
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return None;
    };
    if any.one_of.is_empty() && any.any_of.is_empty() {
        return None;
    }
    let has_own = !any.properties.is_empty() || !any.required.is_empty();
    let own = has_own.then(|| {
        object_shape(
            &any.properties,
            &any.required,
            any.additional_properties.as_ref(),
        )
    });
    if any.all_of.is_empty() {
        own.map(Shape::Object)
    } else {
        Some(Shape::AllOf {
            members: views(&any.all_of),
            own,
        })
    }
}

fn views(members: &[ReferenceOr<Schema>]) -> Vec<SchemaView<'_>> {
    members.iter().map(SchemaView::from).collect()
}

/// What `schema` is, whichever way `openapiv3` parsed it.
pub(super) fn classify(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => Shape::String {
            format: format_text(&string.format, string_format_name),
            values: string.enumeration.iter().flatten().cloned().collect(),
        },
        SchemaKind::Type(Type::Integer(integer)) => Shape::Integer {
            format: format_text(&integer.format, |format| match format {
                IntegerFormat::Int32 => "int32",
                IntegerFormat::Int64 => "int64",
            }),
        },
        SchemaKind::Type(Type::Number(number)) => Shape::Number {
            format: format_text(&number.format, |format| match format {
                NumberFormat::Float => "float",
                NumberFormat::Double => "double",
            }),
        },
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Object(object)) => Shape::Object(object_shape(
            &object.properties,
            &object.required,
            object.additional_properties.as_ref(),
        )),
        SchemaKind::Type(Type::Array(array)) => Shape::Array {
            items: array.items.as_ref().map(SchemaView::from),
        },
        SchemaKind::OneOf { one_of } => Shape::Union {
            members: views(one_of),
            keyword: "oneOf",
            discriminator: schema.schema_data.discriminator.as_ref(),
        },
        SchemaKind::AnyOf { any_of } => Shape::Union {
            members: views(any_of),
            keyword: "anyOf",
            discriminator: schema.schema_data.discriminator.as_ref(),
        },
        SchemaKind::AllOf { all_of } => Shape::AllOf {
            members: views(all_of),
            own: None,
        },
        SchemaKind::Not { .. } => Shape::Any,
        SchemaKind::Any(any) => classify_untyped(any, schema.schema_data.discriminator.as_ref()),
    }
}

/// The shape of a schema `openapiv3` could not read as one typed kind (no `type`, or keywords
/// of several kinds): composites first, then an explicit `type`, then the keywords present.
fn classify_untyped<'a>(any: &'a AnySchema, discriminator: Option<&'a Discriminator>) -> Shape<'a> {
    let typ = any.typ.as_deref();
    if !any.one_of.is_empty() {
        Shape::Union {
            members: views(&any.one_of),
            keyword: "oneOf",
            discriminator,
        }
    } else if !any.any_of.is_empty() {
        Shape::Union {
            members: views(&any.any_of),
            keyword: "anyOf",
            discriminator,
        }
    } else if !any.all_of.is_empty() {
        // `additionalProperties` alone is left alone: generators write `false` beside an
        // `allOf` of anything, an enum included (FastAPI).
        let has_own = !any.properties.is_empty() || !any.required.is_empty();
        Shape::AllOf {
            members: views(&any.all_of),
            own: has_own.then(|| {
                object_shape(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                )
            }),
        }
    // An explicit `type` wins over keywords of other types that some specs leave
    // around (`type: string` with `additionalProperties: true`).
    } else if typ == Some("object")
        || (typ.is_none() && (!any.properties.is_empty() || any.additional_properties.is_some()))
    {
        Shape::Object(object_shape(
            &any.properties,
            &any.required,
            any.additional_properties.as_ref(),
        ))
    } else if typ == Some("array") || (typ.is_none() && any.items.is_some()) {
        Shape::Array {
            items: any.items.as_ref().map(SchemaView::from),
        }
    } else {
        let strings: Vec<String> = any
            .enumeration
            .iter()
            .filter_map(|value| value.as_str().map(str::to_owned))
            .collect();
        match typ {
            Some("string") => Shape::String {
                format: any.format.clone(),
                values: strings,
            },
            Some("integer") => Shape::Integer {
                format: any.format.clone(),
            },
            Some("number") => Shape::Number {
                format: any.format.clone(),
            },
            Some("boolean") => Shape::Boolean,
            None if !strings.is_empty()
                && strings.len() == any.enumeration.iter().filter(|v| !v.is_null()).count() =>
            {
                Shape::String {
                    format: None,
                    values: strings,
                }
            }
            _ => Shape::Any,
        }
    }
}

/// Whether the schema admits `null`: `nullable: true`, a union with a nullable or `null`
/// member, or an `allOf` with a `nullable: true` annotation member (see `all_of.rs`).
pub(super) fn schema_nullable(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || match classify(schema) {
            Shape::Union { members, .. } => members.iter().any(|member| match member {
                SchemaView::Item(inner) => inner.schema_data.nullable || is_null_only(inner),
                SchemaView::Ref(_) => false,
            }),
            Shape::AllOf { members, .. } => super::all_of::annotation_says_nullable(&members),
            _ => false,
        }
}

/// `{nullable: true}` with nothing else, or OpenAPI 3.1's `type: "null"` found in 3.0 specs.
pub(super) fn is_null_only(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.as_deref() == Some("null")
                || (schema.schema_data.nullable
                    && any.typ.is_none()
                    && any.properties.is_empty()
                    && any.items.is_none()
                    && any.enumeration.is_empty())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
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
                    let properties: Vec<&str> =
                        own.properties.iter().map(|(key, _)| *key).collect();
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
}
