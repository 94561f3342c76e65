//! Stage 3: the IR to formatted Rust source files. The emitter only reads the IR.
//!
//! Two steps, public so that they can be timed apart: [`tokens`] builds the items of every
//! file, as token streams or, for the most voluminous items of the models, as text already in
//! prettyplease's layout ([`Chunk`]); [`format`](fn@format) turns them into text.

mod bodies;
mod catalog;
mod client;
mod conditional;
mod features;
mod forms;
mod jobs;
mod layout;
mod model_text;
mod operation_text;
mod operations;
mod outcome_text;
mod outcomes;
mod page_text;
mod pagination;
mod parameters;
mod request;
mod request_text;
mod serde_text;
mod spacing;
mod struct_serde;
mod tokens;
mod types;
mod unions;

use proc_macro2::TokenStream;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{Api, TypeDef, TypeId, TypeKind};
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
    /// An `impl` block or an array some of whose members are written as text.
    Block(Block),
}

/// An `impl` block or an array laid out member by member: prettyplease lays out each member on
/// its own, so members written as text need not be parsed, and the others are formatted inside
/// a stand-in block.
#[derive(Debug, Clone)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// The lines before the members (`impl Pets<'_> {`), each ending with a newline.
    pub open: String,
    /// The lines after them (`}`), each ending with a newline.
    pub close: String,
    /// The members, in order.
    pub members: Vec<Member>,
}

/// What a [`Block`] is, which says how its members are separated and formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// An `impl`: its members are separated by a blank line.
    Impl,
    /// An array literal whose elements each end with a comma.
    Array,
}

/// A member (or a run of members) of a [`Block`].
#[derive(Debug, Clone)]
pub enum Member {
    /// Formatted by prettyplease.
    Tokens(TokenStream),
    /// Already written as prettyplease writes it inside the block, ending with a newline.
    Text(String),
}

/// How many parts the models are cut into, so that two threads share the work evenly whatever
/// the balance of models and operations (see `jobs.rs`).
const MODEL_PARTS: usize = 8;

/// One job of [`emit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Job {
    /// `client.rs` and `operations.rs`.
    Client,
    /// The module file of a group of operations.
    Group(usize),
    /// A part of `models.rs` (see [`types::models_part`]).
    Models(usize),
}

/// What a [`Job`] gives.
enum Emitted {
    Files(Vec<GeneratedFile>),
    /// The text of a part of `models.rs`, and which part.
    ModelsPart(usize, String),
}

/// Roughly what emitting and formatting one operation's items in its group's file costs (its
/// builder, decoder and outcome enums), in the unit of the costs below and of [`type_cost`]:
/// a tenth of a typical type of the models, about a microsecond and a fifth on the machine of
/// the benches. Only the order the jobs are taken in and where the models are cut depend on
/// them, never the output.
const OPERATION_COST: usize = 33;

/// The same for an operation's entry in the table of `operations.rs`, a tenth of its items in
/// its group's file.
const TABLE_ROW_COST: usize = 3;

/// The same for what `client.rs` holds whatever the operations (the client, its builder and
/// their methods), measured on the vendored fragment, where it is most of the job. Without it
/// the job was taken last and the other thread waited for it.
const CLIENT_COST: usize = 600;

/// The jobs of [`emit`], the costliest first: the two threads then finish close together,
/// the last jobs being the smallest (longest processing time first).
fn jobs(api: &Api, defs: &[(TypeId, &TypeDef)], bounds: &[usize]) -> Vec<Job> {
    let mut group_sizes = vec![0; api.groups.len()];
    for op in &api.operations {
        group_sizes[op.group] += 1;
    }
    let mut jobs: Vec<(usize, Job)> = group_sizes
        .iter()
        .enumerate()
        .map(|(group, size)| (size * OPERATION_COST, Job::Group(group)))
        .chain(bounds.windows(2).enumerate().map(|(part, range)| {
            let cost = defs[range[0]..range[1]]
                .iter()
                .map(|(_, def)| type_cost(def));
            (cost.sum(), Job::Models(part))
        }))
        .chain([(
            CLIENT_COST + api.operations.len() * TABLE_ROW_COST,
            Job::Client,
        )])
        .collect();
    // Stable: equal costs keep the order above, so the order is the same on every run.
    jobs.sort_by_key(|(cost, _)| std::cmp::Reverse(*cost));
    jobs.into_iter().map(|(_, job)| job).collect()
}

