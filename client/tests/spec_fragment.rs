//! The vendored fragment holds exactly what the selection rule keeps: the 16 Codespaces
//! operations, and only components reachable from them.

use std::collections::BTreeSet;

use codespaces_client::generated::operations::OPERATIONS;
use serde_json::Value;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

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

#[test]
fn fragment_holds_the_sixteen_operations_and_only_reachable_components() {
    let spec = spec();
    let mut operations = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let x_github = &operation["x-github"];
            assert_eq!(x_github["category"], "codespaces", "{method} {path}");
            assert_eq!(x_github["subcategory"], "codespaces", "{method} {path}");
            operations.insert(
                operation["operationId"]
                    .as_str()
                    .expect("operationId")
                    .to_owned(),
            );
        }
    }
    let expected: BTreeSet<String> = [
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
    ]
    .iter()
    .map(|name| format!("codespaces/{name}"))
    .collect();
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
