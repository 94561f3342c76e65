//! `cargo xtask vendor --version X`, `--latest` and `--check-latest` against a local imitation
//! of the npm registry, run as `cargo xtask` runs them, into a scratch copy of `spec/`: the
//! package document at `/@octokit%2fopenapi` (the scoped name encoded as npm encodes it) with
//! `versions`, `dist-tags.latest`, `dist.tarball` and `dist.integrity`, and tarballs with
//! `package/generated/*.json` built here from the small fixture description in `testdata/`.
//!
//! Each failure must exit with status 1 and one line on stderr that says what happened, print
//! nothing on stdout, and leave the scratch `spec/` (and this checkout's) byte for byte as it was.

mod package;
mod scratch;
mod server;

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use package::{integrity, tarball};
use scratch::Scratch;
use serde_json::{Value, json};
use server::{Registry, Reply, run_xtask, xtask_command};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// The fixture description (the Codespaces fragment of 23.0.2, which vendoring cuts again to the
/// same operations) as the package ships descriptions: JSON, with `info.version` the package's.
fn description(version: &str, title: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/codespaces-23.0.2.yaml.gz");
    let mut yaml = Vec::new();
    flate2::read::GzDecoder::new(fs::File::open(path).expect("the fixture"))
        .read_to_end(&mut yaml)
        .expect("the fixture decompresses");
    let mut document: Value = serde_yaml::from_slice(&yaml).expect("the fixture is YAML");
    document["info"]["version"] = json!(version);
    document["info"]["title"] = json!(title);
    serde_json::to_vec_pretty(&document).expect("JSON")
}

fn tarball_path(version: &str) -> String {
    format!("/@octokit/openapi/-/openapi-{version}.tgz")
}

