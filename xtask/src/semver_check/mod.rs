//! `cargo xtask semver-check [--old FILE --new FILE]`: an independent judge of the verdicts of
//! `cargo xtask diff`. Both fragments (by default the committed test fragments of GitHub's
//! 14.0.0 and 23.0.2 descriptions) are generated into crates of one name, and
//! `cargo-semver-checks` compares them in both directions as a minor release. Every item the
//! tool says needs a major release must sit where our report says "breaking": a change whose
//! JSON pointer is inside the schema or operation the item's Rust type or method came from.
//! Our report may call more changes breaking than the tool finds (the tool does not see that
//! a new response status adds an enum variant the client returns, for instance); it may not
//! call fewer.
//!
//! The tool is not a dependency of the workspace: install it with
//! `cargo install cargo-semver-checks --locked`. The crates and their builds live in
//! `target/semver-check/`.

mod findings;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::ir::{Api, TypeRef, resolve_aliases};
use serde_json::Value;

use crate::diff::rules::Verdict;
use findings::Finding;

const USAGE: &str = "usage: cargo xtask semver-check [--old FILE --new FILE]";

/// The crate name both sides are generated under, so the tool compares them as two releases.
const CRATE_NAME: &str = "semver-fragment";

/// One fragment: its document, the generator's IR of it, and the crate generated from it.
struct Side {
    label: String,
    document: Value,
    api: Api,
    crate_dir: PathBuf,
}

/// Runs the comparison in both directions; fails when the tool finds a breaking item our
/// report does not call breaking, or when the tool cannot run.
pub(crate) fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let testdata = root.join("xtask/testdata");
    let (old, new) = match args {
        [] => (
            testdata.join("codespaces-14.0.0.yaml.gz"),
            testdata.join("codespaces-23.0.2.yaml.gz"),
        ),
        ["--old", old, "--new", new] | ["--new", new, "--old", old] => {
            (PathBuf::from(old), PathBuf::from(new))
        }
        _ => return Err(USAGE.to_owned()),
    };
    tool_version()?;
    let scratch = root.join("target/semver-check");
    let old = side(root, &old, &scratch.join("old"))?;
    let new = side(root, &new, &scratch.join("new"))?;
    let mut disagreements = 0;
    for (from, to) in [(&old, &new), (&new, &old)] {
        disagreements += judge(&scratch, from, to)?;
    }
    if disagreements == 0 {
        println!(
            "semver-check: every item cargo-semver-checks finds breaking is breaking in our report, both ways"
        );
        Ok(())
    } else {
        Err(format!(
            "semver-check: {disagreements} item(s) cargo-semver-checks finds breaking are not breaking in our report"
        ))
    }
}

/// Prints the installed tool's version, or says how to install it.
fn tool_version() -> Result<(), String> {
    let output = Command::new("cargo")
        .args(["semver-checks", "--version"])
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !output.status.success() {
        return Err(
            "cargo-semver-checks is not installed; install it with `cargo install cargo-semver-checks --locked`"
                .to_owned(),
        );
    }
    println!("using {}", String::from_utf8_lossy(&output.stdout).trim());
    Ok(())
}

/// Reads a fragment, lowers it with the generator and writes its crate to `crate_dir`.
fn side(root: &Path, spec: &Path, crate_dir: &Path) -> Result<Side, String> {
    let document = crate::diff::read_file(spec)?;
    let text = serde_json::to_string(&document).map_err(|error| error.to_string())?;
    let refused = |diagnostics: codegen::Diagnostics| format!("{}:\n{diagnostics}", spec.display());
    let parsed = codegen::parse::parse(&text).map_err(refused)?;
    let config = codegen::Config {
        command: "cargo xtask semver-check".to_owned(),
        spec_path: spec.display().to_string(),
        runtime_path: "crate::runtime".to_owned(),
        builder_hook: None,
        skip_unsupported: false,
        // As `cargo xtask generate` writes the crate the tool reads.
        features_per_group: true,
    };
    let api = codegen::lower::lower(&parsed, &config).map_err(refused)?;
    let generated = crate::generate::build(
        root,
        &crate::generate::Options {
            spec,
            out: crate_dir,
            name: Some(CRATE_NAME),
            skip_unsupported: false,
        },
    )?;
    crate::generate::write(crate_dir, &generated.files)?;
    Ok(Side {
        label: document
            .pointer("/info/version")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned(),
        document,
        api,
        crate_dir: crate_dir.to_owned(),
    })
}

/// Compares `from` → `to` with the tool and with our report; prints both and returns how many
/// of the tool's items our report does not call breaking.
fn judge(scratch: &Path, from: &Side, to: &Side) -> Result<usize, String> {
    println!("\n{} -> {}", from.label, to.label);
    let findings = semver_checks(scratch, from, to)?;
    let report = crate::diff::compare(&from.document, &to.document)?;
    let breaking: Vec<&str> = report
        .changes
        .iter()
        .filter(|change| change.verdict() == Verdict::Breaking)
        .map(|change| change.pointer.as_str())
        .collect();
    let names: BTreeSet<&str> = breaking
        .iter()
        .flat_map(|pointer| {
            rust_names_at(&from.api, pointer).chain(rust_names_at(&to.api, pointer))
        })
        .collect();
    println!(
        "  cargo-semver-checks fails {} item(s); our report calls {} change(s) breaking",
        findings.len(),
        breaking.len()
    );
    let mut disagreements = 0;
    for finding in &findings {
        let agreed = finding.identifiers().any(|word| names.contains(word));
        disagreements += usize::from(!agreed);
        println!(
            "  {} {}: {}",
            if agreed { "agreed  " } else { "DISAGREE" },
            finding.lint,
            if finding.item.is_empty() {
                "(no item listed)"
            } else {
                &finding.item
            }
        );
    }
    Ok(disagreements)
}

