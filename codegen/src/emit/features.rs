//! `#[cfg(...)]` attributes from the IR's [`Features`](crate::ir::Features): on the types some
//! features need, and on each group's module, client accessor and catalog entries. Nothing when
//! the crate has no features or every feature needs the item.

use rustc_hash::FxHashMap;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

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

/// `attribute` formatted by prettyplease as it is on an item at the top level of a file (broken
/// over several lines when long), ending with a newline; `None` if it is not an attribute.
fn attribute_text(attribute: &TokenStream) -> Option<String> {
    let item = quote! { #attribute struct Gated; };
    let text = super::format_tokens(item).ok()?;
    text.strip_suffix("struct Gated;\n").map(str::to_owned)
}

/// [`attribute_text`] of each attribute met, formatted once: a large description's thousands
/// of types share a few hundred gates, and formatting each type's was about 4 % of the
/// instructions of generating.
#[derive(Default)]
pub(super) struct AttributeTexts(FxHashMap<String, Option<String>>);

impl AttributeTexts {
    /// [`attribute_text`] of `attribute`.
    pub(super) fn get(&mut self, attribute: &TokenStream) -> Option<String> {
        self.0
            .entry(attribute.to_string())
            .or_insert_with(|| attribute_text(attribute))
            .clone()
    }
}

/// `items` (a type and its impls), each under `attribute`, put after the item's docs and
/// before its other attributes, where a reader looks for it.
///
/// Done on the tokens rather than on a syn tree: the models of a large description are
/// thousands of items (about 16,000 for the largest description in the benches), and parsing
/// each into syn (and printing it back to tokens) only to add one attribute was most of
/// emitting them. An item of the models ends at its first `;` or `{ ... }` at the top level (a
/// struct, enum or `impl` body, a tuple struct's or an alias's `;`), and its docs are its
/// leading `#[doc = ...]` attributes.
pub(super) fn gated_items(items: TokenStream, attribute: Option<TokenStream>) -> TokenStream {
    let Some(attribute) = attribute else {
        return items;
    };
    let mut gated = TokenStream::new();
    let mut at_item_start = true;
    let mut tokens = items.into_iter().peekable();
    while let Some(token) = tokens.next() {
        if at_item_start {
            let starts_doc = matches!(&token, TokenTree::Punct(punct) if punct.as_char() == '#')
                && tokens.peek().is_some_and(is_doc_attribute_body);
            if starts_doc {
                gated.extend([token]);
                gated.extend(tokens.next());
                continue;
            }
            gated.extend(attribute.clone());
        }
        at_item_start = match &token {
            TokenTree::Punct(punct) => punct.as_char() == ';',
            TokenTree::Group(group) => group.delimiter() == Delimiter::Brace,
            _ => false,
        };
        gated.extend([token]);
    }
    gated
}

/// Whether `token` is the `[doc = ...]` of a doc attribute.
fn is_doc_attribute_body(token: &TokenTree) -> bool {
    let TokenTree::Group(group) = token else {
        return false;
    };
    group.delimiter() == Delimiter::Bracket
        && matches!(
            group.stream().into_iter().next(),
            Some(TokenTree::Ident(ident)) if ident == "doc"
        )
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::gated_items;

    #[test]
    fn the_attribute_goes_after_each_items_docs_and_before_its_other_attributes() {
        let items = quote! {
            /// A pet.
            ///
            /// Kept.
            #[derive(Debug)]
            pub struct Pet {
                /// Its name.
                pub name: String,
            }
            impl Pet {
                /// Creates one.
                pub fn new(name: String) -> Self { Self { name } }
            }
            impl<'de> Deserialize<'de> for Pet {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> { todo!() }
            }
            /// A wrapper.
            #[derive(Debug)]
            pub struct Wrapper(pub [u8; 4]);
            pub type Pets = Vec<Pet>;
            /// A kind.
            pub enum Kind { A, B }
        };
        let gated = gated_items(items, Some(quote! { #[cfg(feature = "pets")] }));
        let expected = quote! {
            /// A pet.
            ///
            /// Kept.
            #[cfg(feature = "pets")]
            #[derive(Debug)]
            pub struct Pet {
                /// Its name.
                pub name: String,
            }
            #[cfg(feature = "pets")]
            impl Pet {
                /// Creates one.
                pub fn new(name: String) -> Self { Self { name } }
            }
            #[cfg(feature = "pets")]
            impl<'de> Deserialize<'de> for Pet {
                fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> { todo!() }
            }
            /// A wrapper.
            #[cfg(feature = "pets")]
            #[derive(Debug)]
            pub struct Wrapper(pub [u8; 4]);
            #[cfg(feature = "pets")]
            pub type Pets = Vec<Pet>;
            /// A kind.
            #[cfg(feature = "pets")]
            pub enum Kind { A, B }
        };
        assert_eq!(gated.to_string(), expected.to_string());
    }

    #[test]
    fn without_an_attribute_the_items_are_unchanged() {
        let items = quote! { pub type Pets = Vec<Pet>; };
        assert_eq!(
            gated_items(items.clone(), None).to_string(),
            items.to_string()
        );
    }
}
