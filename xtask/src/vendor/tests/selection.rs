//! End-to-end tests of the selection rule file: what it keeps, and how a bad one is refused.

use std::fs;

use serde_json::json;

use super::*;

/// Vendors the sample with `rule` as the selection file and returns the kept operation ids.
fn kept_with(rule: &str) -> Vec<String> {
    let dir = TempDir::new("selection");
    let input = dir.write("sample.json", &json_bytes(&sample_spec()));
    let spec_dir = dir.path("spec");
    fs::create_dir_all(&spec_dir).unwrap();
    fs::write(spec_dir.join(SELECTION_FILE), rule).unwrap();
    run(&input, &spec_dir).unwrap();
    let doc = vendored_document(&spec_dir);
    let mut ids: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter_map(|operation| operation.get("operationId")?.as_str().map(str::to_owned))
        .collect();
    ids.sort();
    ids
}

/// Vendors the sample with `rule` as the selection file, expecting a refusal that names the
/// rule file and leaves the spec directory as it was.
fn refused_with(rule: &str) -> String {
    let dir = TempDir::new("selection-refused");
    let input = dir.write("sample.json", &json_bytes(&sample_spec()));
    let spec_dir = dir.path("spec");
    fs::create_dir_all(&spec_dir).unwrap();
    fs::write(spec_dir.join(SPEC_FILE), "old yaml").unwrap();
    fs::write(spec_dir.join(SELECTION_FILE), rule).unwrap();
    let error = run(&input, &spec_dir).unwrap_err();
    assert_eq!(read(&spec_dir.join(SPEC_FILE)), "old yaml");
    assert!(!spec_dir.join(PROVENANCE_FILE).exists());
    let rule_path = spec_dir.join(SELECTION_FILE).display().to_string();
    assert!(
        error.starts_with(&format!("{rule_path}: ")),
        "the error does not name the rule file: {error}"
    );
    error
}

#[test]
fn a_category_alone_keeps_every_subcategory() {
    assert_eq!(
        kept_with("keep:\n- category: codespaces\n"),
        [
            "codespaces/delete",
            "codespaces/in-repo",
            "codespaces/list",
            "codespaces/secret-thing"
        ]
    );
}

#[test]
fn a_subcategory_narrows_its_entry() {
    assert_eq!(
        kept_with("keep:\n- category: codespaces\n  subcategory: secrets\n"),
        ["codespaces/secret-thing"]
    );
}

#[test]
fn an_operation_is_kept_when_any_entry_matches() {
    assert_eq!(
        kept_with(
            "keep:\n- category: actions\n- {category: codespaces, subcategory: codespaces}\n"
        ),
        [
            "actions/list",
            "codespaces/delete",
            "codespaces/in-repo",
            "codespaces/list"
        ]
    );
}

#[test]
fn the_widened_rule_keeps_the_closure_of_the_new_operations_too() {
    let dir = TempDir::new("selection-closure");
    let input = dir.write("sample.json", &json_bytes(&sample_spec()));
    let spec_dir = dir.path("spec");
    fs::create_dir_all(&spec_dir).unwrap();
    fs::write(
        spec_dir.join(SELECTION_FILE),
        "keep:\n- category: codespaces\n",
    )
    .unwrap();
    run(&input, &spec_dir).unwrap();
    let doc = vendored_document(&spec_dir);
    // `responses/unreached` is reached now, through the secrets operation.
    assert_eq!(
        keys(&doc["components"]["responses"]),
        ["list", "unreached", "weird/name"]
    );
    let md = read(&spec_dir.join(PROVENANCE_FILE));
    assert!(
        md.contains(
            "Keep every operation under `paths/<path>/<method>` whose `x-github.category` is \
             `codespaces`, with"
        ),
        "{md}"
    );
    assert!(md.contains("- operations kept: 4\n"), "{md}");
}

