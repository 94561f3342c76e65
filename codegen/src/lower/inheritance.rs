//! A `discriminator` on a schema that is no `oneOf` or `anyOf`: OpenAPI's inheritance. The
//! schema is a base that other components extend (`Cat: allOf [Pet, {...}]`), and a value
//! where the base is expected may be any of them, told apart by the property:
//!
//! ```yaml
//! Pet:
//!   type: object
//!   required: [petType]
//!   properties: {petType: {type: string}, name: {type: string}}
//!   discriminator: {propertyName: petType}
//! Cat:
//!   allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {huntingSkill: ...}}]
//! ```
//!
//! So the component's type becomes a union told apart by the property (`Pet::Cat(Cat)`), with
//! one alternative per component that extends the base (or that the `mapping` names), and one
//! for the base's own struct (`Pet::Base(PetBase)`). That last one takes the values whose
//! property names no other: the base's own name, and kinds the API added since (a struct
//! accepts properties it does not know). Without such components the discriminator only
//! documents, and the base stays a struct.

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind};

use super::Lowerer;
use super::all_of::{inline_members, is_annotation, names_required};
use super::refs::SchemaView;
use super::shape::{Shape, classify};
use crate::diagnostics::Pointer;
use crate::ir::{Doc, TypeKind, TypeRef, UnionDef, UnionVariant};
use crate::names::Namespace;

/// A component schema with the components its `allOf` members refer to.
pub(super) struct ComponentParents<'a> {
    key: &'a str,
    schema: &'a Schema,
    pointer: Pointer,
    parents: Vec<Pointer>,
}

/// A component that extends a base.
struct Extension<'a> {
    key: &'a str,
    schema: &'a Schema,
    pointer: Pointer,
}

impl<'a> Lowerer<'a> {
    /// The union that stands for the component `key` (named `name`, at `pointer`) when it is a
    /// base that others extend; `None` when it is no base.
    pub(super) fn inheritance_union(
        &mut self,
        key: &str,
        schema: &'a Schema,
        name: &str,
        pointer: &Pointer,
    ) -> Option<TypeKind> {
        let discriminator = schema.schema_data.discriminator.as_ref()?;
        if matches!(classify(schema), Shape::Union { .. }) {
            return None;
        }
        let extensions = self.extensions(key, discriminator, pointer);
        if extensions.is_empty() {
            return None;
        }
        // The base's own struct, under a name of its own.
        let base_name = self.type_names.claim(&format!("{name}Base"));
        let base_id = self.new_type(base_name.clone(), Doc::default(), pointer.clone());
        let base_kind = self.component_kind(schema, &base_name, pointer);
        self.types[base_id.0].kind = base_kind;
        let mut base_doc = super::docs::schema_doc(schema);
        base_doc.push(format!(
            "What [`{name}`] holds when its `{}` names no schema that extends it.",
            discriminator.property_name
        ));
        self.types[base_id.0].doc = base_doc;

        let mut tags = self.extension_tags(discriminator, &extensions, key, pointer);

        let mut variant_names = Namespace::default();
        let mut variants = Vec::new();
        let mut base_tags = tags.pop().unwrap_or_default();
        for (extension, tags) in extensions.iter().zip(tags) {
            // One that adds nothing to the base is the base: its type would be the union.
            if adds_nothing(extension.schema, pointer, self) {
                base_tags.extend(tags);
                continue;
            }
            let id = self.component_types[extension.key];
            variants.push(UnionVariant {
                name: variant_names.claim(&self.types[id.0].name),
                ty: TypeRef::Named(id),
                doc: Doc::default(),
                boxed: false,
                origin: extension.pointer.clone(),
                tags,
                takes_unknown_tags: false,
            });
        }
        variants.push(UnionVariant {
            name: variant_names.claim("Base"),
            ty: TypeRef::Named(base_id),
            doc: Doc::default(),
            boxed: false,
            origin: pointer.clone(),
            tags: base_tags,
            takes_unknown_tags: true,
        });
        Some(TypeKind::Union(UnionDef {
            variants,
            discriminator: Some(discriminator.property_name.clone()),
        }))
    }

