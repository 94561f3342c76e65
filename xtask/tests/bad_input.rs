//! The `xtask` binary on bad input, run exactly as `cargo xtask ...` runs it: a plain message,
//! a non-zero exit, and this checkout's `spec/` and `client/src/generated/` byte for byte as
//! they were.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folders no failed command may touch, relative to the workspace root.
const GUARDED: [&str; 2] = ["spec", "client/src/generated"];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Every file under the guarded folders, with its bytes.
fn guarded_files() -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for folder in GUARDED {
        let mut pending = vec![workspace_root().join(folder)];
        while let Some(dir) = pending.pop() {
            for entry in fs::read_dir(&dir).expect("a guarded folder is readable") {
                let path = entry.expect("a directory entry").path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let bytes = fs::read(&path).expect("a guarded file is readable");
                    files.insert(path, bytes);
                }
            }
        }
    }
    files
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("the xtask binary runs")
}

/// Bad inputs, written to a fresh temporary folder, with what the error must say. `vendor`
/// takes GitHub's 3.0 description only; `diff` also reads 3.1 and 3.2 (as the generator does).
fn bad_inputs(label: &str) -> (PathBuf, Vec<(PathBuf, String)>) {
    let vendor = !label.starts_with("diff");
    let refusal = |found: &str| {
        if vendor {
            format!("vendoring takes GitHub's OpenAPI 3.0.x description only (found: {found})")
        } else {
            format!("the change report reads OpenAPI 3.0.x, 3.1.x and 3.2.x only (found: {found})")
        }
    };
    let later = if vendor { "3.1.0" } else { "4.0.0" };
    let dir = std::env::temp_dir().join(format!("xtask-bad-input-{label}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("a temporary folder");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        fs::write(&path, text).expect("a temporary file");
        path
    };
    let cases = vec![
        (dir.join("missing.json.gz"), "cannot read".to_owned()),
        (
            write(
                "swagger.json",
                r#"{"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#,
            ),
            refusal("swagger 2.0"),
        ),
        (
            write(
                &format!("openapi-{later}.yaml"),
                &format!("openapi: {later}\ninfo: {{title: T, version: '1'}}\npaths: {{}}\n"),
            ),
            refusal(&format!("openapi {later}")),
        ),
        (
            write(
                "package.json",
                r#"{"name": "not-an-api", "version": "1.0.0"}"#,
            ),
            refusal("no `openapi` field"),
        ),
        (
            write("binary.bin", "\u{0}\u{1}\u{2}: ["),
            "invalid YAML".to_owned(),
        ),
    ];
    (dir, cases)
}

/// Runs `args_for(path)` on each bad input and checks the refusal and the guarded files.
fn assert_refused(label: &str, args_for: impl Fn(&str) -> Vec<String>) {
    let (dir, cases) = bad_inputs(label);
    for (path, expected) in cases {
        let path = path.display().to_string();
        let args = args_for(&path);
        let before = guarded_files();
        let output = xtask(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(
            stderr.contains(&path),
            "{args:?}: the error does not name the file: {stderr}"
        );
        assert!(
            stderr.contains(&expected),
            "{args:?}: `{expected}` missing from: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
        assert!(
            output.stdout.is_empty(),
            "{args:?} printed a report on failure"
        );
        assert!(
            guarded_files() == before,
            "{args:?} changed spec/ or client/src/generated/"
        );
    }
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn vendor_refuses_bad_input_and_changes_nothing() {
    assert_refused("vendor", |path| {
        ["vendor", "--from", path].map(str::to_owned).to_vec()
    });
}

#[test]
fn vendor_refuses_a_description_the_selection_rule_finds_nothing_in() {
    let dir = std::env::temp_dir().join(format!("xtask-no-match-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("a temporary folder");
    let input = dir.join("moved.yaml");
    // What a future upstream that files the endpoints under another category would look like.
    fs::write(
        &input,
        "openapi: 3.0.3\ninfo: {title: T, version: '99'}\npaths:\n  /user/codespaces:\n    get:\n      \
         tags: [codespaces]\n      x-github: {category: cloud-environments, subcategory: codespaces}\n      \
         responses: {'200': {description: OK}}\n",
    )
    .expect("a temporary file");
    let before = guarded_files();
    let output = xtask(&["vendor", "--from", &input.display().to_string()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("the selection rule matched no operation"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "operations tagged `codespaces` are filed under category/subcategory \
             cloud-environments/codespaces"
        ),
        "{stderr}"
    );
    assert!(
        guarded_files() == before,
        "vendor changed spec/ or client/src/generated/"
    );
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn diff_refuses_bad_input_on_either_side_and_changes_nothing() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/codespaces-23.0.2.yaml.gz");
    let good = fixture.display().to_string();
    assert_refused("diff-old", |path| {
        ["diff", "--old", path, "--new", &good]
            .map(str::to_owned)
            .to_vec()
    });
    assert_refused("diff-new", |path| {
        ["diff", "--old", &good, "--new", path]
            .map(str::to_owned)
            .to_vec()
    });
}

#[test]
fn diff_reads_openapi_3_1_as_the_generator_does() {
    let root = workspace_root();
    let old = root.join("spec/codespaces.yaml").display().to_string();
    let new = root
        .join("codegen/tests/openapi31/codespaces-3.1.yaml")
        .display()
        .to_string();
    let output = xtask(&["diff", "--old", &old, "--new", &new]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout.lines().next(),
        Some("**Spec changes 23.0.2 → 23.0.2: 0 breaking, 0 non-breaking changes**"),
        "the 3.1 rewrite of the fragment means the same: {stdout}"
    );
}

#[test]
fn diff_prints_the_summary_line_first() {
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let old = testdata
        .join("codespaces-14.0.0.yaml.gz")
        .display()
        .to_string();
    let new = testdata
        .join("codespaces-23.0.2.yaml.gz")
        .display()
        .to_string();
    let output = xtask(&["diff", "--old", &old, "--new", &new]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        stdout.lines().next(),
        Some(
            "**Spec changes 14.0.0 → 23.0.2: 0 breaking, 40 non-breaking changes (12 of them \
             documentation only)**"
        )
    );
}
