//! A general OpenAPI 3.0 to Rust generator.
//!
//! Three stages, each in its own module: [`parse`] (text to `openapiv3`), [`lower`] (to the
//! [`ir`], with a link from every item back to its JSON pointer) and [`emit`] (IR to `quote`
//! tokens to `prettyplease` text). Every problem in the input becomes a [`Diagnostic`] naming
//! its pointer, and all of them are reported together. The library does no I/O.

pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod names;
pub mod parse;

pub use diagnostics::{Diagnostic, Diagnostics, Pointer};

/// Settings that are not in the spec.
#[derive(Debug, Clone)]
pub struct Config {
    /// The command named in each file's first line (`cargo xtask codegen`).
    pub command: String,
    /// The spec's path as shown in each file's first line (`spec/api.yaml`).
    pub spec_path: String,
    /// The Rust path of the hand-written runtime module the generated code calls.
    pub runtime_path: String,
}

/// One generated source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The file name, relative to the output folder.
    pub name: String,
    /// The file's text.
    pub contents: String,
}

/// Runs all three stages on a JSON or YAML OpenAPI 3.0 document.
pub fn generate(spec_text: &str, config: &Config) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let spec = parse::parse(spec_text)?;
    let api = lower::lower(&spec)?;
    emit::emit(&api, config)
}