    /// The values of the property that name each extension, then the base: the mapping's,
    /// else the one value it allows, else (OpenAPI's implicit mapping) its component name.
    fn extension_tags(
        &mut self,
        discriminator: &Discriminator,
        extensions: &[Extension<'a>],
        key: &str,
        pointer: &Pointer,
    ) -> Vec<Vec<String>> {
        let mut targets: Vec<Option<Pointer>> = extensions
            .iter()
            .map(|extension| Some(extension.pointer.clone()))
            .collect();
        targets.push(Some(pointer.clone()));
        let mut tags = self.mapped_tags(discriminator, &targets, "discriminator", pointer);
        let keys: Vec<&str> = extensions
            .iter()
            .map(|extension| extension.key)
            .chain([key])
            .collect();
        for (index, key) in keys.into_iter().enumerate() {
            if !tags[index].is_empty() {
                continue;
            }
            let fixed = match extensions.get(index) {
                Some(extension) => self.fixed_value(
                    SchemaView::Item(extension.schema),
                    &discriminator.property_name,
                    &mut Vec::new(),
                ),
                None => None,
            };
            // As in a `oneOf`: the one value it allows, else its name.
            let tag = fixed.as_deref().unwrap_or(key);
            if !tags.iter().flatten().any(|claimed| claimed == tag) {
                tags[index].push(tag.to_owned());
            }
        }

        tags
    }

    /// The components that extend the base `key` at `pointer` (an `allOf` member refers to it,
    /// or to a component that extends it: inheritance is transitive) or that its mapping names,
    /// in the order of the components.
    fn extensions(
        &mut self,
        key: &str,
        discriminator: &'a Discriminator,
        pointer: &Pointer,
    ) -> Vec<Extension<'a>> {
        let mapped: Vec<Pointer> = discriminator
            .mapping
            .values()
            .filter_map(|target| self.mapping_target(target))
            .collect();
        let components = match self.component_parents.take() {
            Some(components) => components,
            None => self.component_parents(),
        };
        // The descendants of the base, round by round (a round per level of the hierarchy).
        let mut family = vec![pointer.clone()];
        loop {
            let before = family.len();
            for component in &components {
                if !family.contains(&component.pointer)
                    && component
                        .parents
                        .iter()
                        .any(|parent| family.contains(parent))
                {
                    family.push(component.pointer.clone());
                }
            }
            if family.len() == before {
                break;
            }
        }
        let extensions = components
            .iter()
            .filter(|component| component.key != key)
            .filter(|component| {
                family[1..].contains(&component.pointer) || mapped.contains(&component.pointer)
            })
            .map(|component| Extension {
                key: component.key,
                schema: component.schema,
                pointer: component.pointer.clone(),
            })
            .collect();
        self.component_parents = Some(components);
        extensions
    }

    /// Every component schema with the components its `allOf` members refer to.
    fn component_parents(&self) -> Vec<ComponentParents<'a>> {
        let Some(components) = &self.spec.components else {
            return Vec::new();
        };
        let schemas = Pointer::root().push("components").push("schemas");
        components
            .schemas
            .iter()
            .filter_map(|(key, entry)| {
                let ReferenceOr::Item(schema) = entry else {
                    return None;
                };
                // A schema moved out of its place (`parse/deep_refs.rs`) extends nothing: in
                // place, it was no component.
                if super::refs::moved(schema) {
                    return None;
                }
                let parents = inline_members(schema)
                    .iter()
                    .filter_map(|member| match member {
                        ReferenceOr::Reference { reference } => self.component_pointer(reference),
                        ReferenceOr::Item(_) => None,
                    })
                    .collect();
                Some(ComponentParents {
                    key,
                    schema,
                    pointer: schemas.push(key),
                    parents,
                })
            })
            .collect()
    }
}

/// Whether `schema` only refers to the base at `base` (and annotates): no property, no other
/// member of its own.
fn adds_nothing(schema: &Schema, base: &Pointer, lowerer: &Lowerer<'_>) -> bool {
    let nothing_beside = match &schema.schema_kind {
        SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.required.is_empty()
                && any.additional_properties.is_none()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
        }
        _ => false,
    };
    nothing_beside
        && inline_members(schema).iter().all(|member| match member {
            ReferenceOr::Reference { reference } => {
                lowerer.component_pointer(reference).as_ref() == Some(base)
            }
            // A member that makes some of the base's properties required makes a type of its
            // own (`all_of.rs`), which is then a child like any other.
            ReferenceOr::Item(inner) => is_annotation(inner) && !names_required(inner),
        })
}
