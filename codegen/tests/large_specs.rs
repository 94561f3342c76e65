//! The generator on large real descriptions (`benches/data/*.json.gz`, see the README there):
//! each generates without a diagnostic, every operation of the document gets its
//! generated code, and every file is valid Rust (the formatter parses it).
//!
//! This is the cheap, always-on half; `cargo xtask check-large` compiles the generated crates
//! and decodes every example with them.

use std::path::Path;

#[path = "../benches/common/large_data.rs"]
mod large_data;

use large_data::{data_files, read};

const METHODS: [&str; 8] = codegen::ir::HttpMethod::KEYS;

/// Every `operationId` of the document, walking `paths` itself.
fn operation_ids(text: &str) -> Vec<String> {
    let document: serde_json::Value = serde_json::from_str(text).expect("the description is JSON");
    let mut ids = Vec::new();
    for item in document["paths"].as_object().expect("paths").values() {
        for method in METHODS {
            if let Some(id) = item.get(method).and_then(|op| op["operationId"].as_str()) {
                ids.push(id.to_owned());
            }
        }
    }
    ids
}

/// Generates one description and checks its operations table against the document.
fn check(path: &Path) {
    let text = read(path);
    let config = codegen::Config {
        command: "cargo xtask generate".to_owned(),
        spec_path: "large".to_owned(),
        runtime_path: "crate::runtime".to_owned(),
        builder_hook: None,
        skip_unsupported: false,
        features_per_group: true,
    };
    let generated = match codegen::generate_with_report(&text, &config) {
        Ok(generated) => generated,
        Err(diagnostics) => panic!("{} is refused:\n{diagnostics}", path.display()),
    };
    let table = generated
        .files
        .iter()
        .find(|file| file.name == "operations.rs")
        .expect("an operations module");
    let listed: Vec<&str> = table
        .contents
        .lines()
        .filter_map(|line| line.trim().strip_prefix("operation_id: \""))
        .map(|rest| rest.trim_end_matches("\","))
        .collect();
    let ids = operation_ids(&text);
    assert_eq!(listed.len(), ids.len(), "{}", path.display());
    for id in &ids {
        assert!(
            listed.contains(&id.as_str()),
            "{}: {id} has no generated operation",
            path.display()
        );
    }
    assert!(
        generated.files.iter().any(|file| file.name == "models.rs"),
        "{}",
        path.display()
    );
}

#[test]
fn every_large_description_generates_every_operation() {
    let files = data_files();
    assert!(!files.is_empty(), "no description in benches/data");
    // One thread per description: each takes seconds in a debug build.
    std::thread::scope(|scope| {
        let checks: Vec<_> = files
            .iter()
            .map(|path| scope.spawn(move || check(path)))
            .collect();
        for (path, handle) in files.iter().zip(checks) {
            if handle.join().is_err() {
                panic!("{} failed (see above)", path.display());
            }
        }
    });
}
