//! Declarations of models written straight as text in the layout prettyplease gives their
//! tokens (`types.rs`), for the same reason as `serde_text.rs`: after the structs' serde impls,
//! the declarations of structs that encode through the runtime, the aliases that merging
//! identical types leaves and the open string enums are the most voluminous items of a large
//! description's models.
//! Every line but a field's or an alias's is one prettyplease never breaks; one too wide for
//! the margin is left to prettyplease (the item is then formatted from its tokens).

use super::layout::{Returns, STRUCT_LITERAL_WIDTH, Text};
use super::serde_text::deserialize_impl;
use super::tokens::{doc_safe, string_literal, type_text};
use super::types::OPEN_ENUM_NOTE;
use crate::ir::{Api, Construction, StringEnumDef, StructDef, TypeDef, TypeRef};

/// The declaration of `def` (a struct, `body`) with its docs, after `attributes` (formatted
/// lines, or nothing) placed as `features::gated_items` places them: after the docs, before
/// the derives. `None` when a field would need a layout this does not write.
pub(super) fn struct_declaration_text(
    api: &Api,
    def: &TypeDef,
    body: &StructDef,
    attributes: &str,
) -> Option<String> {
    let mut text = Text::default();
    text.doc(0, &def.doc);
    text.push_str(attributes);
    if body.construction() == Construction::Default {
        text.lines_unchecked(&["#[derive(Debug, Clone, PartialEq, Default)]"]);
    } else {
        text.lines_unchecked(&["#[derive(Debug, Clone, PartialEq)]"]);
    }
    if def.is_non_exhaustive() {
        text.lines_unchecked(&["#[non_exhaustive]"]);
    }
    // prettyplease breaks no item header without generics, however long the name.
    text.line_unchecked(0, format_args!("pub struct {} {{", def.name));
    for field in &body.fields {
        text.doc(1, &field.doc);
        let mut ty = type_text(api, &field.ty);
        if field.boxed {
            ty = format!("Box<{ty}>");
        }
        if field.is_option() {
            ty = format!("Option<{ty}>");
        }
        text.typed_line(1, &format!("pub {}: ", field.rust_name), &ty, ",")?;
    }
    text.lines_unchecked(&["}"]);
    Some(text.into_string())
}

/// The constructor of `name` (a struct, `body`), after `attributes` as for
/// [`struct_declaration_text`], the text of `types::constructor`'s tokens; `None` when
/// [`StructDef::construction`] gives none, or a line would need a layout not written here.
pub(super) fn constructor_text(
    api: &Api,
    name: &str,
    body: &StructDef,
    attributes: &str,
) -> Option<String> {
    (body.construction() == Construction::New).then_some(())?;
    let mut text = Text::default();
    text.push_str(attributes);
    text.line_unchecked(0, format_args!("impl {name} {{"));
    text.lines_unchecked(&[
        "    /// Creates a value from the required fields; every optional field is `None`.",
    ]);
    let parameters: Vec<String> = body
        .fields
        .iter()
        .filter(|field| !field.is_option())
        .map(|field| {
            let ty = type_text(api, &field.ty);
            let ty = if field.boxed {
                format!("Box<{ty}>")
            } else {
                ty
            };
            format!("{}: {ty}", field.rust_name)
        })
        .collect();
    text.signature(1, "pub fn new", &parameters, Returns::Plain("Self"))?;
    let mut values: Vec<String> = body
        .fields
        .iter()
        .map(|field| {
            if field.is_option() {
                format!("{}: None", field.rust_name)
            } else {
                field.rust_name.clone()
            }
        })
        .collect();
    if body.additional_properties.is_some() {
        values.push("additional_properties: ::std::collections::BTreeMap::new()".to_owned());
    }
    // A struct with something to construct has fields.
    (!values.is_empty()).then_some(())?;
    let literal = format!("Self {{ {} }}", values.join(", "));
    if literal.len() - 1 <= STRUCT_LITERAL_WIDTH && text.fits(2, &literal) {
        text.line_unchecked(2, format_args!("{literal}"));
    } else {
        text.line(2, format_args!("Self {{"))?;
        text.elements(3, &values)?;
        text.line(2, format_args!("}}"))?;
    }
    text.lines_unchecked(&["    }", "}"]);
    Some(text.into_string())
}