/// The registry every test starts: good versions 1.0.0 and 2.0.0 (latest), and versions that go
/// wrong in one way each.
fn start_registry() -> Registry {
    let v1 = tarball(&[
        ("package.json", br#"{"name": "@octokit/openapi"}"#),
        (
            "generated/api.github.com.json",
            &description("1.0.0", "GitHub 1"),
        ),
        ("generated/ghec.json", &description("1.0.0", "GHEC 1")),
        ("generated/README.md", b"# Generated"),
    ]);
    let v2 = tarball(&[
        (
            "generated/api.github.com.json",
            &description("2.0.0", "GitHub 2"),
        ),
        ("generated/ghec.json", &description("2.0.0", "GHEC 2")),
    ]);
    let v3 = tarball(&[(
        "generated/api.github.com.json",
        &description("3.0.0", "GitHub 3"),
    )]);
    let damaged = v3[..v3.len() / 2].to_vec();
    Registry::start(|base| {
        let dist = |version: &str, integrity: Option<String>| {
            let mut dist = json!({"tarball": format!("{base}{}", tarball_path(version))});
            if let Some(integrity) = integrity {
                dist["integrity"] = json!(integrity);
            }
            json!({"name": "@octokit/openapi", "version": version, "dist": dist})
        };
        let document = json!({
            "name": "@octokit/openapi",
            "dist-tags": {"latest": "2.0.0"},
            "versions": {
                "1.0.0": dist("1.0.0", Some(integrity(&v1))),
                "2.0.0": dist("2.0.0", Some(integrity(&v2))),
                // The registry's integrity is of other bytes than the tarball served.
                "3.0.0": dist("3.0.0", Some(integrity(b"something else"))),
                // The download breaks off halfway.
                "3.0.1": dist("3.0.1", Some(integrity(&v3))),
                // Published cut short: the integrity matches the damaged tarball.
                "3.0.2": dist("3.0.2", Some(integrity(&damaged))),
                "3.0.3": dist("3.0.3", None),
            }
        });
        let mut routes = BTreeMap::new();
        routes.insert(
            "/@octokit%2fopenapi".to_owned(),
            Reply::ok(serde_json::to_vec(&document).expect("JSON")),
        );
        routes.insert(tarball_path("1.0.0"), Reply::ok(v1.clone()));
        routes.insert(tarball_path("2.0.0"), Reply::ok(v2.clone()));
        routes.insert(tarball_path("3.0.0"), Reply::ok(v3.clone()));
        routes.insert(
            tarball_path("3.0.1"),
            Reply {
                cut_after: Some(v3.len() / 2),
                ..Reply::ok(v3.clone())
            },
        );
        routes.insert(tarball_path("3.0.2"), Reply::ok(damaged.clone()));
        routes.insert(tarball_path("3.0.3"), Reply::ok(v3.clone()));
        routes
    })
}

/// A scratch folder holding a copy of this checkout's `spec/`.
fn scratch_with_spec(label: &str) -> Scratch {
    let scratch = Scratch::new(label);
    fs::create_dir_all(scratch.spec()).expect("a scratch spec/");
    for entry in fs::read_dir(workspace_root().join("spec")).expect("spec/") {
        let path = entry.expect("an entry").path();
        fs::copy(
            &path,
            scratch.spec().join(path.file_name().expect("a name")),
        )
        .expect("a copy");
    }
    scratch
}

impl Scratch {
    fn spec(&self) -> PathBuf {
        self.path("spec")
    }

    fn read(&self, name: &str) -> String {
        fs::read_to_string(self.spec().join(name)).expect("a vendored file")
    }
}

/// Every file under `dirs`, with its bytes.
fn files_under(dirs: &[PathBuf]) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = dirs.to_vec();
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(path.clone(), fs::read(&path).expect("a readable file"));
            }
        }
    }
    files
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `args` (with `--spec-dir` and `--report` into a scratch copy) and expects a refusal
/// whose one line contains `expected`, with nothing written anywhere.
fn assert_refused(registry: &str, args: &[&str], expected: &str) {
    let scratch = scratch_with_spec("refused");
    let report = scratch.path("report.md");
    let spec_dir = scratch.spec().display().to_string();
    let mut all = args.to_vec();
    all.extend(["--spec-dir", &spec_dir]);
    let report_arg = report.display().to_string();
    if !args.contains(&"--check-latest") {
        all.extend(["--report", &report_arg]);
    }
    let guarded = [
        workspace_root().join("spec"),
        workspace_root().join("client/src/generated"),
    ];
    let (scratch_before, checkout_before) = (files_under(&[scratch.spec()]), files_under(&guarded));
    let output = run_xtask(registry, &all);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{all:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{all:?}: not one line: {stderr}");
    assert!(
        stderr.contains(expected),
        "{all:?}: `{expected}` missing from: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{all:?} panicked: {stderr}");
    assert_eq!(text(&output.stdout), "", "{all:?} printed on failure");
    assert!(
        files_under(&[scratch.spec()]) == scratch_before,
        "{all:?} changed the scratch spec/"
    );
    assert!(
        files_under(&guarded) == checkout_before,
        "{all:?} changed this checkout"
    );
    assert!(!report.exists(), "{all:?} wrote a report");
}

/// Runs `vendor` with `args` into `scratch`, expecting success, and returns stdout.
fn vendor_ok(registry: &str, scratch: &Scratch, args: &[&str]) -> String {
    let spec_dir = scratch.spec().display().to_string();
    let mut all = vec!["vendor"];
    all.extend(args);
    all.extend(["--spec-dir", &spec_dir]);
    let output = run_xtask(registry, &all);
    assert!(output.status.success(), "{all:?}: {}", text(&output.stderr));
    text(&output.stdout)
}

#[test]
fn a_version_from_the_registry_is_vendored_as_the_same_file_would_be() {
    let registry = start_registry();
    let from_registry = scratch_with_spec("version");
    let report = from_registry.path("report.md");
    let stdout = vendor_ok(
        &registry.url(),
        &from_registry,
        &[
            "--version",
            "1.0.0",
            "--report",
            &report.display().to_string(),
        ],
    );
    // The scoped name is requested encoded, as npm requests it; the server knows no other form.
    assert_eq!(
        registry.requested(),
        [
            "/@octokit%2fopenapi",
            "/@octokit/openapi/-/openapi-1.0.0.tgz"
        ]
    );

    let from_file = scratch_with_spec("file");
    let file = from_file.path("api.github.com.json");
    fs::write(&file, description("1.0.0", "GitHub 1")).expect("the description");
    vendor_ok(
        "http://127.0.0.1:9/",
        &from_file,
        &["--from", &file.display().to_string()],
    );

    let yaml = from_registry.read("codespaces.yaml");
    let (header, body) = yaml.split_once('\n').expect("a header line");
    assert_eq!(
        header,
        "# Generated by `cargo xtask vendor --version 1.0.0`; see PROVENANCE.md. Do not edit by hand."
    );
    let file_yaml = from_file.read("codespaces.yaml");
    assert_eq!(Some(body), file_yaml.split_once('\n').map(|(_, body)| body));
    assert!(body.contains("\n  version: 1.0.0\n"), "{body}");
    assert_eq!(from_registry.read("api-version.txt"), "2022-11-28");
    assert_eq!(from_file.read("api-version.txt"), "2022-11-28");

    let provenance = from_registry.read("PROVENANCE.md");
    for row in [
        "| package | `@octokit/openapi` 1.0.0 |\n".to_owned(),
        "| file in the package | `generated/api.github.com.json` |\n".to_owned(),
        "| `X-GitHub-Api-Version` | 2022-11-28 |\n".to_owned(),
        "\ncargo xtask vendor --version 1.0.0\n".to_owned(),
    ] {
        assert!(
            provenance.contains(&row),
            "`{row}` missing from:\n{provenance}"
        );
    }
    let integrity_row = provenance
        .lines()
        .find(|line| line.starts_with("| integrity of the package tarball | `sha512-"))
        .expect("the integrity row");
    assert_eq!(
        integrity_row.len(),
        "| integrity of the package tarball | `sha512-` |".len() + 88
    );

    // The report file holds the report that was printed after the summary line.
    let report = fs::read_to_string(&report).expect("the report");
    assert!(
        stdout.starts_with(
            "vendored 48 operations and 63 components from @octokit/openapi@1.0.0 \
             generated/api.github.com.json (GitHub 1 1.0.0) with 7 override(s) into "
        ),
        "{stdout}"
    );
    assert!(stdout.ends_with(&report), "{stdout}\n---\n{report}");
    assert!(
        report.starts_with("**Spec changes 23.0.2 → 1.0.0: "),
        "{report}"
    );
}

#[test]
fn latest_takes_the_version_the_dist_tag_names_and_any_description() {
    let registry = start_registry();
    let scratch = scratch_with_spec("latest");
    vendor_ok(&registry.url(), &scratch, &["--latest"]);
    assert!(
        scratch
            .read("codespaces.yaml")
            .contains("\n  version: 2.0.0\n  title: GitHub 2\n")
    );
    assert!(
        scratch
            .read("PROVENANCE.md")
            .contains("| package | `@octokit/openapi` 2.0.0 |\n")
    );

    vendor_ok(
        &registry.url(),
        &scratch,
        &["--latest", "--description", "ghec"],
    );
    let yaml = scratch.read("codespaces.yaml");
    assert!(
        yaml.starts_with("# Generated by `cargo xtask vendor --version 2.0.0 --description ghec`;"),
        "{yaml}"
    );
    assert!(yaml.contains("\n  title: GHEC 2\n"));
    assert!(
        scratch
            .read("PROVENANCE.md")
            .contains("| file in the package | `generated/ghec.json` |\n")
    );
}

#[test]
fn check_latest_fails_until_the_newest_version_is_vendored() {
    let registry = start_registry();
    let scratch = scratch_with_spec("check-latest");
    let spec_dir = scratch.spec().display().to_string();
    vendor_ok(&registry.url(), &scratch, &["--version", "1.0.0"]);
    let behind = run_xtask(
        &registry.url(),
        ["vendor", "--check-latest", "--spec-dir", &spec_dir],
    );
    assert_eq!(behind.status.code(), Some(1));
    let stdout = text(&behind.stdout);
    assert!(stdout.starts_with("vendored: 1.0.0 ("), "{stdout}");
    assert!(
        stdout.ends_with("newest:   2.0.0 (@octokit/openapi, dist-tags.latest)\n"),
        "{stdout}"
    );
    assert_eq!(
        text(&behind.stderr),
        "the vendored 1.0.0 is not the latest 2.0.0: `cargo xtask vendor --latest` refreshes it\n"
    );

    vendor_ok(&registry.url(), &scratch, &["--latest"]);
    let current = run_xtask(
        &registry.url(),
        ["vendor", "--check-latest", "--spec-dir", &spec_dir],
    );
    assert!(current.status.success(), "{}", text(&current.stderr));
    assert!(text(&current.stdout).starts_with("vendored: 2.0.0 ("));
}

#[test]
fn offline_writes_nothing() {
    // A port that was just free: nothing listens there.
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port");
    let registry = format!("http://{address}/");
    let expected = format!("cannot reach {registry}@octokit%2fopenapi: ");
    assert_refused(&registry, &["vendor", "--latest"], &expected);
    assert_refused(&registry, &["vendor", "--check-latest"], &expected);
    assert_refused(
        &registry,
        &["vendor", "--latest"],
        "(offline? the npm registry used is",
    );
}

/// `vendor --latest` into a fresh scratch `spec/` with `npm_config_registry` unset and `PATH`
/// holding only `bin`, so that the registry comes from whatever `npm` is there.
fn vendor_latest_with_only(bin: &Path, scratch: &Scratch) -> std::process::Output {
    let spec_dir = scratch.spec().display().to_string();
    xtask_command("", ["vendor", "--latest", "--spec-dir", &spec_dir])
        .env("PATH", bin)
        .output()
        .expect("the xtask binary runs")
}

#[cfg(unix)]
#[test]
fn without_npm_config_registry_the_registry_npm_is_configured_with_is_used() {
    use std::os::unix::fs::PermissionsExt;
    let registry = start_registry();
    let scratch = scratch_with_spec("npm-config");
    let bin = scratch.path("bin");
    fs::create_dir_all(&bin).expect("a bin folder");
    // An `npm` that answers `config get registry` as npm does, with the local registry.
    let npm = bin.join("npm");
    let script = format!(
        "#!/bin/sh\n[ \"$*\" = \"config get registry\" ] || exit 2\necho {}\n",
        registry.url()
    );
    fs::write(&npm, script).expect("the fake npm");
    fs::set_permissions(&npm, fs::Permissions::from_mode(0o755)).expect("executable");
    let output = vendor_latest_with_only(&bin, &scratch);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(scratch.read("PROVENANCE.md").contains("2.0.0"));
}

#[test]
fn without_npm_config_registry_or_npm_nothing_is_fetched() {
    let scratch = scratch_with_spec("no-npm");
    let empty = scratch.path("empty");
    fs::create_dir_all(&empty).expect("an empty folder");
    let before = files_under(&[scratch.spec()]);
    let output = vendor_latest_with_only(&empty, &scratch);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        "no npm registry is configured: set npm_config_registry to the registry's address, or \
         install npm, whose configured registry is then used\n"
    );
    assert!(files_under(&[scratch.spec()]) == before);
}

