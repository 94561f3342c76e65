//! Which model types each group's module re-exports ([`Group::reexports`]), so that calling an
//! operation takes one `use`: the request body type and every type named after the operation
//! (its inline request and response bodies, their parts, the enums of its parameters) sit
//! beside the builder, the success and the error enums. A model whose name the module uses
//! already (a builder, a success or error enum, a media type enum, a form struct, the group's
//! handle) is left in `models` only.

use std::collections::{BTreeMap, HashSet};

use rustc_hash::FxHashMap;

use crate::ir::{Api, FormShape, Group, TypeId, TypeRef};

/// Fills in [`Group::reexports`] for every group.
pub fn run(api: &mut Api) {
    let mut chosen: Vec<BTreeMap<String, TypeId>> = vec![BTreeMap::new(); api.groups.len()];
    let mut own_names: Vec<HashSet<&str>> = api
        .groups
        .iter()
        .map(|group: &Group| HashSet::from([group.type_name.as_str()]))
        .collect();
    for operation in &api.operations {
        let names = &mut own_names[operation.group];
        names.extend([
            operation.builder_name.as_str(),
            operation.success_name.as_str(),
            operation.error_name.as_str(),
        ]);
        if let Some(body) = &operation.body {
            if let Some(choice) = &body.media_type_enum {
                names.insert(choice.name.as_str());
            }
            if let Some(form) = body.kind.form() {
                names.insert(form.name.as_str());
                if let FormShape::OneOf(variants) = &form.shape {
                    names.extend(variants.iter().map(|variant| variant.struct_name.as_str()));
                }
            }
        }
    }
    // Inline types by the operation they sit in (`#/paths/{path}/{method}`).
    let mut by_operation: FxHashMap<&str, Vec<TypeId>> = FxHashMap::default();
    for (index, def) in api.types.iter().enumerate() {
        if let Some(operation) = operation_pointer(def.origin.as_str()) {
            by_operation
                .entry(operation)
                .or_default()
                .push(TypeId(index));
        }
    }
    for operation in &api.operations {
        let body = operation.body.as_ref().and_then(|body| named(&body.ty));
        let own = by_operation
            .get(operation.origin.as_str())
            .into_iter()
            .flatten()
            .copied();
        for id in body.into_iter().chain(own) {
            let name = &api.type_def(id).name;
            if !own_names[operation.group].contains(name.as_str()) {
                chosen[operation.group].insert(name.clone(), id);
            }
        }
    }
    for (group, chosen) in api.groups.iter_mut().zip(chosen) {
        group.reexports = chosen.into_values().collect();
    }
}

fn named(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Nullable(inner) => named(inner),
        _ => None,
    }
}

/// `#/paths/{path}/{method}` of a pointer inside an operation.
fn operation_pointer(pointer: &str) -> Option<&str> {
    let rest = pointer.strip_prefix("#/paths/")?;
    let mut slashes = rest.match_indices('/').map(|(at, _)| at);
    let method_start = slashes.next()?;
    let end = slashes.next().unwrap_or(rest.len());
    (end > method_start + 1).then(|| &pointer[..("#/paths/".len() + end)])
}
