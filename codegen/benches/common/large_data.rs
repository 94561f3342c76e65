//! The large descriptions in `benches/data/` (see the README there), shared by the generation
//! benchmark and `tests/large_specs.rs`; both include this file with `#[path]`.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Every `benches/data/*.json.gz`, in name order.
pub fn data_files() -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("benches/data is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.to_string_lossy().ends_with(".json.gz"))
        .collect();
    files.sort();
    files
}

/// The uncompressed text of one data file.
pub fn read(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("the data file opens");
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .expect("the data file is gzip of UTF-8");
    text
}
