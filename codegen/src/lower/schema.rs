//! Schemas to types: every schema becomes a [`TypeRef`], and those that need a name (objects,
//! string enums, unions, merged `allOf`s) also become a [`TypeDef`]. Unions are built in
//! `one_of.rs`, `allOf`s planned in `all_of.rs`.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::docs::{property_doc, schema_doc};
use super::refs::{SchemaView, component_entry, resolve};
use super::{Lowered, Lowerer};
use crate::diagnostics::Pointer;
use crate::ir::{
    Doc, EnumVariant, Field, Presence, Primitive, StringEnumDef, StructDef, TypeKind, TypeRef,
};
use crate::names::{Namespace, camel_ident, snake_ident, unraw};

/// How deep inline schemas may nest (real descriptions stay under 10: the deepest seen is 9).
/// The bound keeps every recursive step after it (lowering, emitting, formatting the nested
/// types) within the generator's stack ([`crate::STACK_SIZE`]), whatever the input. It was 32
/// while the generator ran on the caller's stack; on its own 64 MB thread, 256 levels (a
/// `Vec` nested 256 deep) need about 16 MB in a debug build, and a valid schema nested 150
/// levels generates (`tests/fixtures/deep_nesting_150.json`).
pub(super) const MAX_INLINE_DEPTH: usize = 256;

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
    },
    AllOf {
        members: Vec<SchemaView<'a>>,
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
    fn needs_name(&self) -> bool {
        match self {
            Shape::String { values, .. } => !values.is_empty(),
            Shape::Object(object) => !object.properties.is_empty(),
            Shape::Union { members, .. } => members.len() > 1,
            // Only an `allOf` planned as a merge gets here (`all_of.rs` decides the rest).
            Shape::AllOf { .. } => true,
            _ => false,
        }
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

fn views(members: &[ReferenceOr<Schema>]) -> Vec<SchemaView<'_>> {
    members.iter().map(SchemaView::from).collect()
}

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
        },
        SchemaKind::AnyOf { any_of } => Shape::Union {
            members: views(any_of),
            keyword: "anyOf",
        },
        SchemaKind::AllOf { all_of } => Shape::AllOf {
            members: views(all_of),
        },
        SchemaKind::Not { .. } => Shape::Any,
        SchemaKind::Any(any) => {
            let typ = any.typ.as_deref();
            if !any.one_of.is_empty() {
                Shape::Union {
                    members: views(&any.one_of),
                    keyword: "oneOf",
                }
            } else if !any.any_of.is_empty() {
                Shape::Union {
                    members: views(&any.any_of),
                    keyword: "anyOf",
                }
            } else if !any.all_of.is_empty() {
                Shape::AllOf {
                    members: views(&any.all_of),
                }
            // An explicit `type` wins over keywords of other types that some specs leave
            // around (`type: string` with `additionalProperties: true`).
            } else if typ == Some("object")
                || (typ.is_none()
                    && (!any.properties.is_empty() || any.additional_properties.is_some()))
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
                        && strings.len()
                            == any.enumeration.iter().filter(|v| !v.is_null()).count() =>
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
            Shape::AllOf { members } => super::all_of::annotation_says_nullable(&members),
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

impl<'a> Lowerer<'a> {
    /// Whether the component schema `key` admits `null` (seen through reference chains, and
    /// through an `allOf` that stands for one of its members).
    pub(super) fn component_nullable(&mut self, key: &str) -> bool {
        let Some(entry) = self
            .spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(key))
        else {
            return false;
        };
        match resolve(self.spec, entry, &Pointer::root()) {
            Ok(resolved) => self.admits_null(resolved.item, MAX_INLINE_DEPTH),
            Err(_) => false,
        }
    }

    /// Gives the component schema `key`, whose id and name exist already, its definition.
    pub(super) fn define_component(
        &mut self,
        key: &str,
        entry: &'a ReferenceOr<Schema>,
        pointer: &Pointer,
    ) {
        let id = self.component_types[key];
        let name = self.types[id.0].name.clone();
        let kind = match entry {
            ReferenceOr::Reference { reference } => match resolve(self.spec, entry, pointer) {
                Ok(_) => TypeKind::Alias(self.lower_ref(reference, pointer).ty),
                Err(message) => {
                    self.diagnostics.error(pointer, message);
                    TypeKind::Alias(TypeRef::Any)
                }
            },
            ReferenceOr::Item(schema) => {
                self.types[id.0].doc = schema_doc(schema);
                self.component_kind(schema, &name, pointer)
            }
        };
        self.types[id.0].kind = kind;
    }

    /// The definition of the component named `name` whose schema is `schema`, at `pointer`.
    pub(super) fn component_kind(
        &mut self,
        schema: &'a Schema,
        name: &str,
        pointer: &Pointer,
    ) -> TypeKind {
        let shape = classify(schema);
        if let Shape::AllOf { members } = &shape {
            if let Some(kind) = self.all_of_component(members, name, pointer) {
                return kind;
            }
        }
        if shape.needs_name() {
            self.build_kind(shape, name, pointer)
        } else {
            TypeKind::Alias(self.lower_unnamed(shape, name, pointer))
        }
    }

    /// Lowers a schema position; `hint` names the type if one must be made.
    pub(super) fn lower_view(
        &mut self,
        view: SchemaView<'a>,
        hint: &str,
        pointer: &Pointer,
    ) -> Lowered {
        match view {
            SchemaView::Ref(reference) => self.lower_ref(reference, pointer),
            SchemaView::Item(schema) => self.lower_inline(schema, hint, pointer),
        }
    }

    pub(super) fn lower_ref(&mut self, reference: &str, pointer: &Pointer) -> Lowered {
        match component_entry::<Schema>(self.spec, reference) {
            Ok((key, _)) => match self.component_types.get(key) {
                Some(&id) => Lowered {
                    ty: TypeRef::Named(id),
                    nullable: self.nullable_components.get(key).copied().unwrap_or(false),
                },
                None => Lowered::any(),
            },
            Err(message) => {
                self.diagnostics.error(pointer, message);
                Lowered::any()
            }
        }
    }

    /// Lowers an inline schema. Results are cached by pointer, so a schema reached twice (a
    /// shared parameter or response) yields one type.
    pub(super) fn lower_inline(
        &mut self,
        schema: &'a Schema,
        hint: &str,
        pointer: &Pointer,
    ) -> Lowered {
        if let Some(cached) = self.inline_cache.get(pointer) {
            return cached.clone();
        }
        if self.inline_depth >= MAX_INLINE_DEPTH {
            self.report_too_deep(pointer);
            return Lowered::any();
        }
        self.inline_depth += 1;
        let lowered = self.lower_inline_shape(schema, hint, pointer);
        self.inline_depth -= 1;
        self.inline_cache.insert(pointer.clone(), lowered.clone());
        lowered
    }

    /// Reports an inline schema past [`MAX_INLINE_DEPTH`].
    pub(super) fn report_too_deep(&mut self, pointer: &Pointer) {
        self.diagnostics.error(
            pointer,
            format!(
                "inline schemas nested more than {MAX_INLINE_DEPTH} levels deep are not supported"
            ),
        );
    }

    fn lower_inline_shape(&mut self, schema: &'a Schema, hint: &str, pointer: &Pointer) -> Lowered {
        let shape = classify(schema);
        if let Shape::AllOf { members } = &shape {
            if let Some(lowered) = self.lower_inline_all_of(schema, members, hint, pointer) {
                return lowered;
            }
        }
        let ty = if let Shape::Union { members, keyword } = &shape {
            // A union with one real member (the others only say "null") is that member.
            let real: Vec<_> = members
                .iter()
                .enumerate()
                .filter(
                    |(_, member)| !matches!(member, SchemaView::Item(inner) if is_null_only(inner)),
                )
                .collect();
            if let [(index, member)] = real.as_slice() {
                self.lower_view(
                    **member,
                    hint,
                    &pointer.push(keyword).push(index.to_string()),
                )
                .ty
            } else {
                self.lower_shape(shape, schema, hint, pointer)
            }
        } else {
            self.lower_shape(shape, schema, hint, pointer)
        };
        Lowered {
            ty,
            nullable: schema_nullable(schema),
        }
    }

    pub(super) fn lower_shape(
        &mut self,
        shape: Shape<'a>,
        schema: &'a Schema,
        hint: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        if !shape.needs_name() {
            return self.lower_unnamed(shape, hint, pointer);
        }
        let name = self.type_names.claim(&camel_ident(hint));
        let id = self.new_type(name.clone(), schema_doc(schema), pointer.clone());
        let kind = self.build_kind(shape, &name, pointer);
        self.types[id.0].kind = kind;
        TypeRef::Named(id)
    }

    /// Types that need no name of their own: scalars, arrays, maps, free-form values.
    fn lower_unnamed(&mut self, shape: Shape<'a>, hint: &str, pointer: &Pointer) -> TypeRef {
        match shape {
            Shape::String { format, .. } => TypeRef::Primitive(match format.as_deref() {
                Some("date-time") => Primitive::DateTime,
                Some("date") => Primitive::Date,
                _ => Primitive::String,
            }),
            Shape::Integer { format } => TypeRef::Primitive(match format.as_deref() {
                Some("int32") => Primitive::I32,
                _ => Primitive::I64,
            }),
            Shape::Number { format } => TypeRef::Primitive(match format.as_deref() {
                Some("float") => Primitive::F32,
                _ => Primitive::F64,
            }),
            Shape::Boolean => TypeRef::Primitive(Primitive::Bool),
            Shape::Array { items: Some(items) } => {
                let item = self.lower_view(
                    items,
                    &format!("{}Item", unraw(hint)),
                    &pointer.push("items"),
                );
                TypeRef::Array(Box::new(item.into_standalone()))
            }
            Shape::Array { items: None } => TypeRef::Array(Box::new(TypeRef::Any)),
            Shape::Object(object) => match object.additional {
                Additional::Values(values) => {
                    let value = self.lower_view(
                        values,
                        &format!("{}Value", unraw(hint)),
                        &pointer.push("additionalProperties"),
                    );
                    TypeRef::Map(Box::new(value.into_standalone()))
                }
                Additional::Anything => TypeRef::Map(Box::new(TypeRef::Any)),
                Additional::Closed => TypeRef::AnyObject,
            },
            Shape::Union { members, keyword } if members.len() == 1 => {
                self.lower_view(members[0], hint, &pointer.push(keyword).push("0"))
                    .ty
            }
            Shape::Union { .. } | Shape::AllOf { .. } | Shape::Any => TypeRef::Any,
        }
    }

    /// The definition of a type that needs a name; `name` is its final identifier, the stem
    /// for the names of the inline types inside it.
    fn build_kind(&mut self, shape: Shape<'a>, name: &str, pointer: &Pointer) -> TypeKind {
        match shape {
            Shape::String { values, .. } => {
                TypeKind::StringEnum(self.string_enum(values, &pointer.push("enum")))
            }
            Shape::Object(object) => TypeKind::Struct(self.build_struct(object, name, pointer)),
            Shape::Union { members, keyword } => {
                TypeKind::Union(self.build_union(&members, keyword, name, pointer))
            }
            Shape::AllOf { members } => {
                TypeKind::Struct(self.merged_struct(&members, name, pointer))
            }
            other => TypeKind::Alias(self.lower_unnamed(other, name, pointer)),
        }
    }

    fn build_struct(
        &mut self,
        object: ObjectShape<'a>,
        name: &str,
        pointer: &Pointer,
    ) -> StructDef {
        let properties = pointer.push("properties");
        let pointers: Vec<Pointer> = object
            .properties
            .iter()
            .map(|(key, _)| properties.push(key))
            .collect();
        self.build_struct_at(
            object,
            name,
            &pointers,
            &pointer.push("additionalProperties"),
        )
    }

    /// Builds a struct whose property `i` sits at `pointers[i]`.
    pub(super) fn build_struct_at(
        &mut self,
        object: ObjectShape<'a>,
        name: &str,
        pointers: &[Pointer],
        additional_pointer: &Pointer,
    ) -> StructDef {
        let mut field_names = Namespace::default();
        // The emitter names the map of other properties `additional_properties`.
        if !matches!(object.additional, Additional::Closed) {
            field_names.reserve("additional_properties");
        }
        let mut fields = Vec::with_capacity(object.properties.len());
        for ((wire_name, view), property_pointer) in object.properties.iter().zip(pointers) {
            let wanted = snake_ident(wire_name);
            let rust_name = field_names.claim(&wanted);
            self.note_name(property_pointer, wire_name, &wanted, &rust_name);
            let hint = format!("{}{}", unraw(name), unraw(&camel_ident(wire_name)));
            let lowered = self.lower_view(*view, &hint, property_pointer);
            let doc = match view {
                SchemaView::Item(schema) => property_doc(schema),
                SchemaView::Ref(_) => Doc::default(),
            };
            fields.push(Field {
                rust_name,
                wire_name: (*wire_name).to_owned(),
                ty: lowered.ty,
                presence: if object.required.contains(wire_name) {
                    Presence::Required
                } else {
                    Presence::Optional
                },
                nullable: lowered.nullable,
                boxed: false,
                doc,
            });
        }
        let additional_properties = match object.additional {
            Additional::Closed => None,
            Additional::Anything => Some(TypeRef::Any),
            Additional::Values(values) => {
                let hint = format!("{}Value", unraw(name));
                Some(
                    self.lower_view(values, &hint, additional_pointer)
                        .into_standalone(),
                )
            }
        };
        StructDef {
            fields,
            additional_properties,
        }
    }
}

impl Lowerer<'_> {
    /// A string enum of `values` (repeats dropped), listed at `pointer`.
    fn string_enum(&mut self, values: Vec<String>, pointer: &Pointer) -> StringEnumDef {
        let mut names = Namespace::default();
        let mut seen = std::collections::BTreeSet::new();
        let mut variants = Vec::with_capacity(values.len());
        for (index, value) in values.into_iter().enumerate() {
            if !seen.insert(value.clone()) {
                continue;
            }
            let wanted = camel_ident(&value);
            let name = names.claim(&wanted);
            self.note_name(&pointer.push(index.to_string()), &value, &wanted, &name);
            variants.push(EnumVariant { name, value });
        }
        StringEnumDef {
            variants,
            other_variant: Some(names.claim("Other")),
        }
    }
}
