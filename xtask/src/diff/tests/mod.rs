//! Tests of `cargo xtask diff`:
//!
//! - `schema_cases.rs` and `operation_cases.rs`: each rule of the table on small documents,
//!   one concern per test;
//! - `real.rs`: the reports between GitHub's 14.0.0 and 23.0.2 fragments, pinned with insta,
//!   and the command line;
//! - `minimal.rs`: regenerating from one of those fragments to the other changes only the
//!   generated items that a reported change explains;
//! - `drift.rs`: verdicts on the changes where a copy of the generator's classification once
//!   drifted, checked against the Rust both sides generate.
//!
//! The real fragments are committed under `xtask/testdata/` (gzip): they are what
//! `cargo xtask vendor` cut from the upstream 14.0.0 and 23.0.2 descriptions with this commit's
//! selection rule and overrides. Tests never read `../shared`, which a clone does not have.

mod drift;
mod minimal;
mod operation_cases;
mod real;
mod schema_cases;

use std::path::PathBuf;

use serde_json::Value;

use crate::document::read;

/// The committed fragment of an upstream version, as a path.
fn fixture_path(version: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(format!("codespaces-{version}.yaml.gz"))
}

/// The committed fragment of an upstream version, decompressed.
fn fixture_text(version: &str) -> String {
    let bytes = read::read_document_bytes(&fixture_path(version)).expect("fixture is readable");
    String::from_utf8(bytes).expect("fixture is UTF-8")
}

/// The committed fragment of an upstream version, parsed.
fn fixture(version: &str) -> Value {
    read::parse_openapi(fixture_text(version).as_bytes()).expect("fixture is OpenAPI 3.0")
}

/// Sets the value at `pointer`, adding the last key when it is new.
fn set(document: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer with a parent");
    let key = key.replace("~1", "/").replace("~0", "~");
    let parent = document
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("{pointer}: the parent is an object"));
    parent.insert(key, value);
}
