//! What a schema is, before any type is built: [`classify`] reads a schema however `openapiv3`
//! parsed it (typed, or the untyped `Any` form real specs often produce) into a [`Shape`], and
//! [`schema_nullable`] says whether it admits `null`. Lowering (`schema.rs`, `named.rs`,
//! `one_of.rs`, `all_of.rs`) builds types from shapes; only `all_of.rs` also reads the raw
//! keywords, to tell an annotation-only member from a typed one.

use openapiv3::{
    AdditionalProperties, AnySchema, Discriminator, IntegerFormat, NumberFormat, ReferenceOr,
    Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::all_of::names_required;
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

/// Properties beside a `oneOf` or `anyOf` whose alternatives list `required` names alone
/// (`{required: [org]}`, `{required: [org_id]}`: which of the properties must be present, "a
/// description or files") are one object. What every
/// alternative requires is required, the rest is optional; a value of any alternative decodes.
fn object_of_required_alternatives(any: &AnySchema) -> Option<ObjectShape<'_>> {
    let alternatives = match (any.one_of.is_empty(), any.any_of.is_empty()) {
        (false, true) => &any.one_of,
        (true, false) => &any.any_of,
        _ => return None,
    };
    if any.properties.is_empty() || !any.all_of.is_empty() {
        return None;
    }
    let mut required_sets = Vec::with_capacity(alternatives.len());
    for alternative in alternatives {
        match alternative {
            ReferenceOr::Item(schema) if names_required(schema) => match &schema.schema_kind {
                SchemaKind::Any(listed) => required_sets.push(&listed.required),
                _ => return None,
            },
            _ => return None,
        }
    }
    let mut object = object_shape(
        &any.properties,
        &any.required,
        any.additional_properties.as_ref(),
    );
    let (first, others) = required_sets.split_first()?;
    for name in first.iter() {
        if others.iter().all(|set| set.contains(name)) && !object.required.contains(&name.as_str())
        {
            object.required.push(name);
        }
    }
    Some(object)
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
    if let Some(object) = object_of_required_alternatives(any) {
        Shape::Object(object)
    } else if !any.one_of.is_empty() {
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
mod tests;