/// The alias `def` of `target`, with its docs, after `attributes` as for
/// [`struct_declaration_text`]; `None` when the line is too wide to be written as one.
pub(super) fn alias_text(
    api: &Api,
    def: &TypeDef,
    target: &TypeRef,
    attributes: &str,
) -> Option<String> {
    let mut text = Text::default();
    text.doc(0, &def.doc);
    text.push_str(attributes);
    let head = format!("pub type {} = ", def.name);
    let ty = type_text(api, target);
    // Beyond the margin, prettyplease breaks an alias only inside its type's angle brackets.
    if text.fits(0, &format!("{head}{ty};")) || !ty.contains('<') {
        text.line_unchecked(0, format_args!("{head}{ty};"));
    } else {
        return None;
    }
    Some(text.into_string())
}

/// An open string enum `def` (`body`) and its impls (`as_str`, `From<&str>`, `Display`,
/// `Serialize`, `Deserialize` through the runtime module `runtime`), each after `attributes` as for [`struct_declaration_text`];
/// `None` for a closed enum, or when a line is too wide to be written as one.
pub(super) fn open_enum_text(
    runtime: &str,
    def: &TypeDef,
    body: &StringEnumDef,
    attributes: &str,
) -> Option<String> {
    let other = body.other_variant.as_deref()?;
    let mut text = Text::default();
    open_enum_declaration(&mut text, def, body, other, attributes)?;
    text.blank();
    open_enum_conversions(&mut text, &def.name, body, other, attributes)?;
    text.blank();
    open_enum_traits(&mut text, runtime, &def.name, attributes)?;
    Some(text.into_string())
}

/// The enum itself: a variant per listed value, then `other`.
fn open_enum_declaration(
    text: &mut Text,
    def: &TypeDef,
    body: &StringEnumDef,
    other: &str,
    attributes: &str,
) -> Option<()> {
    let mut doc = def.doc.clone();
    doc.push(OPEN_ENUM_NOTE);
    text.doc(0, &doc);
    text.push_str(attributes);
    text.lines_unchecked(&["#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]"]);
    if def.is_non_exhaustive() {
        text.lines_unchecked(&["#[non_exhaustive]"]);
    }
    text.line_unchecked(0, format_args!("pub enum {} {{", def.name));
    for variant in &body.variants {
        text.line_unchecked(1, format_args!("/// `{}`", doc_safe(&variant.value)));
        text.line(1, format_args!("{},", variant.name))?;
    }
    text.lines_unchecked(&["    /// A value not listed in the spec."]);
    text.line(1, format_args!("{other}(String),"))?;
    text.lines_unchecked(&["}"]);
    Some(())
}

/// `as_str` and `From<&str>`: each listed value to its variant and back.
fn open_enum_conversions(
    text: &mut Text,
    name: &str,
    body: &StringEnumDef,
    other: &str,
    attributes: &str,
) -> Option<()> {
    let values: Vec<String> = body
        .variants
        .iter()
        .map(|variant| string_literal(&variant.value))
        .collect();
    text.push_str(attributes);
    text.line_unchecked(0, format_args!("impl {name} {{"));
    text.lines_unchecked(&[
        "    /// The value as written on the wire.",
        "    pub fn as_str(&self) -> &str {",
        "        match self {",
    ]);
    for (variant, value) in body.variants.iter().zip(&values) {
        text.match_arm(3, &format!("Self::{}", variant.name), value)?;
    }
    text.match_arm(3, &format!("Self::{other}(value)"), "value")?;
    text.lines_unchecked(&["        }", "    }", "}", ""]);

    text.push_str(attributes);
    text.impl_header("impl From<&str>", name);
    text.lines_unchecked(&[
        "    fn from(value: &str) -> Self {",
        "        match value {",
    ]);
    for (variant, value) in body.variants.iter().zip(&values) {
        text.match_arm(3, value, &format!("Self::{}", variant.name))?;
    }
    text.match_arm(3, "other", &format!("Self::{other}(other.to_owned())"))?;
    text.lines_unchecked(&["        }", "    }", "}"]);
    Some(())
}

