//! Merging types that are the same: large specs repeat shapes (a `nullable-` copy of a schema,
//! the same inline enum in many objects), and each copy would cost compile time and reading
//! time. Types with the same structure (fields with their names, presence, docs and types;
//! enum values; union alternatives) become aliases (`pub type Copy = Kept;`) of one of them,
//! chosen by `keeper_rank`, so every name still exists.
//!
//! "The same structure" is the coarsest partition that is stable under following references
//! (bisimulation, as in DFA minimisation), so recursive types merge too: start with every type
//! in one class, split classes by their signature over the current classes, repeat until no
//! class splits.

use rustc_hash::FxHashMap;
use std::fmt::Write as _;

use crate::ir::{Doc, Presence, TypeDef, TypeId, TypeKind, TypeRef};

/// Turns every type that repeats another into an alias of the one that keeps the definition;
/// returns each class of merged copies (the keeper first, then its new aliases, by index), for
/// the naming pass.
pub fn merge_identical_types(types: &mut [TypeDef]) -> Vec<Vec<TypeId>> {
    let class = stable_classes(types);
    let mut keeper_of_class: FxHashMap<usize, usize> = FxHashMap::default();
    for (index, &class_id) in class.iter().enumerate() {
        let keeper = keeper_of_class.entry(class_id).or_insert(index);
        if keeper_rank(&types[index], index) < keeper_rank(&types[*keeper], *keeper) {
            *keeper = index;
        }
    }
    let mut merged: std::collections::BTreeMap<usize, Vec<TypeId>> =
        std::collections::BTreeMap::new();
    for (index, &class_id) in class.iter().enumerate() {
        let keeper = keeper_of_class[&class_id];
        if keeper != index && !matches!(types[index].kind, TypeKind::Alias(_)) {
            types[index].kind = TypeKind::Alias(TypeRef::Named(TypeId(keeper)));
            merged
                .entry(keeper)
                .or_insert_with(|| vec![TypeId(keeper)])
                .push(TypeId(index));
        }
    }
    merged.into_values().collect()
}

/// Which copy keeps the definition: a component schema before an inline one (a shorter
/// pointer), then the shortest name (`Repository`, not `NullableRepository`), then the first.
fn keeper_rank(def: &TypeDef, index: usize) -> (usize, usize, usize) {
    (def.origin.depth(), def.name.len(), index)
}

fn stable_classes(types: &[TypeDef]) -> Vec<usize> {
    // A type's signature is its structure with its references left out, which does not change
    // from one round to the next, and the classes of the types it references, in order, which
    // do: the first is written and interned once, the second read off each round.
    let mut shapes: FxHashMap<String, usize> = FxHashMap::default();
    let signatures: Vec<(usize, Vec<usize>)> = types
        .iter()
        .map(|def| {
            let (mut shape, mut references) = (String::new(), Vec::new());
            signature(&def.kind, &mut shape, &mut references);
            let fresh = shapes.len();
            (*shapes.entry(shape).or_insert(fresh), references)
        })
        .collect();
    let mut class = vec![0; types.len()];
    let mut class_count = 1;
    loop {
        let mut ids: FxHashMap<(usize, Vec<usize>), usize> = FxHashMap::default();
        let mut next = Vec::with_capacity(types.len());
        for (shape, references) in &signatures {
            let key = (*shape, references.iter().map(|&id| class[id]).collect());
            let fresh = ids.len();
            next.push(*ids.entry(key).or_insert(fresh));
        }
        // Refinement only ever splits classes, so an unchanged count means a stable partition.
        let count = ids.len();
        class = next;
        if count == class_count {
            return class;
        }
        class_count = count;
    }
}

/// Writes the structure of `kind` to `out`, a `#` in place of each reference to a named type,
/// whose index goes to `references`.
fn signature(kind: &TypeKind, out: &mut String, references: &mut Vec<usize>) {
    match kind {
        TypeKind::Struct(def) => {
            out.push_str("struct{");
            for field in &def.fields {
                text(&field.rust_name, out);
                text(&field.wire_name, out);
                // Pushed rather than formatted: this runs for every field of every type.
                out.push(match field.presence {
                    Presence::Required => 'r',
                    Presence::Optional => 'o',
                    Presence::RequiredInResponses => 'R',
                    Presence::RequiredInRequests => 'W',
                });
                out.push(flag(field.nullable));
                out.push(flag(field.boxed));
                out.push('|');
                doc_signature(&field.doc, out);
                type_signature(&field.ty, out, references);
                out.push(';');
            }
            if let Some(additional) = &def.additional_properties {
                out.push_str("..");
                type_signature(additional, out, references);
            }
            out.push('}');
        }
        TypeKind::StringEnum(def) => {
            out.push_str("enum{");
            for variant in &def.variants {
                text(&variant.name, out);
                text(&variant.value, out);
            }
            text(def.other_variant.as_deref().unwrap_or("-closed-"), out);
            out.push('}');
        }
        TypeKind::Union(def) => {
            out.push_str("union{");
            match &def.discriminator {
                Some(property) => {
                    out.push('T');
                    text(property, out);
                }
                None => out.push('U'),
            }
            for variant in &def.variants {
                text(&variant.name, out);
                out.push(flag(variant.boxed));
                for tag in &variant.tags {
                    text(tag, out);
                }
                out.push('|');
                doc_signature(&variant.doc, out);
                type_signature(&variant.ty, out, references);
                out.push(';');
            }
            out.push('}');
        }
        TypeKind::Alias(target) => {
            out.push_str("alias ");
            type_signature(target, out, references);
        }
        TypeKind::Newtype(def) => {
            let _ = write!(out, "newtype {} ", def.boxed);
            type_signature(&def.ty, out, references);
        }
    }
}

