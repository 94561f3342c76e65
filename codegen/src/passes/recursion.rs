//! Boxing recursive fields: a struct that contains itself, directly or through other structs and
//! unions, has infinite size unless the cycle goes through a `Box` (or a `Vec` or map, which are
//! heap allocated already). Fields inside one strongly connected component of the containment
//! graph are boxed.

use crate::diagnostics::Diagnostic;
use crate::ir::{NewtypeDef, Presence, TypeDef, TypeKind, TypeRef};

/// The types a type holds inline (not through a `Vec` or a map).
fn inline_targets(kind: &TypeKind) -> Vec<usize> {
    fn direct(ty: &TypeRef) -> Option<usize> {
        match ty {
            TypeRef::Named(id) => Some(id.0),
            TypeRef::Nullable(inner) => direct(inner),
            _ => None,
        }
    }
    match kind {
        TypeKind::Struct(def) => def
            .fields
            .iter()
            .filter_map(|field| direct(&field.ty))
            .collect(),
        TypeKind::Union(def) => def
            .variants
            .iter()
            .filter_map(|variant| direct(&variant.ty))
            .collect(),
        TypeKind::Alias(ty) => direct(ty).into_iter().collect(),
        TypeKind::Newtype(def) => direct(&def.ty).into_iter().collect(),
        TypeKind::StringEnum(_) => Vec::new(),
    }
}

/// Turns every alias that contains itself (through other aliases, `Vec`s or maps) into a newtype:
/// Rust type aliases cannot be recursive, structs can.
pub fn break_alias_cycles(types: &mut [TypeDef]) {
    fn mentioned(ty: &TypeRef, out: &mut Vec<usize>) {
        match ty {
            TypeRef::Named(id) => out.push(id.0),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                mentioned(inner, out)
            }
            TypeRef::Primitive(_) | TypeRef::Any | TypeRef::AnyObject => {}
        }
    }
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            if let TypeKind::Alias(target) = &def.kind {
                mentioned(target, &mut out);
            }
            out
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let mut size = vec![0usize; types.len()];
    for &id in &component {
        size[id] += 1;
    }
    for (index, def) in types.iter_mut().enumerate() {
        let on_cycle = size[component[index]] > 1 || edges[index].contains(&index);
        if let (true, TypeKind::Alias(target)) = (on_cycle, &def.kind) {
            def.kind = TypeKind::Newtype(NewtypeDef {
                ty: target.clone(),
                boxed: false,
            });
        }
    }
}

/// Marks every field and union variant that closes a containment cycle as boxed.
pub fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = types.iter().map(|def| inline_targets(&def.kind)).collect();
    let component = strongly_connected_components(&edges);
    for (index, def) in types.iter_mut().enumerate() {
        let same_component =
            |ty: &TypeRef| matches!(ty, TypeRef::Named(id) if component[id.0] == component[index]);
        match &mut def.kind {
            TypeKind::Struct(def) => {
                for field in &mut def.fields {
                    field.boxed = same_component(&field.ty);
                }
            }
            TypeKind::Union(def) => {
                for variant in &mut def.variants {
                    variant.boxed = same_component(&variant.ty);
                }
            }
            TypeKind::Newtype(def) => def.boxed = same_component(&def.ty),
            TypeKind::Alias(_) | TypeKind::StringEnum(_) => {}
        }
    }
}

/// Warnings for the types on a containment cycle that no finite JSON value satisfies: each one
/// needs itself again through required, non-nullable properties (or unions whose every
/// alternative does), so decoding can never succeed. They compile (the recursion is boxed) and
/// are reported rather than refused, since the rest of the spec is unaffected.
pub fn uninhabited_cycles(types: &[TypeDef]) -> Vec<Diagnostic> {
    let inhabited = finitely_inhabited(types);
    let edges: Vec<Vec<usize>> = types.iter().map(|def| inline_targets(&def.kind)).collect();
    let component = strongly_connected_components(&edges);
    let mut size = vec![0usize; types.len()];
    for &id in &component {
        size[id] += 1;
    }
    types
        .iter()
        .enumerate()
        .filter(|(index, _)| !inhabited[*index])
        .filter(|(index, _)| {
            size[component[*index]] > 1 || edges[*index].contains(index)
        })
        .map(|(_, def)| Diagnostic {
            pointer: def.origin.clone(),
            message: format!(
                "no finite value satisfies `{}`: each of its values must contain another one (through required, non-nullable properties or one-member compositions)",
                def.name
            ),
        })
        .collect()
}

/// Which types have a finite value: the least fixed point, starting from none.
fn finitely_inhabited(types: &[TypeDef]) -> Vec<bool> {
    fn holds(ty: &TypeRef, inhabited: &[bool]) -> bool {
        match ty {
            TypeRef::Named(id) => inhabited[id.0],
            // `null`, `[]` and `{}` end any recursion through these.
            TypeRef::Nullable(_)
            | TypeRef::Array(_)
            | TypeRef::Map(_)
            | TypeRef::Primitive(_)
            | TypeRef::Any
            | TypeRef::AnyObject => true,
        }
    }
    let mut inhabited = vec![false; types.len()];
    loop {
        let mut changed = false;
        for (index, def) in types.iter().enumerate() {
            if inhabited[index] {
                continue;
            }
            let now = match &def.kind {
                TypeKind::Struct(body) => body.fields.iter().all(|field| {
                    field.presence == Presence::Optional
                        || field.nullable
                        || holds(&field.ty, &inhabited)
                }),
                TypeKind::Union(body) => body
                    .variants
                    .iter()
                    .any(|variant| holds(&variant.ty, &inhabited)),
                TypeKind::StringEnum(_) => true,
                TypeKind::Alias(target) => holds(target, &inhabited),
                TypeKind::Newtype(def) => holds(&def.ty, &inhabited),
            };
            if now {
                inhabited[index] = true;
                changed = true;
            }
        }
        if !changed {
            return inhabited;
        }
    }
}

/// Tarjan's algorithm, iterative so deep type graphs cannot overflow the stack. Returns the
/// component number of every node.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let count = edges.len();
    let mut index_of = vec![UNVISITED; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNVISITED; count];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..count {
        if index_of[root] != UNVISITED {
            continue;
        }
        // Each frame: node and the position of the next edge to look at.
        let mut frames = vec![(root, 0usize)];
        index_of[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if let Some(&target) = edges[node].get(*edge) {
                *edge += 1;
                if index_of[target] == UNVISITED {
                    index_of[target] = next_index;
                    low[target] = next_index;
                    next_index += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    frames.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index_of[target]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index_of[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected_components;

    #[test]
    fn cycles_share_a_component_and_chains_do_not() {
        // 0 -> 1 -> 0 is a cycle; 2 -> 0 is not part of it; 3 points to itself.
        let components = strongly_connected_components(&[vec![1], vec![0], vec![0], vec![3]]);
        assert_eq!(components[0], components[1]);
        assert_ne!(components[2], components[0]);
        assert_ne!(components[3], components[0]);
    }
}
