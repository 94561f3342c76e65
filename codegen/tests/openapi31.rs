//! The same meaning gives the same Rust: `openapi31/codespaces-3.1.yaml`, the Codespaces
//! fragment of `spec/` written again in OpenAPI 3.1 idioms (by `examples/openapi_3_1_fixture.rs`),
//! generates byte for byte the models and operations of the 3.0 original.

use std::path::Path;

use codegen::{Config, generate_with_report};

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn config() -> Config {
    Config {
        command: "cargo xtask codegen".to_owned(),
        spec_path: "spec/codespaces.yaml".to_owned(),
        runtime_path: "crate::runtime".to_owned(),
        builder_hook: None,
        skip_unsupported: false,
        features_per_group: false,
    }
}

#[test]
fn the_3_1_rewrite_of_codespaces_uses_the_3_1_idioms() {
    let text = read("tests/openapi31/codespaces-3.1.yaml");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    assert!(lines.contains(&"openapi: 3.1.0"));
    assert!(
        !lines.iter().any(|line| line.starts_with("nullable:")),
        "3.1 has no `nullable`"
    );
    let type_arrays = lines.iter().filter(|line| **line == "- 'null'").count();
    assert!(type_arrays >= 80, "{type_arrays} type arrays with null");
    let schema_examples = text.matches("examples:\n").count();
    // The original has 25 `examples` maps (of media types) and 385 schema `example`s.
    assert!(schema_examples >= 400, "{schema_examples} `examples`");
}

#[test]
fn the_3_1_rewrite_of_codespaces_generates_the_same_code() {
    let original = generate_with_report(&read("../spec/codespaces.yaml"), &config())
        .unwrap_or_else(|diagnostics| panic!("the 3.0 original generates:\n{diagnostics}"));
    let rewritten = generate_with_report(&read("tests/openapi31/codespaces-3.1.yaml"), &config())
        .unwrap_or_else(|diagnostics| panic!("the 3.1 rewrite generates:\n{diagnostics}"));
    assert!(rewritten.warnings.is_empty(), "{:?}", rewritten.warnings);
    let names = |files: &[codegen::GeneratedFile]| -> Vec<String> {
        files.iter().map(|file| file.name.clone()).collect()
    };
    assert_eq!(names(&original.files), names(&rewritten.files));
    assert!(
        original.files.len() > 2,
        "models, operations and the groups"
    );
    for (before, after) in original.files.iter().zip(&rewritten.files) {
        assert!(
            before.contents == after.contents,
            "{} differs between the 3.0 original and the 3.1 rewrite (after a spec refresh, \
             rewrite the fixture: cargo run -p codegen --example openapi_3_1_fixture -- \
             spec/codespaces.yaml codegen/tests/openapi31/codespaces-3.1.yaml)",
            before.name
        );
    }
}
