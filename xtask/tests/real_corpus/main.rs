//! `cargo xtask check-corpus --real` against a local imitation of the npm registry, run as
//! `cargo xtask` runs it, with a pinned list and a work folder of its own: the download is
//! checked against the pinned integrity, cached and checked again on reuse, and the report
//! counts descriptions, Swagger 2.0 files and other files, and fails with the names of the
//! descriptions it refuses. `--sample 0`: compiling generated crates is `check-corpus`'s and
//! CI's business, not a test's.

#[path = "../registry/package.rs"]
mod package;
#[path = "../registry/scratch.rs"]
mod scratch;
#[path = "../registry/server.rs"]
mod server;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use package::{integrity, tarball};
use scratch::Scratch;
use server::{Registry, Reply, run_xtask, xtask_command};

/// A small description that generates.
const GOOD_JSON: &str = r##"{"openapi": "3.0.3", "info": {"title": "Pets", "version": "1"},
  "servers": [{"url": "https://pets.example"}],
  "paths": {"/pets/{id}": {"get": {"operationId": "getPet",
    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "a pet", "content": {"application/json":
      {"schema": {"$ref": "#/components/schemas/Pet"}}}}}}}},
  "components": {"schemas": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}}}"##;

/// The same API in YAML, as 3.1.
const GOOD_YAML: &str = "openapi: 3.1.0\ninfo:\n  title: Pets\n  version: '1'\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n";

/// A description with a dangling `$ref` in one operation: refused strictly, generated without
/// that operation with `--skip-unsupported`.
const DANGLING: &str = r##"{"openapi": "3.0.0", "info": {"title": "T", "version": "1"},
  "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {"description": "ok",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}}}}},
   "/b": {"get": {"operationId": "getB", "responses": {"204": {"description": "none"}}}}}}"##;

/// Two packages: `@corpus/good` (every description generates) and `bad` (one is refused).
struct Packages {
    good: Vec<u8>,
    bad: Vec<u8>,
}

