//! Blank lines between items, for readers: prettyplease writes none, so a generated file of
//! 2,000 lines would be one block (progenitor's `space_out_items` solves the same problem).
//!
//! Before formatting, a marker item is put between every two items of the file, of every
//! `impl` and of every inline module (not between two `use`s, which read as one block); after
//! formatting, each line that is only a marker becomes an empty line. Working on the syntax
//! tree rather than guessing from the text means a brace inside a string or a doc comment
//! cannot move a blank line, and the result is the same bytes on every run.

use syn::{ImplItem, Item};

/// The marker's name; a line holding only `__blank_line!();` becomes an empty line.
const MARKER: &str = "__blank_line";

/// Puts a marker between every two items of `items` (and inside their `impl`s and modules).
pub fn mark_item_gaps(items: &mut Vec<Item>) {
    // Parsed once and cloned into every gap (a large file has tens of thousands of them).
    let marker: Item = syn::parse_quote!(__blank_line!(););
    let impl_marker: ImplItem = syn::parse_quote!(__blank_line!(););
    mark_gaps(items, &marker, &impl_marker);
}

fn mark_gaps(items: &mut Vec<Item>, marker: &Item, impl_marker: &ImplItem) {
    for item in items.iter_mut() {
        match item {
            Item::Impl(block) => mark_impl_gaps(&mut block.items, impl_marker),
            Item::Mod(module) => {
                if let Some((_, inner)) = &mut module.content {
                    mark_gaps(inner, marker, impl_marker);
                }
            }
            _ => {}
        }
    }
    let mut spaced = Vec::with_capacity(items.len() * 2);
    for item in items.drain(..) {
        let both_uses = matches!((spaced.last(), &item), (Some(Item::Use(_)), Item::Use(_)));
        if !spaced.is_empty() && !both_uses {
            spaced.push(marker.clone());
        }
        spaced.push(item);
    }
    *items = spaced;
}

fn mark_impl_gaps(items: &mut Vec<ImplItem>, marker: &ImplItem) {
    let mut spaced = Vec::with_capacity(items.len() * 2);
    for item in items.drain(..) {
        if !spaced.is_empty() {
            spaced.push(marker.clone());
        }
        spaced.push(item);
    }
    *items = spaced;
}

/// Replaces every marker line of formatted `text` by an empty line.
pub fn space_out_items(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.strip_prefix(MARKER) == Some("!();") {
            spaced.push('\n');
        } else {
            spaced.push_str(line);
        }
    }
    spaced
}

#[cfg(test)]
mod tests {
    use quote::quote;

    #[test]
    fn items_and_impl_members_are_separated_by_one_blank_line() {
        let text = super::super::format_tokens(quote! {
            use a::b;
            use c::d;
            /// A struct whose doc mentions a brace: }
            pub struct S { pub a: i64, pub b: i64 }
            impl S {
                pub fn one(&self) -> &'static str { "}\n" }
                pub fn two(&self) {}
            }
            pub type T = S;
        })
        .expect("valid tokens");
        assert_eq!(
            text,
            "use a::b;\nuse c::d;\n\n/// A struct whose doc mentions a brace: }\npub struct S {\n    pub a: i64,\n    pub b: i64,\n}\n\nimpl S {\n    pub fn one(&self) -> &'static str {\n        \"}\\n\"\n    }\n\n    pub fn two(&self) {}\n}\n\npub type T = S;\n"
        );
    }
}
