//! Stage 3: the IR to formatted Rust source files. The emitter only reads the IR.
//!
//! Two steps, public so that they can be timed apart: [`tokens`] builds the items of every
//! file, as token streams or, for the most voluminous items of the models, as text already in
//! prettyplease's layout ([`Chunk`]); [`format`] turns them into text.

mod bodies;
mod catalog;
mod client;
mod conditional;
mod features;
mod forms;
mod jobs;
mod layout;
mod model_text;
mod operations;
mod outcomes;
mod pagination;
mod parameters;
mod request;
mod serde_text;
mod spacing;
mod struct_serde;
mod tokens;
mod types;

use proc_macro2::TokenStream;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::Api;
use crate::{Config, GeneratedFile};

/// One file's items, before formatting.
#[derive(Debug, Clone)]
pub struct FileTokens {
    /// The file name, relative to the output folder (`operations/pets.rs`).
    pub name: String,
    /// The items of the file, in order.
    pub chunks: Vec<Chunk>,
}

/// A run of consecutive items of a file.
#[derive(Debug, Clone)]
pub enum Chunk {
    /// Items as tokens, formatted by prettyplease.
    Tokens(TokenStream),
    /// Items already written as prettyplease writes them, ending with a newline (the impls of
    /// `serde_text.rs`).
    Text(String),
}

/// How many parts the models are cut into, so that two threads share the work evenly whatever
/// the balance of models and operations (see `jobs.rs`).
const MODEL_PARTS: usize = 8;

/// One job of [`emit`].
enum Job {
    /// Every file but `models.rs`.
    Operations,
    /// A part of `models.rs` (see [`types::models_part`]).
    Models(usize),
}

/// What a [`Job`] gives.
enum Emitted {
    Files(Vec<GeneratedFile>),
    ModelsPart(String),
}

/// Emits `models.rs`, `client.rs`, `operations.rs` and one `operations/{group}.rs` per group,
/// built and formatted on two threads (`jobs.rs`): the operations are one job, the models
/// several, and the parts of `models.rs` are joined into the same text as formatting it at once.
pub fn emit(api: &Api, config: &Config) -> Result<Vec<GeneratedFile>, Diagnostics> {
    runtime_path(config)?;
    let parts = types::model_parts(api, MODEL_PARTS);
    let defs = types::by_name(api);
    // The operations first: the largest job, beside which the other thread takes model parts.
    let jobs: Vec<Job> = std::iter::once(Job::Operations)
        .chain((0..parts).map(Job::Models))
        .collect();
    let name = |job: &Job| match job {
        Job::Operations => "operations".to_owned(),
        Job::Models(_) => "models".to_owned(),
    };
    let run = |job: &Job| -> Result<Emitted, Diagnostics> {
        let runtime = runtime_path(config)?;
        match job {
            Job::Operations => {
                format(operation_files(api, &runtime, config)?, config).map(Emitted::Files)
            }
            Job::Models(part) => {
                format_chunks(types::models_part(api, &defs, &runtime, *part, parts))
                    .map(Emitted::ModelsPart)
                    .map_err(|message| {
                        internal_error(&format!("generated models.rs does not parse: {message}"))
                    })
            }
        }
    };
    let mut diagnostics = Diagnostics::default();
    let mut files = Vec::new();
    let mut models = header(config);
    for outcome in jobs::run_jobs(&jobs, &name, &run) {
        match outcome {
            Ok(Emitted::Files(part)) => files.extend(part),
            Ok(Emitted::ModelsPart(text)) => {
                if !models.ends_with("\n\n") {
                    models.push('\n');
                }
                models.push_str(&text);
            }
            Err(problems) => diagnostics.extend(problems),
        }
    }
    files.push(GeneratedFile {
        name: "models.rs".to_owned(),
        contents: models,
    });
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
        chunks: types::models(api, runtime),
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
            chunks: vec![Chunk::Tokens(client::client(api, runtime, hook.as_ref()))],
        },
        FileTokens {
            name: "operations.rs".to_owned(),
            chunks: vec![Chunk::Tokens(operations)],
        },
    ];
    files.extend(groups.into_iter().map(|(group, tokens)| FileTokens {
        name: format!("operations/{group}.rs"),
        chunks: vec![Chunk::Tokens(tokens)],
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
        match format_chunks(file.chunks) {
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

/// Formats one file's chunks, with a blank line between items: the same text as formatting
/// all of its items at once, since prettyplease lays out each top-level item on its own.
pub fn format_chunks(chunks: Vec<Chunk>) -> Result<String, String> {
    let mut text = String::new();
    for chunk in chunks {
        let items = match chunk {
            Chunk::Tokens(tokens) if tokens.is_empty() => continue,
            Chunk::Tokens(tokens) => format_tokens(tokens)?,
            Chunk::Text(items) => items,
        };
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&items);
    }
    Ok(text)
}

/// Formats tokens, with a blank line between items.
pub fn format_tokens(tokens: TokenStream) -> Result<String, String> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|error| error.to_string())?;
    spacing::mark_item_gaps(&mut file.items);
    Ok(spacing::finish_text(&prettyplease::unparse(&file)))
}
