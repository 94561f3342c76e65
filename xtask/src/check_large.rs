//! `cargo xtask check-large [--only NAME]`: the generator on real, large descriptions; and
//! `cargo xtask check-corpus`: the code generated from every fixture and broken spec compiles.
//!
//! For every `codegen/benches/data/*.json.gz` (GitHub's whole REST API, two versions), this
//! generates the standalone crate into `target/large-specs/NAME/` exactly as
//! `cargo xtask generate` would, adds the example decoder (`xtask/harness/decode_examples.rs`)
//! and runs it with `cargo run`, which compiles the whole crate first. The decoder runs every
//! response and JSON request example of the description through the generated types.
//!
//! It fails when the crate does not compile, when an operation has no generated counterpart, or
//! when the examples that do not decode differ from the reviewed list next to the data
//! (`NAME.undecodable.txt`: one `KEY<TAB>reason` line per example, the reason written by a
//! person). An example that starts decoding must leave the list too, so the list stays true.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::generate;

/// Where the descriptions are, relative to the workspace root.
const DATA_DIR: &str = "codegen/benches/data";

/// The decoder written into each generated crate.
const HARNESS: &str = include_str!("../harness/decode_examples.rs");

/// The small specs whose generated code must compile without a warning: every fixture, and every
/// broken spec that generates (with `skip_unsupported`, the way a user would get code from it).
const CORPUS_DIRS: [&str; 4] = [
    "codegen/tests/fixtures",
    "codegen/tests/broken",
    "codegen/tests/hostile",
    "codegen/tests/features",
];

/// The TLS provider of every check: the generated features are what changes, and keeping the
/// runtime's features fixed keeps its build shared by every check.
const TLS_FEATURE: &str = "tls-aws-lc";

/// How many of a crate's generated features are checked one by one: all of them in the crates
/// written to show features (`features/`), a sample of the hostile one's 191 groups (they differ
/// in names only, and each check costs seconds).
const SINGLE_FEATURE_CHECKS: usize = 4;

