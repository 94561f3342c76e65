//! The operations module: per group, a handle on the client, and per operation a request
//! builder, its success and error types, and its response decoder.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::fits;
use super::operation_text;
use super::outcome_text::{outcome_enum_text, success_accessors_text};
use super::outcomes::{
    builder_result_names, decode_arms, error_enum, error_enum_doc, success_accessors, success_enum,
    success_enum_doc,
};
use super::page_text;
use super::tokens::{doc_attrs, doc_or, ident, type_tokens};
use super::{Block, BlockKind, Chunk, Member, bodies, catalog, conditional, forms, pagination};
use super::{request, request_text};
use crate::ir::{Api, Doc, Group, Operation, Parameter, Passing};

/// Paths the operations module refers to.
pub struct Paths {
    /// The runtime module as named inside a group module.
    pub runtime: TokenStream,
    /// The models module as named inside a group module, with a trailing `::`.
    pub models: TokenStream,
}

/// Paths inside a group module, where the runtime and the models are imported by name, which
/// keeps signatures short.
fn group_paths() -> Paths {
    Paths {
        runtime: quote! { runtime },
        models: quote! { models:: },
    }
}

/// The operations module: it declares the groups and holds the table of every operation, its
/// entries written as text where `as_text`.
pub fn operations_module(api: &Api, runtime: &TokenStream, as_text: bool) -> Vec<Chunk> {
    let declarations = api.groups.iter().enumerate().map(|(index, group)| {
        let module = ident(&group.accessor);
        let doc = format!(" The `{}` operations.", group.accessor);
        let gate = super::features::group_cfg(api, index);
        quote! {
            #[doc = #doc]
            #gate
            pub mod #module;
        }
    });
    let mut chunks = vec![Chunk::Tokens(quote! { #(#declarations)* })];
    chunks.extend(catalog::catalog_chunks(api, runtime, as_text));
    chunks
}

/// The module file of group `index`: its name (the group's accessor) and its items, the most
/// voluminous written as text where `as_text` (`operation_text.rs`), else all tokens.
pub fn group_file(
    api: &Api,
    index: usize,
    runtime: &TokenStream,
    as_text: bool,
) -> (String, Vec<Chunk>) {
    let group = &api.groups[index];
    let members: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| op.group == index)
        .collect();
    let file_name = crate::names::unraw(&group.accessor).to_owned();
    let paths = group_paths();
    let mut chunks = vec![Chunk::Tokens(group_head(api, group, runtime))];
    let handle = ident(&group.type_name);
    let header = format!("impl<'a> {}<'a> {{", group.type_name);
    let as_text_here = as_text && fits(0, &header);
    let constructors = members.iter().filter_map(|op| {
        let doc = constructor_doc(op);
        member(
            as_text_here,
            || operation_text::constructor_text(api, op, &doc),
            || constructor(api, op, &paths, &doc),
        )
    });
    chunks.push(impl_chunk(
        &header,
        quote! { impl<'a> #handle<'a> },
        constructors.collect(),
    ));
    for op in members {
        chunks.extend(operation_chunks(api, op, &paths, as_text));
    }
    (file_name, chunks)
}

/// The imports of a group's module file and its handle on the client.
fn group_head(api: &Api, group: &Group, runtime_path: &TokenStream) -> TokenStream {
    let handle = ident(&group.type_name);
    let accessor_doc = format!(" The `{}` operations.", group.accessor);
    let reexported = group
        .reexports
        .iter()
        .map(|id| ident(&api.type_def(*id).name));
    let reexports = (!group.reexports.is_empty()).then(|| {
        quote! { pub use super::super::models::{#(#reexported),*}; }
    });
    quote! {
        use #runtime_path;
        // A group whose operations use only built-in types never names the models.
        #[allow(unused_imports)]
        use super::super::models;
        #reexports

        #[doc = #accessor_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            pub(crate) client: &'a runtime::Client,
        }
    }
}

/// An item as text when `as_text` and `text` writes it, else as tokens.
fn chunk(
    as_text: bool,
    text: impl FnOnce() -> Option<String>,
    tokens: impl FnOnce() -> TokenStream,
) -> Chunk {
    match as_text.then(text).flatten() {
        Some(text) => Chunk::Text(text),
        None => Chunk::Tokens(tokens()),
    }
}

/// A member of an `impl` as text when `as_text` and `text` writes it, else as tokens; `None`
/// when there is nothing to write.
fn member(
    as_text: bool,
    text: impl FnOnce() -> Option<String>,
    tokens: impl FnOnce() -> TokenStream,
) -> Option<Member> {
    match as_text.then(text).flatten() {
        Some(text) => Some(Member::Text(text)),
        None => Some(tokens())
            .filter(|tokens| !tokens.is_empty())
            .map(Member::Tokens),
    }
}

/// An `impl` block opened by `header` (`header_tokens` as tokens): its members one by one, or
/// all tokens when none is text.
fn impl_chunk(header: &str, header_tokens: TokenStream, members: Vec<Member>) -> Chunk {
    if members
        .iter()
        .any(|member| matches!(member, Member::Text(_)))
    {
        return Chunk::Block(Block {
            kind: BlockKind::Impl,
            open: format!("{header}\n"),
            close: "}\n".to_owned(),
            members,
        });
    }
    let members = members.into_iter().filter_map(|member| match member {
        Member::Tokens(tokens) => Some(tokens),
        Member::Text(_) => None,
    });
    Chunk::Tokens(quote! { #header_tokens { #(#members)* } })
}

/// Whether a parameter is passed to the constructor (versus set on the builder).
pub(super) fn is_positional(parameter: &Parameter) -> bool {
    parameter.passing == Passing::Argument
}

/// The doc of an operation's constructor on the group handle.
fn constructor_doc(op: &Operation) -> Doc {
    let mut doc = Doc::default();
    if let Some(summary) = &op.summary {
        doc.push(summary.clone());
    }
    doc.push(format!("`{} {}`", op.method.as_str(), op.path));
    doc.push(format!(
        "Returns a request builder; see [`{}`].",
        op.builder_name
    ));
    doc
}

/// The constructor on the group handle: positional arguments for what is required.
fn constructor(api: &Api, op: &Operation, paths: &Paths, doc: &Doc) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let doc = doc_attrs(doc);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let mut arguments = Vec::new();
    let mut inits = Vec::new();
    for parameter in &op.parameters {
        let name = ident(&parameter.rust_name);
        if is_positional(parameter) {
            let ty = type_tokens(api, &parameter.ty, &paths.models);
            arguments.push(quote! { #name: impl Into<#ty> });
            inits.push(quote! { #name: #name.into() });
        } else {
            inits.push(quote! { #name: None });
        }
    }
    if let Some(body) = &op.body {
        let (argument, body_inits) = bodies::constructor_parts(api, body, &paths.models);
        arguments.extend(argument);
        inits.extend(body_inits);
    }
    inits.extend(conditional::init(op, &paths.runtime));
    quote! {
        #doc
        #deprecated
        pub fn #method(&self, #(#arguments),*) -> #builder<'a> {
            #builder { client: self.client, #(#inits),* }
        }
    }
}

/// The doc of an operation's builder.
fn builder_doc(op: &Operation) -> Doc {
    let mut doc = Doc::default();
    if let Some(summary) = &op.summary {
        doc.push(summary.clone());
    }
    doc.paragraphs.extend(op.doc.paragraphs.iter().cloned());
    doc.push(format!("Operation `{}`.", op.operation_id));
    doc
}

/// An operation's items: its builder and the builder's `impl`, its outcome enums, and the
/// enum of media types and the form struct of its body.
fn operation_chunks(api: &Api, op: &Operation, paths: &Paths, as_text: bool) -> Vec<Chunk> {
    let doc = builder_doc(op);
    let mut chunks = vec![chunk(
        as_text,
        || operation_text::builder_struct_text(api, op, &doc),
        || builder_struct(api, op, paths, &doc),
    )];
    let header = format!("impl {}<'_> {{", op.builder_name);
    let builder = ident(&op.builder_name);
    let members = builder_members(api, op, paths, as_text && fits(0, &header));
    chunks.push(impl_chunk(&header, quote! { impl #builder<'_> }, members));
    if op.has_success_enum() {
        chunks.push(chunk(
            as_text,
            || {
                let doc = success_enum_doc(op);
                outcome_enum_text(api, &doc, &op.success_name, op.successes())
            },
            || success_enum(api, op, paths).unwrap_or_default(),
        ));
    }
    if op.shared_success_body(&api.types).is_some() {
        chunks.push(chunk(
            as_text,
            || success_accessors_text(api, op),
            || success_accessors(api, op, paths).unwrap_or_default(),
        ));
    }
    chunks.push(chunk(
        as_text,
        || outcome_enum_text(api, &error_enum_doc(op), &op.error_name, op.errors()),
        || error_enum(api, op, paths),
    ));
    let body = op.body.as_ref();
    chunks.extend(body.and_then(bodies::media_type_enum).map(Chunk::Tokens));
    let runtime = &paths.runtime;
    let form = body.and_then(|body| forms::form_struct(api, body, &paths.models, runtime));
    chunks.extend(form.map(Chunk::Tokens));
    chunks
}

/// The builder struct: the client, the parameters, the body and the conditional headers.
fn builder_struct(api: &Api, op: &Operation, paths: &Paths, doc: &Doc) -> TokenStream {
    let runtime = &paths.runtime;
    let builder = ident(&op.builder_name);
    let doc = doc_attrs(doc);
    let fields = parameter_fields(api, op, paths);
    let body_field = op
        .body
        .as_ref()
        .map(|body| bodies::fields(api, body, &paths.models));
    let conditional_field = conditional::field(op, runtime);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `send` is awaited"]
        pub struct #builder<'a> {
            client: &'a #runtime::Client,
            #(#fields)*
            #body_field
            #conditional_field
        }
    }
}

/// The members of the builder's `impl`: setters, `send`, `build_request`, `decode` and the
/// page methods.
fn builder_members(api: &Api, op: &Operation, paths: &Paths, as_text: bool) -> Vec<Member> {
    let runtime = &paths.runtime;
    let error = ident(&op.error_name);
    let success_type = success_type(api, op, paths);
    let success_text = operation_text::success_type_text(api, op);
    let mut members: Vec<Member> = op
        .parameters
        .iter()
        .filter(|parameter| !is_positional(parameter))
        .filter_map(|parameter| {
            member(
                as_text,
                || operation_text::parameter_setter_text(api, parameter),
                || parameter_setter(api, parameter, paths),
            )
        })
        .collect();
    if let Some(body) = &op.body {
        members.extend(member(
            as_text,
            || operation_text::body_setter_text(api, body),
            || bodies::setters(api, body, &paths.models),
        ));
    }
    members.extend(member(
        as_text,
        || {
            let offered = op.conditional.is_offered();
            offered.then(|| operation_text::CONDITIONAL_SETTERS.to_owned())
        },
        || conditional::setters(op).unwrap_or_default(),
    ));
    members.extend(member(
        as_text,
        || operation_text::send_text(&success_text, &op.error_name),
        || {
            quote! {
                /// Sends the request and decodes the response by its status.
                pub async fn send(self) -> Result<#runtime::Response<#success_type>, #runtime::Error<#error>> {
                    let request = self.build_request()?;
                    let raw = self.client.execute(request).await?;
                    Self::decode(raw)
                }
            }
        },
    ));
    members.extend(member(
        as_text,
        || request_text::build_request_text(api, op),
        || {
            let request = request::build_request(api, op, runtime);
            quote! {
                /// The request this builder describes.
                fn build_request(&self) -> Result<#runtime::Request, #runtime::Error<#error>> {
                    #request
                    Ok(request)
                }
            }
        },
    ));
    members.extend(member(
        as_text,
        || operation_text::decode_text(op, &success_text),
        || {
            let decode = decode_arms(op, &builder_result_names(op));
            quote! {
                /// Decodes a response of this operation: what [`send`](Self::send) does with the
                /// answer, usable on recorded responses.
                pub fn decode(raw: #runtime::RawResponse) -> Result<#runtime::Response<#success_type>, #runtime::Error<#error>> {
                    #decode
                }
            }
        },
    ));
    members.extend(page_members(api, op, paths, as_text));
    members
}

/// The page methods of a list operation's builder, as text where `page_text.rs` writes them.
fn page_members(api: &Api, op: &Operation, paths: &Paths, as_text: bool) -> Vec<Member> {
    let Some(page) = pagination::page_methods(api, op, paths) else {
        return Vec::new();
    };
    let send_page = || page_text::send_page_text(api, op);
    let stream = || page_text::stream_text(api, op);
    let decode_page = || page_text::decode_page_text(api, op);
    member(as_text, send_page, || page.send_page())
        .into_iter()
        .chain(member(as_text, stream, || page.stream()))
        .chain(member(as_text, decode_page, || page.decode_page()))
        .collect()
}

/// The builder's fields for the parameters: arguments as they are, setters' as `Option`s.
fn parameter_fields(api: &Api, op: &Operation, paths: &Paths) -> Vec<TokenStream> {
    op.parameters
        .iter()
        .map(|parameter| {
            let name = ident(&parameter.rust_name);
            let ty = type_tokens(api, &parameter.ty, &paths.models);
            if is_positional(parameter) {
                quote! { #name: #ty, }
            } else {
                quote! { #name: Option<#ty>, }
            }
        })
        .collect()
}

/// The setter of an optional parameter, taking anything that converts into its type.
fn parameter_setter(api: &Api, parameter: &Parameter, paths: &Paths) -> TokenStream {
    let name = ident(&parameter.rust_name);
    let ty = type_tokens(api, &parameter.ty, &paths.models);
    let doc = doc_or(&parameter.doc, || {
        format!("Sets the `{}` parameter.", parameter.wire_name)
    });
    quote! {
        #doc
        pub fn #name(mut self, value: impl Into<#ty>) -> Self {
            self.#name = Some(value.into());
            self
        }
    }
}

/// What the `Ok` side holds: the one success body, or the success enum.
fn success_type(api: &Api, op: &Operation, paths: &Paths) -> TokenStream {
    if op.has_success_enum() {
        let name = ident(&op.success_name);
        return quote! { #name };
    }
    match op.successes().next().and_then(|case| case.body.as_ref()) {
        Some(body) => type_tokens(api, body, &paths.models),
        None => quote! { () },
    }
}
