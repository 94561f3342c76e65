//! End-to-end tests of `run` on small synthetic descriptions in temporary directories.
//!
//! Unit tests of single steps live next to their code (`pointer.rs`, `overrides/tests.rs`);
//! the end-to-end tests of overrides are in `overrides.rs` here.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

mod overrides;
mod selection;

use super::read::{sha256_hex, yaml_to_json};
use super::*;

/// The rule the tests vendor with unless a test writes its own: the sample's `codespaces/codespaces`
/// operations, not its `codespaces/secrets` one.
const SAMPLE_RULE: &str = "keep:\n- category: codespaces\n  subcategory: codespaces\n";

/// The sample rule in words, as `PROVENANCE.md` and errors state it.
const SAMPLE_RULE_IN_WORDS: &str = "every operation under `paths/<path>/<method>` whose \
    `x-github.category` is `codespaces` and whose `x-github.subcategory` is `codespaces`";

/// Creates `spec_dir` with [`SAMPLE_RULE`] in it, unless the test already wrote a rule there.
fn with_sample_rule(spec_dir: &Path) {
    fs::create_dir_all(spec_dir).unwrap();
    let rule = spec_dir.join(SELECTION_FILE);
    if !rule.exists() {
        fs::write(rule, SAMPLE_RULE).unwrap();
    }
}

/// [`super::run`] with the sample rule in `spec_dir` (see [`with_sample_rule`]).
fn run(from: &Path, spec_dir: &Path) -> Result<(), String> {
    with_sample_rule(spec_dir);
    super::run(from, spec_dir)
}

/// [`super::vendor`] with the sample rule in `spec_dir` (see [`with_sample_rule`]).
fn vendor(from: &Path, spec_dir: &Path) -> Result<Vendored, String> {
    with_sample_rule(spec_dir);
    super::vendor(from, spec_dir)
}

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(tempfile::TempDir);

impl TempDir {
    fn new(label: &str) -> Self {
        let dir = tempfile::Builder::new()
            .prefix(&format!("xtask-vendor-{label}-"))
            .tempdir()
            .unwrap();
        TempDir(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path(name);
        fs::write(&path, bytes).unwrap();
        path
    }
}

fn codespaces_op(operation_id: &str, response_ref: &str) -> Value {
    json!({
        "tags": ["codespaces"],
        "operationId": operation_id,
        "x-github": {"category": "codespaces", "subcategory": "codespaces"},
        "responses": {"200": {"$ref": response_ref}}
    })
}

/// A small 3.0 document: two kept operations on one path (next to a dropped one), a kept
/// operation elsewhere, an unrelated path, a schema chain, a cycle and unreached components.
fn sample_spec() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"version": "1.2.3", "title": "Sample API"},
        "tags": [
            {"name": "actions", "description": "Actions"},
            {"name": "codespaces", "description": "Codespaces"}
        ],
        "servers": [{"url": "https://api.example.com"}],
        "externalDocs": {"url": "https://docs.example.com"},
        "paths": {
            "/user/codespaces": {
                "get": codespaces_op("codespaces/list", "#/components/responses/list"),
                "post": {
                    "tags": ["codespaces"],
                    "operationId": "codespaces/secret-thing",
                    "x-github": {"category": "codespaces", "subcategory": "secrets"},
                    "responses": {"200": {"$ref": "#/components/responses/unreached"}}
                },
                "delete": codespaces_op("codespaces/delete", "#/components/responses/list")
            },
            "/repos/{owner}/codespaces": {
                "parameters": [{"$ref": "#/components/parameters/owner"}],
                "get": codespaces_op("codespaces/in-repo", "#/components/responses/weird~1name")
            },
            "/actions": {
                "get": {
                    "tags": ["actions"],
                    "operationId": "actions/list",
                    "x-github": {"category": "actions", "subcategory": "runs"},
                    "responses": {"200": {"$ref": "#/components/responses/unreached"}}
                }
            }
        },
        "x-webhooks": {"ping": {}},
        "components": {
            "schemas": {
                "unreached": {"type": "string"},
                "codespace": {
                    "type": "object",
                    "properties": {
                        "owner": {"$ref": "#/components/schemas/simple-user"},
                        "parent": {"$ref": "#/components/schemas/codespace"}
                    }
                },
                "simple-user": {"type": "object", "properties": {"id": {"type": "integer"}}},
                "tilde~name": {"type": "boolean"}
            },
            "responses": {
                "list": {
                    "description": "A list",
                    "content": {"application/json": {
                        "schema": {"type": "array", "items": {"$ref": "#/components/schemas/codespace"}},
                        "examples": {"default": {"$ref": "#/components/examples/list"}}
                    }}
                },
                "weird/name": {
                    "description": "Pointer escaping",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/tilde~0name"}}}
                },
                "unreached": {"description": "never kept"}
            },
            "parameters": {
                "owner": {"name": "owner", "in": "path", "required": true, "schema": {"type": "string"}}
            },
            "examples": {
                "list": {"value": [{"id": 1}]},
                "unreached": {"value": 2}
            }
        }
    })
}

