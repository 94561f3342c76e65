//! List operations ([`Pagination`](crate::ir::Pagination) in the IR): `send_page` for one page
//! with its links, `stream` for every item of every page, and `decode_page`, which takes the
//! items out of a decoded page. The walking itself (following `Link: rel="next"`, stopping on a
//! repeated link) is the runtime's. All three are also written as text (`page_text.rs`); the
//! tokens here are what is formatted when the text cannot be written.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::Paths;
use super::tokens::{ident, type_tokens};
use crate::ir::{Api, Operation, PageItems, Pagination};

/// A list operation, whose page methods' tokens are built only when one is asked for (each
/// is usually written as text instead).
pub struct PageMethods<'a> {
    api: &'a Api,
    op: &'a Operation,
    pagination: &'a Pagination,
    paths: &'a Paths,
}

/// The page methods of a list operation's builder; `None` for other operations.
pub fn page_methods<'a>(
    api: &'a Api,
    op: &'a Operation,
    paths: &'a Paths,
) -> Option<PageMethods<'a>> {
    Some(PageMethods {
        api,
        op,
        pagination: op.pagination.as_ref()?,
        paths,
    })
}

impl PageMethods<'_> {
    /// The runtime's path, the item type and the operation's error type, which every page
    /// method names.
    fn types(&self) -> (&TokenStream, TokenStream, proc_macro2::Ident) {
        let item = type_tokens(self.api, &self.pagination.item, &self.paths.models);
        (&self.paths.runtime, item, ident(&self.op.error_name))
    }

    /// `send_page`: one page with its links.
    pub fn send_page(&self) -> TokenStream {
        let (runtime, item, error) = self.types();
        quote! {
            /// Fetches one page (the one `page` selects, the first by default) with its
            /// `next` and `last` links; [`Page::next_page`](runtime::Page::next_page) fetches
            /// the following one.
            pub async fn send_page(self) -> Result<#runtime::Page<#item, #error>, #runtime::Error<#error>> {
                #runtime::Page::fetch_first(self.client, self.build_request(), Self::decode_page).await
            }
        }
    }

    /// `stream`: every item of every page.
    pub fn stream(&self) -> TokenStream {
        let (runtime, item, error) = self.types();
        quote! {
            /// Every item of every page, following the `Link: rel="next"` header from this
            /// request on; the stream ends after the last page, or after yielding an error.
            pub fn stream(self) -> #runtime::ItemStream<#item, #error> {
                #runtime::stream_items(self.client, self.build_request(), Self::decode_page)
            }
        }
    }

    /// `decode_page`: a page's items out of its decoded body.
    pub fn decode_page(&self) -> TokenStream {
        let (runtime, item, error) = self.types();
        let decode = decode_page_body(self.op, self.pagination);
        quote! {
            fn decode_page(raw: #runtime::RawResponse) -> Result<#runtime::Response<Vec<#item>>, #runtime::Error<#error>> {
                #decode
            }
        }
    }
}

/// What `decode_page` does: `decode`, then the items out of the body.
fn decode_page_body(op: &Operation, pagination: &Pagination) -> TokenStream {
    let items = match &pagination.items {
        PageItems::Body => None,
        PageItems::Field {
            rust_name,
            optional,
        } => {
            let field = ident(rust_name);
            Some(if *optional {
                quote! { body.#field.unwrap_or_default() }
            } else {
                quote! { body.#field }
            })
        }
    };
    let extract = match (&pagination.success_variant, items) {
        (Some(variant), items) => {
            let success = ident(&op.success_name);
            let variant = ident(variant);
            let items = items.unwrap_or_else(|| quote! { body });
            // The other success variants (a 304, say) carry no list.
            Some(quote! {
                match body {
                    #success::#variant(body) => #items,
                    _ => Vec::new(),
                }
            })
        }
        (None, items) => items,
    };
    match extract {
        Some(extract) => quote! { Self::decode(raw).map(|response| response.map(|body| #extract)) },
        None => quote! { Self::decode(raw) },
    }
}
