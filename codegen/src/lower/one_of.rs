//! `oneOf` and `anyOf` to a [`UnionDef`]: one variant per alternative that is not only `null`,
//! named after its reference, the required property only it has, or what its value is.

use openapiv3::Schema;

use super::Lowerer;
use super::docs::schema_doc;
use super::refs::{SchemaView, component_entry, resolve};
use super::shape::{Shape, classify, is_null_only};
use crate::diagnostics::Pointer;
use crate::ir::{Doc, Primitive, TypeRef, UnionDef, UnionVariant};
use crate::names::{Namespace, camel_ident, unraw};

impl<'a> Lowerer<'a> {
    pub(super) fn build_union(
        &mut self,
        members: &[SchemaView<'a>],
        keyword: &str,
        name: &str,
        pointer: &Pointer,
    ) -> UnionDef {
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
            });
        }
        UnionDef { variants }
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
