//! The definitions of named types built from a shape: structs (an object's properties, and
//! the map of other properties) and string enums. Unions are built in `one_of.rs`, merged
//! `allOf`s in `all_of.rs`.

use openapiv3::ReferenceOr;

use super::Lowerer;
use super::docs::property_doc;
use super::refs::{SchemaView, component_entry};
use super::shape::{Additional, ObjectShape, Shape};
use crate::diagnostics::Pointer;
use crate::ir::{Doc, EnumVariant, Field, Presence, StringEnumDef, StructDef, TypeKind, TypeRef};
use crate::names::{Namespace, unraw};

impl<'a> Lowerer<'a> {
    /// The definition of a type that needs a name; `name` is its final identifier, the stem
    /// for the names of the inline types inside it.
    pub(super) fn build_kind(
        &mut self,
        shape: Shape<'a>,
        name: &str,
        pointer: &Pointer,
    ) -> TypeKind {
        match shape {
            Shape::String { values, .. } => {
                TypeKind::StringEnum(self.string_enum(values, &pointer.push("enum")))
            }
            Shape::Object(object) => TypeKind::Struct(self.build_struct(object, name, pointer)),
            Shape::Union {
                members,
                keyword,
                discriminator,
            } => TypeKind::Union(self.build_union(&members, keyword, discriminator, name, pointer)),
            Shape::AllOf { members, own } => {
                TypeKind::Struct(self.merged_struct(&members, own, name, pointer))
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
            let wanted = self.idents.snake(wire_name);
            let rust_name = field_names.claim(&wanted);
            self.note_name(property_pointer, wire_name, &wanted, &rust_name);
            let hint = format!("{}{}", unraw(name), unraw(&self.idents.camel(wire_name)));
            let lowered = self.lower_view(*view, &hint, property_pointer);
            let doc = match view {
                SchemaView::Item(schema) => property_doc(schema),
                SchemaView::Ref(_) => Doc::default(),
            };
            fields.push(Field {
                rust_name,
                wire_name: (*wire_name).to_owned(),
                ty: lowered.ty,
                presence: self.presence(*view, object.required.contains(wire_name)),
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

    /// A property's presence: `readOnly` and `writeOnly` (on the property, or on the schema it
    /// refers to) make `required` hold in one direction only.
    fn presence(&self, view: SchemaView<'a>, required: bool) -> Presence {
        if !required {
            return Presence::Optional;
        }
        let schema = match view {
            SchemaView::Item(schema) => Some(schema),
            SchemaView::Ref(reference) => {
                match component_entry::<openapiv3::Schema>(self.spec, reference) {
                    Ok((_, ReferenceOr::Item(schema))) => Some(schema),
                    _ => None,
                }
            }
        };
        match schema.map(|schema| &schema.schema_data) {
            Some(data) if data.read_only && !data.write_only => Presence::RequiredInResponses,
            Some(data) if data.write_only && !data.read_only => Presence::RequiredInRequests,
            _ => Presence::Required,
        }
    }

    /// A string enum of `values` (repeats dropped), listed at `pointer`.
    fn string_enum(&mut self, values: Vec<String>, pointer: &Pointer) -> StringEnumDef {
        let mut names = Namespace::default();
        let mut seen = std::collections::BTreeSet::new();
        let mut variants = Vec::with_capacity(values.len());
        for (index, value) in values.into_iter().enumerate() {
            if !seen.insert(value.clone()) {
                continue;
            }
            let wanted = self.idents.camel(&value);
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
