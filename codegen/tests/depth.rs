//! Depth: a valid schema nested 150 levels generates (and `cargo xtask check-corpus` compiles
//! it, from `fixtures/deep_nesting_150.json`); no reader's own recursion limit refuses it; a
//! document past the generator's bounds is refused with a diagnostic at its pointer, never a
//! stack overflow. These tests run on the test harness's small threads (2 MB): the generator
//! runs on a thread of its own.

use std::path::Path;

use codegen::{Config, Generated, generate_with_report};

fn config() -> Config {
    Config {
        command: "cargo xtask codegen".to_owned(),
        spec_path: "fixture".to_owned(),
        runtime_path: "crate::runtime".to_owned(),
        builder_hook: None,
        skip_unsupported: false,
        features_per_group: false,
    }
}

fn generate(text: &str) -> Result<Generated, String> {
    generate_with_report(text, &config()).map_err(|diagnostics| diagnostics.to_string())
}

/// The text of the item that starts with `start` in `file`, up to the next item.
fn item<'f>(file: &'f str, start: &str) -> &'f str {
    let begin = file
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` is generated"));
    let rest = &file[begin..];
    let end = rest[1..].find("\npub ").map_or(rest.len(), |at| at + 1);
    &rest[..end]
}

#[test]
fn schemas_nested_150_levels_generate() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/deep_nesting_150.json");
    let text = std::fs::read_to_string(&path).expect("the fixture is readable");
    let generated = generate(&text).unwrap_or_else(|problems| panic!("{problems}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let models = &generated
        .files
        .iter()
        .find(|file| file.name == "models.rs")
        .expect("models.rs")
        .contents;
    assert_eq!(
        item(models, "pub type Items = ").matches("Vec<").count(),
        150
    );
    assert_eq!(
        item(models, "pub type Maps = ")
            .matches("BTreeMap<")
            .count(),
        150
    );
    // 150 objects, each the only property of the one above, down to a boolean: a struct each.
    let objects = models.matches("pub struct Objects").count();
    assert_eq!(objects, 150);
    // 150 one-member `allOf`s around an object are that object.
    assert!(item(models, "pub struct Wrapped {").contains("pub leaf: String,"));
    // The inline response type is as deep, in the operations.
    let operations: String = generated
        .files
        .iter()
        .filter(|file| file.name.starts_with("operations/"))
        .map(|file| file.contents.as_str())
        .collect();
    let send = operations
        .find("pub async fn send(")
        .expect("the operation is generated");
    let returned = &operations[send..];
    let returned = &returned[..returned.find("runtime::Error<").expect("a result")];
    assert_eq!(returned.matches("Vec<").count(), 150, "{returned}");
}

#[test]
fn a_document_deeper_than_the_bound_is_refused_at_its_pointer() {
    let levels = 100_000;
    let text = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}}, "x-deep": {}1{}}}"#,
        "[".repeat(levels),
        "]".repeat(levels)
    );
    let problems = generate(&text).expect_err("refused");
    let expected = format!(
        "error: #/x-deep{}: the document nests more than {} levels of objects and arrays here, which is not supported",
        "/0".repeat(codegen::parse::depth::MAX_DEPTH - 1),
        codegen::parse::depth::MAX_DEPTH
    );
    assert_eq!(problems, expected);
}

#[test]
fn yaml_stops_at_its_reader_s_limit_and_says_how_to_go_further() {
    let mut schema = "{type: string}".to_owned();
    for _ in 0..130 {
        schema = format!("{{type: array, items: {schema}}}");
    }
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    deep: {schema}\n"
    );
    let problems = generate(&text).expect_err("refused by serde_yaml");
    assert!(
        problems.contains("recursion limit exceeded")
            && problems.contains("the same document as JSON reads up to 512 levels"),
        "{problems}"
    );
}
