//! The generated crate's `Cargo.toml`: the dependencies of `client/Cargo.toml`, with versions
//! and features resolved from the workspace's `[workspace.dependencies]`.
//!
//! Both manifests are read line by line rather than with a TOML parser (which `xtask` would
//! have to compile): every dependency is one `name = value` or `name.workspace = true` line, and
//! a line of any other shape is an error rather than a guess.

use std::fs;
use std::path::Path;

use super::MARKER;

/// The `[package]` edition and minimum Rust version, as in the workspace.
const EDITION: &str = "2024";
const RUST_VERSION: &str = "1.85";

/// Renders the manifest of crate `name`, generated from `spec_name`.
pub fn render(root: &Path, name: &str, spec_name: &str) -> Result<String, String> {
    let workspace = read(&root.join("Cargo.toml"))?;
    let client = read(&root.join("client/Cargo.toml"))?;
    let shared = section(&workspace, "workspace.dependencies");
    let mut dependencies = Vec::new();
    for line in section(&client, "dependencies") {
        let (key, value) = split_entry(line)?;
        let dependency = match key.strip_suffix(".workspace") {
            Some(dependency) if value == "true" => {
                let inherited = shared
                    .iter()
                    .map(|line| split_entry(line))
                    .find(|entry| entry.as_ref().is_ok_and(|(name, _)| *name == dependency))
                    .ok_or_else(|| {
                        format!("`{dependency}` is not in [workspace.dependencies] of Cargo.toml")
                    })??;
                format!("{dependency} = {}", inherited.1)
            }
            Some(_) => {
                return Err(format!(
                    "client/Cargo.toml: unexpected dependency line `{line}`"
                ));
            }
            None => format!("{key} = {value}"),
        };
        dependencies.push(dependency);
    }
    Ok(format!(
        "{MARKER} from {spec_name}. Do not edit by hand.\n\
         [package]\n\
         name = \"{name}\"\n\
         version = \"0.1.0\"\n\
         edition = \"{EDITION}\"\n\
         rust-version = \"{RUST_VERSION}\"\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         {}\n\
         \n\
         # Its own workspace: the crate builds alone, also inside another workspace's folder.\n\
         [workspace]\n",
        dependencies.join("\n")
    ))
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// The non-empty, non-comment lines of `[name]`.
fn section<'t>(text: &'t str, name: &str) -> Vec<&'t str> {
    let header = format!("[{name}]");
    text.lines()
        .map(str::trim)
        .skip_while(|line| *line != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

/// `name = value` into its two sides.
fn split_entry(line: &str) -> Result<(&str, &str), String> {
    line.split_once('=')
        .map(|(key, value)| (key.trim(), value.trim()))
        .filter(|(key, value)| !key.is_empty() && !value.is_empty())
        .ok_or_else(|| format!("unexpected manifest line `{line}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_dependencies_resolve_from_the_workspace() {
        let manifest =
            render(&crate::workspace_root(), "demo", "spec.json").expect("manifests are readable");
        assert!(manifest.starts_with(MARKER), "{manifest}");
        assert!(manifest.contains("name = \"demo\""), "{manifest}");
        assert!(
            manifest.contains("reqwest = { version = \"0.13\", default-features = false"),
            "{manifest}"
        );
        assert!(!manifest.contains(".workspace"), "{manifest}");
        assert!(manifest.trim_end().ends_with("[workspace]"), "{manifest}");
    }

    #[test]
    fn sections_skip_comments_and_stop_at_the_next_header() {
        let text = "[a]\nx = 1\n# note\n\n[b]\ny = 2\n";
        assert_eq!(section(text, "a"), vec!["x = 1"]);
        assert_eq!(section(text, "b"), vec!["y = 2"]);
        assert!(split_entry("nothing").is_err());
    }
}
