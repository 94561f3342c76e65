//! GitHub's own example of a codespace, read from the vendored spec, so the benchmarks decode
//! what the API documents rather than a payload invented here.

use serde_json::Value;

/// `components.examples.codespace.value` of `spec/codespaces.yaml`, as JSON.
///
/// # Panics
///
/// When the spec cannot be read or has no such example: the benchmark cannot run without it.
pub fn codespace() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/codespaces.yaml");
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read the vendored spec {path}: {error}"));
    let spec: Value = serde_yaml::from_str(&text).expect("the vendored spec is YAML");
    spec.pointer("/components/examples/codespace/value")
        .cloned()
        .expect("the vendored spec has a `codespace` example")
}