fn packages() -> Packages {
    Packages {
        good: tarball(&[
            ("package.json", br#"{"name": "@corpus/good"}"#),
            ("api/pets.json", GOOD_JSON.as_bytes()),
            ("api/pets.yaml", GOOD_YAML.as_bytes()),
            ("api/old.json", br#"{"swagger": "2.0", "info": {}}"#),
            ("README.md", b"# not a description"),
        ]),
        bad: tarball(&[("openapi.json", DANGLING.as_bytes())]),
    }
}

fn start_registry(packages: &Packages) -> Registry {
    Registry::start(|base| {
        let document = |name: &str, path: &str| {
            serde_json::to_vec(&serde_json::json!({
                "name": name,
                "versions": {"1.0.0": {"dist": {"tarball": format!("{base}{path}")}}}
            }))
            .expect("JSON")
        };
        let mut routes = BTreeMap::new();
        routes.insert(
            "/@corpus%2fgood".to_owned(),
            Reply::ok(document("@corpus/good", "/@corpus/good/-/good-1.0.0.tgz")),
        );
        routes.insert(
            "/@corpus/good/-/good-1.0.0.tgz".to_owned(),
            Reply::ok(packages.good.clone()),
        );
        routes.insert(
            "/bad".to_owned(),
            Reply::ok(document("bad", "/bad/-/bad-1.0.0.tgz")),
        );
        routes.insert(
            "/bad/-/bad-1.0.0.tgz".to_owned(),
            Reply::ok(packages.bad.clone()),
        );
        routes
    })
}

impl Scratch {
    /// Writes a pinned list of `(name, integrity)` at version 1.0.0.
    fn list(&self, packages: &[(&str, String)]) -> PathBuf {
        let text: String = packages
            .iter()
            .map(|(name, integrity)| {
                format!("[[package]]\nname = \"{name}\"\nversion = \"1.0.0\"\nintegrity = \"{integrity}\"\n\n")
            })
            .collect();
        let path = self.path("real.toml");
        fs::write(&path, text).expect("the list");
        path
    }
}

/// `check-corpus --real --sample 0` with `list`, its downloads in `work`, against `registry`.
fn check(registry: &str, list: &Path, work: &Path) -> Output {
    run_xtask(registry, check_args(list, work))
}

/// `check-corpus --real` of every description of `list`, working in `work`.
fn check_args<'a>(list: &'a Path, work: &'a Path) -> [&'a OsStr; 8] {
    let flag = OsStr::new;
    [
        flag("check-corpus"),
        flag("--real"),
        flag("--sample"),
        flag("0"),
        flag("--list"),
        list.as_os_str(),
        flag("--work-dir"),
        work.as_os_str(),
    ]
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn descriptions_are_counted_and_the_download_is_cached_and_checked() {
    let packages = packages();
    let registry = start_registry(&packages);
    let scratch = Scratch::new("good");
    let list = scratch.list(&[("@corpus/good", integrity(&packages.good))]);
    let work = scratch.path("work");

    let output = check(&registry.url(), &list, &work);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(
        stdout.contains("descriptions: 2 OpenAPI 3.x; 1 Swagger 2.0 (not OpenAPI 3, skipped); 1 other JSON/YAML files; 0 unreadable"),
        "{stdout}"
    );
    assert!(
        stdout.contains("generated strictly: 2 (100.00 %); with --skip-unsupported: 2 (100.00 %)"),
        "{stdout}"
    );
    assert!(stdout.contains("panics: 0"), "{stdout}");
    assert!(
        stdout.contains("@corpus/good@1.0.0: downloading"),
        "{stdout}"
    );
    assert_eq!(
        registry.requested(),
        ["/@corpus%2fgood", "/@corpus/good/-/good-1.0.0.tgz"]
    );
    let cached = work.join("downloads/corpus-good-1.0.0.tgz");
    assert_eq!(
        fs::read(&cached).expect("the cached tarball"),
        packages.good
    );

    // Reused without asking the registry, or npm, which would name it: neither is there.
    let no_npm = work.join("no-npm");
    fs::create_dir_all(&no_npm).expect("an empty folder");
    let output = xtask_command("", check_args(&list, &work))
        .env("PATH", &no_npm)
        .output()
        .expect("the xtask binary runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("@corpus/good@1.0.0: cached, integrity checked"));
    assert_eq!(registry.requested().len(), 2);

    // A cached copy that no longer matches is downloaded again.
    fs::write(&cached, b"tampered").expect("a write");
    let output = check(&registry.url(), &list, &work);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        stdout.contains("does not match the pinned integrity"),
        "{stdout}"
    );
    assert_eq!(registry.requested().len(), 4);
    assert_eq!(
        fs::read(&cached).expect("the cached tarball"),
        packages.good
    );
}

#[test]
fn a_tarball_that_does_not_match_its_pin_is_refused() {
    let packages = packages();
    let registry = start_registry(&packages);
    let scratch = Scratch::new("pin");
    let list = scratch.list(&[("@corpus/good", integrity(b"other bytes"))]);
    let work = scratch.path("work");
    let output = check(&registry.url(), &list, &work);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the tarball of @corpus/good@1.0.0 from")
            && stderr.contains("does not match the pinned integrity"),
        "{stderr}"
    );
    assert!(!work.join("downloads/corpus-good-1.0.0.tgz").exists());
}

#[test]
fn too_many_refusals_fail_with_their_names_and_causes() {
    let packages = packages();
    let registry = start_registry(&packages);
    let scratch = Scratch::new("bad");
    let list = scratch.list(&[
        ("@corpus/good", integrity(&packages.good)),
        ("bad", integrity(&packages.bad)),
    ]);
    let work = scratch.path("work");
    let output = check(&registry.url(), &list, &work);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("generated strictly: 2 (66.67 %); with --skip-unsupported: 3 (100.00 %)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("[broken document, refusal is right] reference `…` points to nothing (dangling reference)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("66.67 % generate strictly, below 95 %; refused:\n    bad/openapi.json"),
        "{stderr}"
    );
    let refusals = fs::read_to_string(work.join("refusals.txt")).expect("the refusals");
    assert!(
        refusals.starts_with("bad/openapi.json (strict): refused\n    #/paths/~1a/get"),
        "{refusals}"
    );
}
