//! `#[cfg(...)]` attributes from the IR's [`Features`](crate::ir::Features): on the types some
//! features need, and on each group's module, client accessor and catalog entries. Nothing when
//! the crate has no features or every feature needs the item.

use rustc_hash::FxHashMap;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use super::layout::fits;
use super::tokens::string_literal;
use crate::ir::{Api, Features, Gate, TypeId};

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

/// The text of the attribute [`cfg`] makes for the features `names`, written in
/// prettyplease's layout and ending with a newline: on one line when it fits; else what is
/// inside `cfg(...)` on a line of its own; else, for `any(...)`, each feature on a line of its
/// own (prettyplease breaks nothing else, so a line too long for the margin stays so).
fn cfg_text(names: &[&str]) -> String {
    let features: Vec<String> = names
        .iter()
        .map(|name| format!("feature = {}", string_literal(name)))
        .collect();
    let inner = match features.as_slice() {
        [one] => one.clone(),
        _ => format!("any({})", features.join(", ")),
    };
    let line = format!("#[cfg({inner})]");
    if fits(0, &line) {
        return line + "\n";
    }
    if features.len() == 1 || fits(1, &inner) {
        return format!("#[cfg(\n    {inner}\n)]\n");
    }
    let lines: Vec<String> = features
        .iter()
        .map(|feature| format!("        {feature}"))
        .collect();
    format!("#[cfg(\n    any(\n{}\n    )\n)]\n", lines.join(",\n"))
}

/// The text of the attributes [`type_cfg`] and [`group_cfg`] make, each gate's written once: a
/// large description's thousands of types share a few hundred gates.
#[derive(Default)]
pub(super) struct AttributeTexts(FxHashMap<Vec<usize>, String>);

impl AttributeTexts {
    /// [`cfg_text`] of [`type_cfg`]'s attribute; empty when it has none.
    pub(super) fn of_type(&mut self, api: &Api, id: TypeId) -> String {
        match &api.features {
            Some(features) => self.of_gate(features, features.type_gate(id)),
            None => String::new(),
        }
    }

    /// [`cfg_text`] of [`group_cfg`]'s attribute; empty when it has none.
    pub(super) fn of_group(&mut self, api: &Api, group: usize) -> String {
        match &api.features {
            Some(features) => self.of_gate(features, &features.group_gate(group)),
            None => String::new(),
        }
    }

    /// [`cfg_text`] of [`cfg`]'s attribute for `gate`; empty when it has none.
    fn of_gate(&mut self, features: &Features, gate: &Gate) -> String {
        let Gate::AnyOf(needed) = gate else {
            return String::new();
        };
        if let Some(text) = self.0.get(needed.as_slice()) {
            return text.clone();
        }
        let names: Vec<&str> = needed
            .iter()
            .map(|&index| features.names[index].as_str())
            .collect();
        let text = cfg_text(&names);
        self.0.insert(needed.clone(), text.clone());
        text
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

    use super::{cfg_text, gated_items};

    /// The attributes of one to four features, their names growing one character at a time
    /// past the margin: written as text, they are what prettyplease prints for [`cfg`]'s
    /// tokens, in each of its three layouts (one line, three lines, a feature per line).
    #[test]
    fn cfg_attributes_of_every_width_are_what_prettyplease_prints() {
        let mut layouts = std::collections::BTreeSet::new();
        for count in 1..=4 {
            for width in 1..100 {
                let names: Vec<String> = (0..count)
                    .map(|index| format!("{index}{}", "x".repeat(width)))
                    .collect();
                let attribute = match names.as_slice() {
                    [one] => quote! { #[cfg(feature = #one)] },
                    _ => quote! { #[cfg(any(#(feature = #names),*))] },
                };
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                let text = cfg_text(&names);
                let item = quote! { #attribute struct Gated; };
                let formatted = crate::emit::format_tokens(item).expect("formats");
                assert_eq!(
                    Some(text.as_str()),
                    formatted.strip_suffix("struct Gated;\n"),
                    "{count} features of {width} characters"
                );
                layouts.insert(text.lines().count().min(4));
            }
        }
        assert_eq!(layouts, [1, 3, 4].into());
    }

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
