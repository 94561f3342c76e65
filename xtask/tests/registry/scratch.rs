//! A fresh folder for one test, removed when dropped; shared by the registry and real-corpus
//! tests (`#[path]`), which add what each needs in it.

use std::path::PathBuf;

/// A folder under the system's temporary folder, unique to this call.
pub struct Scratch(tempfile::TempDir);

impl Scratch {
    pub fn new(label: &str) -> Scratch {
        let dir = tempfile::Builder::new()
            .prefix(&format!("xtask-test-{label}-"))
            .tempdir()
            .expect("a scratch folder");
        Scratch(dir)
    }

    /// `name` inside the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }
}
