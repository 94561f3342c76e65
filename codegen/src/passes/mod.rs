//! IR → IR passes, run in this order once lowering is done ([`run`]). Each works on the IR
//! alone (never on the spec, never on tokens), so the pipeline reads from this one folder:
//!
//! 1. [`dedup`]: types with the same structure become aliases of one of them.
//! 2. [`names`]: names that fit where go-to-definition lands (union alternatives named after a
//!    property, definitions that merging shares).
//! 3. [`unions`], first: an alternative that leads back to its own union through unions and
//!    aliases alone is left out (decoding it would never end).
//! 4. [`recursion`]: aliases that contain themselves become newtypes, fields that close a
//!    containment cycle are boxed, and cycles no finite value satisfies are warnings.
//! 5. [`unions`], then: single-value enums that tell union alternatives apart are closed, and an
//!    alternative that includes another's properties is tried first.
//! 6. [`docs`]: rustdoc from what the IR knows where the spec gives none.
//! 7. [`reexports`]: the model types each group's module re-exports.
//! 8. [`pagination`]: list operations and where their items are.
//! 9. [`usage`]: which types requests carry and which responses carry, and with it whether a
//!    field required one way only (`readOnly`, `writeOnly`) is required or an `Option`.
//! 10. [`features`] (with `Config::features_per_group`): which groups' Cargo features each type
//!     needs.

pub mod dedup;
pub mod docs;
pub mod features;
pub mod names;
pub mod pagination;
pub mod recursion;
pub mod reexports;
pub mod unions;
pub mod usage;

use crate::Config;
use crate::ir::Api;

/// Runs every pass on a freshly lowered API.
pub fn run(api: &mut Api, config: &Config) {
    let mut merged = dedup::merge_identical_types(&mut api.types);
    names::run(&mut api.types, &mut merged);
    api.warnings
        .extend(unions::leave_out_endless_alternatives(&mut api.types));
    recursion::break_alias_cycles(&mut api.types);
    recursion::box_recursive_fields(&mut api.types);
    unions::close_discriminators(&mut api.types);
    unions::order_alternatives(&mut api.types);
    api.warnings
        .extend(recursion::uninhabited_cycles(&api.types));
    docs::run(api, &merged);
    reexports::run(api);
    pagination::detect(&api.types, &mut api.operations);
    usage::run(api);
    if config.features_per_group {
        features::run(api);
    }
}