/// Where the models (`defs`, in the order of the module) are cut into at most `wanted` parts
/// of consecutive types, each about the same cost: `bounds[part]..bounds[part + 1]` is a part.
/// Cut by count, a part of large structs took four times as long as one of small enums, and the
/// last of them kept one thread working while the other waited.
fn model_bounds(defs: &[(TypeId, &TypeDef)], wanted: usize) -> Vec<usize> {
    let costs: Vec<usize> = defs.iter().map(|(_, def)| type_cost(def)).collect();
    let total: usize = costs.iter().sum();
    let parts = wanted.clamp(1, defs.len().max(1));
    let mut bounds = vec![0];
    let mut done = 0;
    for (index, cost) in costs.iter().enumerate() {
        // A part ends at the type that takes it to its share of the total.
        done += cost;
        if bounds.len() < parts && done * parts >= total * bounds.len() {
            bounds.push(index + 1);
        }
    }
    // The last part ends with the last type; no part is empty, but a module without types
    // has one.
    if bounds.len() == 1 || bounds.last() < Some(&defs.len()) {
        bounds.push(defs.len());
    }
    bounds
}

/// Roughly what emitting and formatting a type of the models costs (see [`OPERATION_COST`]): a
/// struct's fields and a union's alternatives are most of its text, an enum's variants are one
/// line each.
fn type_cost(def: &TypeDef) -> usize {
    match &def.kind {
        TypeKind::Struct(def) => 4 + 2 * def.fields.len(),
        TypeKind::Union(def) => 4 + 2 * def.variants.len(),
        TypeKind::StringEnum(def) => 4 + def.variants.len(),
        TypeKind::Alias(_) | TypeKind::Newtype(_) => 2,
    }
}

/// Emits `models.rs`, `client.rs`, `operations.rs` and one `operations/{group}.rs` per group,
/// built and formatted on two threads (`jobs.rs`): each group's file is one job, the models
/// several, and the parts of `models.rs` are joined into the same text as formatting it at once.
pub fn emit(api: &Api, config: &Config) -> Result<Vec<GeneratedFile>, Diagnostics> {
    runtime_path(config)?;
    let defs = types::by_name(api);
    let bounds = model_bounds(&defs, MODEL_PARTS);
    let parts = bounds.len() - 1;
    let jobs = jobs(api, &defs, &bounds);
    let name = |job: &Job| match job {
        Job::Client => "client".to_owned(),
        Job::Group(group) => format!("`{}` operations", api.groups[*group].accessor),
        Job::Models(_) => "models".to_owned(),
    };
    let run = |job: &Job| -> Result<Emitted, Diagnostics> {
        let runtime = runtime_path(config)?;
        match *job {
            Job::Client => {
                let hook = config.builder_hook.as_deref().map(rust_path).transpose()?;
                format(client_files(api, &runtime, hook.as_ref()), config).map(Emitted::Files)
            }
            Job::Group(group) => {
                format(vec![group_file(api, group, &runtime)], config).map(Emitted::Files)
            }
            Job::Models(part) => {
                format_chunks(types::models_part(api, &defs, &runtime, part, &bounds))
                    .map(|text| Emitted::ModelsPart(part, text))
                    .map_err(|message| {
                        internal_error(&format!("generated models.rs does not parse: {message}"))
                    })
            }
        }
    };
    let mut diagnostics = Diagnostics::default();
    let mut files = Vec::new();
    let mut model_texts = vec![String::new(); parts];
    for outcome in jobs::run_jobs(&jobs, &name, &run) {
        match outcome {
            Ok(Emitted::Files(part)) => files.extend(part),
            Ok(Emitted::ModelsPart(part, text)) => model_texts[part] = text,
            Err(problems) => diagnostics.extend(problems),
        }
    }
    let mut models = header(config);
    for text in model_texts {
        if !models.ends_with("\n\n") {
            models.push('\n');
        }
        models.push_str(&text);
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
    let mut files = client_files(api, runtime, hook.as_ref());
    files.extend((0..api.groups.len()).map(|group| group_file(api, group, runtime)));
    Ok(files)
}

/// `client.rs` and `operations.rs`.
fn client_files(api: &Api, runtime: &TokenStream, hook: Option<&TokenStream>) -> Vec<FileTokens> {
    vec![
        FileTokens {
            name: "client.rs".to_owned(),
            chunks: client::client(api, runtime, hook),
        },
        FileTokens {
            name: "operations.rs".to_owned(),
            chunks: operations::operations_module(api, runtime, true),
        },
    ]
}

/// The module file of group `group`, `operations/{accessor}.rs`.
fn group_file(api: &Api, group: usize, runtime: &TokenStream) -> FileTokens {
    let (name, chunks) = operations::group_file(api, group, runtime, true);
    FileTokens {
        name: format!("operations/{name}.rs"),
        chunks,
    }
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
            Chunk::Block(block) => format_block(block)?,
        };
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&items);
    }
    Ok(text)
}