#[test]
fn an_unknown_version_writes_nothing() {
    let registry = start_registry();
    assert_refused(
        &registry.url(),
        &["vendor", "--version", "9.9.9"],
        &format!(
            "@octokit/openapi has no version 9.9.9 in the registry at {} (its last versions: \
             2.0.0, 3.0.0, 3.0.1, 3.0.2, 3.0.3)",
            registry.url()
        ),
    );
}

#[test]
fn an_integrity_mismatch_writes_nothing() {
    let registry = start_registry();
    assert_refused(
        &registry.url(),
        &["vendor", "--version", "3.0.0"],
        &format!(
            "the tarball of @octokit/openapi@3.0.0 from {}@octokit/openapi/-/openapi-3.0.0.tgz \
             does not match the registry's integrity: expected {}, got sha512-",
            registry.url(),
            integrity(b"something else")
        ),
    );
}

#[test]
fn a_download_that_breaks_off_writes_nothing() {
    let registry = start_registry();
    assert_refused(
        &registry.url(),
        &["vendor", "--version", "3.0.1"],
        &format!(
            "the download of {}@octokit/openapi/-/openapi-3.0.1.tgz broke off: ",
            registry.url()
        ),
    );
}

#[test]
fn a_tarball_published_truncated_writes_nothing() {
    let registry = start_registry();
    assert_refused(
        &registry.url(),
        &["vendor", "--version", "3.0.2"],
        "the tarball of @octokit/openapi@3.0.2 is damaged (it matches the registry's integrity, \
         so it was published so): ",
    );
}

#[test]
fn a_description_the_package_lacks_writes_nothing() {
    let registry = start_registry();
    assert_refused(
        &registry.url(),
        &["vendor", "--version", "1.0.0", "--description", "ghes-9.99"],
        "@octokit/openapi@1.0.0 has no generated/ghes-9.99.json; its descriptions are: \
         api.github.com, ghec",
    );
}

#[test]
fn a_version_without_integrity_writes_nothing() {
    let registry = start_registry();
    assert_refused(
        &registry.url(),
        &["vendor", "--version", "3.0.3"],
        "the registry gives no `dist.integrity` for @octokit/openapi@3.0.3, so it cannot be \
         fetched and verified",
    );
}

#[test]
fn a_registry_without_the_package_writes_nothing() {
    let registry = start_registry();
    let elsewhere = format!("{}elsewhere/", registry.url());
    assert_refused(
        &elsewhere,
        &["vendor", "--latest"],
        &format!(
            "the registry at {elsewhere} has no package @octokit/openapi \
             ({elsewhere}@octokit%2fopenapi answered 404)"
        ),
    );
}
