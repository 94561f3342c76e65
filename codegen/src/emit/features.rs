//! `#[cfg(...)]` attributes from the IR's [`Features`](crate::ir::Features): on the types some
//! features need, and on each group's module, client accessor and catalog entries. Nothing when
//! the crate has no features or every feature needs the item.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::ir::{Api, Gate, TypeId};

/// The attribute for items under `gate`, if any.
pub(super) fn cfg(api: &Api, gate: &Gate) -> Option<TokenStream> {
    let features = api.features.as_ref()?;
    let Gate::AnyOf(needed) = gate else {
        return None;
    };
    let names = needed.iter().map(|&index| features.names[index].as_str());
    Some(match needed.as_slice() {
        [_] => quote! { #[cfg(#(feature = #names)*)] },
        _ => quote! { #[cfg(any(#(feature = #names),*))] },
    })
}

/// The attribute for a group's items.
pub(super) fn group_cfg(api: &Api, group: usize) -> Option<TokenStream> {
    let gate = api.features.as_ref()?.group_gate(group);
    cfg(api, &gate)
}

/// The attribute for a type's items.
pub(super) fn type_cfg(api: &Api, id: TypeId) -> Option<TokenStream> {
    cfg(api, api.features.as_ref()?.type_gate(id))
}

/// `items` (a type and its impls), each under `attribute`.
pub(super) fn gated_items(items: TokenStream, attribute: Option<TokenStream>) -> TokenStream {
    let Some(attribute) = attribute else {
        return items;
    };
    let Ok(mut file) = syn::parse2::<syn::File>(items.clone()) else {
        // Unparsable tokens fail in formatting, with the file named; nothing to add here.
        return items;
    };
    let attribute: Vec<syn::Attribute> =
        match syn::parse::Parser::parse2(syn::Attribute::parse_outer, attribute) {
            Ok(attribute) => attribute,
            Err(_) => return items,
        };
    for item in &mut file.items {
        if let Some(attrs) = item_attrs(item) {
            // After the docs, before the derives: where a reader looks for it.
            let at = attrs
                .iter()
                .position(|attr| !attr.path().is_ident("doc"))
                .unwrap_or(attrs.len());
            attrs.splice(at..at, attribute.iter().cloned());
        }
    }
    file.items.iter().map(ToTokens::to_token_stream).collect()
}

/// The attributes of the kinds of items the models hold.
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Struct(item) => Some(&mut item.attrs),
        syn::Item::Enum(item) => Some(&mut item.attrs),
        syn::Item::Impl(item) => Some(&mut item.attrs),
        syn::Item::Type(item) => Some(&mut item.attrs),
        syn::Item::Use(item) => Some(&mut item.attrs),
        _ => None,
    }
}