/// Formats a block member by member; consecutive members given as tokens are formatted
/// together, inside a stand-in block of the same kind.
fn format_block(block: Block) -> Result<String, String> {
    let mut text = block.open;
    let mut members = block.members.into_iter().peekable();
    let mut first = true;
    while let Some(member) = members.next() {
        if !first && block.kind == BlockKind::Impl {
            text.push('\n');
        }
        first = false;
        match member {
            Member::Text(member) => text.push_str(&member),
            Member::Tokens(mut tokens) => {
                while let Some(Member::Tokens(next)) =
                    members.next_if(|member| matches!(member, Member::Tokens(_)))
                {
                    tokens.extend(next);
                }
                let (stand_in, open, close) = match block.kind {
                    BlockKind::Impl => (
                        quote::quote! { impl Members { #tokens } },
                        "impl Members {\n",
                        "}\n",
                    ),
                    BlockKind::Array => (
                        quote::quote! { const MEMBERS: &[Member] = &[#tokens]; },
                        "const MEMBERS: &[Member] = &[\n",
                        "];\n",
                    ),
                };
                let formatted = format_tokens(stand_in)?;
                let inner = formatted
                    .strip_prefix(open)
                    .and_then(|inner| inner.strip_suffix(close))
                    .ok_or_else(|| format!("a block's members formatted as {formatted:?}"))?;
                text.push_str(inner);
            }
        }
    }
    text.push_str(&block.close);
    Ok(text)
}

/// Formats tokens, with a blank line between items.
pub fn format_tokens(tokens: TokenStream) -> Result<String, String> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|error| error.to_string())?;
    spacing::mark_item_gaps(&mut file.items);
    Ok(spacing::finish_text(&prettyplease::unparse(&file)))
}

/// Every fixture of the generator's tests and the vendored description: what the tests of the
/// text writers compare with prettyplease's output.
#[cfg(test)]
fn test_specs() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs: Vec<_> = ["tests/fixtures", "tests/features"]
        .iter()
        .flat_map(|folder| std::fs::read_dir(root.join(folder)).expect("fixtures"))
        .map(|entry| entry.expect("a fixture").path())
        .collect();
    specs.push(root.join("../spec/codespaces.yaml"));
    specs
}

#[cfg(test)]
mod tests {
    use super::{Job, jobs, model_bounds, types};

    /// Every group, every part of the models and the client are one job each, the costliest
    /// first (the groups are named so that their alphabetical order is the other way round).
    #[test]
    fn every_file_is_one_job_and_the_largest_come_first() {
        let operation = |id: &str| {
            format!(
                "{{\"operationId\": \"{id}\", \"responses\": {{\"204\": {{\"description\": \"done\"}}}}}}"
            )
        };
        let text = format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{
                "/a": {{"get": {}, "put": {}, "post": {}}},
                "/b": {{"get": {}}},
                "/c": {{"get": {}, "put": {}}}}}}}"#,
            operation("alpha/one"),
            operation("gamma/one"),
            operation("gamma/two"),
            operation("gamma/three"),
            operation("beta/one"),
            operation("beta/two"),
        );
        let spec = crate::parse::parse(&text).expect("parses");
        let api = crate::lower::lower(&spec, &crate::Config::for_tests(false)).expect("lowers");
        let group = |name: &str| {
            let index = api.groups.iter().position(|group| group.accessor == name);
            Job::Group(index.expect("a group"))
        };
        // Costs: the client 600 and 6 rows of its table (3 each); gamma 3 operations, beta 2,
        // alpha 1 (33 each); three parts of no types, which cost nothing and keep their order.
        let expected = [
            Job::Client,
            group("gamma"),
            group("beta"),
            group("alpha"),
            Job::Models(0),
            Job::Models(1),
            Job::Models(2),
        ];
        assert_eq!(jobs(&api, &[], &[0, 0, 0, 0]), expected);
    }

    #[test]
    fn model_parts_are_runs_of_about_equal_cost() {
        // Fields named apart, so that no two structs are merged into one.
        let schema = |name: &str, fields: usize| {
            let properties: Vec<String> = (0..fields)
                .map(|field| format!(r#""{name}{field}": {{"type": "string"}}"#))
                .collect();
            format!(
                r#"{{"type": "object", "properties": {{{}}}}}"#,
                properties.join(", ")
            )
        };
        // In name order: one large struct, then eleven small ones.
        let mut schemas = vec![format!(r#""A": {}"#, schema("a", 40))];
        schemas.extend((0..11).map(|index| {
            let name = format!("B{index:02}");
            format!(r#""{name}": {}"#, schema(&name, 8))
        }));
        let text = format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}},
            "components": {{"schemas": {{{}}}}}}}"#,
            schemas.join(", ")
        );
        let spec = crate::parse::parse(&text).expect("parses");
        let api = crate::lower::lower(&spec, &crate::Config::for_tests(false)).expect("lowers");
        let defs = types::by_name(&api);
        assert_eq!(defs.len(), 12);
        // Costs 84 and eleven of 20: a part ends where the running cost reaches a quarter of
        // 304, then a half, then three quarters, giving parts of 84, 80, 80 and 60 (cut by
        // count, the large struct would have shared a part with two small ones).
        assert_eq!(model_bounds(&defs, 4), [0, 1, 5, 9, 12]);
        // Never more parts than types, never an empty part, and one part without types.
        assert_eq!(model_bounds(&defs[..2], 8), [0, 1, 2]);
        assert_eq!(model_bounds(&[], 8), [0, 0]);
    }
}
