//! Blank lines between items, for readers: prettyplease writes none, so a generated file of
//! 2,000 lines would be one block (progenitor's `space_out_items` solves the same problem).
//!
//! Before formatting, a marker item is put between every two items of the file, of every
//! `impl` and of every inline module (not between two `use`s, which read as one block); after
//! formatting, each line that is only a marker becomes an empty line. Working on the syntax
//! tree rather than guessing from the text means a brace inside a string or a doc comment
//! cannot move a blank line, and the result is the same bytes on every run.

use syn::{ImplItem, Item};

use super::tokens::DOC_LINE_BREAK;

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

/// Replaces every marker line of formatted `text` by an empty line, and cuts every `///` line
/// of [`doc_attrs`](super::tokens::doc_attrs) into its lines, at the same indentation.
pub fn finish_text(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.strip_prefix(MARKER) == Some("!();") {
            spaced.push('\n');
        } else if line.contains(DOC_LINE_BREAK) {
            let indent = &line[..line.len() - line.trim_start().len()];
            let comment = trimmed.strip_prefix("///").unwrap_or(trimmed);
            for part in comment.split(DOC_LINE_BREAK) {
                spaced.push_str(indent);
                spaced.push_str("///");
                spaced.push_str(part);
                spaced.push('\n');
            }
        } else {
            spaced.push_str(line);
        }
    }
    spaced
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use crate::emit::tokens::doc_attrs;
    use crate::ir::Doc;

    #[test]
    fn a_joined_doc_comment_is_cut_into_the_lines_one_attribute_each_would_give() {
        let doc = Doc {
            paragraphs: vec![
                "First line.\nSecond line  \n\n  indented".to_owned(),
                String::new(),
                "After an empty paragraph: `code` and a \u{1} control character.".to_owned(),
            ],
        };
        let joined = doc_attrs(&doc);
        let separate = quote! {
            #[doc = " First line."]
            #[doc = " Second line"]
            #[doc = ""]
            #[doc = "   indented"]
            #[doc = ""]
            #[doc = ""]
            #[doc = " After an empty paragraph: `code` and a   control character."]
        };
        let item = |doc: &proc_macro2::TokenStream| {
            quote! {
                #doc
                pub struct S {
                    #doc
                    pub field: i64,
                }
                impl S {
                    #doc
                    pub fn method(&self) {}
                }
            }
        };
        let expected = super::super::format_tokens(item(&separate)).expect("valid tokens");
        assert!(expected.contains("\n    ///   indented\n"), "{expected}");
        assert_eq!(
            super::super::format_tokens(item(&joined)).expect("valid tokens"),
            expected
        );
    }

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
