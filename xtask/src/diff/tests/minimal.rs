//! Minimal generated diffs: regenerating from the 14.0.0 fragment and from the 23.0.2 fragment
//! gives files that differ only in items a reported change explains, and every other item is
//! identical.
//!
//! Each generated file is split into items by name (a type with all its `impl`s; in the
//! operations module, per group module). Each name is tied through the generator's IR to the
//! JSON pointers it comes from: a type's `origin`; an operation's pointer (with the shared
//! parameters, request bodies and responses it references) for its builder, success and error
//! types; every operation of a group for the group's handle; every operation for the
//! `OPERATIONS` table. An item that changed must have a reported change inside one of its
//! pointers; an item that appeared or disappeared may also lie inside a reported change (a new
//! property's inline type).

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;
use serde_json::Value;

use super::{fixture, fixture_text};
use crate::diff::compare;
use crate::document::pointer;

/// Items of the generated files by `file: name`, as token text (spacing and layout aside).
type Items = BTreeMap<String, String>;

/// The pointers each item name is tied to.
type Origins = BTreeMap<String, BTreeSet<String>>;

struct Generated {
    items: Items,
    origins: Origins,
}

fn generate(version: &str) -> Generated {
    let text = fixture_text(version);
    let spec = codegen::parse::parse(&text).expect("the fixture parses");
    let api =
        codegen::lower::lower(&spec, &crate::regenerate::config()).expect("the fixture lowers");
    let files = codegen::emit::emit(&api, &crate::regenerate::config()).expect("the fixture emits");
    let mut items = Items::new();
    for file in &files {
        let syntax = syn::parse_file(&file.contents).expect("generated code parses");
        split(&file.name, &syntax.items, &mut items);
    }
    Generated {
        items,
        origins: origins(&api, &fixture(version)),
    }
}

/// Adds each item under `prefix: name`, descending into modules (`prefix: module::name`).
fn split(prefix: &str, items: &[syn::Item], out: &mut Items) {
    for item in items {
        let name = match item {
            syn::Item::Mod(module) => {
                let inner = module
                    .content
                    .as_ref()
                    .map_or(&[][..], |(_, items)| &items[..]);
                split(&format!("{prefix}: {}::", module.ident), inner, out);
                continue;
            }
            syn::Item::Struct(item) => item.ident.to_string(),
            syn::Item::Enum(item) => item.ident.to_string(),
            syn::Item::Type(item) => item.ident.to_string(),
            syn::Item::Const(item) => item.ident.to_string(),
            syn::Item::Impl(item) => self_type_name(&item.self_ty),
            syn::Item::Use(_) => "use".to_owned(),
            other => panic!("unexpected generated item: {}", other.to_token_stream()),
        };
        let key = if prefix.ends_with("::") {
            format!("{prefix}{name}")
        } else {
            format!("{prefix}: {name}")
        };
        let text = out.entry(key).or_default();
        text.push_str(&item.to_token_stream().to_string());
        text.push('\n');
    }
}

/// `Codespaces` for `impl<'a> Codespaces<'a>`, `Client` for `impl runtime::Client`.
fn self_type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .map_or_else(String::new, |segment| segment.ident.to_string()),
        other => other.to_token_stream().to_string(),
    }
}