/// Generates a crate from each spec of the corpus and runs `cargo check` on it: with its
/// default features (every group), with every feature (`unreferenced-models` too), and, where
/// it has several features, with none of them, with each of the first few alone and with the
/// first two together.
pub fn run_corpus(root: &Path) -> Result<(), String> {
    let base = root.join("target/corpus-check");
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in CORPUS_DIRS {
        let mut specs: Vec<PathBuf> = fs::read_dir(root.join(dir))
            .map_err(|error| format!("cannot read {dir}: {error}"))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .collect();
        specs.sort();
        for spec in specs {
            let stem = spec
                .file_stem()
                .map(|stem| stem.to_string_lossy().replace('_', "-"))
                .unwrap_or_default();
            let out = base.join(&stem);
            let options = generate::Options {
                spec: &spec,
                out: &out,
                name: Some(&format!("corpus-{stem}")),
                skip_unsupported: true,
            };
            // Refused as a whole (syntax, version): there is no code to compile.
            let Ok(generated) = generate::build(root, &options) else {
                continue;
            };
            generate::write(&out, &generated.files)?;
            checked += 1;
            for features in feature_sets(&generated.features) {
                if let Some(problem) = check_crate(root, &out, features.as_deref())? {
                    let with = features.map_or_else(
                        || "default features".to_owned(),
                        |features| format!("--no-default-features --features {features}"),
                    );
                    failures.push(format!("{} ({with}):\n{problem}", spec.display()));
                }
            }
        }
    }
    if failures.is_empty() {
        println!(
            "the code generated from {checked} corpus specs compiles without a warning, with each feature set"
        );
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// The feature sets a generated crate is checked with: `None` for its default features, every
/// generated feature, then, when it has several, none of them, each of the first
/// [`SINGLE_FEATURE_CHECKS`] alone, and the first two together (a comma-separated list, always
/// with the TLS provider).
fn feature_sets(features: &[String]) -> Vec<Option<String>> {
    let with_tls = |chosen: &[String]| {
        let mut list = vec![TLS_FEATURE.to_owned()];
        list.extend(chosen.iter().cloned());
        Some(list.join(","))
    };
    let mut sets = vec![None];
    if !features.is_empty() {
        sets.push(with_tls(features));
    }
    if features.len() < 2 {
        return sets;
    }
    sets.push(with_tls(&[]));
    sets.extend(
        features
            .iter()
            .take(SINGLE_FEATURE_CHECKS)
            .map(|feature| with_tls(std::slice::from_ref(feature))),
    );
    if features.len() > 2 {
        sets.push(with_tls(&features[..2]));
    }
    sets
}

/// `cargo check` of the crate in `out` with `features` (none: its defaults); the compiler's
/// output when it fails or warns.
fn check_crate(root: &Path, out: &Path, features: Option<&str>) -> Result<Option<String>, String> {
    let mut command = Command::new(cargo());
    command
        .args([
            "check",
            "--quiet",
            "--message-format",
            "short",
            "--manifest-path",
        ])
        .arg(out.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(root.join("target/large-specs/target"));
    if let Some(features) = features {
        command.args(["--no-default-features", "--features", features]);
    }
    let output = command
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    Ok((!output.status.success() || stderr.contains("warning")).then(|| stderr.into_owned()))
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Checks every description, or only those whose file name contains `only`.
pub fn run(root: &Path, only: Option<&str>) -> Result<(), String> {
    let specs = data_files(root)?
        .into_iter()
        .filter(|path| only.is_none_or(|only| path.to_string_lossy().contains(only)))
        .collect::<Vec<_>>();
    if specs.is_empty() {
        return Err(format!("no description in {DATA_DIR} matches"));
    }
    let mut failures = Vec::new();
    for spec in specs {
        if let Err(message) = check(root, &spec) {
            failures.push(message);
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n\n"))
    }
}

fn data_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let folder = root.join(DATA_DIR);
    let entries = fs::read_dir(&folder)
        .map_err(|error| format!("cannot read {}: {error}", folder.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.to_string_lossy().ends_with(".json.gz"))
        .collect();
    files.sort();
    Ok(files)
}

/// `api.github.com-23.0.2.json.gz` → `api.github.com-23.0.2`.
fn stem(spec: &Path) -> String {
    spec.file_name()
        .map(|name| {
            name.to_string_lossy()
                .trim_end_matches(".json.gz")
                .to_owned()
        })
        .unwrap_or_default()
}

fn check(root: &Path, spec: &Path) -> Result<(), String> {
    let stem = stem(spec);
    let crate_name = format!(
        "large-{}",
        stem.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
    );
    let base = root.join("target/large-specs");
    let out = base.join(&stem);
    println!(
        "==> {stem}: generating crate `{crate_name}` into {}",
        out.display()
    );
    let started = Instant::now();
    let options = generate::Options {
        spec,
        out: &out,
        name: Some(&crate_name),
        skip_unsupported: false,
    };
    let mut generated = generate::build(root, &options)?;
    let generate_time = started.elapsed();
    let text = crate::document::read::read_document_bytes(spec)?;
    generated.files.push(generate::CrateFile {
        path: "examples/decode_examples.rs".to_owned(),
        contents: HARNESS.replace("generated_crate", &crate_name.replace('-', "_")),
    });
    generate::write(&out, &generated.files)?;
    let spec_json = base.join(format!("{stem}.json"));
    fs::write(&spec_json, &text)
        .map_err(|error| format!("cannot write {}: {error}", spec_json.display()))?;
    println!(
        "    {} operations, {} warning(s), generated in {:.1} s",
        generated.operations,
        generated.warnings.len(),
        generate_time.as_secs_f64()
    );

    println!(
        "    compiling the crate and decoding every example (cargo run --example decode_examples)"
    );
    let started = Instant::now();
    let output = Command::new(cargo())
        .args([
            "run",
            "--quiet",
            "--example",
            "decode_examples",
            "--manifest-path",
        ])
        .arg(out.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(base.join("target"))
        .arg("--")
        .arg(&spec_json)
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let run_time = started.elapsed();
    if !output.status.success() {
        return Err(format!(
            "{stem}: the generated crate did not build or the decoder failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    println!("    built and ran in {:.0} s", run_time.as_secs_f64());
    let stdout = String::from_utf8_lossy(&output.stdout);
    compare(root, &stem, &stdout)
}

/// Compares the decoder's report with the reviewed list.
fn compare(root: &Path, stem: &str, report: &str) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut found = BTreeMap::new();
    for line in report.lines() {
        let mut fields = line.splitn(3, '\t');
        match (fields.next(), fields.next(), fields.next()) {
            (Some("summary"), Some(summary), _) => println!("    {summary}"),
            (Some("missing"), Some(operation), _) => {
                problems.push(format!("operation without generated code: {operation}"));
            }
            (Some("undecodable"), Some(key), Some(reason)) => {
                found.insert(key.to_owned(), reason.to_owned());
            }
            _ => {}
        }
    }
    let list_path = root.join(DATA_DIR).join(format!("{stem}.undecodable.txt"));
    let listed = read_list(&list_path)?;
    for (key, reason) in &found {
        match listed.get(key) {
            Some(reviewed) => println!("    undecodable (reviewed): {key}: {reviewed}"),
            None => problems.push(format!("example does not decode: {key}: {reason}")),
        }
    }
    for key in listed.keys().filter(|key| !found.contains_key(*key)) {
        problems.push(format!(
            "listed as undecodable but decodes (or is gone): {key}; remove it from {}",
            list_path.display()
        ));
    }
    if problems.is_empty() {
        println!(
            "    ok: every example decodes except the {} reviewed",
            listed.len()
        );
        Ok(())
    } else {
        Err(format!("{stem}:\n{}", problems.join("\n")))
    }
}

/// `KEY<TAB>reason` lines; `#` starts a comment line.
fn read_list(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(format!("cannot read {}: {error}", path.display())),
    };
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            line.split_once('\t')
                .map(|(key, reason)| (key.to_owned(), reason.trim().to_owned()))
                .ok_or_else(|| format!("{}: `{line}` has no tab before its reason", path.display()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crates_with_several_features_are_checked_with_each() {
        let names = |names: &[&str]| -> Vec<String> {
            names.iter().map(|name| (*name).to_owned()).collect()
        };
        assert_eq!(
            feature_sets(&names(&["pets"])),
            vec![None, Some("tls-aws-lc,pets".to_owned())]
        );
        assert_eq!(feature_sets(&[]), vec![None]);
        let three = feature_sets(&names(&["owners", "pets", "stores"]));
        let expected = [
            None,
            Some("tls-aws-lc,owners,pets,stores"),
            Some("tls-aws-lc"),
            Some("tls-aws-lc,owners"),
            Some("tls-aws-lc,pets"),
            Some("tls-aws-lc,stores"),
            Some("tls-aws-lc,owners,pets"),
        ];
        assert_eq!(three, expected.map(|set| set.map(str::to_owned)).to_vec());
    }

    #[test]
    fn stems_drop_the_compressed_json_suffix() {
        assert_eq!(
            stem(Path::new("a/api.example.com-1.2.json.gz")),
            "api.example.com-1.2"
        );
    }

    #[test]
    fn every_description_has_a_readable_list() {
        let root = crate::workspace_root();
        let files = data_files(&root).expect("the data folder is readable");
        assert!(!files.is_empty(), "no description in {DATA_DIR}");
        for spec in files {
            let list = root
                .join(DATA_DIR)
                .join(format!("{}.undecodable.txt", stem(&spec)));
            read_list(&list).expect("the reviewed list parses");
        }
    }
}