fn doc_signature(doc: &Doc, out: &mut String) {
    for paragraph in &doc.paragraphs {
        text(paragraph, out);
    }
    out.push('|');
}

/// Text of any content, length-prefixed so that no two lists of texts write the same signature.
fn text(value: &str, out: &mut String) {
    // The length's digits pushed rather than formatted: this runs for every name and doc.
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut length = value.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (length % 10) as u8;
        length /= 10;
        if length == 0 {
            break;
        }
    }
    out.extend(digits[start..].iter().map(|&digit| char::from(digit)));
    out.push(':');
    out.push_str(value);
}

/// A flag of the signature as one character.
fn flag(set: bool) -> char {
    if set { '1' } else { '0' }
}

fn type_signature(ty: &TypeRef, out: &mut String, references: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => {
            out.push('#');
            references.push(id.0);
        }
        TypeRef::Primitive(primitive) => {
            let _ = write!(out, "{primitive:?}");
        }
        TypeRef::Array(item) => {
            out.push('[');
            type_signature(item, out, references);
            out.push(']');
        }
        TypeRef::Map(value) => {
            out.push('{');
            type_signature(value, out, references);
            out.push('}');
        }
        TypeRef::Nullable(inner) => {
            out.push('?');
            type_signature(inner, out, references);
        }
        TypeRef::Any => out.push_str("any"),
        TypeRef::AnyObject => out.push_str("object"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pointer;
    use crate::ir::{EnumVariant, Field, Presence, StringEnumDef, StructDef};

    #[test]
    fn a_text_is_prefixed_with_its_length_in_decimal() {
        for length in [0, 1, 9, 10, 11, 99, 100, 12_345, 1_000_000] {
            let value = "x".repeat(length);
            let mut out = String::new();
            text(&value, &mut out);
            assert_eq!(out, format!("{length}:{value}"));
        }
    }

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            doc: Doc::default(),
            origin: Pointer::root(),
            kind,
            usage: crate::ir::Usage::default(),
        }
    }

    fn linked(next: usize) -> TypeKind {
        TypeKind::Struct(StructDef {
            fields: vec![Field {
                rust_name: "next".to_owned(),
                wire_name: "next".to_owned(),
                ty: TypeRef::Named(TypeId(next)),
                presence: Presence::Optional,
                nullable: false,
                boxed: false,
                doc: Doc::default(),
            }],
            additional_properties: None,
        })
    }

    fn states(values: &[&str]) -> TypeKind {
        TypeKind::StringEnum(StringEnumDef {
            variants: values
                .iter()
                .map(|value| EnumVariant {
                    name: value.to_uppercase(),
                    value: (*value).to_owned(),
                })
                .collect(),
            other_variant: Some("Other".to_owned()),
        })
    }

    #[test]
    fn repeated_enums_become_aliases_of_the_first() {
        let mut types = vec![
            def("A", states(&["open", "closed"])),
            def("B", states(&["open"])),
            def("C", states(&["open", "closed"])),
        ];
        merge_identical_types(&mut types);
        assert!(matches!(types[0].kind, TypeKind::StringEnum(_)));
        assert!(matches!(types[1].kind, TypeKind::StringEnum(_)));
        assert!(matches!(
            types[2].kind,
            TypeKind::Alias(TypeRef::Named(TypeId(0)))
        ));
    }

    #[test]
    fn recursive_copies_merge_and_different_targets_do_not() {
        // 0 and 1 point at each other with the same shape; 2 points at an enum.
        let mut types = vec![
            def("A", linked(1)),
            def("B", linked(0)),
            def("C", linked(3)),
            def("D", states(&["x"])),
        ];
        merge_identical_types(&mut types);
        assert!(matches!(
            types[1].kind,
            TypeKind::Alias(TypeRef::Named(TypeId(0)))
        ));
        assert!(matches!(types[2].kind, TypeKind::Struct(_)));
    }
}
