//! `oneOf` and `anyOf` to a [`UnionDef`]: one variant per alternative that is not only `null`,
//! named after its reference, the required property only it has, or what its value is, and
//! tagged with the values of the `discriminator` property that select it.

use openapiv3::{Discriminator, Schema};

use super::Lowerer;
use super::docs::schema_doc;
use super::refs::{SchemaView, component_entry, resolve};
use super::shape::{Shape, classify, is_null_only};
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{Doc, Primitive, TypeRef, UnionDef, UnionVariant};
use crate::names::{Namespace, camel_ident, unraw};

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
                SchemaView::Item(_) => {
                    distinguishing_property(&required_sets, index).map(camel_ident)
                }
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
                tags: std::mem::take(&mut tags[index]),
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
    /// mapping's keys that name it, else (OpenAPI's implicit mapping) its component name. A
    /// mapping entry that names no member, and an inline member (which has no name to be
    /// given), are warned about: such values and members are left to decoding in order.
    fn member_tags(
        &mut self,
        discriminator: &Discriminator,
        members: &[SchemaView<'a>],
        keyword: &str,
        pointer: &Pointer,
    ) -> Vec<Vec<String>> {
        let property = &discriminator.property_name;
        let component = |reference: &str| {
            component_entry::<Schema>(self.spec, reference)
                .ok()
                .map(|(key, _)| key)
        };
        let names: Vec<Option<&str>> = members
            .iter()
            .map(|member| match member {
                SchemaView::Ref(reference) => component(reference),
                SchemaView::Item(_) => None,
            })
            .collect();
        let mut tags = vec![Vec::new(); members.len()];
        let mapping = pointer.push("discriminator").push("mapping");
        for (value, target) in &discriminator.mapping {
            // A mapping value is a reference or a bare component name.
            let key = if target.starts_with('#') {
                component(target)
            } else {
                Some(target.as_str())
            };
            match key.and_then(|key| names.iter().position(|name| *name == Some(key))) {
                Some(index) => tags[index].push(value.clone()),
                None => self.warnings.push(Diagnostic {
                    pointer: mapping.push(value),
                    message: format!(
                        "`{target}` is not an alternative of this {keyword}; a value whose `{property}` is `{value}` is tried against the alternatives in order"
                    ),
                }),
            }
        }
        for (index, member) in members.iter().enumerate() {
            if !tags[index].is_empty() {
                continue;
            }
            match names[index] {
                // A name the mapping already gives another member stays that member's.
                Some(name) if tags.iter().flatten().any(|tag| tag == name) => {}
                Some(name) => tags[index].push(name.to_owned()),
                // A reference that names no component is reported where it is lowered.
                None if matches!(member, SchemaView::Ref(_)) => {}
                None if matches!(member, SchemaView::Item(inner) if is_null_only(inner)) => {}
                None => self.warnings.push(Diagnostic {
                    pointer: pointer.push(keyword).push(index.to_string()),
                    message: format!(
                        "an inline alternative has no name for the discriminator `{property}` to give; it is only tried in order, when a value's `{property}` names no alternative"
                    ),
                }),
            }
        }
        tags
    }

    fn required_of(&self, member: SchemaView<'a>) -> Vec<&'a str> {
        let schema = match member {
            SchemaView::Item(schema) => schema,
            SchemaView::Ref(reference) => match component_entry::<Schema>(self.spec, reference)
                .and_then(|(_, entry)| resolve(self.spec, entry, &Pointer::root()))
            {
                Ok(resolved) => resolved.item,
                Err(_) => return Vec::new(),
            },
        };
        match classify(schema) {
            Shape::Object(object) => object.required,
            _ => Vec::new(),
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
fn distinguishing_property<'s>(required_sets: &[Vec<&'s str>], index: usize) -> Option<&'s str> {
    required_sets[index].iter().copied().find(|property| {
        required_sets
            .iter()
            .enumerate()
            .all(|(other, set)| other == index || !set.contains(property))
    })
}
