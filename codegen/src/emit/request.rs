//! The body of a builder's `build_request`: the path (each parameter encoded as one segment, or
//! several for `x-multi-segment`), the method, `Accept`, security, query and header parameters,
//! conditional headers and the body.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::is_positional;
use super::parameters::QueryCall;
use super::tokens::ident;
use super::{bodies, conditional, parameters};
use crate::ir::{
    Accept, Api, Operation, OperationSecurity, Parameter, ParameterLocation, PathPart,
};

/// Statements that build `request` from `self`.
pub(super) fn build_request(api: &Api, op: &Operation, runtime: &TokenStream) -> TokenStream {
    let mut statements = path_statements(api, op, runtime);
    let method = ident(op.method.as_str());
    statements.push(
        quote! { let mut request = #runtime::Request::new(::reqwest::Method::#method, path); },
    );
    let operation_id = &op.operation_id;
    statements.push(quote! { request.operation_id(#operation_id); });
    if let Some(server) = &op.server {
        statements.push(quote! { request.server(#server); });
    }
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
    statements.extend(parameter_statements(api, op, runtime));
    statements.extend(conditional::apply(op));
    if let Some(body) = &op.body {
        statements.push(bodies::write(body, runtime));
    }
    quote! { #(#statements)* }
}

/// Statements that build `path` from the template and the path parameters.
fn path_statements(api: &Api, op: &Operation, runtime: &TokenStream) -> Vec<TokenStream> {
    let mut statements = Vec::new();
    let has_parameters = op
        .path_parts
        .iter()
        .any(|part| matches!(part, PathPart::Parameter(_)));
    if !has_parameters {
        let path = &op.path;
        statements.push(quote! { let path = String::from(#path); });
        return statements;
    }
    let literal_length = proc_macro2::Literal::usize_unsuffixed(path_capacity(op));
    statements.push(quote! { let mut path = String::with_capacity(#literal_length); });
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
                [single] => statements.push(quote! { path.push(#single); }),
                _ => statements.push(quote! { path.push_str(#text); }),
            },
            PathPart::Parameter(index) => {
                let parameter = &op.parameters[*index];
                let name = ident(&parameter.rust_name);
                let wire = &parameter.wire_name;
                let value = parameters::path_text(api, parameter, quote! { self.#name }, runtime);
                let push = if parameter.multi_segment {
                    quote! { push_path_segments }
                } else {
                    quote! { push_path_segment }
                };
                statements.push(quote! { #runtime::#push(&mut path, #wire, #value)?; });
            }
        }
    }
    statements
}

/// The capacity `path` starts with: the template's literal text and 16 bytes per parameter.
pub(super) fn path_capacity(op: &Operation) -> usize {
    op.path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => text.len(),
            PathPart::Parameter(_) => 16,
        })
        .sum()
}

/// Statements that add the query and header parameters, the optional ones when set.
fn parameter_statements(api: &Api, op: &Operation, runtime: &TokenStream) -> Vec<TokenStream> {
    let mut statements = Vec::new();
    for parameter in &op.parameters {
        let name = ident(&parameter.rust_name);
        // The statement for one value, `binding` a reference to it.
        let add = |binding: TokenStream| match parameter.location {
            ParameterLocation::Path => None,
            ParameterLocation::Query => Some(query_statement(api, parameter, binding, runtime)),
            ParameterLocation::Header => {
                let wire = &parameter.wire_name;
                let form = parameters::parameter_form(api, parameter);
                let value = parameters::value_text(form, binding, runtime);
                Some(quote! { request.header(#wire, #value); })
            }
        };
        if parameter.allow_reserved {
            let wire = &parameter.wire_name;
            statements.push(quote! { request.allow_reserved(#wire); });
        }
        if is_positional(parameter) {
            statements.extend(add(quote! { &self.#name }));
        } else if let Some(statement) = add(quote! { value }) {
            statements.push(quote! {
                if let Some(value) = &self.#name {
                    #statement
                }
            });
        }
    }
    statements
}

/// The statement that adds the query parameter's value `binding` (a reference).
fn query_statement(
    api: &Api,
    parameter: &Parameter,
    binding: TokenStream,
    runtime: &TokenStream,
) -> TokenStream {
    let wire = &parameter.wire_name;
    match parameters::query_call(api, parameter) {
        QueryCall::Text(form) => {
            let value = parameters::value_text(form, binding, runtime);
            quote! { request.query_required(#wire, #value); }
        }
        QueryCall::Exploded => quote! { request.query_exploded(#wire, #binding); },
        QueryCall::Delimited(separator) => {
            let separator = separator.to_string();
            quote! { request.query_delimited(#wire, #binding, #separator); }
        }
        QueryCall::DeepObject => quote! { request.query_deep_object(#wire, #binding); },
    }
}