/// Runs the tool on the two crates; its failed items, or an error when it could not compare.
fn semver_checks(scratch: &Path, from: &Side, to: &Side) -> Result<Vec<Finding>, String> {
    let output = Command::new("cargo")
        .args(["semver-checks", "check-release", "--release-type", "minor"])
        .arg("--manifest-path")
        .arg(to.crate_dir.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(&from.crate_dir)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .output()
        .map_err(|error| format!("cannot run cargo semver-checks: {error}"))?;
    // The failures go to standard output; progress and the summary to standard error.
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    let findings = findings::parse(&stdout);
    if !output.status.success() && findings.is_empty() {
        return Err(format!(
            "cargo semver-checks failed without naming a breaking item ({} -> {}):\n{stdout}{stderr}",
            from.label, to.label
        ));
    }
    for line in stderr.lines().map(str::trim) {
        if line.starts_with("Checked") || line.starts_with("Summary") {
            println!("  cargo-semver-checks: {line}");
        }
    }
    Ok(findings)
}

/// The Rust names the generator gave what lies at or around `pointer` in `api`: the types whose
/// schema contains the pointer or lies inside it (with the types their aliases stand for), and
/// the builder, result and method names of an operation the pointer is in.
fn rust_names_at<'a>(api: &'a Api, pointer: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let related = move |origin: &str| nested(pointer, origin) || nested(origin, pointer);
    let types = api
        .types
        .iter()
        .enumerate()
        .filter(move |(_, def)| related(def.origin.as_str()))
        .flat_map(move |(index, def)| {
            let target =
                match resolve_aliases(&api.types, &TypeRef::Named(codegen::ir::TypeId(index))) {
                    TypeRef::Named(id) => Some(api.type_def(*id).name.as_str()),
                    _ => None,
                };
            std::iter::once(def.name.as_str()).chain(target)
        });
    let operations = api
        .operations
        .iter()
        .filter(move |operation| related(operation.origin.as_str()))
        .flat_map(|operation| {
            [
                operation.method_name.as_str(),
                operation.builder_name.as_str(),
                operation.success_name.as_str(),
                operation.error_name.as_str(),
            ]
        });
    types.chain(operations)
}

/// Whether `inner` is `outer` or a pointer below it.
fn nested(inner: &str, outer: &str) -> bool {
    inner
        .strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::rules::Rule;

    fn lowered(version: &str) -> (Value, Api) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata")
            .join(format!("codespaces-{version}.yaml.gz"));
        let document = crate::diff::read_file(&path).expect("the test fragment reads");
        let text = serde_json::to_string(&document).expect("JSON");
        let spec = codegen::parse::parse(&text).expect("the test fragment parses");
        let config = codegen::Config {
            command: "test".to_owned(),
            spec_path: "test".to_owned(),
            runtime_path: "crate::runtime".to_owned(),
            builder_hook: None,
            skip_unsupported: false,
            features_per_group: true,
        };
        let api = codegen::lower::lower(&spec, &config).expect("the test fragment lowers");
        (document, api)
    }

    /// What the report calls non-breaking because of `#[non_exhaustive]` lands on a type the
    /// generator marks so, in the real fragments: the offline half of `cargo xtask
    /// semver-check`, which needs no tool.
    #[test]
    fn non_breaking_additions_land_on_non_exhaustive_types() {
        let (old, _) = lowered("14.0.0");
        let (new, new_api) = lowered("23.0.2");
        let report = crate::diff::compare(&old, &new).expect("the fragments compare");
        let mut checked = 0;
        for change in &report.changes {
            if !matches!(change.rule, Rule::ResponseFieldAdded | Rule::EnumValueAdded) {
                continue;
            }
            // The type that holds the added field or value: the innermost one strictly around
            // it (a field's own inline type sits at the field's pointer).
            let holder = new_api
                .types
                .iter()
                .enumerate()
                .filter(|(_, def)| {
                    def.origin.as_str() != change.pointer
                        && nested(&change.pointer, def.origin.as_str())
                })
                .max_by_key(|(_, def)| def.origin.as_str().len())
                .map(|(index, _)| TypeRef::Named(codegen::ir::TypeId(index)))
                .unwrap_or_else(|| panic!("no type around {}", change.pointer));
            // Merged copies are aliases of the one definition that is emitted.
            let TypeRef::Named(id) = resolve_aliases(&new_api.types, &holder) else {
                panic!("{} is not in a named type", change.pointer);
            };
            let holder = new_api.type_def(*id);
            assert!(
                holder.is_non_exhaustive(),
                "{} ({:?}) is in {}, which is not #[non_exhaustive]",
                change.pointer,
                change.rule,
                holder.name
            );
            checked += 1;
        }
        assert!(checked >= 19, "only {checked} additions checked");
    }

    #[test]
    fn pointers_nest_only_at_a_segment_boundary() {
        assert!(nested(
            "#/components/schemas/user/properties/id",
            "#/components/schemas/user"
        ));
        assert!(nested(
            "#/components/schemas/user",
            "#/components/schemas/user"
        ));
        assert!(!nested(
            "#/components/schemas/user-view",
            "#/components/schemas/user"
        ));
        assert!(!nested("#/components/schemas", "#/components/schemas/user"));
    }
}
