//! Stage 3: the IR to formatted Rust source files. The emitter only reads the IR.
//!
//! Two steps, public so that they can be timed apart: [`tokens`] builds the token streams of
//! every file, [`format`] turns them into text.

mod bodies;
mod catalog;
mod client;
mod conditional;
mod features;
mod forms;
mod operations;
mod outcomes;
mod pagination;
mod parameters;
mod request;
mod spacing;
mod struct_serde;
mod tokens;
mod types;

use proc_macro2::TokenStream;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::Api;
use crate::{Config, GeneratedFile};

/// One file's tokens, before formatting.
#[derive(Debug, Clone)]
pub struct FileTokens {
    /// The file name, relative to the output folder (`operations/pets.rs`).
    pub name: String,
    /// The items of the file.
    pub tokens: TokenStream,
}

/// Emits `models.rs`, `client.rs`, `operations.rs` and one `operations/{group}.rs` per group. The models and
/// the operations are built and formatted on two threads: they are independent, and formatting
/// is the slowest step. (Tokens cannot cross threads, so each thread makes its own.)
pub fn emit(api: &Api, config: &Config) -> Result<Vec<GeneratedFile>, Diagnostics> {
    runtime_path(config)?;
    let emit_models = || format(vec![models_file(api, &runtime_path(config)?)], config);
    let emit_operations = || {
        let runtime = runtime_path(config)?;
        format(operation_files(api, &runtime, config)?, config)
    };
    let (models, operations) = std::thread::scope(|scope| {
        let models = spawn_emitting(scope, &emit_models);
        let operations = spawn_emitting(scope, &emit_operations);
        (
            joined("models", models, &emit_models),
            joined("operations", operations, &emit_operations),
        )
    });
    let mut diagnostics = Diagnostics::default();
    let mut files = Vec::new();
    for part in [models, operations] {
        match part {
            Ok(part) => files.extend(part),
            Err(problems) => diagnostics.extend(problems),
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    diagnostics.into_result(files)
}

/// The tokens of every file, in one thread (the stages one by one, for measuring).
pub fn tokens(api: &Api, config: &Config) -> Result<Vec<FileTokens>, Diagnostics> {
    let runtime = runtime_path(config)?;
    let mut files = vec![models_file(api, &runtime)];
    files.extend(operation_files(api, &runtime, config)?);
    Ok(files)
}

type Emitted = Result<Vec<GeneratedFile>, Diagnostics>;

/// Starts one half of the work on a thread of its own. The formatter recurses into nested
/// types; a thread's default 2 MB is tight for a debug build, so each gets the main thread's
/// usual 8 MB.
fn spawn_emitting<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    work: &'scope (dyn Fn() -> Emitted + Sync),
) -> std::io::Result<std::thread::ScopedJoinHandle<'scope, Emitted>> {
    // The formatter recurses into nested types (a `Vec` 256 levels deep needs about 16 MB in a
    // debug build): each half gets the generator's stack, like the one `generate` runs on.
    std::thread::Builder::new()
        .stack_size(crate::STACK_SIZE)
        .spawn_scoped(scope, work)
}

/// The result of one half: a panic in the emitter or the formatter is a bug, reported as an
/// internal error naming the half; with no thread to be had, the work runs on this one, where a
/// panic is caught the same way.
fn joined(
    part: &str,
    handle: std::io::Result<std::thread::ScopedJoinHandle<'_, Emitted>>,
    work: &dyn Fn() -> Emitted,
) -> Emitted {
    let outcome = match handle {
        Ok(handle) => handle.join(),
        Err(_) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)),
    };
    outcome.unwrap_or_else(|_| Err(internal_error(&format!("emitting the {part} panicked"))))
}

fn internal_error(message: &str) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    diagnostics.error(&Pointer::root(), format!("internal error: {message}"));
    diagnostics
}

fn runtime_path(config: &Config) -> Result<TokenStream, Diagnostics> {
    rust_path(&config.runtime_path)
}

fn rust_path(path: &str) -> Result<TokenStream, Diagnostics> {
    syn::parse_str::<syn::Path>(path)
        .map(|path| quote::quote! { #path })
        .map_err(|_| {
            let mut diagnostics = Diagnostics::default();
            diagnostics.error(&Pointer::root(), format!("`{path}` is not a Rust path"));
            diagnostics
        })
}

fn models_file(api: &Api, runtime: &TokenStream) -> FileTokens {
    FileTokens {
        name: "models.rs".to_owned(),
        tokens: types::models(api, runtime),
    }
}

fn operation_files(
    api: &Api,
    runtime: &TokenStream,
    config: &Config,
) -> Result<Vec<FileTokens>, Diagnostics> {
    let hook = config.builder_hook.as_deref().map(rust_path).transpose()?;
    let (operations, groups) = operations::operations(api, runtime);
    let mut files = vec![
        FileTokens {
            name: "client.rs".to_owned(),
            tokens: client::client(api, runtime, hook.as_ref()),
        },
        FileTokens {
            name: "operations.rs".to_owned(),
            tokens: operations,
        },
    ];
    files.extend(groups.into_iter().map(|(group, tokens)| FileTokens {
        name: format!("operations/{group}.rs"),
        tokens,
    }));
    Ok(files)
}

/// Formats files with prettyplease (pinned), which gives the same bytes on every machine, and
/// puts the header line on top.
pub fn format(files: Vec<FileTokens>, config: &Config) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let header = header(config);
    let mut diagnostics = Diagnostics::default();
    let mut generated = Vec::with_capacity(files.len());
    for file in files {
        match format_tokens(file.tokens) {
            Ok(text) => generated.push(GeneratedFile {
                name: file.name,
                contents: format!("{header}{text}"),
            }),
            Err(message) => diagnostics.error(
                &Pointer::root(),
                format!(
                    "internal error: generated {} does not parse: {message}",
                    file.name
                ),
            ),
        }
    }
    diagnostics.into_result(generated)
}

/// The first line of every generated file names the command that rebuilds it.
fn header(config: &Config) -> String {
    format!(
        "// Generated by `{}` from {}. Do not edit by hand.\n\n",
        config.command, config.spec_path
    )
}

/// Formats one file's tokens, with a blank line between items.
pub fn format_tokens(tokens: TokenStream) -> Result<String, String> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|error| error.to_string())?;
    spacing::mark_item_gaps(&mut file.items);
    Ok(spacing::space_out_items(&prettyplease::unparse(&file)))
}

#[cfg(test)]
mod tests {
    use super::{Emitted, joined, spawn_emitting};

    /// Both halves are caught alike: a panic on a thread of its own, or on this one when no
    /// thread could be started, is an internal error naming the half.
    #[test]
    fn a_panic_in_either_half_is_an_internal_error() {
        let panics = || -> Emitted { panic!("a bug in the emitter") };
        let on_a_thread = std::thread::scope(|scope| {
            let handle = spawn_emitting(scope, &panics);
            joined("operations", handle, &panics)
        });
        let no_thread = joined("models", Err(std::io::Error::other("no thread")), &panics);
        for (outcome, part) in [(on_a_thread, "operations"), (no_thread, "models")] {
            let message = outcome.expect_err("a panic is an error").to_string();
            assert!(
                message.contains(&format!("internal error: emitting the {part} panicked")),
                "{message}"
            );
        }
    }
}
