//! Cargo features of a generated crate: one per operation group, and which of them each type
//! needs ([`Features`], filled in by `passes/features.rs` when `Config::features_per_group` is
//! set). The emitter puts `#[cfg(...)]` on what only some features need, and nothing on what
//! all of them need.

use std::collections::BTreeSet;

use super::TypeId;

/// The feature of the types that no operation reaches (a description's component schemas that
/// only document webhooks, say). Unlike the groups' features it is not a default feature: in a
/// large description they can be half the models and 40 % of the crate's check time
/// (BENCHMARKS.md), for no operation. Its hyphen keeps it apart from group features, which are
/// Rust identifiers.
pub const UNREFERENCED_MODELS: &str = "unreferenced-models";

/// The features of a generated crate and what each type needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// Feature names: one per group, at the group's index in `Api::groups` (its accessor, or a
    /// numbered variant where the accessor is `default`, Cargo's own), then
    /// [`UNREFERENCED_MODELS`] when some types no operation reaches.
    pub names: Vec<String>,
    /// For each type (by [`TypeId`]), the features whose items name it.
    pub types: Vec<Gate>,
}

/// Under which features an item is compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Always: every feature needs it.
    Always,
    /// With any of these features (indices into [`Features::names`], sorted). All of them only
    /// for an item that several gated types need ([`Features::gate_of_types`]): with no feature
    /// on, none of those types is there.
    AnyOf(Vec<usize>),
}

impl Features {
    /// The gate of a type.
    pub fn type_gate(&self, id: TypeId) -> &Gate {
        self.types.get(id.0).unwrap_or(&Gate::Always)
    }

    /// The gate of a group's module, client accessor and catalog entries: its own feature,
    /// unless it is the only feature.
    pub fn group_gate(&self, group: usize) -> Gate {
        self.gate_of(vec![group])
    }

    /// The gate for items that the features `needed` (sorted, deduplicated) need.
    pub fn gate_of(&self, needed: Vec<usize>) -> Gate {
        if needed.len() >= self.names.len() {
            Gate::Always
        } else {
            Gate::AnyOf(needed)
        }
    }

    /// The gate of an item that the types `ids` need (the models' `use` of the serde derives,
    /// say): always if one of them is, else any feature of any of them (all features, when
    /// together they need all: one type per feature is still no type without features);
    /// `None` when there are no types.
    pub fn gate_of_types(&self, ids: impl IntoIterator<Item = TypeId>) -> Option<Gate> {
        let mut needed = BTreeSet::new();
        let mut any = false;
        for id in ids {
            any = true;
            match self.type_gate(id) {
                Gate::Always => return Some(Gate::Always),
                Gate::AnyOf(some) => needed.extend(some.iter().copied()),
            }
        }
        any.then(|| Gate::AnyOf(needed.into_iter().collect()))
    }
}
