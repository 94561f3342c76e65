//! Conditional requests on every operation: the builder field and its two setters.
//!
//! A 304 answer is decoded as a typed "not modified" outcome: the documented success variant
//! where the operation documents 304, the runtime's `Error::NotModified` otherwise (see
//! `not_modified_arm`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Operation, StatusMatch};

/// The builder field holding the conditional headers.
pub fn field(runtime: &TokenStream) -> TokenStream {
    quote! { preconditions: #runtime::Preconditions, }
}

/// The field's initial value in the constructor.
pub fn init(runtime: &TokenStream) -> TokenStream {
    quote! { preconditions: #runtime::Preconditions::default() }
}

/// `if_none_match` and `if_modified_since`.
pub fn setters() -> TokenStream {
    quote! {
        /// Sends `If-None-Match`: the server answers 304 (not modified) when the resource
        /// still has this entity tag, usually the `ETag` of an earlier response.
        pub fn if_none_match(mut self, etag: impl Into<String>) -> Self {
            self.preconditions.if_none_match(etag);
            self
        }
        /// Sends `If-Modified-Since`: the server answers 304 (not modified) when the resource
        /// has not changed since this HTTP date, usually the `Last-Modified` of an earlier
        /// response.
        pub fn if_modified_since(mut self, http_date: impl Into<String>) -> Self {
            self.preconditions.if_modified_since(http_date);
            self
        }
    }
}

/// The statement that adds the conditional headers to `request`.
pub fn apply() -> TokenStream {
    quote! { self.preconditions.apply(&mut request); }
}

/// A decode arm for 304 when the operation documents neither 304 nor `3XX`, so that the
/// answer to a conditional request is never an "unexpected status".
pub fn not_modified_arm(op: &Operation) -> Option<TokenStream> {
    let documented = op
        .responses
        .iter()
        .any(|case| matches!(case.status, StatusMatch::Code(304) | StatusMatch::Range(3)));
    (!documented).then(|| quote! { 304 => Err(raw.into_not_modified()), })
}
