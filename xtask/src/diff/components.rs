//! Comparing `components`: schemas (each a generated type) and the shared request bodies,
//! parameters and responses that operations reference.
//!
//! A shared part that is added or removed is not reported by itself: it matters only through
//! the operations that start or stop using it, and those report it. A schema is different: each
//! one is a generated type, so adding or removing one changes the API.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::place::Place;
use super::report::{Change, Subject};
use super::rules::Rule;
use super::schemas::Walker;
use super::spec::{Spec, Usage, child};

/// How one kind of shared part is compared.
type Compare = for<'a, 'r> fn(&mut Walker<'a, 'r>, &'a Value, &'a Value, &Place);

/// A kind of shared part: its key under `components`, its subject, its comparison.
type SharedKind = (&'static str, fn(String) -> Subject, Compare);

/// Compares the shared request bodies, parameters and responses present in both fragments.
pub(super) fn compare_shared(old: Spec<'_>, new: Spec<'_>, changes: &mut Vec<Change>) {
    let kinds: [SharedKind; 3] = [
        ("requestBodies", Subject::RequestBody, |w, o, n, p| {
            w.request_body(o, n, p)
        }),
        ("parameters", Subject::Parameter, |w, o, n, p| {
            w.parameter(o, n, p)
        }),
        ("responses", Subject::Response, |w, o, n, p| {
            w.response(o, n, p)
        }),
    ];
    for (kind, subject, compare) in kinds {
        let (Some(old_entries), Some(new_entries)) = (old.components(kind), new.components(kind))
        else {
            continue;
        };
        for (name, new_entry) in new_entries {
            let Some(old_entry) = old_entries.get(name) else {
                continue;
            };
            let mut walker = Walker {
                old,
                new,
                subject: subject(name.clone()),
                usage: Usage::BOTH,
                changes: &mut *changes,
            };
            let pointer = child(&child("#/components", kind), name);
            let (old_entry, new_entry) = (old.resolve(old_entry), new.resolve(new_entry));
            compare(
                &mut walker,
                old_entry.value,
                new_entry.value,
                &Place::new(pointer, ""),
            );
        }
    }
}

/// Compares `components/schemas`: schemas added, removed, and changed.
pub(super) fn compare_schemas(old: Spec<'_>, new: Spec<'_>, changes: &mut Vec<Change>) {
    let usage = combined_usage(old, new);
    let (old_schemas, new_schemas) = (old.components("schemas"), new.components("schemas"));
    let names: BTreeSet<&String> = old_schemas
        .into_iter()
        .chain(new_schemas)
        .flat_map(|schemas| schemas.keys())
        .collect();
    for name in names {
        let pointer = child("#/components/schemas", name);
        let mut walker = Walker {
            old,
            new,
            subject: Subject::Schema(name.clone()),
            // A schema no operation reaches gets the strictest reading.
            usage: usage.get(name).copied().unwrap_or(Usage::BOTH),
            changes: &mut *changes,
        };
        let place = Place::new(pointer, "");
        match (
            old_schemas.and_then(|schemas| schemas.get(name)),
            new_schemas.and_then(|schemas| schemas.get(name)),
        ) {
            (None, Some(_)) => walker.push(&place, "schema added".to_owned(), Rule::SchemaAdded),
            (Some(_), None) => {
                walker.push(&place, "schema removed".to_owned(), Rule::SchemaRemoved);
            }
            (Some(old_schema), Some(new_schema)) => walker.schema(old_schema, new_schema, &place),
            (None, None) => {}
        }
    }
}

/// Where each schema's values travel in either fragment: a change must be safe for both uses.
fn combined_usage(old: Spec<'_>, new: Spec<'_>) -> BTreeMap<String, Usage> {
    let mut usage = old.schema_usage();
    for (name, new_usage) in new.schema_usage() {
        let entry = usage.entry(name).or_default();
        *entry = *entry | new_usage;
    }
    usage
}
