//! Conditional requests where the IR offers them ([`Conditional`] says where: `GET` and
//! `HEAD`): the builder field and its two setters, and the decode arm that makes an
//! undocumented 304 the runtime's `Error::NotModified`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Conditional, Operation};

/// The builder field holding the conditional headers.
pub fn field(op: &Operation, runtime: &TokenStream) -> Option<TokenStream> {
    op.conditional
        .is_offered()
        .then(|| quote! { preconditions: #runtime::Preconditions, })
}

/// The field's initial value in the constructor.
pub fn init(op: &Operation, runtime: &TokenStream) -> Option<TokenStream> {
    op.conditional
        .is_offered()
        .then(|| quote! { preconditions: #runtime::Preconditions::default() })
}

/// `if_none_match` and `if_modified_since`.
pub fn setters(op: &Operation) -> Option<TokenStream> {
    op.conditional.is_offered().then(|| {
        quote! {
            /// Sends `If-None-Match`: the server answers 304 (not modified) when the resource
            /// still has this entity tag, usually the `ETag` of an earlier response.
            pub fn if_none_match(mut self, etag: impl Into<String>) -> Self {
                self.preconditions.if_none_match(etag);
                self
            }
            /// Sends `If-Modified-Since`: the server answers 304 (not modified) when the
            /// resource has not changed since this HTTP date, usually the `Last-Modified` of an
            /// earlier response.
            pub fn if_modified_since(mut self, http_date: impl Into<String>) -> Self {
                self.preconditions.if_modified_since(http_date);
                self
            }
        }
    })
}

/// The statement that adds the conditional headers to `request`.
pub fn apply(op: &Operation) -> Option<TokenStream> {
    op.conditional
        .is_offered()
        .then(|| quote! { self.preconditions.apply(&mut request); })
}

/// A decode arm for 304 when the operation offers conditional headers but documents neither
/// 304 nor `3XX`, so that the answer to a conditional request is never an "unexpected status".
pub fn not_modified_arm(op: &Operation) -> Option<TokenStream> {
    (op.conditional == Conditional::NotModifiedError)
        .then(|| quote! { 304 => Err(raw.into_not_modified()), })
}
