//! The vendored fragment holds exactly what the selection rule (`spec/selection.yaml`) keeps:
//! the 48 operations of GitHub's Codespaces category, and only components reachable from them;
//! and the generated code marks deprecated exactly the operations the spec deprecates.

use std::collections::BTreeSet;

use codespaces_client::generated::operations::{OPERATIONS, PATH_ITEM_METHODS};
use serde_json::Value;

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/codespaces.yaml");
    let text = std::fs::read_to_string(path).expect("the vendored spec is readable");
    serde_yaml::from_str(&text).expect("the vendored spec is valid YAML")
}

/// Every `$ref` target reachable from `start`, transitively.
fn reachable(spec: &Value, start: &Value) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut pending = vec![start.clone()];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    match (key.as_str(), &child) {
                        ("$ref", Value::String(target)) => {
                            if seen.insert(target.clone()) {
                                let pointer = target.trim_start_matches('#');
                                let resolved = spec
                                    .pointer(pointer)
                                    .unwrap_or_else(|| panic!("dangling {target}"));
                                pending.push(resolved.clone());
                            }
                        }
                        _ => pending.push(child),
                    }
                }
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    seen
}

/// The 48 operations of GitHub's Codespaces category, by `operationId` after `codespaces/`,
/// grouped as GitHub's documentation groups them.
const EXPECTED_OPERATIONS: [&str; 48] = [
    // Codespaces (subcategory `codespaces`).
    "check-permissions-for-devcontainer",
    "create-for-authenticated-user",
    "create-with-pr-for-authenticated-user",
    "create-with-repo-for-authenticated-user",
    "delete-for-authenticated-user",
    "export-for-authenticated-user",
    "get-export-details-for-authenticated-user",
    "get-for-authenticated-user",
    "list-devcontainers-in-repository-for-authenticated-user",
    "list-for-authenticated-user",
    "list-in-repository-for-authenticated-user",
    "pre-flight-with-repo-for-authenticated-user",
    "publish-for-authenticated-user",
    "start-for-authenticated-user",
    "stop-for-authenticated-user",
    "update-for-authenticated-user",
    // Machines.
    "codespace-machines-for-authenticated-user",
    "repo-machines-for-authenticated-user",
    // The user's secrets (subcategory `secrets`).
    "add-repository-for-secret-for-authenticated-user",
    "create-or-update-secret-for-authenticated-user",
    "delete-secret-for-authenticated-user",
    "get-public-key-for-authenticated-user",
    "get-secret-for-authenticated-user",
    "list-repositories-for-secret-for-authenticated-user",
    "list-secrets-for-authenticated-user",
    "remove-repository-for-secret-for-authenticated-user",
    "set-repositories-for-secret-for-authenticated-user",
    // Repository secrets.
    "create-or-update-repo-secret",
    "delete-repo-secret",
    "get-repo-public-key",
    "get-repo-secret",
    "list-repo-secrets",
    // Organization secrets.
    "add-selected-repo-to-org-secret",
    "create-or-update-org-secret",
    "delete-org-secret",
    "get-org-public-key",
    "get-org-secret",
    "list-org-secrets",
    "list-selected-repos-for-org-secret",
    "remove-selected-repo-from-org-secret",
    "set-selected-repos-for-org-secret",
    // Organizations.
    "delete-codespaces-access-users",
    "delete-from-organization",
    "get-codespaces-for-user-in-org",
    "list-in-organization",
    "set-codespaces-access",
    "set-codespaces-access-users",
    "stop-in-organization",
];

#[test]
fn fragment_holds_the_48_operations_and_only_reachable_components() {
    let spec = spec();
    let mut operations = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in PATH_ITEM_METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let x_github = &operation["x-github"];
            assert_eq!(x_github["category"], "codespaces", "{method} {path}");
            operations.insert(
                operation["operationId"]
                    .as_str()
                    .expect("operationId")
                    .to_owned(),
            );
        }
    }
    let expected: BTreeSet<String> = EXPECTED_OPERATIONS
        .iter()
        .map(|name| format!("codespaces/{name}"))
        .collect();
    assert_eq!(expected.len(), 48);
    assert_eq!(operations, expected);

    let generated: BTreeSet<String> = OPERATIONS
        .iter()
        .map(|info| info.operation_id.to_owned())
        .collect();
    assert_eq!(
        generated, expected,
        "every operation has a generated function"
    );

    let reached = reachable(&spec, &spec["paths"]);
    let mut present = BTreeSet::new();
    for (kind, entries) in spec["components"].as_object().expect("components") {
        for name in entries.as_object().expect("a component section").keys() {
            present.insert(format!("#/components/{kind}/{name}"));
        }
    }
    let unreached: Vec<_> = present.difference(&reached).collect();
    assert!(
        unreached.is_empty(),
        "components no operation reaches: {unreached:?}"
    );
}

/// The generated method of every operation with `deprecated: true`, and of no other, carries
/// `#[deprecated]` (the spec gives no deprecation text, so the attribute has no note).
#[test]
fn exactly_the_deprecated_operations_are_deprecated_in_rust() {
    let spec = spec();
    let mut deprecated_in_spec = BTreeSet::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        for method in PATH_ITEM_METHODS {
            if let Some(operation) = item.get(method) {
                if operation["deprecated"] == Value::Bool(true) {
                    let id = operation["operationId"].as_str().expect("operationId");
                    let name = id.rsplit('/').next().expect("a name").replace('-', "_");
                    deprecated_in_spec.insert(name);
                }
            }
        }
    }
    assert_eq!(
        deprecated_in_spec,
        BTreeSet::from([
            "delete_codespaces_access_users".to_owned(),
            "set_codespaces_access".to_owned(),
            "set_codespaces_access_users".to_owned(),
        ])
    );

    // Which `pub fn`s of the group handle are preceded by `#[deprecated]`.
    let source = include_str!("../src/generated/operations/codespaces.rs");
    let mut deprecated_in_rust = BTreeSet::new();
    let mut methods = 0;
    let mut previous = "";
    for line in source.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("pub fn ") {
            let name = rest.split(['(', '<']).next().expect("a name").to_owned();
            if previous == "#[deprecated]" {
                deprecated_in_rust.insert(name);
            }
            methods += 1;
        }
        previous = line;
    }
    assert!(methods >= 48, "{methods} methods found");
    assert_eq!(deprecated_in_rust, deprecated_in_spec);
}
