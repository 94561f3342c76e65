//! A general OpenAPI 3.0 to Rust generator (3.1 and 3.2 are read as 3.0, see
//! [`parse::openapi31`]).
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
mod threads;

pub use diagnostics::{Diagnostic, Diagnostics, Pointer};

/// The stack of the generator's threads, which [`generate`] and its stages run on.
/// Parsing and lowering recurse once per level of nesting, which the generator bounds
/// ([`parse::depth::MAX_DEPTH`] levels of JSON, 256 levels of inline schemas); at those bounds
/// a debug build needs between 8 and 16 MB, so this leaves a margin of four. It is reserved,
/// not used: only the pages a deep document touches are ever committed.
pub const STACK_SIZE: usize = 64 << 20;

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
    /// A part `openapiv3` cannot read is patched out the same way ([`parse::parse_with_report`]).
    /// Problems of the document as a whole (syntax, version, `info`) still refuse it.
    pub skip_unsupported: bool,
    /// Give the generated crate a Cargo feature per operation group: each group's module,
    /// client accessor and catalog entries, and the types only some groups reach, are compiled
    /// only under their features (`passes/features.rs`). The caller writes the `[features]`
    /// table from [`Generated::features`]. Off, nothing is gated.
    pub features_per_group: bool,
}

#[cfg(test)]
impl Config {
    /// The settings the unit tests lower with: the runtime at `crate::runtime`, nothing skipped.
    pub(crate) fn for_tests(features_per_group: bool) -> Self {
        Config {
            command: "test".to_owned(),
            spec_path: "test".to_owned(),
            runtime_path: "crate::runtime".to_owned(),
            builder_hook: None,
            skip_unsupported: false,
            features_per_group,
        }
    }
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
    /// With [`Config::features_per_group`], the crate's Cargo features (one per group, meant to
    /// be on by default, and [`ir::UNREFERENCED_MODELS`] for the types no operation reaches, if
    /// any, meant to be off); otherwise empty.
    pub features: Vec<String>,
}

/// Runs all three stages on a JSON or YAML OpenAPI 3.0, 3.1 or 3.2 document.
pub fn generate(spec_text: &str, config: &Config) -> Result<Vec<GeneratedFile>, Diagnostics> {
    generate_with_report(spec_text, config).map(|generated| generated.files)
}

/// [`generate`], also returning the spec's title and what was skipped. Runs on one of the
/// generator's threads, with a [`STACK_SIZE`] stack (on the caller's when none could be
/// started), so that a deeply nested document within the bounds never overflows the caller's
/// stack; a panic (a bug) is passed on to the caller.
pub fn generate_with_report(spec_text: &str, config: &Config) -> Result<Generated, Diagnostics> {
    threads::run(|| generate_here(spec_text, config))
}

/// The three stages, on the current thread.
fn generate_here(spec_text: &str, config: &Config) -> Result<Generated, Diagnostics> {
    let parse::Parsed {
        spec,
        mut warnings,
        skipped: unreadable,
        moved,
    } = parse::parse_with_report(spec_text, config.skip_unsupported)?;
    let mut api = lower::lower(&spec, config).map_err(|mut diagnostics| {
        moved.restore_all(diagnostics.items_mut());
        diagnostics.drop_repeats();
        diagnostics
    })?;
    drop_elsewhere(spec, spec_text.len());
    moved.restore_all(api.warnings.iter_mut().chain(&mut api.skipped));
    diagnostics::drop_repeats(&mut api.warnings);
    diagnostics::drop_repeats(&mut api.skipped);
    let files = emit::emit(&api, config).map_err(|mut diagnostics| {
        moved.restore_all(diagnostics.items_mut());
        diagnostics.drop_repeats();
        diagnostics
    })?;
    warnings.extend(api.warnings);
    let features = api
        .features
        .map(|features| features.names)
        .unwrap_or_default();
    Ok(Generated {
        files,
        operations: api.operations.len(),
        title: api.title,
        version: api.version,
        skipped: unreadable.into_iter().chain(api.skipped).collect(),
        warnings,
        features,
    })
}

/// From how many bytes of description text [`drop_elsewhere`] uses a thread: below, starting
/// one costs more than the drop (the 260 KB fragment generated 3 to 6 % faster with its trees
/// dropped in place; dropping the 13 MB description's takes about 50 M instructions under
/// callgrind, 3 % of the thread that parses and lowers).
const DROP_ELSEWHERE_FROM: usize = 1 << 20;

/// Drops `value`, read from `text_len` bytes of description, on a thread of its own that
/// nobody waits for when the description is large (here when it is small, or when no thread
/// can be started): freeing a large description's trees takes a few percent of generating it,
/// and the generator has better things to do with this thread. The thread has the
/// generator's stack, as dropping a tree recurses as deep as it nests.
pub(crate) fn drop_elsewhere<T: Send + 'static>(value: T, text_len: usize) {
    if text_len < DROP_ELSEWHERE_FROM {
        return;
    }
    // When the thread cannot be started, the closure, and `value` with it, is dropped here.
    let _ = std::thread::Builder::new()
        .name("codegen-drop".to_owned())
        .stack_size(STACK_SIZE)
        .spawn(move || drop(value));
}
