//! An `allOf` planned as a merge (see `all_of.rs`): one struct with the properties of every
//! member, followed through references and nested `allOf`s, and those written beside it.

use std::collections::HashSet;

use openapiv3::Schema;

use super::Lowerer;
use super::all_of::Kind;
use super::refs::{SchemaView, resolve_reference};
use super::schema::MAX_INLINE_DEPTH;
use super::shape::{Additional, ObjectShape, Shape, classify};
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::StructDef;

/// An `allOf` being merged: the object so far, where each property came from, and the schemas
/// merged already.
struct MergeState<'a, 'm> {
    merged: &'m mut ObjectShape<'a>,
    pointers: &'m mut Vec<Pointer>,
    seen: HashSet<Pointer>,
}

impl<'a> Lowerer<'a> {
    /// A warning when a later `allOf` member gives property `key` a kind of value that
    /// contradicts the earlier one's: the later one is used, as when it only narrows the
    /// earlier (an enum of the same strings, one alternative of a union), but the document does
    /// not say which it meant.
    fn retyped_property(
        &mut self,
        key: &str,
        (earlier, earlier_pointer): (SchemaView<'a>, &Pointer),
        (later, later_pointer): (SchemaView<'a>, &Pointer),
    ) -> Option<Diagnostic> {
        let (was, is) = (
            self.member_kind(earlier, 0).kind,
            self.member_kind(later, 0).kind,
        );
        let agree = was == is
            // A union may hold the other kind among its alternatives: picking one narrows it.
            || [was, is].contains(&Kind::Open)
            || [was, is].contains(&Kind::Union)
            || matches!(
                (was, is),
                (Kind::Integer, Kind::Number) | (Kind::Number, Kind::Integer)
            );
        (!agree).then(|| Diagnostic {
            pointer: later_pointer.clone(),
            message: format!(
                "property `{key}` is {} here and {} at {earlier_pointer}, in members of one allOf; this later one is used",
                is.described(),
                was.described()
            ),
        })
    }

    /// The struct of an `allOf` planned as a merge.
    pub(super) fn merged_struct(
        &mut self,
        members: &[SchemaView<'a>],
        own: Option<ObjectShape<'a>>,
        name: &str,
        pointer: &Pointer,
    ) -> StructDef {
        let (merged, pointers) = self.merged_object(members, own, pointer);
        self.build_struct_at(merged, name, &pointers, &pointer.push("allOf"))
    }

    /// The one object the `allOf` at `pointer` (with its own properties, `own`) describes, and
    /// where each of its properties is written; members that are not objects are reported.
    pub(super) fn merged_object(
        &mut self,
        members: &[SchemaView<'a>],
        own: Option<ObjectShape<'a>>,
        pointer: &Pointer,
    ) -> (ObjectShape<'a>, Vec<Pointer>) {
        let mut merged = ObjectShape {
            properties: Vec::new(),
            required: Vec::new(),
            additional: Additional::Closed,
        };
        let mut pointers = Vec::new();
        let mut merging = MergeState {
            merged: &mut merged,
            pointers: &mut pointers,
            seen: HashSet::from([pointer.clone()]),
        };
        self.merge_all_of(members, &pointer.push("allOf"), &mut merging, 0);
        if let Some(own) = own {
            self.merge_object(own, pointer, &mut merging);
        }
        (merged, pointers)
    }

    /// Collects the properties of every `allOf` member (following references and nested
    /// `allOf`s) into one object; later members override earlier ones. A schema is merged once,
    /// where it first appears: merging it again adds nothing, and a schema that includes
    /// itself, or includes one schema along many paths, would otherwise take exponential time.
    fn merge_all_of(
        &mut self,
        members: &[SchemaView<'a>],
        pointer: &Pointer,
        state: &mut MergeState<'a, '_>,
        depth: usize,
    ) {
        for (index, member) in members.iter().enumerate() {
            let member_pointer = pointer.push(index.to_string());
            let (schema, at) = match member {
                SchemaView::Item(schema) => (*schema, member_pointer.clone()),
                // `at` is where the schema really is (the component, at the end of a chain of
                // references), so that merging it twice is recognised.
                SchemaView::Ref(reference) => {
                    match resolve_reference::<Schema>(self.spec, reference) {
                        Ok(resolved) => (resolved.item, resolved.pointer),
                        Err(message) => {
                            self.diagnostics.error(&member_pointer, message);
                            continue;
                        }
                    }
                }
            };
            if !state.seen.insert(at.clone()) {
                continue;
            }
            match classify(schema) {
                Shape::Object(object) => self.merge_object(object, &at, state),
                Shape::AllOf {
                    members: nested,
                    own,
                } if depth < MAX_INLINE_DEPTH => {
                    self.merge_all_of(&nested, &at.push("allOf"), state, depth + 1);
                    if let Some(own) = own {
                        self.merge_object(own, &at, state);
                    }
                }
                // A member of `required` names alone (`{required: [name]}`) makes properties
                // of the other members required; any other member that admits anything adds
                // nothing.
                Shape::Any => {
                    if let openapiv3::SchemaKind::Any(any) = &schema.schema_kind {
                        require(state.merged, any.required.iter().map(String::as_str));
                    }
                }
                _ => self.diagnostics.error(
                    &at,
                    "an allOf member must be an object schema, so that its properties can be merged with the other members'",
                ),
            }
        }
    }

    /// Merges the properties of `object`, the object schema at `at`, into `state`: a property
    /// merged already takes the later definition (with a warning when its kind differs).
    fn merge_object(
        &mut self,
        object: ObjectShape<'a>,
        at: &Pointer,
        state: &mut MergeState<'a, '_>,
    ) {
        let (merged, pointers) = (&mut *state.merged, &mut *state.pointers);
        for (key, view) in object.properties {
            let property_pointer = at.push("properties").push(key);
            if let Some(slot) = merged
                .properties
                .iter()
                .position(|(existing, _)| *existing == key)
            {
                let earlier = (merged.properties[slot].1, &pointers[slot]);
                if let Some(warning) =
                    self.retyped_property(key, earlier, (view, &property_pointer))
                {
                    self.warnings.push(warning);
                }
                merged.properties[slot].1 = view;
                pointers[slot] = property_pointer;
            } else {
                merged.properties.push((key, view));
                pointers.push(property_pointer);
            }
        }
        require(merged, object.required);
        if !matches!(object.additional, Additional::Closed) {
            merged.additional = object.additional;
        }
    }
}

/// Adds `keys` to the properties `merged` requires, each once.
fn require<'a>(merged: &mut ObjectShape<'a>, keys: impl IntoIterator<Item = &'a str>) {
    for key in keys {
        if !merged.required.contains(&key) {
            merged.required.push(key);
        }
    }
}
