//! The catalog of every operation (`OPERATIONS`), hidden from the docs: its id, method and path,
//! checks that run recorded payloads through the generated decoders, and the media type each
//! response is decoded as, for the example tests and `cargo xtask check-large`; and the path-item
//! method keys (`PATH_ITEM_METHODS`, from [`HttpMethod::KEYS`]), so that tests walking the
//! description do not keep a list of their own.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, type_tokens};
use crate::ir::{Api, BodyEncoding, HttpMethod, StatusMatch};

/// A table of every operation with checks that run recorded payloads through the generated
/// decoders (the example tests walk the spec and look operations up here).
pub(super) fn operation_table(api: &Api, runtime: &TokenStream) -> TokenStream {
    let entries = api.operations.iter().map(|op| {
        let group = ident(&api.groups[op.group].accessor);
        let builder = ident(&op.builder_name);
        let id = &op.operation_id;
        let method = op.method.as_str();
        let path = &op.path;
        let request = match op
            .body
            .as_ref()
            .filter(|body| body.kind.single() == Some(BodyEncoding::Json))
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
        let gate = super::features::group_cfg(api, op.group);
        quote! {
            #gate
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
    let methods = HttpMethod::KEYS;
    let method_count = proc_macro2::Literal::usize_unsuffixed(methods.len());
    quote! {
        /// Every operation: its id, method and path template, and checks that decode a recorded
        /// response or request body with the generated types. For tools and tests (the example
        /// checks), so not part of the documented API.
        #[doc(hidden)]
        pub const OPERATIONS: &[#runtime::OperationInfo] = &[
            #(#entries)*
        ];

        /// The keys a path item holds operations under, as the generator read the description:
        /// for tools and tests that walk the description beside [`OPERATIONS`].
        #[doc(hidden)]
        pub const PATH_ITEM_METHODS: [&str; #method_count] = [#(#methods),*];
    }
}
