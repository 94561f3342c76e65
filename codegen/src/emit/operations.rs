//! The operations module: per group, a handle on the client, and per operation a request
//! builder, its success and error types, and its response decoder.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::tokens::{doc_attrs, doc_or, ident, type_tokens};
use super::{bodies, conditional, pagination, parameters};
use crate::ir::{
    Accept, Api, BodyEncoding, Doc, Group, Operation, OperationSecurity, Parameter,
    ParameterLocation, Passing, PathPart, ResponseCase, StatusMatch,
};

/// Paths the operations module refers to.
pub struct Paths {
    /// The runtime module as named inside a group module.
    pub runtime: TokenStream,
    /// The models module as named inside a group module, with a trailing `::`.
    pub models: TokenStream,
}

/// The operations module, and one module file per group (named by its accessor): the module
/// declares the groups and holds the table of every operation.
pub fn operations(api: &Api, runtime: &TokenStream) -> (TokenStream, Vec<(String, TokenStream)>) {
    // Inside a group module the runtime and the models are imported by name, which keeps
    // signatures short.
    let paths = Paths {
        runtime: quote! { runtime },
        models: quote! { models:: },
    };
    let mut declarations = Vec::with_capacity(api.groups.len());
    let mut files = Vec::with_capacity(api.groups.len());
    for (index, group) in api.groups.iter().enumerate() {
        let members: Vec<&Operation> = api
            .operations
            .iter()
            .filter(|op| op.group == index)
            .collect();
        let module = ident(&group.accessor);
        let doc = format!(" The `{}` operations.", group.accessor);
        declarations.push(quote! {
            #[doc = #doc]
            pub mod #module;
        });
        let file_name = crate::names::unraw(&group.accessor).to_owned();
        files.push((
            file_name,
            group_module(api, group, &members, &paths, runtime),
        ));
    }
    let table = operation_table(api, runtime);
    let module = quote! {
        #(#declarations)*
        #table
    };
    (module, files)
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
fn is_positional(parameter: &Parameter) -> bool {
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

    let fields = op.parameters.iter().map(|parameter| {
        let name = ident(&parameter.rust_name);
        let ty = type_tokens(api, &parameter.ty, &paths.models);
        if is_positional(parameter) {
            quote! { #name: #ty, }
        } else {
            quote! { #name: Option<#ty>, }
        }
    });
    let body_field = op
        .body
        .as_ref()
        .map(|body| bodies::fields(api, body, &paths.models));
    let setters = op
        .parameters
        .iter()
        .filter(|p| !is_positional(p))
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
        });
    let body_setter = op
        .body
        .as_ref()
        .map(|body| bodies::setters(api, body, &paths.models));
    let media_type_enum = op.body.as_ref().and_then(bodies::media_type_enum);
    let conditional_field = conditional::field(op, runtime);
    let conditional_setters = conditional::setters(op);
    let request = build_request(api, op, runtime);
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

struct ResultNames {
    success: Option<Ident>,
    error: Ident,
}

fn builder_result_names(op: &Operation) -> ResultNames {
    ResultNames {
        success: op.has_success_enum().then(|| ident(&op.success_name)),
        error: ident(&op.error_name),
    }
}

/// Statements that build `request` from `self`.
fn build_request(api: &Api, op: &Operation, runtime: &TokenStream) -> TokenStream {
    let mut statements = Vec::new();
    let literal_length: usize = op
        .path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => text.len(),
            PathPart::Parameter(_) => 16,
        })
        .sum();
    let has_parameters = op
        .path_parts
        .iter()
        .any(|part| matches!(part, PathPart::Parameter(_)));
    if has_parameters {
        let literal_length = proc_macro2::Literal::usize_unsuffixed(literal_length);
        statements.push(quote! { let mut path = String::with_capacity(#literal_length); });
    } else {
        let path = &op.path;
        statements.push(quote! { let path = String::from(#path); });
    }
    for part in op.path_parts.iter().filter(|_| has_parameters) {
        match part {
            PathPart::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
                [single] => statements.push(quote! { path.push(#single); }),
                _ => statements.push(quote! { path.push_str(#text); }),
            },
            PathPart::Parameter(index) => {
                let parameter = &op.parameters[*index];
                let name = ident(&parameter.rust_name);
                let wire = &parameter.wire_name;
                let value =
                    parameters::path_text(api, &parameter.ty, quote! { self.#name }, runtime);
                let push = if parameter.multi_segment {
                    quote! { push_path_segments }
                } else {
                    quote! { push_path_segment }
                };
                statements.push(quote! { #runtime::#push(&mut path, #wire, #value)?; });
            }
        }
    }
    let method = ident(op.method.as_str());
    statements.push(
        quote! { let mut request = #runtime::Request::new(::reqwest::Method::#method, path); },
    );
    let operation_id = &op.operation_id;
    statements.push(quote! { request.operation_id(#operation_id); });
    match &op.accept {
        Accept::Default => {}
        Accept::Json(media_types) => statements.push(quote! { request.accept(#media_types); }),
        Accept::Only(media_types) => {
            statements.push(quote! { request.header("accept", #media_types); });
        }
    }
    if let OperationSecurity::Requirements(alternatives) = &op.security {
        let alternatives = alternatives
            .iter()
            .map(|schemes| quote! { &[#(#schemes),*] });
        statements.push(quote! {
            request.security(#runtime::Security::Requirements(&[#(#alternatives),*]));
        });
    }
    for parameter in &op.parameters {
        let name = ident(&parameter.rust_name);
        let wire = &parameter.wire_name;
        let value =
            |binding: TokenStream| parameters::value_text(api, &parameter.ty, binding, runtime);
        match (parameter.location, is_positional(parameter)) {
            (ParameterLocation::Path, _) => {}
            (ParameterLocation::Query, true) => {
                let value = value(quote! { &self.#name });
                statements.push(quote! { request.query_required(#wire, #value); });
            }
            (ParameterLocation::Query, false) => {
                let value = value(quote! { value });
                statements.push(quote! {
                    if let Some(value) = &self.#name {
                        request.query_required(#wire, #value);
                    }
                });
            }
            (ParameterLocation::Header, true) => {
                let value = value(quote! { &self.#name });
                statements.push(quote! { request.header(#wire, #value); });
            }
            (ParameterLocation::Header, false) => {
                let value = value(quote! { value });
                statements.push(quote! {
                    if let Some(value) = &self.#name {
                        request.header(#wire, #value);
                    }
                });
            }
        }
    }
    statements.extend(conditional::apply(op));
    if let Some(body) = &op.body {
        statements.push(bodies::write(body));
    }
    quote! { #(#statements)* }
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote! { #code }
        }
        StatusMatch::Range(class) => {
            let low = proc_macro2::Literal::u16_unsuffixed(class * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(class * 100 + 99);
            quote! { #low..=#high }
        }
        StatusMatch::Default => quote! { _ },
    }
}

fn decode_arms(op: &Operation, names: &ResultNames) -> TokenStream {
    // Exact codes before ranges before `default`, so each status reaches the most precise case.
    let mut cases: Vec<&ResponseCase> = op.responses.iter().collect();
    cases.sort_by_key(|case| case.status);
    let error = &names.error;
    let arms = cases.iter().map(|case| {
        let pattern = status_pattern(case.status);
        let variant = ident(&case.variant);
        let success = names.success.as_ref();
        let body = match (case.is_success, success) {
            (true, Some(success)) => quote! { #success::#variant },
            (true, None) => quote! { ::std::convert::identity },
            (false, _) => quote! { #error::#variant },
        };
        let decoder = bodies::decoder(case.encoding, case.is_success);
        match (&case.body, case.is_success) {
            (Some(_), true) => quote! { #pattern => raw.#decoder(#body), },
            (Some(_), false) => quote! { #pattern => raw.#decoder(#body), },
            (None, true) if success.is_some() => {
                quote! { #pattern => Ok(raw.into_response(#body)), }
            }
            (None, true) => quote! { #pattern => Ok(raw.into_response(())), },
            (None, false) => quote! { #pattern => Err(raw.into_api_error(#body)), },
        }
    });
    let not_modified = conditional::not_modified_arm(op);
    let fallback = (!op
        .responses
        .iter()
        .any(|case| case.status == StatusMatch::Default))
    .then(|| quote! { _ => Err(raw.into_unexpected()), });
    quote! {
        match raw.status().as_u16() {
            #not_modified
            #(#arms)*
            #fallback
        }
    }
}

fn case_variant(api: &Api, case: &ResponseCase, paths: &Paths) -> TokenStream {
    let doc = doc_or(&case.doc, || match case.status {
        StatusMatch::Code(code) => format!("Status {code}."),
        StatusMatch::Range(class) => format!("A status {class}XX."),
        StatusMatch::Default => "Any status no other outcome names.".to_owned(),
    });
    let variant = ident(&case.variant);
    match &case.body {
        Some(body) => {
            let ty = type_tokens(api, body, &paths.models);
            quote! { #doc #variant(#ty), }
        }
        None => quote! { #doc #variant, },
    }
}

fn success_enum(api: &Api, op: &Operation, paths: &Paths) -> Option<TokenStream> {
    let name = builder_result_names(op).success?;
    let doc = format!(
        " The documented success outcomes of [`{}`].",
        op.builder_name
    );
    let variants = op.successes().map(|case| case_variant(api, case, paths));
    let accessors = success_accessors(api, op, paths);
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
        #accessors
    })
}

/// `into_body` and `body` on a success enum whose outcomes with a body all carry one type, so
/// the body is reached without a `match`; `Option` when some outcome has none (a 304).
fn success_accessors(api: &Api, op: &Operation, paths: &Paths) -> Option<TokenStream> {
    let (body, always) = op.shared_success_body(&api.types)?;
    let name = ident(&op.success_name);
    let ty = type_tokens(api, body, &paths.models);
    let carrying: Vec<Ident> = op
        .successes()
        .filter(|case| case.body.is_some())
        .map(|case| ident(&case.variant))
        .collect();
    let (owned, borrowed, value, rest) = if always {
        (quote! { #ty }, quote! { &#ty }, quote! { body }, None)
    } else {
        (
            quote! { Option<#ty> },
            quote! { Option<&#ty> },
            quote! { Some(body) },
            Some(quote! { _ => None, }),
        )
    };
    let doc_owned = if always {
        " The body, whichever outcome carries it."
    } else {
        " The body, whichever outcome carries it; `None` for an outcome without one."
    };
    Some(quote! {
        impl #name {
            #[doc = #doc_owned]
            pub fn into_body(self) -> #owned {
                match self {
                    #( Self::#carrying(body) => #value, )*
                    #rest
                }
            }

            /// A reference to the body; see [`into_body`](Self::into_body).
            pub fn body(&self) -> #borrowed {
                match self {
                    #( Self::#carrying(body) => #value, )*
                    #rest
                }
            }
        }
    })
}

fn error_enum(api: &Api, op: &Operation, paths: &Paths) -> TokenStream {
    let name = ident(&op.error_name);
    let doc = format!(
        " The documented error responses of [`{}`], with their decoded bodies.",
        op.builder_name
    );
    let variants = op.errors().map(|case| case_variant(api, case, paths));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// A table of every operation with checks that run recorded payloads through the generated
/// decoders (the example tests walk the spec and look operations up here).
fn operation_table(api: &Api, runtime: &TokenStream) -> TokenStream {
    let entries = api.operations.iter().map(|op| {
        let group = ident(&api.groups[op.group].accessor);
        let builder = ident(&op.builder_name);
        let id = &op.operation_id;
        let method = op.method.as_str();
        let path = &op.path;
        let request = match op
            .body
            .as_ref()
            .filter(|body| body.encoding == BodyEncoding::Json)
        {
            Some(body) => {
                let mut ty = type_tokens(api, &body.ty, &quote! { super::models:: });
                if body.nullable {
                    ty = quote! { Option<#ty> };
                }
                quote! { Some(#runtime::decodes_as::<#ty>) }
            }
            None => quote! { None },
        };
        let media_types = op.responses.iter().filter_map(|case| {
            let media_type = case.media_type.as_deref().filter(|_| case.body.is_some())?;
            let status = match case.status {
                StatusMatch::Code(code) => code.to_string(),
                StatusMatch::Range(class) => format!("{class}XX"),
                StatusMatch::Default => "default".to_owned(),
            };
            Some(quote! { (#status, #media_type) })
        });
        quote! {
            #runtime::OperationInfo {
                operation_id: #id,
                method: #method,
                path: #path,
                check_response: |raw| #runtime::typed_outcome(#group::#builder::decode(raw)),
                check_request: #request,
                response_media_types: &[#(#media_types),*],
            },
        }
    });
    quote! {
        /// Every operation: its id, method and path template, and checks that decode a recorded
        /// response or request body with the generated types. For tools and tests (the example
        /// checks), so not part of the documented API.
        #[doc(hidden)]
        pub const OPERATIONS: &[#runtime::OperationInfo] = &[
            #(#entries)*
        ];
    }
}
