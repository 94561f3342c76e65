//! Writing a generated crate: every file goes into a staging folder inside the output folder
//! first, and only once all of them are written do they replace the crate written before. A
//! file the file system refuses (a name too long for it, a full disk, a folder without write
//! permission) is refused while staging, which leaves the output folder as it was; moving into
//! place then only renames within one folder.

use std::fs;
use std::path::Path;

use super::{CrateFile, MARKER};

/// The staging folder's name inside the output folder; a leftover of an interrupted run is
/// replaced by the next one.
const STAGING: &str = ".generating";

/// Writes the crate into `out`, replacing the `src/` and the top-level files of a crate
/// written before (what else the folder holds, such as `target/`, stays).
pub fn write(out: &Path, files: &[CrateFile]) -> Result<(), String> {
    let created = !out.exists();
    if !created && !is_ours_or_empty(out) {
        return Err(format!(
            "{} exists and is not a crate written by `cargo xtask generate`; choose an empty or new folder",
            out.display()
        ));
    }
    let staging = out.join(STAGING);
    let written = stage(&staging, files).and_then(|()| replace(out, &staging, files));
    if let Err(message) = written {
        let _ = fs::remove_dir_all(&staging);
        if created {
            let _ = fs::remove_dir_all(out);
        }
        return Err(message);
    }
    fs::remove_dir_all(&staging)
        .map_err(|error| format!("cannot remove {}: {error}", staging.display()))
}

/// Whether `out` holds a crate this command wrote, or nothing (a staging folder left by an
/// interrupted run aside).
fn is_ours_or_empty(out: &Path) -> bool {
    let ours =
        fs::read_to_string(out.join("Cargo.toml")).is_ok_and(|text| text.starts_with(MARKER));
    ours || fs::read_dir(out).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .all(|entry| entry.file_name() == STAGING)
    })
}

/// Writes every file below `staging`, created afresh.
fn stage(staging: &Path, files: &[CrateFile]) -> Result<(), String> {
    if staging.exists() {
        fs::remove_dir_all(staging)
            .map_err(|error| format!("cannot clear {}: {error}", staging.display()))?;
    }
    for file in files {
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
        }
        fs::write(&path, &file.contents).map_err(|error| {
            format!(
                "cannot write {}: {error}",
                out_path(staging, &path).display()
            )
        })?;
    }
    Ok(())
}

/// Moves the staged files into `out`: `src/` whole (the old one removed first, so no stale
/// module stays), every other file on its own, beside what its folder already holds (an
/// `examples/` folder keeps the user's examples). Renames within one folder: nothing is
/// copied, and none fails for a name the staging accepted.
fn replace(out: &Path, staging: &Path, files: &[CrateFile]) -> Result<(), String> {
    let source = out.join("src");
    if source.exists() {
        fs::remove_dir_all(&source)
            .map_err(|error| format!("cannot clear {}: {error}", source.display()))?;
    }
    let mut moves: Vec<&str> = files
        .iter()
        .map(|file| match file.path.split_once('/') {
            Some(("src", _)) => "src",
            _ => file.path.as_str(),
        })
        .collect();
    moves.sort_unstable();
    moves.dedup();
    for path in moves {
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
        }
        fs::rename(staging.join(path), &target)
            .map_err(|error| format!("cannot move {} into place: {error}", target.display()))?;
    }
    Ok(())
}

