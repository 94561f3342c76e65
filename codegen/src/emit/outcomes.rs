//! What a response becomes: the decode arms by status, the success enum (with `into_body` and
//! `body` when its outcomes carry one type) and the error enum.

use std::borrow::Cow;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::operations::Paths;
use super::tokens::{doc_attrs, doc_or_fallback, ident, type_tokens};
use super::{bodies, conditional};
use crate::ir::{Api, Doc, Operation, ResponseCase, StatusMatch};

/// The names of an operation's success enum (when it has one) and error enum.
pub(super) struct ResultNames {
    success: Option<Ident>,
    error: Ident,
}

pub(super) fn builder_result_names(op: &Operation) -> ResultNames {
    ResultNames {
        success: op.has_success_enum().then(|| ident(&op.success_name)),
        error: ident(&op.error_name),
    }
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

pub(super) fn decode_arms(op: &Operation, names: &ResultNames) -> TokenStream {
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
    let doc = doc_attrs(&case_doc(case));
    let variant = ident(&case.variant);
    match &case.body {
        Some(body) => {
            let ty = type_tokens(api, body, &paths.models);
            quote! { #doc #variant(#ty), }
        }
        None => quote! { #doc #variant, },
    }
}

/// The doc of an outcome's variant: the response's description, or its status.
pub(super) fn case_doc(case: &ResponseCase) -> Cow<'_, Doc> {
    doc_or_fallback(&case.doc, || match case.status {
        StatusMatch::Code(code) => format!("Status {code}."),
        StatusMatch::Range(class) => format!("A status {class}XX."),
        StatusMatch::Default => "Any status no other outcome names.".to_owned(),
    })
}

/// The doc line of the success enum (after `///`).
pub(super) fn success_enum_doc(op: &Operation) -> String {
    format!(
        " The documented success outcomes of [`{}`].",
        op.builder_name
    )
}

/// The doc line of the error enum (after `///`).
pub(super) fn error_enum_doc(op: &Operation) -> String {
    format!(
        " The documented error responses of [`{}`], with their decoded bodies.",
        op.builder_name
    )
}

/// The success enum, when the operation has several success outcomes.
pub(super) fn success_enum(api: &Api, op: &Operation, paths: &Paths) -> Option<TokenStream> {
    let name = builder_result_names(op).success?;
    let doc = success_enum_doc(op);
    let variants = op.successes().map(|case| case_variant(api, case, paths));
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    })
}

/// `into_body` and `body` on a success enum whose outcomes with a body all carry one type, so
/// the body is reached without a `match`; `Option` when some outcome has none (a 304).
pub(super) fn success_accessors(api: &Api, op: &Operation, paths: &Paths) -> Option<TokenStream> {
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

pub(super) fn error_enum(api: &Api, op: &Operation, paths: &Paths) -> TokenStream {
    let name = ident(&op.error_name);
    let doc = error_enum_doc(op);
    let variants = op.errors().map(|case| case_variant(api, case, paths));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}
