//! `cargo xtask codegen [--check]`: regenerates `client/src/generated/` from the vendored spec,
//! and the generated clients the runtime's own tests call
//! (each `codegen/runtime/tests/*_client/generated/`, from a fixture: see [`TEST_CLIENTS`]).
//!
//! Writing and checking share one path: both generate every file in memory first. `--check`
//! (and the freshness test below) compares bytes and names each stale file; writing happens
//! only when generation succeeded as a whole, so a bad spec never leaves a partial update.

use std::fs;
use std::path::Path;

/// The spec, relative to the workspace root.
pub const SPEC: &str = "spec/codespaces.yaml";
/// Where the generated modules go, relative to the workspace root.
pub const OUTPUT_DIR: &str = "client/src/generated";

/// Write the files, or only check that they are current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// The generated clients the runtime's own tests call: each fixture, relative to the workspace
/// root, and where its client goes.
pub const TEST_CLIENTS: [(&str, &str); 4] = [
    (
        "codegen/tests/fixtures/security.yaml",
        "codegen/runtime/tests/generated_client/generated",
    ),
    (
        "codegen/tests/fixtures/forms.yaml",
        "codegen/runtime/tests/forms_client/generated",
    ),
    (
        "codegen/tests/fixtures/query_styles.yaml",
        "codegen/runtime/tests/query_client/generated",
    ),
    (
        "codegen/tests/fixtures/discriminator.yaml",
        "codegen/runtime/tests/union_client/generated",
    ),
];

