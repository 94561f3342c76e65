//! Untagged unions decode into the first alternative that accepts the value, and a struct
//! accepts an object with properties it does not know (the server may add some at any time). So
//! without care, decoding stops at an alternative that silently drops part of the value. Two
//! passes keep it from doing so:
//!
//! - a string enum with a single value, as a property of an object alternative, is that
//!   alternative's discriminator (`type: creation` among a vendor's repository rules). It is
//!   closed: another value does not decode into it, so the next alternative is tried. Enums
//!   otherwise keep unknown values, which would make every such alternative match;
//! - an alternative whose properties include all of another's, and more, is tried before that
//!   one, so `{environment_name, state, comment}` is not taken for `{environment_name, comment}`.
//!   Otherwise the spec's order stands.

use crate::ir::{StructDef, TypeDef, TypeKind, TypeRef, resolve_aliases};

/// Closes the single-value string enums that discriminate alternatives of a union.
pub fn close_discriminators(types: &mut [TypeDef]) {
    let mut constants = Vec::new();
    for def in types.iter() {
        let TypeKind::Union(union) = &def.kind else {
            continue;
        };
        for variant in &union.variants {
            let Some(object) = object_behind(types, &variant.ty) else {
                continue;
            };
            for field in &object.fields {
                if let Some(id) = target(types, &field.ty)
                    && let TypeKind::StringEnum(values) = &types[id].kind
                    && values.variants.len() == 1
                {
                    constants.push(id);
                }
            }
        }
    }
    for id in constants {
        if let TypeKind::StringEnum(values) = &mut types[id].kind {
            values.other_variant = None;
        }
    }
}

/// Orders the alternatives of every union so that none comes after one whose properties are a
/// strict subset of its own; among the rest, the spec's order.
pub fn order_alternatives(types: &mut [TypeDef]) {
    for index in 0..types.len() {
        let TypeKind::Union(union) = &types[index].kind else {
            continue;
        };
        let properties: Vec<Option<Vec<&str>>> = union
            .variants
            .iter()
            .map(|variant| {
                object_behind(types, &variant.ty).map(|object| {
                    let mut names: Vec<&str> = object
                        .fields
                        .iter()
                        .map(|field| field.wire_name.as_str())
                        .collect();
                    names.sort_unstable();
                    names
                })
            })
            .collect();
        let order = superset_first(&properties);
        if order.iter().enumerate().all(|(at, &from)| at == from) {
            continue;
        }
        if let TypeKind::Union(union) = &mut types[index].kind {
            let mut variants: Vec<_> = union.variants.drain(..).map(Some).collect();
            union.variants = order
                .into_iter()
                .filter_map(|from| variants[from].take())
                .collect();
        }
    }
}

/// The order to try alternatives in, as indexes: repeatedly the first remaining alternative
/// that no remaining one strictly includes. `None` (not an object) includes nothing and is
/// included by nothing.
fn superset_first(properties: &[Option<Vec<&str>>]) -> Vec<usize> {
    let includes = |outer: usize, inner: usize| match (&properties[outer], &properties[inner]) {
        (Some(outer), Some(inner)) => {
            outer.len() > inner.len() && inner.iter().all(|name| outer.binary_search(name).is_ok())
        }
        _ => false,
    };
    let mut remaining: Vec<usize> = (0..properties.len()).collect();
    let mut order = Vec::with_capacity(remaining.len());
    while !remaining.is_empty() {
        let at = remaining
            .iter()
            .position(|&candidate| {
                !remaining
                    .iter()
                    .any(|&other| other != candidate && includes(other, candidate))
            })
            // Strict inclusion is a strict partial order, so some alternative is maximal.
            .unwrap_or(0);
        order.push(remaining.remove(at));
    }
    order
}

/// The generated type `ty` names, through aliases and `Option`.
fn target<'t>(types: &'t [TypeDef], mut ty: &'t TypeRef) -> Option<usize> {
    loop {
        match resolve_aliases(types, ty) {
            TypeRef::Nullable(inner) => ty = inner,
            TypeRef::Named(id) => return Some(id.0),
            _ => return None,
        }
    }
}

/// The struct behind `ty`, if it is one.
fn object_behind<'t>(types: &'t [TypeDef], ty: &TypeRef) -> Option<&'t StructDef> {
    match &types[target(types, ty)?].kind {
        TypeKind::Struct(object) => Some(object),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::superset_first;

    #[test]
    fn an_alternative_with_more_properties_comes_before_the_ones_it_includes() {
        let comment = Some(vec!["comment", "environment_name"]);
        let state = Some(vec!["comment", "environment_name", "state"]);
        assert_eq!(superset_first(&[comment.clone(), state.clone()]), [1, 0]);
        assert_eq!(superset_first(&[state, comment]), [0, 1]);
    }

    #[test]
    fn unrelated_alternatives_keep_the_spec_order() {
        let by_id = Some(vec!["id"]);
        let by_name = Some(vec!["name"]);
        assert_eq!(
            superset_first(&[by_id.clone(), None, by_name.clone()]),
            [0, 1, 2]
        );
        // Equal sets do not include each other.
        assert_eq!(superset_first(&[by_id.clone(), by_id]), [0, 1]);
    }

    #[test]
    fn a_chain_of_inclusions_is_tried_from_the_largest() {
        let one = Some(vec!["a"]);
        let two = Some(vec!["a", "b"]);
        let three = Some(vec!["a", "b", "c"]);
        assert_eq!(superset_first(&[one, two, three]), [2, 1, 0]);
    }
}