/// The pointers each item name is tied to, from the IR.
fn origins(api: &codegen::ir::Api, document: &Value) -> Origins {
    let mut origins = Origins::new();
    for def in &api.types {
        let key = format!("models.rs: {}", def.name);
        origins
            .entry(key)
            .or_default()
            .insert(def.origin.as_str().to_owned());
    }
    // An alias that merging made (`type Copy = Kept;`) stands or falls with its kept type,
    // and which copy is kept depends on every member: tie both ways.
    for def in &api.types {
        if let codegen::ir::TypeKind::Alias(codegen::ir::TypeRef::Named(kept)) = &def.kind {
            let kept = api.type_def(*kept);
            let (alias_key, kept_key) = (
                format!("models.rs: {}", def.name),
                format!("models.rs: {}", kept.name),
            );
            let kept_origin = kept.origin.as_str().to_owned();
            origins.entry(alias_key).or_default().insert(kept_origin);
            origins
                .entry(kept_key)
                .or_default()
                .insert(def.origin.as_str().to_owned());
        }
    }
    let mut everything = BTreeSet::new();
    for operation in &api.operations {
        let related = operation_pointers(operation.origin.as_str(), document);
        let module = &api.groups[operation.group].accessor;
        let group = &api.groups[operation.group].type_name;
        let media_type_enum = operation
            .body
            .as_ref()
            .and_then(|body| body.media_type_enum.as_ref())
            .map(|choice| choice.name.as_str());
        let names = [
            operation.builder_name.as_str(),
            operation.success_name.as_str(),
            operation.error_name.as_str(),
            group.as_str(),
            // The imports, with the request types the group's module re-exports.
            "use",
        ]
        .into_iter()
        .chain(media_type_enum);
        // Each group's items live in its own file, `operations/{group}.rs`.
        for name in names {
            let key = format!("operations/{module}.rs: {name}");
            origins
                .entry(key)
                .or_default()
                .extend(related.iter().cloned());
        }
        // The generated `Client` has one accessor per group.
        origins
            .entry("client.rs: Client".to_owned())
            .or_default()
            .extend(related.iter().cloned());
        everything.extend(related);
    }
    origins.insert("operations.rs: OPERATIONS".to_owned(), everything);
    origins
}

/// An operation's pointer, its path item's parameters, and the shared parts it references.
fn operation_pointers(origin: &str, document: &Value) -> BTreeSet<String> {
    let mut related = BTreeSet::from([origin.to_owned()]);
    if let Some((path_item, _method)) = origin.rsplit_once('/') {
        related.insert(format!("{path_item}/parameters"));
    }
    let mut pending: Vec<&Value> = pointer::resolve_local_ref(document, origin)
        .into_iter()
        .collect();
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    match (key.as_str(), child) {
                        ("$ref", Value::String(target)) if is_shared_part(target) => {
                            related.insert(target.clone());
                        }
                        _ => pending.push(child),
                    }
                }
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    related
}

fn is_shared_part(target: &str) -> bool {
    ["parameters", "requestBodies", "responses"]
        .iter()
        .any(|kind| target.starts_with(&format!("#/components/{kind}/")))
}