/// A staged path as the user will know it: the same path in the output folder.
fn out_path(staging: &Path, path: &Path) -> std::path::PathBuf {
    match (staging.parent(), path.strip_prefix(staging)) {
        (Some(out), Ok(relative)) => out.join(relative),
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{CrateFile, MARKER, STAGING, write};
    use std::fs;
    use std::path::PathBuf;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn crate_files(module: &str) -> Vec<CrateFile> {
        vec![
            CrateFile {
                path: "Cargo.toml".to_owned(),
                contents: format!("{MARKER} from test.yaml.\n"),
            },
            CrateFile {
                path: "src/lib.rs".to_owned(),
                contents: format!("pub mod {module};\n"),
            },
            CrateFile {
                path: format!("src/{module}.rs"),
                contents: String::new(),
            },
        ]
    }

    /// Everything below `dir`, relative, sorted.
    fn listing(dir: &std::path::Path) -> Vec<String> {
        let mut found = Vec::new();
        let mut folders = vec![dir.to_owned()];
        while let Some(folder) = folders.pop() {
            for entry in fs::read_dir(&folder).expect("readable") {
                let path = entry.expect("an entry").path();
                found.push(path.strip_prefix(dir).expect("below").display().to_string());
                if path.is_dir() {
                    folders.push(path);
                }
            }
        }
        found.sort();
        found
    }

    #[test]
    fn a_rewrite_replaces_the_sources_and_keeps_the_rest() {
        let out = scratch("rewrite");
        write(&out, &crate_files("first")).expect("a new folder is written");
        fs::create_dir_all(out.join("target/debug")).expect("a build folder");
        write(&out, &crate_files("second")).expect("our own crate is rewritten");
        assert_eq!(
            listing(&out),
            [
                "Cargo.toml",
                "src",
                "src/lib.rs",
                "src/second.rs",
                "target",
                "target/debug"
            ]
        );
        fs::remove_dir_all(&out).expect("cleaned up");
    }

    /// A second run over a crate with more than `src/` (an `examples/` folder, say) replaces
    /// its files and keeps the folder's other files.
    #[test]
    fn a_rewrite_keeps_other_files_in_folders_it_writes_into() {
        let out = scratch("examples");
        let mut files = crate_files("first");
        files.push(CrateFile {
            path: "examples/generated.rs".to_owned(),
            contents: "fn main() {}\n".to_owned(),
        });
        write(&out, &files).expect("a new folder is written");
        fs::write(out.join("examples/mine.rs"), "fn main() {}\n").expect("a user's example");
        files[3].contents = "fn main() { println!(); }\n".to_owned();
        write(&out, &files).expect("our own crate is rewritten");
        assert_eq!(
            listing(&out),
            [
                "Cargo.toml",
                "examples",
                "examples/generated.rs",
                "examples/mine.rs",
                "src",
                "src/first.rs",
                "src/lib.rs"
            ]
        );
        let rewritten = fs::read_to_string(out.join("examples/generated.rs")).expect("written");
        assert!(rewritten.contains("println"), "{rewritten}");
        fs::remove_dir_all(&out).expect("cleaned up");
    }

    /// A name longer than any file system takes fails while staging: a new folder is not left
    /// behind, and a crate written before is left as it was.
    #[test]
    fn a_file_that_cannot_be_written_leaves_the_folder_as_it_was() {
        let out = scratch("refused");
        let refused = crate_files(&"x".repeat(300));
        let message = write(&out, &refused).expect_err("a 304-byte file name");
        assert!(message.contains("cannot write"), "{message}");
        assert!(!out.join(STAGING).exists() && !out.exists(), "{message}");

        write(&out, &crate_files("first")).expect("a new folder is written");
        let before = listing(&out);
        write(&out, &refused).expect_err("a 304-byte file name");
        assert_eq!(listing(&out), before);
        fs::remove_dir_all(&out).expect("cleaned up");
    }

    #[test]
    fn a_folder_that_is_not_ours_is_refused_and_left_alone() {
        let out = scratch("foreign");
        fs::create_dir_all(&out).expect("a folder");
        fs::write(out.join("notes.txt"), "mine").expect("a file of the user's");
        let message = write(&out, &crate_files("first")).expect_err("not ours");
        assert!(message.contains("is not a crate written by"), "{message}");
        assert_eq!(listing(&out), ["notes.txt"]);
        fs::remove_dir_all(&out).expect("cleaned up");
    }
}
