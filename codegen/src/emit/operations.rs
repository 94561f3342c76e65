//! The operations module: per group, a handle on the client, and per operation a request
//! builder, its success and error types, and its response decoder.

use proc_macro2::TokenStream;
use quote::quote;

use super::outcomes::{builder_result_names, decode_arms, error_enum, success_enum};
use super::tokens::{doc_attrs, doc_or, ident, type_tokens};
use super::{bodies, catalog, conditional, forms, pagination, request};
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

/// The operations module: it declares the groups and holds the table of every operation.
pub fn operations_module(api: &Api, runtime: &TokenStream) -> TokenStream {
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
    let table = catalog::operation_table(api, runtime);
    quote! {
        #(#declarations)*
        #table
    }
}

/// The module file of group `index`: its name (the group's accessor) and its items.
pub fn group_file(api: &Api, index: usize, runtime: &TokenStream) -> (String, TokenStream) {
    let group = &api.groups[index];
    let members: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| op.group == index)
        .collect();
    let file_name = crate::names::unraw(&group.accessor).to_owned();
    let tokens = group_module(api, group, &members, &group_paths(), runtime);
    (file_name, tokens)
}

/// The contents of one group's module file.
fn group_module(
    api: &Api,
    group: &Group,
    members: &[&Operation],
    paths: &Paths,
    runtime_path: &TokenStream,
) -> TokenStream {
    let runtime = &paths.runtime;
    let handle = ident(&group.type_name);
    let accessor_doc = format!(" The `{}` operations.", group.accessor);
    let constructors = members.iter().map(|op| constructor(api, op, paths));
    let items = members.iter().map(|op| operation_items(api, op, paths));
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
                pub(crate) client: &'a #runtime::Client,
            }

            impl<'a> #handle<'a> {

                #(#constructors)*
            }

            #(#items)*
    }
}

/// Whether a parameter is passed to the constructor (versus set on the builder).
pub(super) fn is_positional(parameter: &Parameter) -> bool {
    parameter.passing == Passing::Argument
}

/// The constructor on the group handle: positional arguments for what is required.
fn constructor(api: &Api, op: &Operation, paths: &Paths) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let mut doc = Doc::default();
    if let Some(summary) = &op.summary {
        doc.push(summary.clone());
    }
    doc.push(format!("`{} {}`", op.method.as_str(), op.path));
    doc.push(format!(
        "Returns a request builder; see [`{}`].",
        op.builder_name
    ));
    let doc = doc_attrs(&doc);
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

fn operation_items(api: &Api, op: &Operation, paths: &Paths) -> TokenStream {
    let runtime = &paths.runtime;
    let builder = ident(&op.builder_name);
    let error = ident(&op.error_name);
    let success_type = success_type(api, op, paths);
    let mut doc = Doc::default();
    if let Some(summary) = &op.summary {
        doc.push(summary.clone());
    }
    doc.paragraphs.extend(op.doc.paragraphs.iter().cloned());
    doc.push(format!("Operation `{}`.", op.operation_id));
    let doc = doc_attrs(&doc);

    let fields = parameter_fields(api, op, paths);
    let body_field = op
        .body
        .as_ref()
        .map(|body| bodies::fields(api, body, &paths.models));
    let setters = parameter_setters(api, op, paths);
    let body_setter = op
        .body
        .as_ref()
        .map(|body| bodies::setters(api, body, &paths.models));
    let media_type_enum = op.body.as_ref().and_then(bodies::media_type_enum);
    let form_struct = op
        .body
        .as_ref()
        .and_then(|body| forms::form_struct(api, body, &paths.models, runtime));
    let conditional_field = conditional::field(op, runtime);
    let conditional_setters = conditional::setters(op);
    let request = request::build_request(api, op, runtime);
    let decode = decode_arms(op, &builder_result_names(op));
    let page_methods = pagination::page_methods(api, op, paths);
    let success_enum = success_enum(api, op, paths);
    let error_enum = error_enum(api, op, paths);
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

        impl #builder<'_> {
            #(#setters)*
            #body_setter
            #conditional_setters

            /// Sends the request and decodes the response by its status.
            pub async fn send(self) -> Result<#runtime::Response<#success_type>, #runtime::Error<#error>> {
                let request = self.build_request()?;
                let raw = self.client.execute(request).await?;
                Self::decode(raw)
            }

            /// The request this builder describes.
            fn build_request(&self) -> Result<#runtime::Request, #runtime::Error<#error>> {
                #request
                Ok(request)
            }

            /// Decodes a response of this operation: what [`send`](Self::send) does with the
            /// answer, usable on recorded responses.
            pub fn decode(raw: #runtime::RawResponse) -> Result<#runtime::Response<#success_type>, #runtime::Error<#error>> {
                #decode
            }

            #page_methods
        }

        #success_enum
        #error_enum
        #media_type_enum
        #form_struct
    }
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

/// A setter per optional parameter, taking anything that converts into its type.
fn parameter_setters(api: &Api, op: &Operation, paths: &Paths) -> Vec<TokenStream> {
    op.parameters
        .iter()
        .filter(|parameter| !is_positional(parameter))
        .map(|parameter| {
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
        })
        .collect()
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
