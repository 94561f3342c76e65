//! Form bodies that are one of several: a `oneOf` or `anyOf` of objects (an OAuth token
//! endpoint's grants) is an enum whose variants each hold a form struct of their own; the
//! caller picks the alternative, so no discriminator is consulted. What the union schema says
//! beside its alternatives (`properties`, `required`, an `allOf` of shared client fields) is
//! part of every alternative, its own properties winning over shared ones of the same name.

use openapiv3::Schema;

use super::super::Lowerer;
use super::super::docs;
use super::super::one_of::distinguishing_property;
use super::super::refs::{Resolved, SchemaView, resolve_reference};
use super::super::shape::{ObjectShape, classify, union_siblings};
use super::form::{FormInput, FormPart};
use crate::diagnostics::Pointer;
use crate::ir::FormVariant;
use crate::names::{Namespace, camel_ident, unraw};

/// An object's properties with the pointer each is written at.
type Placed<'a> = (ObjectShape<'a>, Vec<Pointer>);

impl<'a> Lowerer<'a> {
    /// The variants of a form whose schema (`union`, at `pointer`) is a `oneOf` or `anyOf`
    /// (`keyword`) of `members`: each an object, or an `allOf` of objects; `None` after a
    /// diagnostic.
    pub(super) fn form_variants(
        &mut self,
        form: &FormInput<'a, '_>,
        union: &'a Schema,
        members: &[SchemaView<'a>],
        pointer: &Pointer,
        keyword: &str,
    ) -> Option<Vec<FormVariant>> {
        let keyword_pointer = pointer.push(keyword);
        if members.is_empty() {
            self.diagnostics.error(
                &keyword_pointer,
                format!("a form body's `{keyword}` lists no alternative"),
            );
            return None;
        }
        let shared = match union_siblings(union) {
            Some(shape) => Some(self.form_object(shape, pointer, FormPart::Whole)?),
            None => None,
        };
        let mut variants = Vec::with_capacity(members.len());
        let mut failed = false;
        for (index, member) in members.iter().enumerate() {
            let member_pointer = keyword_pointer.push(index.to_string());
            let resolved = match *member {
                SchemaView::Item(item) => Ok(Resolved {
                    item,
                    key: None,
                    pointer: member_pointer.clone(),
                }),
                SchemaView::Ref(reference) => resolve_reference::<Schema>(self.spec, reference),
            };
            let resolved = match resolved {
                Ok(resolved) => resolved,
                Err(message) => {
                    self.diagnostics.error(&member_pointer, message);
                    failed = true;
                    continue;
                }
            };
            let own = self.form_object(
                classify(resolved.item),
                &resolved.pointer,
                FormPart::Alternative,
            );
            let Some(fields) = own.and_then(|own| {
                let object = match &shared {
                    Some(shared) => with_shared(shared, own),
                    None => own,
                };
                self.form_fields(form, object)
            }) else {
                failed = true;
                continue;
            };
            let name = resolved
                .key
                .or(resolved.item.schema_data.title.as_deref())
                .map(|name| unraw(&camel_ident(name)).to_owned());
            variants.push((
                name,
                FormVariant {
                    name: String::new(),
                    struct_name: String::new(),
                    doc: docs::schema_doc(resolved.item),
                    fields,
                },
            ));
        }
        if failed {
            return None;
        }
        Some(variant_names(variants))
    }
}

/// An alternative's object with the properties every alternative shares before its own (a
/// shared property it names again is its own), and the required names of both.
fn with_shared<'a>(shared: &Placed<'a>, (own, own_pointers): Placed<'a>) -> Placed<'a> {
    let (shared_object, shared_pointers) = shared;
    let mut properties = Vec::with_capacity(shared_object.properties.len() + own.properties.len());
    let mut pointers = Vec::with_capacity(properties.capacity());
    for (property, pointer) in shared_object.properties.iter().zip(shared_pointers) {
        if !own.properties.iter().any(|(name, _)| *name == property.0) {
            properties.push(*property);
            pointers.push(pointer.clone());
        }
    }
    properties.extend(own.properties);
    pointers.extend(own_pointers);
    let mut required = shared_object.required.clone();
    required.extend(
        own.required
            .iter()
            .filter(|name| !shared_object.required.contains(name)),
    );
    (
        ObjectShape {
            properties,
            required,
            additional: own.additional,
        },
        pointers,
    )
}

/// Names the variants of a form enum, given the names their schemas suggest (a component's key,
/// else a `title`): else the first required property no other variant requires (`Password`
/// beside `RefreshToken`), else `Alternative` and the position; unique, in spec order.
fn variant_names(suggested: Vec<(Option<String>, FormVariant)>) -> Vec<FormVariant> {
    let required_sets: Vec<Vec<&str>> = suggested
        .iter()
        .map(|(_, variant)| {
            variant
                .fields
                .iter()
                .filter(|field| field.required)
                .map(|field| field.wire_name.as_str())
                .collect()
        })
        .collect();
    let mut names = Namespace::default();
    let wanted: Vec<String> = suggested
        .iter()
        .enumerate()
        .map(|(index, (name, _))| match name {
            Some(name) => name.clone(),
            None => match distinguishing_property(&required_sets, index) {
                Some(property) => unraw(&camel_ident(property)).to_owned(),
                None => format!("Alternative{}", index + 1),
            },
        })
        .collect();
    suggested
        .into_iter()
        .zip(wanted)
        .map(|((_, variant), wanted)| FormVariant {
            name: names.claim(&wanted),
            ..variant
        })
        .collect()
}
