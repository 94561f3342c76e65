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
//!
//! And one keeps decoding from never ending: an alternative that leads back to its own union
//! through unions and aliases alone (`left: oneOf [right, string]`, `right: oneOf [left,
//! integer]`) would be decoded from the same value again and again, until the stack overflows.
//! One alternative on each such cycle is left out, with a warning.

use crate::diagnostics::Diagnostic;
use crate::ir::{StructDef, TypeDef, TypeKind, TypeRef, UnionDef, resolve_aliases};

/// One way decoding a type goes on to decode another from the same value: through the union
/// alternative `variant`, or (`None`) through an alias or a newtype.
#[derive(Clone, Copy)]
struct Step {
    to: usize,
    variant: Option<usize>,
}

/// Leaves out, with a warning at its pointer, one alternative on every cycle of unions,
/// aliases and newtypes: the last one the depth-first search from the first type on the cycle
/// reaches. A cycle of aliases and newtypes alone (`left: oneOf [right]`, `right: oneOf
/// [left]`, each one member) has no alternative to leave out and no value: its first type
/// becomes a union without alternatives, which refuses every value, with a warning.
pub fn leave_out_endless_alternatives(types: &mut [TypeDef]) -> Vec<Diagnostic> {
    let mut steps: Vec<Vec<Step>> = types.iter().map(same_value_steps).collect();
    let mut left_out: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    let mut emptied = Vec::new();
    while let Some(cycle) = first_cycle(&steps) {
        let last_union_step = cycle
            .iter()
            .rposition(|&(from, at)| steps[from][at].variant.is_some());
        let Some(position) = last_union_step else {
            let first = cycle[0].0;
            steps[first].clear();
            let mut through: Vec<usize> = cycle.iter().map(|&(node, _)| node).collect();
            through.push(first);
            emptied.push((first, through));
            continue;
        };
        let (from, at) = cycle[position];
        let variant = steps[from].remove(at).variant.unwrap_or_default();
        // The cycle as the types it goes through, starting and ending at the union.
        let mut through: Vec<usize> = cycle[position..]
            .iter()
            .chain(&cycle[..position])
            .map(|&(node, _)| node)
            .collect();
        through.push(from);
        left_out.push((from, variant, through));
    }
    let mut warnings: Vec<Diagnostic> = emptied
        .iter()
        .map(|(id, through)| {
            let path: Vec<&str> = through.iter().map(|&id| types[id].name.as_str()).collect();
            Diagnostic {
                pointer: types[*id].origin.clone(),
                message: format!(
                    "`{}` only ever holds itself again ({}), through references and one-member compositions: no value decodes into it",
                    types[*id].name,
                    path.join(" → ")
                ),
            }
        })
        .collect();
    for (id, _) in emptied {
        types[id].kind = TypeKind::Union(UnionDef {
            variants: Vec::new(),
            discriminator: None,
        });
    }
    warnings.extend(left_out
        .iter()
        .map(|(union, variant, through)| {
            let TypeKind::Union(def) = &types[*union].kind else {
                unreachable!("only union steps name a variant")
            };
            let path: Vec<&str> = through.iter().map(|&id| types[id].name.as_str()).collect();
            Diagnostic {
                pointer: def.variants[*variant].origin.clone(),
                message: format!(
                    "this alternative leads back to its own union ({}) before reading any of the value, so decoding it would never end; it is left out",
                    path.join(" → ")
                ),
            }
        }));
    // Highest variant first, so the indexes of the others stay valid.
    left_out.sort_by_key(|&(union, variant, _)| std::cmp::Reverse((union, variant)));
    for (union, variant, _) in left_out {
        if let TypeKind::Union(def) = &mut types[union].kind {
            def.variants.remove(variant);
            // As lowering does: a discriminator that names no alternative is no use.
            if def.variants.iter().all(|variant| variant.tags.is_empty()) {
                def.discriminator = None;
            }
        }
    }
    warnings
}

/// The types decoding `def` decodes from the same value, before reading any of it.
fn same_value_steps(def: &TypeDef) -> Vec<Step> {
    let named = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => Some(id.0),
        TypeRef::Nullable(inner) => match inner.as_ref() {
            TypeRef::Named(id) => Some(id.0),
            _ => None,
        },
        _ => None,
    };
    match &def.kind {
        TypeKind::Union(union) => union
            .variants
            .iter()
            .enumerate()
            .filter_map(|(index, variant)| {
                named(&variant.ty).map(|to| Step {
                    to,
                    variant: Some(index),
                })
            })
            .collect(),
        TypeKind::Alias(ty) => named(ty)
            .map(|to| Step { to, variant: None })
            .into_iter()
            .collect(),
        TypeKind::Newtype(newtype) => named(&newtype.ty)
            .map(|to| Step { to, variant: None })
            .into_iter()
            .collect(),
        TypeKind::Struct(_) | TypeKind::StringEnum(_) => Vec::new(),
    }
}

/// The first cycle a depth-first search in type order meets, as the steps it takes: `(type,
/// index into its steps)`, the last one leading back to the first type. Iterative, so deep
/// chains cannot overflow the stack.
fn first_cycle(steps: &[Vec<Step>]) -> Option<Vec<(usize, usize)>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        Not,
        OnPath,
        Done,
    }
    let mut seen = vec![Seen::Not; steps.len()];
    for root in 0..steps.len() {
        if seen[root] != Seen::Not {
            continue;
        }
        seen[root] = Seen::OnPath;
        // The path: each type on it and the index of the step it is taking.
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&(node, at)) = path.last() {
            let Some(step) = steps[node].get(at) else {
                seen[node] = Seen::Done;
                path.pop();
                if let Some(parent) = path.last_mut() {
                    parent.1 += 1;
                }
                continue;
            };
            match seen[step.to] {
                Seen::OnPath => {
                    let start = path.iter().position(|&(on, _)| on == step.to)?;
                    return Some(path.split_off(start));
                }
                Seen::Not => {
                    seen[step.to] = Seen::OnPath;
                    path.push((step.to, 0));
                }
                Seen::Done => path.last_mut()?.1 += 1,
            }
        }
    }
    None
}

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
    use super::{Step, first_cycle, superset_first};

    fn through(variant: Option<usize>, to: usize) -> Step {
        Step { to, variant }
    }

    #[test]
    fn the_first_cycle_is_the_steps_that_lead_back() {
        // 0 -> 1 -> 2 -> 1, and 3 -> 3.
        let steps = [
            vec![through(Some(0), 1)],
            vec![through(None, 2)],
            vec![through(Some(0), 4), through(Some(1), 1)],
            vec![through(Some(0), 3)],
            vec![],
        ];
        assert_eq!(first_cycle(&steps), Some(vec![(1, 0), (2, 1)]));
        let itself = [vec![], vec![through(Some(0), 1)]];
        assert_eq!(first_cycle(&itself), Some(vec![(1, 0)]));
        // A type reached twice without a cycle is not one.
        let diamond = [
            vec![through(Some(0), 1), through(Some(1), 2)],
            vec![through(None, 2)],
            vec![],
        ];
        assert_eq!(first_cycle(&diamond), None);
    }

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
