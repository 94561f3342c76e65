//! A general OpenAPI 3.0 to Rust generator.
//!
//! Three stages, each in its own module: [`parse`] (text to `openapiv3`), [`lower`] (to the
//! [`ir`], with a link from every item back to its JSON pointer, then the IR → IR [`passes`])
//! and [`emit`] (IR to `quote` tokens to `prettyplease` text). Every problem in the input becomes a [`Diagnostic`] naming
//! its pointer, and all of them are reported together. The library does no I/O.

#![warn(missing_docs)]

pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod names;
pub mod parse;
pub mod passes;

pub use diagnostics::{Diagnostic, Diagnostics, Pointer};

/// Settings that are not in the spec.
#[derive(Debug, Clone)]
pub struct Config {
    /// The command named in each file's first line (`cargo xtask codegen`).
    pub command: String,
    /// The spec's path as shown in each file's first line (`spec/api.yaml`).
    pub spec_path: String,
    /// The Rust path of the runtime the generated code calls (the `codegen-runtime` crate, or
    /// a module that re-exports it).
    pub runtime_path: String,
    /// The Rust path of a function `fn(runtime::ClientBuilder) -> runtime::ClientBuilder` that
    /// the generated `ClientBuilder::new` applies after the description's defaults: for what a
    /// service does beyond its description (vendor headers, its own rate-limit rules).
    pub builder_hook: Option<String>,
    /// Generate what can be generated and list the rest, instead of refusing the whole spec:
    /// an operation with a problem is left out, a schema with a problem becomes any JSON value.
    /// Problems of the document as a whole (syntax, version) still refuse it.
    pub skip_unsupported: bool,
}

/// One generated source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// The file name, relative to the output folder (`operations/pets.rs`).
    pub name: String,
    /// The file's text.
    pub contents: String,
}

/// The generated files and what the caller should know about them.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Every file, sorted by name.
    pub files: Vec<GeneratedFile>,
    /// `info.title` of the spec.
    pub title: String,
    /// `info.version` of the spec.
    pub version: String,
    /// How many operations were generated.
    pub operations: usize,
    /// With [`Config::skip_unsupported`], each problem that made the generator leave something
    /// out (an operation) or type it loosely (a schema as any JSON value), in document order.
    pub skipped: Vec<Diagnostic>,
    /// What the caller should know although nothing failed: spec names that had to change
    /// (they collide after case conversion, or lose non-ASCII letters), and schemas no finite
    /// value satisfies.
    pub warnings: Vec<Diagnostic>,
}

/// Runs all three stages on a JSON or YAML OpenAPI 3.0 document.
pub fn generate(spec_text: &str, config: &Config) -> Result<Vec<GeneratedFile>, Diagnostics> {
    generate_with_report(spec_text, config).map(|generated| generated.files)
}

/// [`generate`], also returning the spec's title and what was skipped.
pub fn generate_with_report(spec_text: &str, config: &Config) -> Result<Generated, Diagnostics> {
    let spec = parse::parse(spec_text)?;
    let api = lower::lower(&spec, config)?;
    let files = emit::emit(&api, config)?;
    Ok(Generated {
        files,
        operations: api.operations.len(),
        title: api.title,
        version: api.version,
        skipped: api.skipped,
        warnings: api.warnings,
    })
}
