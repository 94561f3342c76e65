//! The generated crate's `Cargo.toml`: the features and dependencies of `client/Cargo.toml`,
//! with versions and features resolved from the workspace's `[workspace.dependencies]`, and the
//! runtime crate as a path dependency on this checkout's `codegen/runtime`.
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

/// The dependencies of `client/Cargo.toml` that generated code uses; the client's own
/// hand-written code needs more (sealing secrets), which a generated crate does not carry.
const GENERATED_CODE_DEPENDENCIES: [&str; 6] = [
    "codegen-runtime",
    "reqwest",
    "serde",
    "serde_json",
    "chrono",
    "bytes",
];

/// Renders the manifest of crate `name`, generated from `spec_name`, with the generator's
/// Cargo features (one per operation group; all of them on by default).
pub fn render(
    root: &Path,
    name: &str,
    spec_name: &str,
    generated_features: &[String],
) -> Result<String, String> {
    let workspace = read(&root.join("Cargo.toml"))?;
    let client = read(&root.join("client/Cargo.toml"))?;
    let shared = section(&workspace, "workspace.dependencies");
    let mut dependencies = Vec::new();
    for line in section(&client, "dependencies") {
        let (key, value) = split_entry(line)?;
        let name = key.strip_suffix(".workspace").unwrap_or(key);
        if !GENERATED_CODE_DEPENDENCIES.contains(&name) {
            continue;
        }
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
            None if value.starts_with('{') && value.contains("workspace = true") => {
                let inherited = shared
                    .iter()
                    .map(|line| split_entry(line))
                    .find(|entry| entry.as_ref().is_ok_and(|(name, _)| *name == key))
                    .ok_or_else(|| {
                        format!("`{key}` is not in [workspace.dependencies] of Cargo.toml")
                    })??;
                format!(
                    "{key} = {}",
                    with_features(inherited.1, &features_of(value))?
                )
            }
            None => format!("{key} = {value}"),
        };
        dependencies.push(absolute_path(&dependency, root));
    }
    let features = features_table(section(&client, "features"), generated_features)?;
    Ok(format!(
        "{MARKER} from {spec_name}. Do not edit by hand.\n\
         [package]\n\
         name = \"{name}\"\n\
         version = \"0.1.0\"\n\
         edition = \"{EDITION}\"\n\
         rust-version = \"{RUST_VERSION}\"\n\
         publish = false\n\
         \n\
         [features]\n\
         {features}\n\
         \n\
         [dependencies]\n\
         {}\n\
         \n\
         # Its own workspace: the crate builds alone, also inside another workspace's folder.\n\
         [workspace]\n",
        dependencies.join("\n")
    ))
}

/// The dependency line with a relative `path = "..."` (the runtime crate's, from the workspace)
/// made absolute, so that the generated crate finds this checkout's runtime wherever it is
/// written.
fn absolute_path(line: &str, root: &Path) -> String {
    const KEY: &str = "path = \"";
    let Some(start) = line.find(KEY).map(|at| at + KEY.len()) else {
        return line.to_owned();
    };
    let Some(length) = line[start..].find('"') else {
        return line.to_owned();
    };
    let relative = &line[start..start + length];
    if Path::new(relative).is_absolute() {
        return line.to_owned();
    }
    let absolute = root.join(relative);
    let escaped = absolute
        .display()
        .to_string()
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    format!("{}{escaped}{}", &line[..start], &line[start + length..])
}

/// Where the `features` key of an inline table starts (not `default-features`).
fn features_key(table: &str) -> Option<usize> {
    table
        .match_indices("features")
        .map(|(at, _)| at)
        .find(|&at| {
            !table[..at]
                .chars()
                .next_back()
                .is_some_and(|before| before == '-' || before == '_' || before.is_alphanumeric())
        })
}

/// The quoted names in a `features = [...]` list of an inline table (none when it has none).
fn features_of(table: &str) -> Vec<String> {
    let Some(start) = features_key(table) else {
        return Vec::new();
    };
    let rest = &table[start..];
    let (Some(open), Some(close)) = (rest.find('['), rest.find(']')) else {
        return Vec::new();
    };
    rest[open + 1..close]
        .split(',')
        .map(|feature| feature.trim().trim_matches('"').to_owned())
        .filter(|feature| !feature.is_empty())
        .collect()
}

/// The workspace's entry (a version string or an inline table) with `extra` features added, as
/// Cargo does for `{ workspace = true, features = [...] }`.
fn with_features(inherited: &str, extra: &[String]) -> Result<String, String> {
    if extra.is_empty() {
        return Ok(inherited.to_owned());
    }
    if inherited.starts_with('"') {
        let quoted: Vec<String> = extra.iter().map(|f| format!("\"{f}\"")).collect();
        return Ok(format!(
            "{{ version = {inherited}, features = [{}] }}",
            quoted.join(", ")
        ));
    }
    let mut features = features_of(inherited);
    for feature in extra {
        if !features.contains(feature) {
            features.push(feature.clone());
        }
    }
    let quoted: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    let list = format!("features = [{}]", quoted.join(", "));
    match (features_key(inherited), inherited.rfind('}')) {
        (Some(start), _) => {
            let end = start
                + inherited[start..]
                    .find(']')
                    .ok_or_else(|| format!("unclosed features list in `{inherited}`"))?
                + 1;
            Ok(format!(
                "{}{list}{}",
                &inherited[..start],
                &inherited[end..]
            ))
        }
        (None, Some(close)) => Ok(format!(
            "{}, {list} }}",
            inherited[..close].trim_end().trim_end_matches(',')
        )),
        (None, None) => Err(format!(
            "`{inherited}` is neither a version nor an inline table"
        )),
    }
}