/// Generates from `root/spec/codespaces.yaml` into `root/client/src/generated/`, and the
/// runtime's test clients. All are generated before any is written.
pub fn run(root: &Path, mode: Mode) -> Result<(), String> {
    let test_config = |spec: &str| codegen::Config {
        spec_path: spec.to_owned(),
        builder_hook: None,
        ..config()
    };
    let mut targets = vec![(root.join(SPEC), root.join(OUTPUT_DIR), config())];
    targets.extend(
        TEST_CLIENTS
            .iter()
            .map(|(spec, output)| (root.join(spec), root.join(output), test_config(spec))),
    );
    let plans = targets
        .iter()
        .map(|(spec, output, config)| plan(spec, output, config))
        .collect::<Result<Vec<_>, _>>()?;
    let mut problems = Vec::new();
    for (plan, (_, output, _)) in plans.into_iter().zip(&targets) {
        if let Err(message) = apply(plan, output, mode) {
            problems.push(message);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// The generator's settings for the client crate.
pub fn config() -> codegen::Config {
    codegen::Config {
        command: "cargo xtask codegen".to_owned(),
        spec_path: SPEC.to_owned(),
        runtime_path: "crate::runtime".to_owned(),
        // GitHub's headers, token variable and rate-limit rules (client/src/github.rs).
        builder_hook: Some("crate::github::configure".to_owned()),
        skip_unsupported: false,
        features_per_group: false,
    }
}

/// [`run`] for the client alone, with explicit paths, so tests can point it at copies.
#[cfg(test)]
pub fn run_with(spec_path: &Path, output_dir: &Path, mode: Mode) -> Result<(), String> {
    let plan = plan(spec_path, output_dir, &config())?;
    apply(plan, output_dir, mode)
}

/// What one target needs: its files, and which of the current ones are stale or extra.
struct Plan {
    files: Vec<codegen::GeneratedFile>,
    stale: Vec<std::path::PathBuf>,
    extra: Vec<std::path::PathBuf>,
}

fn plan(spec_path: &Path, output_dir: &Path, config: &codegen::Config) -> Result<Plan, String> {
    let text = fs::read_to_string(spec_path)
        .map_err(|error| format!("cannot read {}: {error}", spec_path.display()))?;
    let files = codegen::generate(&text, config).map_err(|diagnostics| {
        let listed: Vec<String> = diagnostics
            .items()
            .iter()
            .map(|item| format!("{}: {item}", spec_path.display()))
            .collect();
        format!(
            "{}\n{} problem(s) in the spec; nothing was written",
            listed.join("\n"),
            listed.len()
        )
    })?;

    let mut stale = Vec::new();
    for file in &files {
        let path = output_dir.join(&file.name);
        let current = fs::read_to_string(&path).unwrap_or_default();
        if normalize_newlines(&current) != file.contents {
            stale.push(path);
        }
    }
    let expected: Vec<&str> = files.iter().map(|file| file.name.as_str()).collect();
    let extra = extra_files(output_dir, &expected);
    Ok(Plan {
        files,
        stale,
        extra,
    })
}

fn apply(plan: Plan, output_dir: &Path, mode: Mode) -> Result<(), String> {
    let Plan {
        files,
        stale,
        extra,
    } = plan;
    match mode {
        Mode::Check => {
            if stale.is_empty() && extra.is_empty() {
                return Ok(());
            }
            let mut message = String::new();
            for path in &stale {
                message.push_str(&format!("stale generated file: {}\n", path.display()));
            }
            for path in &extra {
                message.push_str(&format!(
                    "generated folder has a file the generator does not write: {}\n",
                    path.display()
                ));
            }
            message.push_str("run `cargo xtask codegen` to regenerate, then commit the result");
            Err(message)
        }
        Mode::Write => {
            fs::create_dir_all(output_dir)
                .map_err(|error| format!("cannot create {}: {error}", output_dir.display()))?;
            for file in &files {
                let path = output_dir.join(&file.name);
                if stale.contains(&path) {
                    if let Some(parent) = path.parent() {
                        fs::create_dir_all(parent).map_err(|error| {
                            format!("cannot create {}: {error}", parent.display())
                        })?;
                    }
                    write_atomically(&path, &file.contents)?;
                    println!("wrote {}", path.display());
                }
            }
            for path in &extra {
                fs::remove_file(path)
                    .map_err(|error| format!("cannot remove {}: {error}", path.display()))?;
                println!("removed {}", path.display());
            }
            if stale.is_empty() && extra.is_empty() {
                println!("generated code is up to date");
            }
            Ok(())
        }
    }
}

/// Files ending in `.rs` in the output folder (and its subfolders) that the generator no longer
/// writes.
pub fn extra_files(output_dir: &Path, expected: &[&str]) -> Vec<std::path::PathBuf> {
    let mut extra = Vec::new();
    let mut folders = vec![output_dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for path in entries.filter_map(Result::ok).map(|entry| entry.path()) {
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(output_dir)
                .map(|relative| relative.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if path.extension().is_some_and(|ext| ext == "rs")
                && !expected.contains(&relative.as_str())
            {
                extra.push(path);
            }
        }
    }
    extra.sort();
    extra
}

/// Checkouts on Windows may turn `\n` into `\r\n`; the check compares content, not line ends.
fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Writes to a sibling temporary file and renames it over the target, so a crash never leaves
/// a half-written file.
pub fn write_atomically(path: &Path, contents: &str) -> Result<(), String> {
    let temporary = path.with_extension("tmp");
    fs::write(&temporary, contents)
        .map_err(|error| format!("cannot write {}: {error}", temporary.display()))?;
    fs::rename(&temporary, path)
        .map_err(|error| format!("cannot replace {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The freshness test: plain `cargo test` fails when the checked-in code is stale.
    #[test]
    fn generated_code_is_fresh() {
        if let Err(message) = run(&crate::workspace_root(), Mode::Check) {
            panic!("{message}");
        }
    }

    /// A scratch copy of the spec (edited by `edit`) and of the generated folder, in a folder
    /// removed when the first value is dropped.
    fn scratch(
        name: &str,
        edit: impl FnOnce(String) -> String,
    ) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let root = crate::workspace_root();
        let scratch = tempfile::Builder::new()
            .prefix(&format!("xtask-codegen-{name}-"))
            .tempdir()
            .expect("scratch folder");
        let dir = scratch.path();
        let output = dir.join("generated");
        fs::create_dir_all(&output).expect("scratch folder");
        copy_tree(&root.join(OUTPUT_DIR), &output);
        let spec = fs::read_to_string(root.join(SPEC)).expect("spec");
        let edited = edit(spec.clone());
        assert_ne!(edited, spec, "the edit must change the spec");
        let spec_path = dir.join("codespaces.yaml");
        fs::write(&spec_path, edited).expect("write spec");
        (scratch, spec_path, output)
    }

    fn copy_tree(from: &Path, to: &Path) {
        fs::create_dir_all(to).expect("scratch folder");
        for entry in fs::read_dir(from).expect("generated folder") {
            let path = entry.expect("entry").path();
            let target = to.join(path.file_name().expect("a file name"));
            if path.is_dir() {
                copy_tree(&path, &target);
            } else {
                fs::copy(&path, target).expect("copy");
            }
        }
    }

    fn snapshot(dir: &Path) -> Vec<(String, String)> {
        let mut files = Vec::new();
        for entry in fs::read_dir(dir).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                files.extend(snapshot(&path));
            } else {
                files.push((
                    path.display().to_string(),
                    fs::read_to_string(&path).expect("read"),
                ));
            }
        }
        files.sort();
        files
    }

    fn assert_refused(name: &str, edit: impl FnOnce(String) -> String, expected: &[&str]) {
        let (_scratch, spec, output) = scratch(name, edit);
        let before = snapshot(&output);
        let message = run_with(&spec, &output, Mode::Write).expect_err("a broken spec is refused");
        for fragment in expected {
            assert!(
                message.contains(fragment),
                "{name}: `{fragment}` missing from:\n{message}"
            );
        }
        assert!(message.contains("nothing was written"), "{message}");
        assert_eq!(snapshot(&output), before, "{name}: generated files changed");
    }

    #[test]
    fn invalid_yaml_is_refused_and_nothing_is_written() {
        assert_refused(
            "yaml",
            |spec| spec.replacen("paths:", "paths: [", 1),
            &["#: the document is not valid YAML"],
        );
    }

    #[test]
    fn dangling_reference_is_refused_naming_its_pointer() {
        assert_refused(
            "dangling",
            |spec| {
                spec.replacen(
                    "#/components/schemas/simple-user'",
                    "#/components/schemas/no-such-user'",
                    1,
                )
            },
            &[
                "#/paths/~1repos~1{owner}~1{repo}~1codespaces~1new/get/responses/200/content/application~1json/schema/properties/billable_owner: reference `#/components/schemas/no-such-user` points to nothing",
            ],
        );
    }

    #[test]
    fn duplicate_operation_id_is_refused_naming_its_pointer() {
        assert_refused(
            "duplicate",
            |spec| {
                spec.replace(
                    "operationId: codespaces/stop-for-authenticated-user",
                    "operationId: codespaces/start-for-authenticated-user",
                )
            },
            &[
                "#/paths/~1user~1codespaces~1{codespace_name}~1stop/post/operationId: duplicate operationId `codespaces/start-for-authenticated-user`",
            ],
        );
    }

    #[test]
    fn editing_the_spec_without_regenerating_fails_the_check_naming_the_fix() {
        let (_scratch, spec, output) = scratch("stale", |spec| {
            spec.replacen("A codespace.", "A codespace, edited.", 1)
        });
        let message = run_with(&spec, &output, Mode::Check).expect_err("stale code is reported");
        assert!(message.contains("stale generated file"), "{message}");
        assert!(message.contains("models.rs"), "{message}");
        assert!(message.contains("run `cargo xtask codegen`"), "{message}");
    }
}
