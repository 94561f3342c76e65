//! The generator and its runtime serve any API: no name of the API this project was built for
//! appears in their code. (Its specs and fixtures may mention it: they are data.)

use std::path::{Path, PathBuf};

/// Words that would tie the generator or the runtime to GitHub, compared case-insensitively.
const FORBIDDEN: [&str; 5] = [
    "api.github.com",
    "github_token",
    "vnd.github",
    "x-github-api-version",
    "github",
];

fn rust_files(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("a source folder is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn no_github_name_in_the_generator_or_the_runtime() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in ["src", "runtime/src"] {
        rust_files(&root.join(folder), &mut files);
    }
    files.push(root.join("Cargo.toml"));
    files.push(root.join("runtime/Cargo.toml"));
    assert!(files.len() > 20, "{files:?}");
    let mut hits = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("a source file is readable");
        for (number, line) in text.lines().enumerate() {
            let lower = line.to_ascii_lowercase();
            if let Some(word) = FORBIDDEN.iter().find(|word| lower.contains(*word)) {
                hits.push(format!(
                    "{}:{}: `{word}`: {line}",
                    path.display(),
                    number + 1
                ));
            }
        }
    }
    assert!(
        hits.is_empty(),
        "GitHub names in the generator or the runtime:\n{}",
        hits.join("\n")
    );
}