#[test]
fn a_missing_rule_file_is_refused_and_nothing_is_written() {
    let dir = TempDir::new("selection-missing");
    let input = dir.write("sample.json", &json_bytes(&sample_spec()));
    let spec_dir = dir.path("spec");
    fs::create_dir_all(&spec_dir).unwrap();
    // `super::run`, not the helper that writes the sample rule.
    let error = super::super::run(&input, &spec_dir).unwrap_err();
    let rule_path = spec_dir.join(SELECTION_FILE).display().to_string();
    assert!(
        error.starts_with(&format!("cannot read the selection rule {rule_path}: ")),
        "{error}"
    );
    assert_eq!(fs::read_dir(&spec_dir).unwrap().count(), 0);
}

#[test]
fn malformed_rule_files_are_refused_with_a_plain_message() {
    let cases = [
        (
            "- category: codespaces\n",
            "expected a mapping whose only key is `keep`",
        ),
        (
            "keep: []\n",
            "`keep` is empty, so nothing would be vendored",
        ),
        (
            "keep:\n- codespaces\n",
            "entry 1 of `keep` is not a mapping",
        ),
        (
            "keep:\n- category: codespaces\nalso: 1\n",
            "unknown top-level key `also`",
        ),
        (
            "keep:\n- category: a\n- subcategory: codespaces\n",
            "entry 2 of `keep` has no `category`",
        ),
        (
            "keep:\n- category: codespaces\n  tag: codespaces\n",
            "entry 1 of `keep` has the unknown key `tag` (known: `category`, `subcategory`)",
        ),
        (
            "keep:\n- category: codespaces\n  subcategory: [a, b]\n",
            "entry 1 of `keep`: `subcategory` must be a non-empty string",
        ),
        (
            "keep:\n- category: ''\n",
            "`category` must be a non-empty string",
        ),
        ("keep: [\n", "invalid YAML"),
    ];
    for (rule, expected) in cases {
        let error = refused_with(rule);
        assert!(error.contains(expected), "{rule:?}: {error}");
        assert!(
            !error.ends_with('.'),
            "error ends with a full stop: {error}"
        );
    }
}

#[test]
fn no_match_names_the_rule_and_where_tagged_operations_are_filed() {
    let mut spec = sample_spec();
    spec["paths"]["/user/codespaces"]["get"]["x-github"] =
        json!({"category": "cloud", "subcategory": "codespaces"});
    let error = refused_with_input(
        &spec,
        "keep:\n- category: codespaces\n  subcategory: codespaces\n- category: nothing-here\n",
    );
    assert!(
        error.contains(
            "the selection rule matched no operation (rule: every operation under \
             `paths/<path>/<method>` whose `x-github.category` is `codespaces` and whose \
             `x-github.subcategory` is `codespaces`, or whose `x-github.category` is \
             `nothing-here`)"
        ),
        "{error}"
    );
    assert!(
        error.contains(
            "operations tagged `codespaces`, `nothing-here` are filed under \
             category/subcategory cloud/codespaces, codespaces/secrets"
        ),
        "{error}"
    );
    assert!(error.contains("update the selection rule in "), "{error}");
    assert!(error.ends_with(SELECTION_FILE), "{error}");
}

/// Vendors `spec` with `rule`, expecting a refusal; the error is prefixed by the input's path.
fn refused_with_input(spec: &serde_json::Value, rule: &str) -> String {
    let mut spec = spec.clone();
    // What is left under the tag: the moved operation and the secrets one, which the rule's
    // subcategory leaves out.
    spec["paths"]["/user/codespaces"]
        .as_object_mut()
        .unwrap()
        .remove("delete");
    spec["paths"]
        .as_object_mut()
        .unwrap()
        .remove("/repos/{owner}/codespaces");
    let dir = TempDir::new("selection-no-match");
    let input = dir.write("moved.json", &json_bytes(&spec));
    let spec_dir = dir.path("spec");
    fs::create_dir_all(&spec_dir).unwrap();
    fs::write(spec_dir.join(SELECTION_FILE), rule).unwrap();
    let error = run(&input, &spec_dir).unwrap_err();
    assert!(!spec_dir.join(SPEC_FILE).exists());
    error
}
