//! Declarations of models written straight as text in the layout prettyplease gives their
//! tokens (`types.rs`), for the same reason as `serde_text.rs`: after the structs' serde impls,
//! the declarations of structs that encode through the runtime, and the aliases that merging
//! identical types leaves, are the most voluminous items of a large description's models.
//! Every line but a field's or an alias's is one prettyplease never breaks; one too wide for
//! the margin is left to prettyplease (the item is then formatted from its tokens).

use super::layout::Text;
use super::tokens::{doc_lines, type_text};
use crate::ir::{Api, Construction, StructDef, TypeDef, TypeRef};

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
    for line in doc_lines(&def.doc) {
        text.line_unchecked(0, format_args!("///{line}"));
    }
    text.push_str(attributes);
    if body.construction() == Construction::Default {
        text.lines_unchecked(&["#[derive(Debug, Clone, PartialEq, Default)]"]);
    } else {
        text.lines_unchecked(&["#[derive(Debug, Clone, PartialEq)]"]);
    }
    if def.is_non_exhaustive() {
        text.lines_unchecked(&["#[non_exhaustive]"]);
    }
    text.line(0, format_args!("pub struct {} {{", def.name))?;
    for field in &body.fields {
        for line in doc_lines(&field.doc) {
            text.line_unchecked(1, format_args!("///{line}"));
        }
        let mut ty = type_text(api, &field.ty);
        if field.boxed {
            ty = format!("Box<{ty}>");
        }
        if field.is_option() {
            ty = format!("Option<{ty}>");
        }
        // Counted with its comma: a field that fits only without it is left to prettyplease.
        text.line(1, format_args!("pub {}: {ty},", field.rust_name))?;
    }
    text.lines_unchecked(&["}"]);
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
    for line in doc_lines(&def.doc) {
        text.line_unchecked(0, format_args!("///{line}"));
    }
    text.push_str(attributes);
    text.line(
        0,
        format_args!("pub type {} = {};", def.name, type_text(api, target)),
    )?;
    Some(text.into_string())
}