fn json_bytes(spec: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(spec).unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

/// Parses the generated YAML back, skipping the header comment.
fn vendored_document(spec_dir: &Path) -> Value {
    let yaml: serde_yaml::Value = serde_yaml::from_str(&read(&spec_dir.join(SPEC_FILE))).unwrap();
    yaml_to_json(yaml).unwrap()
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

/// Runs the vendor step on `spec` written as `name` and expects it to fail without touching
/// an existing spec directory.
fn expect_failure(name: &str, bytes: &[u8]) -> String {
    let dir = TempDir::new("failure");
    let input = dir.write(name, bytes);
    let spec_dir = dir.path("spec");
    fs::create_dir_all(&spec_dir).unwrap();
    fs::write(spec_dir.join(SPEC_FILE), "old yaml").unwrap();
    let error = run(&input, &spec_dir).unwrap_err();
    let mut entries: Vec<_> = fs::read_dir(&spec_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    entries.sort();
    assert_eq!(
        entries,
        [SPEC_FILE, SELECTION_FILE],
        "spec dir changed on error"
    );
    assert_eq!(read(&spec_dir.join(SPEC_FILE)), "old yaml");
    assert!(
        !error.ends_with('.'),
        "error ends with a full stop: {error}"
    );
    error
}

#[test]
fn keeps_selected_operations_and_their_closure() {
    let dir = TempDir::new("closure");
    let input = dir.write("sample.json", &json_bytes(&sample_spec()));
    let spec_dir = dir.path("spec");
    run(&input, &spec_dir).unwrap();
    let doc = vendored_document(&spec_dir);

    assert_eq!(
        keys(&doc),
        [
            "openapi",
            "info",
            "servers",
            "externalDocs",
            "tags",
            "paths",
            "components"
        ]
    );
    assert_eq!(
        doc["tags"],
        json!([{"name": "codespaces", "description": "Codespaces"}])
    );
    assert_eq!(
        keys(&doc["paths"]),
        ["/repos/{owner}/codespaces", "/user/codespaces"]
    );
    assert_eq!(keys(&doc["paths"]["/user/codespaces"]), ["get", "delete"]);
    assert_eq!(
        keys(&doc["paths"]["/repos/{owner}/codespaces"]),
        ["parameters", "get"]
    );

    let components = &doc["components"];
    assert_eq!(
        keys(components),
        ["examples", "parameters", "responses", "schemas"]
    );
    assert_eq!(
        keys(&components["schemas"]),
        ["codespace", "simple-user", "tilde~name"]
    );
    assert_eq!(keys(&components["responses"]), ["list", "weird/name"]);
    assert_eq!(keys(&components["parameters"]), ["owner"]);
    assert_eq!(keys(&components["examples"]), ["list"]);
    // Upstream key order inside a component survives.
    assert_eq!(
        keys(&components["schemas"]["codespace"]),
        ["type", "properties"]
    );
}

#[test]
fn yaml_starts_with_machine_independent_header() {
    let dir = TempDir::new("header");
    let input = dir.write("sample.json", &json_bytes(&sample_spec()));
    run(&input, &dir.path("spec")).unwrap();
    let yaml = read(&dir.path("spec").join(SPEC_FILE));
    let first_line = yaml.lines().next().unwrap();
    assert_eq!(
        first_line,
        "# Generated by `cargo xtask vendor --from sample.json`; see PROVENANCE.md. Do not edit by hand."
    );
    assert!(yaml.lines().nth(1).unwrap().starts_with("openapi:"));
}

#[test]
fn provenance_records_source_rule_counts_and_operations() {
    let dir = TempDir::new("provenance");
    let bytes = json_bytes(&sample_spec());
    let input = dir.write("sample.json", &bytes);
    run(&input, &dir.path("spec")).unwrap();
    let md = read(&dir.path("spec").join(PROVENANCE_FILE));
    assert!(md.contains("| file | `sample.json` |"));
    assert!(md.contains("| `info.title` | Sample API |"));
    assert!(md.contains("| `info.version` (package version) | 1.2.3 |"));
    assert!(md.contains(&sha256_hex(&bytes)));
    assert!(
        md.contains(&format!(
            "The rule is `selection.yaml` next to this file. Keep {SAMPLE_RULE_IN_WORDS}, with"
        )),
        "{md}"
    );
    assert!(md.contains("- operations kept: 3\n"));
    assert!(md.contains("- components kept: 7\n"));
    assert!(md.contains("  - schemas: 3\n"));
    assert!(md.contains("cargo xtask vendor --from path/to/sample.json"));
    let rows: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| GET") || l.starts_with("| DELETE"))
        .collect();
    assert_eq!(
        rows,
        [
            "| GET | `/repos/{owner}/codespaces` | `codespaces/in-repo` |",
            "| GET | `/user/codespaces` | `codespaces/list` |",
            "| DELETE | `/user/codespaces` | `codespaces/delete` |",
        ]
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let dir = TempDir::new("deterministic");
    let input = dir.write("sample.json", &json_bytes(&sample_spec()));
    let (first, second) = (dir.path("first"), dir.path("second"));
    run(&input, &first).unwrap();
    run(&input, &second).unwrap();
    run(&input, &second).unwrap();
    for name in [SPEC_FILE, PROVENANCE_FILE, API_VERSION_FILE] {
        assert_eq!(
            fs::read(first.join(name)).unwrap(),
            fs::read(second.join(name)).unwrap()
        );
    }
    // The three outputs and the selection rule the test put there.
    let leftovers = fs::read_dir(&second).unwrap().count();
    assert_eq!(leftovers, 4, "temp files left behind");
}

#[test]
fn gzip_input_gives_the_same_output_as_plain_json() {
    let dir = TempDir::new("gzip");
    let bytes = json_bytes(&sample_spec());
    // Same file name, so the header and provenance can be compared byte for byte.
    fs::create_dir_all(dir.path("plain")).unwrap();
    fs::create_dir_all(dir.path("gz")).unwrap();
    let plain = dir.write("plain/sample.json", &bytes);
    let gz = dir.write("gz/sample.json", &gzip(&bytes));
    run(&plain, &dir.path("out-plain")).unwrap();
    run(&gz, &dir.path("out-gz")).unwrap();
    for name in [SPEC_FILE, PROVENANCE_FILE] {
        assert_eq!(
            read(&dir.path("out-plain").join(name)),
            read(&dir.path("out-gz").join(name))
        );
    }
    // The checksum is of the decompressed document, not of the gzip stream.
    assert!(read(&dir.path("out-gz").join(PROVENANCE_FILE)).contains(&sha256_hex(&bytes)));
}

#[test]
fn yaml_input_gives_the_same_document_as_json() {
    let dir = TempDir::new("yaml");
    let spec = sample_spec();
    let json_input = dir.write("sample.json", &json_bytes(&spec));
    let yaml_input = dir.write(
        "sample.yaml",
        serde_yaml::to_string(&spec).unwrap().as_bytes(),
    );
    run(&json_input, &dir.path("from-json")).unwrap();
    run(&yaml_input, &dir.path("from-yaml")).unwrap();
    assert_eq!(
        vendored_document(&dir.path("from-json")),
        vendored_document(&dir.path("from-yaml"))
    );
}

#[test]
fn yaml_input_accepts_unquoted_response_codes() {
    let dir = TempDir::new("yaml-int-keys");
    let yaml = "\
openapi: 3.0.0
info: {title: T, version: '1'}
paths:
  /user/codespaces:
    get:
      x-github: {category: codespaces, subcategory: codespaces}
      responses:
        200: {description: ok}
";
    let input = dir.write("t.yml", yaml.as_bytes());
    run(&input, &dir.path("spec")).unwrap();
    let doc = vendored_document(&dir.path("spec"));
    assert_eq!(
        keys(&doc["paths"]["/user/codespaces"]["get"]["responses"]),
        ["200"]
    );
}

#[test]
fn rejects_swagger_2() {
    let spec = json!({"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {}});
    let error = expect_failure("swagger.json", &json_bytes(&spec));
    assert!(
        error.contains(
            "vendoring takes GitHub's OpenAPI 3.0.x description only (found: swagger 2.0)"
        ),
        "{error}"
    );
}

#[test]
fn rejects_openapi_3_1() {
    let mut spec = sample_spec();
    spec["openapi"] = json!("3.1.0");
    let error = expect_failure("v31.json", &json_bytes(&spec));
    assert!(
        error.contains(
            "vendoring takes GitHub's OpenAPI 3.0.x description only (found: openapi 3.1.0)"
        ),
        "{error}"
    );
}

#[test]
fn rejects_document_without_openapi_field() {
    let error = expect_failure("none.yaml", b"info: {title: T, version: '1'}\npaths: {}\n");
    assert!(
        error.contains(
            "vendoring takes GitHub's OpenAPI 3.0.x description only (found: no `openapi` field)"
        ),
        "{error}"
    );
}

#[test]
fn dangling_reference_names_the_ref_and_where_it_was_found() {
    let mut spec = sample_spec();
    spec["components"]["schemas"]["simple-user"]["properties"]["id"] =
        json!({"$ref": "#/components/schemas/missing"});
    let error = expect_failure("dangling.json", &json_bytes(&spec));
    assert!(error.contains("`#/components/schemas/missing`"), "{error}");
    assert!(
        error.contains("`#/components/schemas/simple-user/properties/id`"),
        "{error}"
    );
}

#[test]
fn non_local_reference_is_rejected() {
    let mut spec = sample_spec();
    spec["paths"]["/user/codespaces"]["get"]["responses"]["404"] =
        json!({"$ref": "other.yaml#/NotFound"});
    let error = expect_failure("external.json", &json_bytes(&spec));
    assert!(error.contains("`other.yaml#/NotFound`"), "{error}");
    assert!(
        error.contains("`#/paths/~1user~1codespaces/get/responses/404`"),
        "{error}"
    );
}

#[test]
fn no_match_is_an_error_and_writes_nothing() {
    let mut spec = sample_spec();
    spec["paths"]
        .as_object_mut()
        .unwrap()
        .retain(|path, _| path == "/actions");
    let error = expect_failure("nomatch.json", &json_bytes(&spec));
    assert!(
        error.contains("the selection rule matched no operation"),
        "{error}"
    );
}

#[test]
fn missing_file_error_names_the_path() {
    let dir = TempDir::new("missing");
    let input = dir.path("does-not-exist.json.gz");
    let spec_dir = dir.path("spec");
    let error = run(&input, &spec_dir).unwrap_err();
    assert!(error.contains(&input.display().to_string()), "{error}");
    let entries: Vec<_> = fs::read_dir(&spec_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, [SELECTION_FILE], "only the rule the test wrote");
}

#[test]
fn security_requirements_keep_their_schemes() {
    let dir = TempDir::new("security");
    let mut spec = sample_spec();
    spec["paths"]["/user/codespaces"]["get"]["security"] = json!([{"oauth": ["codespace"]}]);
    spec["components"]["securitySchemes"] = json!({
        "oauth": {"type": "http", "scheme": "bearer"},
        "unused": {"type": "http", "scheme": "basic"}
    });
    let input = dir.write("security.json", &json_bytes(&spec));
    run(&input, &dir.path("spec")).unwrap();
    let doc = vendored_document(&dir.path("spec"));
    assert_eq!(keys(&doc["components"]["securitySchemes"]), ["oauth"]);
}

#[test]
fn the_change_report_compares_with_the_fragment_being_replaced() {
    let dir = TempDir::new("report");
    let spec_dir = dir.path("spec");
    let first = dir.write("first.json", &json_bytes(&sample_spec()));
    let vendored = vendor(&first, &spec_dir).unwrap();
    assert!(
        vendored
            .report
            .starts_with("No change report: there was no "),
        "{}",
        vendored.report
    );
    run(&first, &spec_dir).unwrap();

    let mut spec = sample_spec();
    spec["info"]["version"] = json!("1.3.0");
    spec["components"]["schemas"]["simple-user"]["properties"]["login"] = json!({"type": "string"});
    let second = dir.write("second.json", &json_bytes(&spec));
    let report = vendor(&second, &spec_dir).unwrap().report;
    assert!(
        report.starts_with("**Spec changes 1.2.3 → 1.3.0: 0 breaking, 1 non-breaking change**\n"),
        "{report}"
    );
    assert!(
        report.contains("| non-breaking | login | property added: optional, `String` |"),
        "{report}"
    );
    // Without an overrides file the report says there were none.
    assert!(
        report.contains("### Overrides (`spec/overrides.yaml`)\n\nNone.\n"),
        "{report}"
    );
}

#[test]
fn the_api_version_is_written_bare_and_recorded_with_its_reason() {
    let dir = TempDir::new("api-version");
    let mut spec = sample_spec();
    spec["components"]["schemas"]["simple-user"]["x-github-breaking-changes"] = json!([
        {"changeset": "remove_id", "patch": {"properties": {"id": null}}, "version": "2026-03-10"}
    ]);
    let undated = dir.write("api.github.com.json", &json_bytes(&spec));
    run(&undated, &dir.path("undated")).unwrap();
    // Nothing but the value: the client reads it as the header value, as it is.
    assert_eq!(
        read(&dir.path("undated").join(API_VERSION_FILE)),
        "2022-11-28"
    );
    let md = read(&dir.path("undated").join(PROVENANCE_FILE));
    assert!(
        md.contains("| `X-GitHub-Api-Version` | 2022-11-28 |\n"),
        "{md}"
    );
    assert!(
        md.contains("The description is undated and states no version"),
        "{md}"
    );
    assert!(
        md.contains("| 2026-03-10 | `remove_id` | `/components/schemas/simple-user` |\n"),
        "{md}"
    );

    let dated = dir.write(
        "api.github.com.2026-03-10.json",
        &json_bytes(&sample_spec()),
    );
    run(&dated, &dir.path("dated")).unwrap();
    assert_eq!(
        read(&dir.path("dated").join(API_VERSION_FILE)),
        "2026-03-10"
    );
    let md = read(&dir.path("dated").join(PROVENANCE_FILE));
    assert!(
        md.contains("The upstream file name `api.github.com.2026-03-10.json` names it"),
        "{md}"
    );
    assert!(
        md.contains("No change of a later version is marked in the fragment."),
        "{md}"
    );
}

#[test]
fn the_report_says_whether_the_api_version_changes() {
    let dir = TempDir::new("api-version-report");
    let spec_dir = dir.path("spec");
    let undated = dir.write("api.github.com.json", &json_bytes(&sample_spec()));
    let first = vendor(&undated, &spec_dir).unwrap().report;
    assert!(
        first.ends_with("\n### API version\n\n`X-GitHub-Api-Version`: `2022-11-28`.\n"),
        "{first}"
    );
    run(&undated, &spec_dir).unwrap();
    let again = vendor(&undated, &spec_dir).unwrap().report;
    assert!(again.ends_with("`2022-11-28` (unchanged).\n"), "{again}");
    let dated = dir.write(
        "api.github.com.2026-03-10.json",
        &json_bytes(&sample_spec()),
    );
    let moved = vendor(&dated, &spec_dir).unwrap().report;
    assert!(
        moved.ends_with(
            "`2022-11-28` → `2026-03-10`: the fragment now describes another API version.\n"
        ),
        "{moved}"
    );
}

#[test]
fn the_report_option_writes_what_is_printed() {
    let dir = TempDir::new("report-file");
    let input = dir.write("sample.json", &json_bytes(&sample_spec()));
    let spec_dir = dir.path("spec");
    let report = dir.path("report.md");
    let options = options::parse(&[
        "--from",
        &input.display().to_string(),
        "--spec-dir",
        &spec_dir.display().to_string(),
        "--report",
        &report.display().to_string(),
    ])
    .unwrap();
    let expected = vendor(&input, &spec_dir).unwrap().report;
    run_options(Path::new("/nonexistent-root"), &options).unwrap();
    assert_eq!(read(&report), expected);
    assert!(spec_dir.join(SPEC_FILE).exists());

    // A report that cannot be written is an error that says the spec was vendored all the same.
    let unwritable = dir.path("no-such-folder/report.md");
    let error = run_with(
        &options::Source::File(input.clone()),
        &spec_dir,
        Some(&unwritable),
    )
    .unwrap_err();
    assert!(error.starts_with("vendored into "), "{error}");
    assert!(
        error.contains(&format!(
            "cannot write the report to {}",
            unwritable.display()
        )),
        "{error}"
    );
}
