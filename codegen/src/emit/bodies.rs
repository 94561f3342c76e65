//! Request and response bodies by encoding: JSON values are typed, text is a `String` and
//! anything else `Bytes`; a body with several media types gets an enum to pick one; forms are
//! written field by field (`forms.rs`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::forms;
use super::tokens::{doc_or, doc_safe, ident, type_tokens};
use crate::ir::{Api, BodyEncoding, Passing, RequestBody, RequestBodyKind};

/// The parameter type callers pass a body as, and how it becomes the stored value: anything
/// that converts, as for parameters.
fn argument(api: &Api, body: &RequestBody, models: &TokenStream) -> (TokenStream, TokenStream) {
    let ty = match &body.kind {
        RequestBodyKind::Single(BodyEncoding::Json) => type_tokens(api, &body.ty, models),
        RequestBodyKind::Single(BodyEncoding::Text) => quote! { String },
        RequestBodyKind::Single(BodyEncoding::Binary) => quote! { ::bytes::Bytes },
        RequestBodyKind::Multipart(form) | RequestBodyKind::FormUrlEncoded(form) => {
            let name = ident(&form.name);
            quote! { #name }
        }
    };
    (quote! { impl Into<#ty> }, quote! { .into() })
}

/// The constructor argument for a required body and the field initialisers of the body (and of
/// the media type, when there is a choice).
pub fn constructor_parts(
    api: &Api,
    body: &RequestBody,
    models: &TokenStream,
) -> (Option<TokenStream>, Vec<TokenStream>) {
    let mut inits = Vec::new();
    let argument = if body.passing == Passing::Argument {
        let (ty, convert) = argument(api, body, models);
        inits.push(quote! { body: body #convert });
        Some(quote! { body: #ty })
    } else {
        inits.push(quote! { body: None });
        None
    };
    if let Some(choice) = &body.media_type_enum {
        let name = ident(&choice.name);
        inits.push(quote! { media_type: #name::default() });
    }
    (argument, inits)
}

/// The builder fields that hold the body and the chosen media type.
pub fn fields(api: &Api, body: &RequestBody, models: &TokenStream) -> TokenStream {
    let ty = match body.kind.form() {
        Some(form) => {
            let name = ident(&form.name);
            quote! { #name }
        }
        None => type_tokens(api, &body.ty, models),
    };
    let body_field = if body.passing == Passing::Argument {
        quote! { body: #ty, }
    } else {
        quote! { body: Option<#ty>, }
    };
    let media_field = body.media_type_enum.as_ref().map(|choice| {
        let name = ident(&choice.name);
        quote! { media_type: #name, }
    });
    quote! { #body_field #media_field }
}

/// Setters for an optional body and for the media type.
pub fn setters(api: &Api, body: &RequestBody, models: &TokenStream) -> TokenStream {
    let body_setter = (body.passing == Passing::Setter).then(|| {
        let (ty, convert) = argument(api, body, models);
        let doc = doc_or(&body.doc, || "Sets the request body.".to_owned());
        quote! {
            #doc
            pub fn body(mut self, value: #ty) -> Self {
                self.body = Some(value #convert);
                self
            }
        }
    });
    let media_setter = body.media_type_enum.as_ref().map(|choice| {
        let name = ident(&choice.name);
        let doc = format!(
            " Sets the media type the body is sent as (default `{}`).",
            doc_safe(body.media_types.first().map_or("", String::as_str))
        );
        quote! {
            #[doc = #doc]
            pub fn media_type(mut self, value: #name) -> Self {
                self.media_type = value;
                self
            }
        }
    });
    quote! { #body_setter #media_setter }
}

/// The enum of media types, when the body has several.
pub fn media_type_enum(body: &RequestBody) -> Option<TokenStream> {
    let choice = body.media_type_enum.as_ref()?;
    let name = ident(&choice.name);
    let variants: Vec<Ident> = choice
        .variants
        .iter()
        .map(|variant| ident(variant))
        .collect();
    let values = &body.media_types;
    let docs = values.iter().map(|value| format!(" `{}`", doc_safe(value)));
    let first = variants.first()?;
    let rest = &variants[1..];
    let rest_docs = docs.clone().skip(1);
    let first_doc = docs.clone().next();
    Some(quote! {
        /// The media types the request body can be sent as.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub enum #name {
            #[doc = #first_doc]
            #[default]
            #first,
            #( #[doc = #rest_docs] #rest, )*
        }

        impl #name {
            /// The media type as sent in `Content-Type`.
            pub fn as_str(self) -> &'static str {
                match self {
                    #( Self::#variants => #values, )*
                }
            }
        }
    })
}

/// Statements that put the body (and its media type) on `request`.
pub fn write(body: &RequestBody, runtime: &TokenStream) -> TokenStream {
    let encoding = match &body.kind {
        RequestBodyKind::Single(encoding) => *encoding,
        RequestBodyKind::Multipart(form) => return forms::write(form, true, body.passing, runtime),
        RequestBodyKind::FormUrlEncoded(form) => {
            return forms::write(form, false, body.passing, runtime);
        }
    };
    let method = match encoding {
        BodyEncoding::Json => format_ident!("json_body"),
        BodyEncoding::Text => format_ident!("text_body"),
        BodyEncoding::Binary => format_ident!("binary_body"),
    };
    // The request is built from `&self` (a listing rebuilds it per page): JSON is serialised from
    // a reference (and can fail); text and bytes are cloned into the request (`Bytes` cheaply).
    let (value, item, fallible) = match encoding {
        BodyEncoding::Json => (quote! { &self.body }, quote! { body }, quote! { ? }),
        _ => (
            quote! { self.body.clone() },
            quote! { body.clone() },
            quote! {},
        ),
    };
    let set = if body.passing == Passing::Argument {
        quote! { request.#method(#value) #fallible; }
    } else {
        quote! {
            if let Some(body) = &self.body {
                request.#method(#item) #fallible;
            }
        }
    };
    let media_type = if body.media_type_enum.is_some() {
        Some(quote! { request.content_type(self.media_type.as_str()); })
    } else {
        sent_media_type(body).map(|media_type| quote! { request.content_type(#media_type); })
    };
    quote! { #set #media_type }
}

/// The `Content-Type` a body of one media type is sent with, when it is not what the runtime's
/// body method sets already (`application/json`, `text/plain`, `application/octet-stream`).
pub fn sent_media_type(body: &RequestBody) -> Option<&str> {
    let default_media_type = match body.kind {
        RequestBodyKind::Single(BodyEncoding::Json) => "application/json",
        RequestBodyKind::Single(BodyEncoding::Text) => "text/plain",
        RequestBodyKind::Single(BodyEncoding::Binary) => "application/octet-stream",
        _ => return None,
    };
    body.media_types
        .first()
        .map(String::as_str)
        .filter(|media_type| *media_type != default_media_type)
}

/// The `RawResponse` method that decodes a body of this encoding, as a success or an error.
pub fn decoder(encoding: BodyEncoding, success: bool) -> Ident {
    match (encoding, success) {
        (BodyEncoding::Json, true) => format_ident!("success"),
        (BodyEncoding::Json, false) => format_ident!("failure"),
        (BodyEncoding::Text, true) => format_ident!("success_text"),
        (BodyEncoding::Text, false) => format_ident!("failure_text"),
        (BodyEncoding::Binary, true) => format_ident!("success_bytes"),
        (BodyEncoding::Binary, false) => format_ident!("failure_bytes"),
    }
}