/// Whether `inner` is `outer` or a place inside it.
fn within(inner: &str, outer: &str) -> bool {
    inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The generated items of two versions, sorted by whether and how they changed.
#[derive(Debug, Default)]
struct Verdicts {
    unchanged: usize,
    /// Changed, with a reported change at their origin.
    explained: Vec<String>,
    /// Changed with no reported change at their origin, and where they come from.
    unexplained: Vec<String>,
}

/// Sorts every item of `old` and `new` by the changes reported at the pointers in `changed_at`.
fn check(old: &Generated, new: &Generated, changed_at: &[&str]) -> Verdicts {
    let mut verdicts = Verdicts::default();
    let names: BTreeSet<&String> = old.items.keys().chain(new.items.keys()).collect();
    for name in names {
        let (before, after) = (old.items.get(name), new.items.get(name));
        if before == after {
            verdicts.unchanged += 1;
            continue;
        }
        let pointers: BTreeSet<&String> = [&old.origins, &new.origins]
            .iter()
            .filter_map(|origins| origins.get(name))
            .flatten()
            .collect();
        let appeared_or_vanished = before.is_none() || after.is_none();
        let tied = pointers.iter().any(|pointer| {
            changed_at.iter().any(|change| {
                within(change, pointer)
                    || (appeared_or_vanished && within(pointer, change))
                    // A property added or removed around a merged copy can change which copy
                    // keeps the definition (see the alias ties in `origins`).
                    || (change.contains("/properties/") && within(pointer, change))
            })
        });
        if tied {
            verdicts.explained.push(name.clone());
        } else {
            verdicts
                .unexplained
                .push(format!("{name} (from {pointers:?})"));
        }
    }
    verdicts
}

#[test]
fn only_items_tied_to_reported_changes_differ_between_14_0_0_and_23_0_2() {
    let (old, new) = (generate("14.0.0"), generate("23.0.2"));
    let report = compare(&fixture("14.0.0"), &fixture("23.0.2")).expect("both fragments lower");
    let changed_at: Vec<&str> = report.changes.iter().map(|c| c.pointer.as_str()).collect();
    let Verdicts {
        unchanged,
        explained,
        unexplained,
    } = check(&old, &new, &changed_at);
    assert!(
        unexplained.is_empty(),
        "generated items changed with no reported change at their origin:\n{}",
        unexplained.join("\n")
    );
    println!("{unchanged} items identical; changed, each explained by the report: {explained:#?}");
    // Every item of a group's file is tied to operations: a change there cannot go unexplained
    // for want of an origin.
    for side in [&old, &new] {
        let untied: Vec<&String> = side
            .items
            .keys()
            .filter(|name| name.starts_with("operations/") && !side.origins.contains_key(*name))
            .collect();
        assert!(untied.is_empty(), "group items with no origin: {untied:?}");
    }
    // The check is not vacuous: the versions differ, and most of the client does not.
    assert!(explained.len() >= 10, "{explained:?}");
    assert!(
        unchanged > explained.len(),
        "{unchanged} unchanged, {explained:?}"
    );
    assert!(
        explained.contains(&"models.rs: MinimalRepository".to_owned()),
        "{explained:?}"
    );
    assert!(explained.contains(&"models.rs: SecurityAndAnalysisCodeSecurity".to_owned()));
    // The codespace itself and the operations on it did not change between the versions.
    for same in [
        "models.rs: Codespace",
        "operations/codespaces.rs: GetForAuthenticatedUser",
        "operations/codespaces.rs: Codespaces",
    ] {
        assert!(!explained.iter().any(|name| name == same), "{explained:?}");
    }
    // Group items are tied to their operations (a repository secret's public key changed).
    assert!(
        explained.contains(&"operations/codespaces.rs: GetRepoPublicKey".to_owned()),
        "{explained:?}"
    );
}

/// The check has teeth: a report that leaves out the changes to one schema leaves that
/// schema's generated items unexplained.
#[test]
fn an_unreported_change_is_caught() {
    let (old, new) = (generate("14.0.0"), generate("23.0.2"));
    let report = compare(&fixture("14.0.0"), &fixture("23.0.2")).expect("both fragments lower");
    let left_out = "#/components/schemas/minimal-repository";
    let changed_at: Vec<&str> = report
        .changes
        .iter()
        .map(|c| c.pointer.as_str())
        .filter(|pointer| !within(pointer, left_out))
        .collect();
    let unexplained = check(&old, &new, &changed_at).unexplained;
    // `MinimalRepositoryPullRequestCreationPolicy` changes too, but it is merged into the same
    // enum of `repository`, whose reported change explains it.
    assert_eq!(
        unexplained.len(),
        1,
        "expected the minimal-repository struct: {unexplained:#?}"
    );
    assert!(unexplained[0].starts_with("models.rs: MinimalRepository "));
}

#[test]
fn generation_is_byte_identical_across_runs() {
    let first = generate("23.0.2").items;
    assert_eq!(first, generate("23.0.2").items);
    let text = fixture_text("23.0.2");
    let config = crate::regenerate::config();
    let files = codegen::generate(&text, &config).expect("the fixture generates");
    assert_eq!(files, codegen::generate(&text, &config).expect("again"));
}
