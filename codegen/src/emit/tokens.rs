//! Small token builders shared by the emitters: identifiers, doc attributes, type names.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Doc, Primitive, TypeRef};

/// An identifier from a name the `names` module made (raw when it starts with `r#`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The `///` comment of `doc`, paragraphs separated by an empty line, as one `#[doc = "..."]`
/// attribute whose lines are joined by [`DOC_LINE_BREAK`]: prettyplease prints it as a single
/// `///` line, which formatting then cuts at each break (`spacing::finish_text`), giving what
/// one attribute per line would. One attribute instead of one per line is that much less to
/// build, parse and print (the docs of a large description are tens of thousands of lines).
pub fn doc_attrs(doc: &Doc) -> TokenStream {
    let lines = doc_lines(doc);
    if lines.is_empty() {
        return TokenStream::new();
    }
    let text = lines.join(&DOC_LINE_BREAK.to_string());
    quote! { #[doc = #text] }
}

/// What follows `///` on each line of the comment of `doc`.
pub fn doc_lines(doc: &Doc) -> Vec<String> {
    let mut lines = Vec::new();
    for (index, paragraph) in doc.paragraphs.iter().enumerate() {
        if index > 0 {
            lines.push(String::new());
        }
        lines.extend(paragraph.lines().map(|line| {
            let mut text = String::new();
            push_doc_line(&mut text, line);
            text
        }));
    }
    lines
}

/// Appends to `out` what follows `///` on the line of `line`: a space, the line with its
/// control characters and text-direction marks made spaces ([`doc_safe`]), no trailing
/// whitespace.
pub fn push_doc_line(out: &mut String, line: &str) {
    let start = out.len();
    out.push(' ');
    if may_hold_a_control_character(line) {
        out.extend(line.chars().map(safe_char));
    } else {
        out.push_str(line);
    }
    let kept = out[start..].trim_end().len();
    out.truncate(start + kept);
}

/// Where a `///` comment of [`doc_attrs`] goes on to its next line. A control character, so no
/// line of a doc comment contains it ([`doc_safe`]).
pub const DOC_LINE_BREAK: char = '\u{1}';

/// Text that can stand on one `///` line: control characters (a bare carriage return is an
/// error in a doc comment) and the marks that change the direction of text (which rustc
/// refuses in a comment, as they can make code read other than it compiles) become spaces.
pub fn doc_safe(text: &str) -> String {
    text.chars().map(safe_char).collect()
}

/// Whether `text` may hold a character [`safe_char`] replaces: a byte below a space, DEL, the
/// first byte of a character from U+0080 to U+00BF (the C1 controls and a few printable ones),
/// or of one from U+2000 to U+2FFF (the direction marks, and much punctuation). Text without
/// any is copied as it is rather than character by character.
fn may_hold_a_control_character(text: &str) -> bool {
    text.bytes()
        .any(|byte| byte < b' ' || byte == 0x7f || byte == 0xc2 || byte == 0xe2)
}

/// `value` as a Rust string literal, as `proc_macro2::Literal::string(value)` prints it: text
/// of printable ASCII without a quote or backslash is written as it is, the rest escaped by
/// `proc_macro2` (the text writers quote every wire name).
pub fn string_literal(value: &str) -> String {
    if value
        .bytes()
        .all(|byte| (b' '..=b'~').contains(&byte) && byte != b'"' && byte != b'\\')
    {
        let mut literal = String::with_capacity(value.len() + 2);
        literal.push('"');
        literal.push_str(value);
        literal.push('"');
        literal
    } else {
        proc_macro2::Literal::string(value).to_string()
    }
}

/// A character of [`doc_safe`]'s text.
fn safe_char(c: char) -> char {
    if c.is_control() || is_text_direction_mark(c) {
        ' '
    } else {
        c
    }
}

/// The embeddings, overrides and isolates that rustc's `text_direction_codepoint_in_comment`
/// lint refuses (U+202A to U+202E, U+2066 to U+2069).
fn is_text_direction_mark(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Docs, or `fallback` when the spec gave none (every public item carries rustdoc).
pub fn doc_or(doc: &Doc, fallback: impl FnOnce() -> String) -> TokenStream {
    doc_attrs(&doc_or_fallback(doc, fallback))
}

/// `doc`, or a doc of the one paragraph `fallback` when `doc` is empty.
pub fn doc_or_fallback(doc: &Doc, fallback: impl FnOnce() -> String) -> std::borrow::Cow<'_, Doc> {
    if doc.paragraphs.is_empty() {
        let mut substitute = Doc::default();
        substitute.push(fallback());
        std::borrow::Cow::Owned(substitute)
    } else {
        std::borrow::Cow::Borrowed(doc)
    }
}

/// The Rust type for a use of a type; `models` is the path prefix of generated types as seen
/// from the module being emitted (empty inside the models module).
pub fn type_tokens(api: &Api, ty: &TypeRef, models: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let name = ident(&api.type_def(*id).name);
            quote! { #models #name }
        }
        TypeRef::Primitive(primitive) => primitive_tokens(*primitive),
        TypeRef::Array(item) => {
            let item = type_tokens(api, item, models);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = type_tokens(api, value, models);
            quote! { ::std::collections::BTreeMap<String, #value> }
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(api, inner, models);
            quote! { Option<#inner> }
        }
        TypeRef::Any => quote! { ::serde_json::Value },
        TypeRef::AnyObject => quote! { ::serde_json::Map<String, ::serde_json::Value> },
    }
}

/// [`type_tokens`] inside the models module, as prettyplease prints it.
pub fn type_text(api: &Api, ty: &TypeRef) -> String {
    type_text_in(api, ty, "")
}

/// [`type_tokens`] as prettyplease prints it, `models` being the path prefix of generated
/// types (`models::`, or empty inside the models module).
pub fn type_text_in(api: &Api, ty: &TypeRef, models: &str) -> String {
    match ty {
        TypeRef::Named(id) => format!("{models}{}", api.type_def(*id).name),
        TypeRef::Primitive(primitive) => primitive_text(*primitive).to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", type_text_in(api, item, models)),
        TypeRef::Map(value) => format!(
            "::std::collections::BTreeMap<String, {}>",
            type_text_in(api, value, models)
        ),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text_in(api, inner, models)),
        TypeRef::Any => "::serde_json::Value".to_owned(),
        TypeRef::AnyObject => "::serde_json::Map<String, ::serde_json::Value>".to_owned(),
    }
}

fn primitive_text(primitive: Primitive) -> &'static str {
    match primitive {
        Primitive::String => "String",
        Primitive::Bool => "bool",
        Primitive::I32 => "i32",
        Primitive::I64 => "i64",
        Primitive::U64 => "u64",
        Primitive::F32 => "f32",
        Primitive::F64 => "f64",
        Primitive::DateTime => "::chrono::DateTime<::chrono::Utc>",
        Primitive::Date => "::chrono::NaiveDate",
        Primitive::Bytes => "::bytes::Bytes",
    }
}