/// The `[features]` table: the client's (the TLS provider, passed on to the runtime) with the
/// groups' features added to `default` (not `unreferenced-models`: the types no operation
/// reaches are opt-in), then one line per generated feature (each compiles its part of the
/// generated code, and needs nothing else).
fn features_table(client: Vec<&str>, generated: &[String]) -> Result<String, String> {
    let mut lines = Vec::with_capacity(client.len() + generated.len());
    let mut found_default = false;
    for line in client {
        let (key, value) = split_entry(line)?;
        if key != "default" {
            lines.push(line.to_owned());
            continue;
        }
        found_default = true;
        let listed = value
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
            .ok_or_else(|| format!("client/Cargo.toml: unexpected default features `{line}`"))?;
        let mut names: Vec<String> = listed
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
            .collect();
        names.extend(
            generated
                .iter()
                .filter(|name| name.as_str() != codegen::ir::UNREFERENCED_MODELS)
                .map(|name| format!("\"{name}\"")),
        );
        lines.push(format!("default = [{}]", names.join(", ")));
    }
    if !found_default {
        return Err("client/Cargo.toml has no default features".to_owned());
    }
    lines.extend(generated.iter().map(|name| format!("{name} = []")));
    Ok(lines.join("\n"))
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
        let manifest = render(&crate::workspace_root(), "demo", "spec.json", &[])
            .expect("manifests are readable");
        assert!(manifest.starts_with(MARKER), "{manifest}");
        assert!(manifest.contains("name = \"demo\""), "{manifest}");
        assert!(
            manifest.contains("reqwest = { version = \"0.13\", default-features = false"),
            "{manifest}"
        );
        assert!(!manifest.contains(".workspace"), "{manifest}");
        assert!(!manifest.contains("crypto_box"), "{manifest}");
        for dependency in GENERATED_CODE_DEPENDENCIES {
            assert!(
                manifest.contains(&format!("\n{dependency} = ")),
                "{dependency}: {manifest}"
            );
        }
        assert!(!manifest.contains("workspace = true"), "{manifest}");
        assert!(manifest.trim_end().ends_with("[workspace]"), "{manifest}");
        let runtime = crate::workspace_root().join("codegen/runtime");
        assert!(
            manifest.contains(&format!(
                "codegen-runtime = {{ path = \"{}\"",
                runtime.display()
            )),
            "{manifest}"
        );
    }

    #[test]
    fn sections_skip_comments_and_stop_at_the_next_header() {
        let text = "[a]\nx = 1\n# note\n\n[b]\ny = 2\n";
        assert_eq!(section(text, "a"), vec!["x = 1"]);
        assert_eq!(section(text, "b"), vec!["y = 2"]);
        assert!(split_entry("nothing").is_err());
    }

    #[test]
    fn extra_features_join_the_inherited_ones() {
        let extra = vec!["time".to_owned(), "fs".to_owned()];
        assert_eq!(
            with_features(r#"{ version = "1", features = ["time", "net"] }"#, &extra).as_deref(),
            Ok(r#"{ version = "1", features = ["time", "net", "fs"] }"#)
        );
        assert_eq!(
            with_features(r#""1""#, &extra).as_deref(),
            Ok(r#"{ version = "1", features = ["time", "fs"] }"#)
        );
        assert_eq!(
            with_features(r#"{ version = "0.3", default-features = false }"#, &extra).as_deref(),
            Ok(r#"{ version = "0.3", default-features = false, features = ["time", "fs"] }"#)
        );
    }

    #[test]
    fn group_features_are_on_by_default() {
        let client = vec![
            r#"default = ["tls-aws-lc"]"#,
            r#"tls-aws-lc = ["codegen-runtime/tls-aws-lc"]"#,
        ];
        let generated = vec!["issues".to_owned(), "unreferenced-models".to_owned()];
        assert_eq!(
            features_table(client.clone(), &generated).as_deref(),
            Ok(concat!(
                "default = [\"tls-aws-lc\", \"issues\"]\n",
                "tls-aws-lc = [\"codegen-runtime/tls-aws-lc\"]\n",
                "issues = []\n",
                "unreferenced-models = []",
            ))
        );
        assert_eq!(
            features_table(client[..1].to_vec(), &[]).as_deref(),
            Ok(r#"default = ["tls-aws-lc"]"#)
        );
        assert!(features_table(vec![r#"default = "x""#], &generated).is_err());
        assert!(features_table(client[1..].to_vec(), &generated).is_err());
    }
}
