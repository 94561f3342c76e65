//! Where each type's values travel ([`TypeDef::usage`]): from every parameter and request body
//! through the types they contain, and from every response body likewise. The emitter reads the
//! result through [`TypeDef::is_non_exhaustive`]. Where a struct travels also settles its
//! fields that are required one way only (`readOnly`, `writeOnly`).

use crate::ir::{Api, Operation, Presence, StructDef, TypeDef, TypeId, TypeKind, TypeRef, Usage};

/// Fills in [`TypeDef::usage`] for every type.
pub fn run(api: &mut Api) {
    let operations = &api.operations;
    let in_requests = reached(
        &api.types,
        operations.iter().flat_map(Operation::request_types),
    );
    let in_responses = reached(
        &api.types,
        operations.iter().flat_map(Operation::response_types),
    );
    for ((def, request), response) in api.types.iter_mut().zip(in_requests).zip(in_responses) {
        def.usage = Usage { request, response };
        if let TypeKind::Struct(definition) = &mut def.kind {
            settle_one_way_fields(definition, def.usage);
        }
    }
}

/// A field required in one direction only (`readOnly` or `writeOnly`) is required where the
/// struct travels only that way, and an `Option` (documented as such) where it also travels
/// the other way, whose values leave it out.
fn settle_one_way_fields(definition: &mut StructDef, usage: Usage) {
    for field in &mut definition.fields {
        let (other_way, note) = match field.presence {
            Presence::RequiredInResponses => (
                usage.request,
                "Read-only: required in responses; `None` in a request, which leaves it out.",
            ),
            Presence::RequiredInRequests => (
                usage.response,
                "Write-only: required in requests; responses leave it out, so it is `None` there.",
            ),
            Presence::Required | Presence::Optional => continue,
        };
        if other_way {
            field.presence = Presence::Optional;
            field.doc.push(note.to_owned());
        } else {
            field.presence = Presence::Required;
        }
    }
}

/// Which types the `roots` reach, directly or through the members of the types they name
/// ([`TypeKind::member_types`]; each type is visited once, so recursive types end the walk).
fn reached<'a>(types: &[TypeDef], roots: impl IntoIterator<Item = &'a TypeRef>) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut pending: Vec<TypeId> = roots.into_iter().filter_map(TypeRef::named).collect();
    while let Some(TypeId(index)) = pending.pop() {
        if !std::mem::replace(&mut seen[index], true) {
            let members = types[index].kind.member_types();
            pending.extend(members.into_iter().filter_map(TypeRef::named));
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pointer;
    use crate::ir::{Doc, Field, Presence, Primitive, StructDef, TypeKind};

    fn object(name: &str, fields: &[TypeRef]) -> TypeDef {
        let fields = fields
            .iter()
            .enumerate()
            .map(|(index, ty)| Field {
                rust_name: format!("field_{index}"),
                wire_name: format!("field_{index}"),
                ty: ty.clone(),
                presence: Presence::Required,
                nullable: false,
                boxed: false,
                doc: Doc::default(),
            })
            .collect();
        TypeDef {
            name: name.to_owned(),
            doc: Doc::default(),
            origin: Pointer::root(),
            kind: TypeKind::Struct(StructDef {
                fields,
                additional_properties: None,
            }),
            usage: Usage::default(),
        }
    }

    fn named(index: usize) -> TypeRef {
        TypeRef::Named(TypeId(index))
    }

    #[test]
    fn reach_follows_fields_arrays_maps_and_cycles_and_nothing_else() {
        let types = vec![
            // 0 → [1], map of 2; 1 → 0 (a cycle); 3 stands alone.
            object(
                "Root",
                &[
                    TypeRef::Array(Box::new(named(1))),
                    TypeRef::Map(Box::new(named(2))),
                ],
            ),
            object("Child", &[named(0)]),
            object("Leaf", &[TypeRef::Primitive(Primitive::String)]),
            object("Unreached", &[]),
        ];
        assert_eq!(reached(&types, [&named(0)]), [true, true, true, false]);
        assert_eq!(reached(&types, [&named(2)]), [false, false, true, false]);
        assert_eq!(reached(&types, []), [false; 4]);
    }

    #[test]
    fn only_structs_that_responses_alone_carry_are_non_exhaustive() {
        let mut def = object("Thing", &[]);
        for (usage, expected) in [
            (Usage::RESPONSE, true),
            (Usage::REQUEST, false),
            (
                Usage {
                    request: true,
                    response: true,
                },
                false,
            ),
            // Reached by no operation: the strictest reading, as `cargo xtask diff` gives it.
            (Usage::default(), false),
        ] {
            def.usage = usage;
            assert_eq!(def.is_non_exhaustive(), expected, "{usage:?}");
        }
    }
}
