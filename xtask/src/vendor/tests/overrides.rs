//! End-to-end tests of overrides: applied, recorded, refused, not needed, skipped.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::json;

use super::*;

/// Every file in `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            (name, fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// An overrides file with one entry, as a person would write it.
fn overrides_yaml(pointer: &str, value: &str) -> String {
    format!(
        "# Reviewed fixes.\n\
         overrides:\n\
         - pointer: {pointer}\n  \
           value: {value}\n  \
           reason: Upstream example is `null` | but the schema says object.\n  \
           upstream: https://github.com/github/rest-api-description/issues\n"
    )
}

/// Runs the vendor step on the sample with `overrides` in a spec directory holding older
/// outputs, and expects it to fail without changing a byte there.
fn expect_override_failure(overrides: &str) -> String {
    let dir = TempDir::new("override-failure");
    let input = dir.write("sample.json", &json_bytes(&sample_spec()));
    let spec_dir = dir.path("spec");
    fs::create_dir_all(&spec_dir).unwrap();
    fs::write(spec_dir.join(SPEC_FILE), "old yaml").unwrap();
    fs::write(spec_dir.join(PROVENANCE_FILE), "old provenance").unwrap();
    fs::write(spec_dir.join(OVERRIDES_FILE), overrides).unwrap();
    with_sample_rule(&spec_dir);
    let before = snapshot(&spec_dir);
    let error = run(&input, &spec_dir).unwrap_err();
    assert_eq!(snapshot(&spec_dir), before, "spec dir changed on error");
    let overrides_path = spec_dir.join(OVERRIDES_FILE).display().to_string();
    assert!(
        error.starts_with(&format!("{overrides_path}: ")),
        "error does not name the overrides file: {error}"
    );
    assert!(
        !error.ends_with('.'),
        "error ends with a full stop: {error}"
    );
    error
}

#[test]
fn override_sets_an_object_key_and_is_listed_in_provenance() {
    let dir = TempDir::new("override");
    let input = dir.write("sample.json", &json_bytes(&sample_spec()));
    let spec_dir = dir.path("spec");
    fs::create_dir_all(&spec_dir).unwrap();
    let pointer = "/components/responses/list/content/application~1json/schema/nullable";
    fs::write(
        spec_dir.join(OVERRIDES_FILE),
        overrides_yaml(pointer, "true"),
    )
    .unwrap();
    run(&input, &spec_dir).unwrap();

    let doc = vendored_document(&spec_dir);
    let schema = &doc["components"]["responses"]["list"]["content"]["application/json"]["schema"];
    assert_eq!(schema["nullable"], json!(true));
    // The new key goes after the upstream ones, which keep their order.
    assert_eq!(keys(schema), ["type", "items", "nullable"]);

    let md = read(&spec_dir.join(PROVENANCE_FILE));
    let section = md
        .split("## Overrides\n\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("PROVENANCE.md has an Overrides section");
    assert!(
        section.contains(&format!("`{OVERRIDES_FILE}`")),
        "{section}"
    );
    assert!(
        section.contains(&format!(
            "| `{pointer}` | applied | Upstream example is `null` \\| but the schema says object. | \
             https://github.com/github/rest-api-description/issues |\n"
        )),
        "{section}"
    );
    assert!(
        md.contains(&format!(
            "the overrides listed above in `{OVERRIDES_FILE}` next to this file"
        )),
        "{md}"
    );
    // The overrides file is an input: vendor leaves it as it was.
    assert_eq!(
        read(&spec_dir.join(OVERRIDES_FILE)),
        overrides_yaml(pointer, "true")
    );
}

#[test]
fn stale_override_fails_and_leaves_spec_dir_byte_identical() {
    let error = expect_override_failure(&overrides_yaml(
        "/components/responses/gone/description",
        "Fixed",
    ));
    assert!(
        error.ends_with(
            "override 1 (`/components/responses/gone/description`) no longer applies: \
             `/components/responses/gone` does not exist in the vendored fragment (if the place \
             exists only in some upstream versions, add `if_absent: skip` to the override)"
        ),
        "{error}"
    );
}

/// An override upstream already satisfies is not needed for this version, but it may be for
/// another: vendoring succeeds, and the effect is on record.
#[test]
fn override_equal_to_upstream_is_recorded_as_not_needed() {
    let dir = TempDir::new("override-not-needed");
    let input = dir.write("sample.json", &json_bytes(&sample_spec()));
    let spec_dir = dir.path("spec");
    fs::create_dir_all(&spec_dir).unwrap();
    let pointer = "/components/schemas/simple-user/properties/id";
    fs::write(
        spec_dir.join(OVERRIDES_FILE),
        overrides_yaml(pointer, "{type: integer}"),
    )
    .unwrap();
    run(&input, &spec_dir).unwrap();
    let md = read(&spec_dir.join(PROVENANCE_FILE));
    assert!(
        md.contains(&format!(
            "| `{pointer}` | not needed: upstream already holds this value | "
        )),
        "{md}"
    );
    assert_eq!(
        vendored_document(&spec_dir)["components"]["schemas"]["simple-user"]["properties"]["id"],
        json!({"type": "integer"})
    );
}

/// `if_absent: skip` lets one overrides file serve versions that lack the place it fixes.
#[test]
fn override_of_an_absent_place_is_skipped_when_it_says_so() {
    let dir = TempDir::new("override-skip");
    let input = dir.write("sample.json", &json_bytes(&sample_spec()));
    let spec_dir = dir.path("spec");
    fs::create_dir_all(&spec_dir).unwrap();
    let pointer = "/components/examples/newer-only/value/id";
    let overrides =
        overrides_yaml(pointer, "1").replace("  reason:", "  if_absent: skip\n  reason:");
    fs::write(spec_dir.join(OVERRIDES_FILE), overrides).unwrap();
    run(&input, &spec_dir).unwrap();
    let md = read(&spec_dir.join(PROVENANCE_FILE));
    assert!(
        md.contains(&format!(
            "| `{pointer}` | skipped: `/components/examples/newer-only` does not exist in the \
             vendored fragment | "
        )),
        "{md}"
    );
}

#[test]
fn malformed_override_pointer_fails_and_names_the_override() {
    let error = expect_override_failure(&overrides_yaml("components/schemas/x", "1"));
    assert!(
        error.ends_with(
            "override 1 (`components/schemas/x`) has a malformed pointer: a JSON pointer starts \
             with `/`"
        ),
        "{error}"
    );
}

#[test]
fn missing_overrides_file_means_none() {
    let dir = TempDir::new("no-overrides");
    let input = dir.write("sample.json", &json_bytes(&sample_spec()));
    let spec_dir = dir.path("spec");
    run(&input, &spec_dir).unwrap();
    let md = read(&spec_dir.join(PROVENANCE_FILE));
    assert!(
        md.contains("\n## Overrides\n\nNone.\n\n## Counts\n"),
        "{md}"
    );
    assert!(!md.contains(OVERRIDES_FILE), "{md}");
    assert!(!spec_dir.join(OVERRIDES_FILE).exists());

    // The same as an explicitly empty list.
    let empty = dir.path("empty");
    fs::create_dir_all(&empty).unwrap();
    fs::write(empty.join(OVERRIDES_FILE), "overrides: []\n").unwrap();
    run(&input, &empty).unwrap();
    for name in [SPEC_FILE, PROVENANCE_FILE] {
        assert_eq!(read(&spec_dir.join(name)), read(&empty.join(name)));
    }
}