fn primitive_tokens(primitive: Primitive) -> TokenStream {
    match primitive {
        Primitive::String => quote! { String },
        Primitive::Bool => quote! { bool },
        Primitive::I32 => quote! { i32 },
        Primitive::I64 => quote! { i64 },
        Primitive::U64 => quote! { u64 },
        Primitive::F32 => quote! { f32 },
        Primitive::F64 => quote! { f64 },
        Primitive::DateTime => quote! { ::chrono::DateTime<::chrono::Utc> },
        Primitive::Date => quote! { ::chrono::NaiveDate },
        Primitive::Bytes => quote! { ::bytes::Bytes },
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::quote;

    use super::{doc_safe, push_doc_line, string_literal, type_text, type_tokens};
    use crate::ir::{Primitive, TypeId, TypeRef};

    /// Every character up to U+0800 and a few beyond, alone, between letters, and next to a
    /// digit (proc_macro2 writes a NUL before a digit as `\x00`).
    fn samples() -> Vec<String> {
        let mut samples: Vec<String> = (0..0x800u32)
            .chain([0x2028, 0x200d, 0x301, 0xfeff, 0x1f600, 0x2013, 0x200f])
            .chain((0x202a..=0x202e).chain(0x2066..=0x2069))
            .filter_map(char::from_u32)
            .flat_map(|c| [c.to_string(), format!("a{c}b"), format!("{c}7 ")])
            .collect();
        samples.extend([
            "".to_owned(),
            "plain words".to_owned(),
            "it's \\ \"q\"".to_owned(),
        ]);
        samples
    }

    /// The quick path for printable ASCII writes what proc_macro2 writes, and so does the rest.
    #[test]
    fn a_string_literal_is_what_proc_macro2_writes() {
        for sample in samples() {
            let expected = proc_macro2::Literal::string(&sample).to_string();
            assert_eq!(string_literal(&sample), expected, "{sample:?}");
        }
    }

    /// A doc line copied as it is (no control character) is what the line gives character by
    /// character: control characters made spaces, trailing whitespace trimmed.
    #[test]
    fn a_doc_line_is_its_text_with_control_characters_made_spaces() {
        for sample in samples() {
            let mut line = String::from("///");
            push_doc_line(&mut line, &sample);
            let expected = format!("/// {}", doc_safe(&sample)).trim_end().to_owned();
            assert_eq!(line, expected, "{sample:?}");
        }
    }

    /// rustc refuses a comment with an embedding, override or isolate in it; the marks it
    /// accepts (U+200F) and other punctuation stay.
    #[test]
    fn a_doc_line_holds_no_mark_that_turns_text_around() {
        let mut line = String::new();
        push_doc_line(&mut line, "a\u{202e}b\u{2066}c\u{200f}d \u{2013} e");
        assert_eq!(line, " a b c\u{200f}d \u{2013} e");
    }

    #[test]
    fn type_text_is_what_the_tokens_of_the_type_format_to() {
        let spec = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"pet": {"type": "object",
                "properties": {"name": {"type": "string"}}}}}}"#;
        let spec = crate::parse::parse(spec).expect("parses");
        let api = crate::lower::lower(&spec, &crate::Config::for_tests(false)).expect("lowers");
        let primitives = [
            Primitive::String,
            Primitive::Bool,
            Primitive::I32,
            Primitive::I64,
            Primitive::U64,
            Primitive::F32,
            Primitive::F64,
            Primitive::DateTime,
            Primitive::Date,
            Primitive::Bytes,
        ];
        let mut types: Vec<TypeRef> = primitives.into_iter().map(TypeRef::Primitive).collect();
        types.extend([TypeRef::Named(TypeId(0)), TypeRef::Any, TypeRef::AnyObject]);
        let wrapped: Vec<TypeRef> = types
            .iter()
            .flat_map(|ty| {
                [
                    TypeRef::Array(Box::new(ty.clone())),
                    TypeRef::Map(Box::new(ty.clone())),
                    TypeRef::Nullable(Box::new(TypeRef::Array(Box::new(ty.clone())))),
                ]
            })
            .collect();
        for ty in types.iter().chain(&wrapped) {
            let tokens = type_tokens(&api, ty, &TokenStream::new());
            let formatted = crate::emit::format_tokens(quote! { type T = #tokens; })
                .expect("a type alias parses");
            let line = format!("type T = {};", type_text(&api, ty));
            if line.len() <= 89 {
                assert_eq!(formatted, format!("{line}\n"));
            } else {
                // Wider than prettyplease's margin, the type is broken over lines, a layout
                // the text writers leave to prettyplease (they check every line's width).
                assert!(formatted.lines().count() > 1, "{formatted}");
            }
        }
    }
}
