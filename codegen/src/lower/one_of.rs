//! `oneOf` and `anyOf` to a [`UnionDef`]: one variant per alternative that is not only `null`,
//! named after its reference, its discriminator value, the required property only it has, or
//! what its value is, and tagged with the values of the `discriminator` property that select it.

use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::Lowerer;
use super::docs::schema_doc;
use super::refs::{SchemaView, component_entry, moved, resolve_reference};
use super::shape::{ObjectShape, Shape, classify, is_null_only};
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{Doc, Primitive, TypeRef, UnionDef, UnionVariant};
use crate::names::{Namespace, camel_ident, unraw};

/// How many components [`Lowerer::fixed_value`] looks into for one alternative: inheritance
/// chains are a few levels deep.
const MAX_FIXED_VALUE_COMPONENTS: usize = 16;

impl<'a> Lowerer<'a> {
    pub(super) fn build_union(
        &mut self,
        members: &[SchemaView<'a>],
        keyword: &str,
        discriminator: Option<&'a Discriminator>,
        name: &str,
        pointer: &Pointer,
    ) -> UnionDef {
        let mut tags = match discriminator {
            Some(discriminator) => self.member_tags(discriminator, members, keyword, pointer),
            None => vec![Vec::new(); members.len()],
        };
        let mut variant_names = Namespace::default();
        let mut variants = Vec::new();
        let required_sets: Vec<Vec<&str>> = members
            .iter()
            .map(|member| self.required_of(*member))
            .collect();
        for (index, member) in members.iter().enumerate() {
            if matches!(member, SchemaView::Item(inner) if is_null_only(inner)) {
                continue;
            }
            let member_pointer = pointer.push(keyword).push(index.to_string());
            let named = match member {
                SchemaView::Ref(reference) => reference.rsplit('/').next().map(camel_ident),
                // The value of the discriminator that selects it says what it is best.
                SchemaView::Item(_) => tags[index]
                    .first()
                    .map(String::as_str)
                    .or_else(|| distinguishing_property(&required_sets, index))
                    .map(camel_ident),
            };
            let hint_stem = named.clone().unwrap_or_else(|| format!("Variant{index}"));
            let lowered = self.lower_view(
                *member,
                &format!("{}{}", unraw(name), unraw(&hint_stem)),
                &member_pointer,
            );
            let wanted = named.unwrap_or_else(|| self.variant_name_for(&lowered.ty));
            let doc = match member {
                SchemaView::Item(schema) => schema_doc(schema),
                SchemaView::Ref(_) => Doc::default(),
            };
            variants.push(UnionVariant {
                name: variant_names.claim(&wanted),
                ty: lowered.ty,
                doc,
                boxed: false,
                origin: member_pointer,
                tags: std::mem::take(&mut tags[index]),
                takes_unknown_tags: false,
            });
        }
        let discriminator = discriminator
            .filter(|_| variants.iter().any(|variant| !variant.tags.is_empty()))
            .map(|discriminator| discriminator.property_name.clone());
        UnionDef {
            variants,
            discriminator,
        }
    }

    /// The values of the discriminator property that select each member, by member index: the
    /// mapping's keys that name it, else the one value it allows for the property, if it allows
    /// one, else (OpenAPI's implicit mapping) its component name. A mapping entry that names
    /// no member, and an inline member that allows any value, are warned about: such values
    /// and members are left to decoding in order.
    fn member_tags(
        &mut self,
        discriminator: &Discriminator,
        members: &[SchemaView<'a>],
        keyword: &str,
        pointer: &Pointer,
    ) -> Vec<Vec<String>> {
        let property = &discriminator.property_name;
        // A schema moved out of its place (`parse/deep_refs.rs`) has no name of the document's.
        let component = |reference: &str| match component_entry::<Schema>(self.spec, reference) {
            Ok((_, ReferenceOr::Item(schema))) if moved(schema) => None,
            Ok((key, _)) => Some(key),
            Err(_) => None,
        };
        let names: Vec<Option<&str>> = members
            .iter()
            .map(|member| match member {
                SchemaView::Ref(reference) => component(reference),
                SchemaView::Item(_) => None,
            })
            .collect();
        // Where each member leads, through aliases (`CatAlias: {$ref: Cat}` is `Cat`).
        let targets: Vec<Option<Pointer>> = members
            .iter()
            .map(|member| match member {
                SchemaView::Ref(reference) => self.component_pointer(reference),
                SchemaView::Item(_) => None,
            })
            .collect();
        let mut tags = self.mapped_tags(discriminator, &targets, keyword, pointer);
        for (index, member) in members.iter().enumerate() {
            if !tags[index].is_empty()
                || matches!(member, SchemaView::Item(inner) if is_null_only(inner))
            {
                continue;
            }
            // The one value it allows for the property (`enum: [cat]`, as `const` reads), else
            // its component name (OpenAPI's implicit mapping): a value it does not allow would
            // only fail to decode.
            let fixed = self.fixed_value(*member, property, &mut Vec::new());
            if let Some(tag) = fixed.as_deref().or(names[index])
                // A value the mapping or an earlier member has already stays theirs.
                && !tags.iter().flatten().any(|claimed| claimed == tag)
            {
                tags[index].push(tag.to_owned());
            }
            // A reference that names no component is reported where it is lowered.
            if names[index].is_none() && fixed.is_none() && matches!(member, SchemaView::Item(_)) {
                self.warnings.push(Diagnostic {
                    pointer: pointer.push(keyword).push(index.to_string()),
                    message: format!(
                        "an inline alternative that allows any `{property}` has no name for the discriminator to give; it is only tried in order, when a value's `{property}` names no alternative"
                    ),
                });
            }
        }
        tags
    }

    /// The mapping's values, by the index of the member each leads to (`targets`: where each
    /// member leads, through aliases); an entry that leads to no member is warned about.
    pub(super) fn mapped_tags(
        &mut self,
        discriminator: &Discriminator,
        targets: &[Option<Pointer>],
        keyword: &str,
        pointer: &Pointer,
    ) -> Vec<Vec<String>> {
        let property = &discriminator.property_name;
        let mut tags = vec![Vec::new(); targets.len()];
        let mapping = pointer.push("discriminator").push("mapping");
        for (value, target) in &discriminator.mapping {
            let leads_to = self.mapping_target(target);
            let found = leads_to.as_ref().and_then(|at| {
                targets
                    .iter()
                    .position(|member| member.as_ref() == Some(at))
            });
            let problem = match (found, leads_to) {
                (Some(index), _) => {
                    tags[index].push(value.clone());
                    continue;
                }
                (None, Some(_)) => format!("`{target}` is not an alternative of this {keyword}"),
                (None, None) => format!("`{target}` points to no schema"),
            };
            self.warnings.push(Diagnostic {
                pointer: mapping.push(value),
                message: format!(
                    "{problem}; a value whose `{property}` is `{value}` names none of them"
                ),
            });
        }
        tags
    }

    fn required_of(&self, member: SchemaView<'a>) -> Vec<&'a str> {
        match self.view_schema(member).map(classify) {
            Some(Shape::Object(object)) => object.required,
            _ => Vec::new(),
        }
    }

    /// Where the schema `reference` leads is, at the end of a chain of references.
    pub(super) fn component_pointer(&self, reference: &str) -> Option<Pointer> {
        resolve_reference::<Schema>(self.spec, reference)
            .ok()
            .map(|resolved| resolved.pointer)
    }

    /// The schema `view` stands for; `None` for a reference to nothing (reported where it is
    /// lowered).
    fn view_schema(&self, view: SchemaView<'a>) -> Option<&'a Schema> {
        match view {
            SchemaView::Item(schema) => Some(schema),
            SchemaView::Ref(reference) => resolve_reference::<Schema>(self.spec, reference)
                .ok()
                .map(|resolved| resolved.item),
        }
    }

    /// The one string `member` allows for `property` (an `enum` of one value), looking
    /// through references and the members of an `allOf`; each component is looked into once
    /// (`seen`), so a self-including `allOf` costs no more than one that is not.
    pub(super) fn fixed_value(
        &self,
        member: SchemaView<'a>,
        property: &str,
        seen: &mut Vec<&'a str>,
    ) -> Option<String> {
        if let SchemaView::Ref(reference) = member {
            if seen.contains(&reference) || seen.len() >= MAX_FIXED_VALUE_COMPONENTS {
                return None;
            }
            seen.push(reference);
        }
        match classify(self.view_schema(member)?) {
            Shape::Object(object) => self.single_value(&object, property),
            Shape::AllOf { members, own } => members
                .iter()
                .find_map(|member| self.fixed_value(*member, property, seen))
                .or_else(|| self.single_value(&own?, property)),
            _ => None,
        }
    }

    /// The one string `object`'s `property` allows, if it is an enum of one value.
    fn single_value(&self, object: &ObjectShape<'a>, property: &str) -> Option<String> {
        let (_, view) = object.properties.iter().find(|(key, _)| *key == property)?;
        match classify(self.view_schema(*view)?) {
            Shape::String { mut values, .. } if values.len() == 1 => values.pop(),
            _ => None,
        }
    }

    /// Where a `mapping` value leads: it is a reference or a bare component name.
    pub(super) fn mapping_target(&self, target: &str) -> Option<Pointer> {
        if target.starts_with('#') {
            self.component_pointer(target)
        } else {
            let reference = Pointer::root()
                .push("components")
                .push("schemas")
                .push(target);
            self.component_pointer(reference.as_str())
        }
    }

    /// A variant name from what the value is, for members without a name of their own.
    fn variant_name_for(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => self.types[id.0].name.clone(),
            TypeRef::Primitive(Primitive::String) => "String".to_owned(),
            TypeRef::Primitive(Primitive::Bool) => "Boolean".to_owned(),
            TypeRef::Primitive(Primitive::I32 | Primitive::I64 | Primitive::U64) => {
                "Integer".to_owned()
            }
            TypeRef::Primitive(Primitive::F32 | Primitive::F64) => "Number".to_owned(),
            TypeRef::Primitive(Primitive::DateTime) => "DateTime".to_owned(),
            TypeRef::Primitive(Primitive::Date) => "Date".to_owned(),
            TypeRef::Primitive(Primitive::Bytes) => "Bytes".to_owned(),
            TypeRef::Array(_) => "Array".to_owned(),
            TypeRef::Map(_) | TypeRef::AnyObject => "Object".to_owned(),
            TypeRef::Nullable(inner) => self.variant_name_for(inner),
            TypeRef::Any => "Value".to_owned(),
        }
    }
}

/// The first required property of member `index` that no other member requires: the natural
/// name of an object alternative (`by_id` versus `by_name`).
pub(super) fn distinguishing_property<'s>(
    required_sets: &[Vec<&'s str>],
    index: usize,
) -> Option<&'s str> {
    required_sets[index].iter().copied().find(|property| {
        required_sets
            .iter()
            .enumerate()
            .all(|(other, set)| other == index || !set.contains(property))
    })
}
