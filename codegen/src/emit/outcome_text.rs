//! An operation's outcome enums and the accessors of its success enum, written as text in the
//! layout prettyplease gives their tokens (`outcomes.rs`), for the reason of `operation_text.rs`
//! (whose tests compare the two); `None` when a line would need a layout not written here.

use super::layout::{Returns, Text};
use super::operation_text::type_text;
use crate::ir::{Api, Operation, ResponseCase};

/// The success or error enum `name` of `cases`, under the one-line doc `doc`.
pub(super) fn outcome_enum_text<'a>(
    api: &Api,
    doc: &str,
    name: &str,
    cases: impl Iterator<Item = &'a ResponseCase>,
) -> Option<String> {
    let mut text = Text::default();
    text.line_unchecked(0, format_args!("///{doc}"));
    text.lines_unchecked(&["#[derive(Debug, Clone, PartialEq)]"]);
    let mut cases = cases.peekable();
    if cases.peek().is_none() {
        // prettyplease breaks no item header without generics, however long the name.
        text.line_unchecked(0, format_args!("pub enum {name} {{}}"));
        return Some(text.into_string());
    }
    text.line_unchecked(0, format_args!("pub enum {name} {{"));
    for case in cases {
        let doc = super::outcomes::case_doc(case);
        text.doc(1, &doc);
        match &case.body {
            Some(body) => {
                let ty = type_text(api, body);
                text.line(1, format_args!("{}({ty}),", case.variant))?;
            }
            None => text.line(1, format_args!("{},", case.variant))?,
        }
    }
    text.lines_unchecked(&["}"]);
    Some(text.into_string())
}

/// `into_body` and `body` on the success enum of `op`, when its outcomes share a body type
/// (`outcomes::success_accessors`).
pub(super) fn success_accessors_text(api: &Api, op: &Operation) -> Option<String> {
    let (body, always) = op.shared_success_body(&api.types)?;
    let ty = type_text(api, body);
    let carrying: Vec<&str> = op
        .successes()
        .filter(|case| case.body.is_some())
        .map(|case| case.variant.as_str())
        .collect();
    let (owned, borrowed, value, doc) = if always {
        let doc = " The body, whichever outcome carries it.";
        (ty.clone(), format!("&{ty}"), "body", doc)
    } else {
        let doc = " The body, whichever outcome carries it; `None` for an outcome without one.";
        (
            format!("Option<{ty}>"),
            format!("Option<&{ty}>"),
            "Some(body)",
            doc,
        )
    };
    let borrowed_doc = " A reference to the body; see [`into_body`](Self::into_body).";
    let methods = [
        (doc, "pub fn into_body", "self", owned),
        (borrowed_doc, "pub fn body", "&self", borrowed),
    ];
    let mut text = Text::default();
    text.line_unchecked(0, format_args!("impl {} {{", op.success_name));
    for (index, (doc, head, receiver, returns)) in methods.iter().enumerate() {
        if index > 0 {
            text.blank();
        }
        text.line_unchecked(1, format_args!("///{doc}"));
        text.signature(1, head, &[(*receiver).to_owned()], Returns::Plain(returns))?;
        text.lines_unchecked(&["        match self {"]);
        for variant in &carrying {
            text.line(3, format_args!("Self::{variant}(body) => {value},"))?;
        }
        if !always {
            text.lines_unchecked(&["            _ => None,"]);
        }
        text.lines_unchecked(&["        }", "    }"]);
    }
    text.lines_unchecked(&["}"]);
    Some(text.into_string())
}