/// `Display`, `Serialize` and `Deserialize`, all through the value's text.
fn open_enum_traits(text: &mut Text, runtime: &str, name: &str, attributes: &str) -> Option<()> {
    text.push_str(attributes);
    text.impl_header("impl ::std::fmt::Display", name);
    text.lines_unchecked(&[
        "    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {",
        "        f.write_str(self.as_str())",
        "    }",
        "}",
        "",
    ]);
    text.push_str(attributes);
    text.impl_header("impl Serialize", name);
    text.lines_unchecked(&[
        "    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {",
        "        serializer.serialize_str(self.as_str())",
        "    }",
        "}",
        "",
    ]);
    text.push_str(attributes);
    let decode = format!(
        "{runtime}::deserialize_str_enum(deserializer, &[], |value| Some(Self::from(value)))"
    );
    deserialize_impl(text, name, &decode)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use crate::emit::Chunk;
    use crate::emit::features::{AttributeTexts, gated_items, type_cfg};
    use crate::emit::types::{type_chunks, type_items};
    use crate::emit::{format_chunks, format_tokens};

    /// Formats every type of `text` both ways (items written as text where they can be, and
    /// all tokens), with and without a feature per group, and compares them; returns how many
    /// items were text.
    fn compare_types(text: &str, origin: &str) -> usize {
        let runtime = quote! { runtime };
        let spec = crate::parse::parse(text).expect("parses");
        let mut texts = 0;
        for features_per_group in [false, true] {
            let config = crate::Config::for_tests(features_per_group);
            let api = crate::lower::lower(&spec, &config).expect("lowers");
            let mut attribute_texts = AttributeTexts::default();
            for (index, def) in api.types.iter().enumerate() {
                let cfg = type_cfg(&api, crate::ir::TypeId(index));
                let attributes = attribute_texts.of_type(&api, crate::ir::TypeId(index));
                let chunks = type_chunks(&api, &runtime, def, cfg.as_ref(), &attributes);
                texts += chunks
                    .iter()
                    .filter(|chunk| matches!(chunk, Chunk::Text(_)))
                    .count();
                let tokens = gated_items(type_items(&api, &runtime, def), cfg);
                assert_eq!(
                    format_chunks(chunks).expect("formats"),
                    format_tokens(tokens).expect("formats"),
                    "{} in {origin}",
                    def.name,
                );
            }
        }
        texts
    }

    /// Every type of every fixture (and of the vendored description): the items written as
    /// text are what prettyplease prints for the tokens of the same items.
    #[test]
    fn types_written_as_text_are_what_their_tokens_format_to() {
        let mut texts = 0;
        for path in crate::emit::test_specs() {
            let text = std::fs::read_to_string(&path).expect("readable");
            texts += compare_types(&text, &path.display().to_string());
        }
        assert!(texts > 100, "only {texts} items written as text");
    }

    /// Fields and aliases whose names and types grow one character at a time, past the margin:
    /// plain types (which prettyplease never breaks), `Option`s and `Vec`s (broken inside their
    /// brackets), maps (left to prettyplease), aliases that merging identical types leaves, and
    /// open enums whose match arms break into blocks.
    #[test]
    fn fields_and_aliases_of_every_width_are_what_prettyplease_prints() {
        let mut schemas = Vec::new();
        for width in 0..90 {
            let grow = "x".repeat(width);
            let target = format!(r##"{{"$ref": "#/components/schemas/Target{grow}"}}"##);
            schemas.push(format!(
                r#""Target{grow}": {{"type": "object", "properties": {{"v{width}": {{"type": "string"}}}}}}"#
            ));
            // Identical to the target: merged into it, leaving an alias.
            schemas.push(format!(
                r#""Same{grow}": {{"type": "object", "properties": {{"v{width}": {{"type": "string"}}}}}}"#
            ));
            // Open enums whose value and variant grow (their match arms break into blocks),
            // and whose name grows.
            schemas.push(format!(
                r#""Choice{width}": {{"type": "string", "enum": ["value_{grow}", "short"]}}"#
            ));
            schemas.push(format!(
                r#""Choice{grow}": {{"type": "string", "enum": ["one", "two"]}}"#
            ));
            schemas.push(format!(
                r#""Holder{width}": {{"type": "object", "required": ["plain{grow}", "list{grow}"],
                "properties": {{"plain{grow}": {target}, "optional{grow}": {target},
                    "list{grow}": {{"type": "array", "items": {target}}},
                    "map{grow}": {{"type": "object", "additionalProperties": {target}}},
                    "when{grow}": {{"type": "string", "format": "date-time"}}}}}}"#
            ));
        }
        let spec = format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}},
            "components": {{"schemas": {{{}}}}}}}"#,
            schemas.join(", ")
        );
        let texts = compare_types(&spec, "the widths");
        assert!(texts > 300, "only {texts} items written as text");
    }
}
