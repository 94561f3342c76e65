//! Unions: an untagged enum per `oneOf`/`anyOf`. The `Deserialize` of one a discriminator
//! property tells apart is written out: serde's internally tagged enums take the tag out of the
//! object before the alternative reads it, so an alternative that declares the property (as
//! OpenAPI asks) would miss it, and they cannot fall back to trying the alternatives. Its
//! `Serialize` stays derived (untagged): each alternative writes its own property.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, ident, type_tokens};
use super::types::doc_with_note;
use crate::ir::{Api, Doc, UnionDef, UnionVariant};

/// The type a variant holds: its alternative's, boxed where the union is recursive.
fn variant_type(api: &Api, variant: &UnionVariant) -> TokenStream {
    let ty = type_tokens(api, &variant.ty, &TokenStream::new());
    if variant.boxed {
        quote! { Box<#ty> }
    } else {
        ty
    }
}

/// The `Deserialize` impl of union `name` told apart by `property`.
fn decode_tagged_union(
    api: &Api,
    runtime: &TokenStream,
    name: &proc_macro2::Ident,
    body: &UnionDef,
    property: &str,
) -> TokenStream {
    let union = name.to_string();
    let types: Vec<TokenStream> = body
        .variants
        .iter()
        .map(|variant| variant_type(api, variant))
        .collect();
    let variants: Vec<_> = body
        .variants
        .iter()
        .map(|variant| ident(&variant.name))
        .collect();
    let tagged = body
        .variants
        .iter()
        .zip(&variants)
        // The alternative that takes unknown values takes its own in the same arm.
        .filter(|(variant, _)| !variant.tags.is_empty() && !variant.takes_unknown_tags)
        .map(|(variant, name)| {
            let tags = &variant.tags;
            quote! {
                Some(#(#tags)|*) => {
                    #runtime::decode_alternative(value, #union, #property).map(Self::#name)
                }
            }
        });
    let unknown = if let Some(fallback) = body.unknown_tags_alternative() {
        let fallback = ident(&fallback.name);
        Some(quote! {
            Some(_) => #runtime::decode_alternative(value, #union, #property).map(Self::#fallback),
        })
    } else if body.every_alternative_named() {
        let expected = body.variants.iter().flat_map(|variant| &variant.tags);
        Some(quote! {
            Some(other) => Err(#runtime::unknown_tag(other, #union, #property, &[#(#expected),*])),
        })
    } else {
        None
    };
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = ::serde_json::Value::deserialize(deserializer)?;
                match #runtime::union_tag(&value, #property) {
                    #(#tagged)*
                    #unknown
                    _ => #runtime::first_alternative(
                        &value,
                        #union,
                        &[#(
                            |value| <#types as Deserialize>::deserialize(value).ok().map(Self::#variants),
                        )*],
                    ),
                }
            }
        }
    }
}

/// `From` each [convertible alternative](UnionDef::convertible_variants) into union `name`.
fn conversions(api: &Api, name: &proc_macro2::Ident, body: &UnionDef) -> TokenStream {
    body.convertible_variants(&api.types)
        .map(|variant| {
            let ty = type_tokens(api, &variant.ty, &TokenStream::new());
            let variant_name = ident(&variant.name);
            let value = if variant.boxed {
                quote! { Box::new(value) }
            } else {
                quote! { value }
            };
            quote! {
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self::#variant_name(#value)
                    }
                }
            }
        })
        .collect()
}

/// A union: an untagged enum, whose `Deserialize` is derived unless a discriminator tells its
/// alternatives apart, and `From` each alternative a value can say it is.
pub(super) fn union_item(
    api: &Api,
    runtime: &TokenStream,
    doc: &Doc,
    name: &proc_macro2::Ident,
    body: &UnionDef,
) -> TokenStream {
    let variants = body.variants.iter().map(|variant| {
        let variant_doc = doc_attrs(&variant.doc);
        let variant_name = ident(&variant.name);
        let ty = variant_type(api, variant);
        quote! { #variant_doc #variant_name(#ty), }
    });
    let Some(property) = &body.discriminator else {
        let note = if body.variants.is_empty() {
            "It has no alternatives, so no value decodes into it."
        } else {
            "Encoded as exactly one of the alternatives; decoding tries them in order."
        };
        let doc = doc_with_note(doc, note);
        let conversions = conversions(api, name, body);
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
            }

            #conversions
        };
    };
    let doc = doc_with_note(
        doc,
        &if let Some(fallback) = body.unknown_tags_alternative() {
            format!(
                "Encoded as exactly one of the alternatives. Decoding takes the one the value's \
                 `{property}` names, and [`{}`](Self::{}) for a value that names none; a value \
                 without it is tried against them in order.",
                fallback.name, fallback.name
            )
        } else if body.every_alternative_named() {
            format!(
                "Encoded as exactly one of the alternatives. Decoding takes the one the value's \
                 `{property}` names, and fails on a value that names none; a value without it is \
                 tried against them in order."
            )
        } else {
            format!(
                "Encoded as exactly one of the alternatives. Decoding takes the one the value's \
                 `{property}` names; a value that names none is tried against them in order."
            )
        },
    );
    let deserialize = decode_tagged_union(api, runtime, name, body, property);
    let conversions = conversions(api, name, body);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }

        #deserialize

        #conversions
    }
}
