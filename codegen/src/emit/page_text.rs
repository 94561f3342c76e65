//! The page methods of a list operation's builder (`pagination.rs`) written as text in the
//! layout prettyplease gives their tokens, for the reason of `operation_text.rs` (whose tests
//! compare the two); `None` when a line would need a layout not written here.

use super::layout::{Returns, Text, TypeText};
use super::operation_text::type_text;
use crate::ir::{Api, Operation, PageItems};

/// `send_page`, when `op` is a list operation.
pub(super) fn send_page_text(api: &Api, op: &Operation) -> Option<String> {
    let item = type_text(api, &op.pagination.as_ref()?.item);
    let error = &op.error_name;
    let page_arguments = format!("{item}, {error}");
    let error_type = TypeText {
        path: "runtime::Error",
        argument: Some(error),
    };
    let page = TypeText {
        path: "runtime::Page",
        argument: Some(&page_arguments),
    };
    let mut text = Text::default();
    text.lines_unchecked(&[
        "    /// Fetches one page (the one `page` selects, the first by default) with its",
        "    /// `next` and `last` links; [`Page::next_page`](runtime::Page::next_page) fetches",
        "    /// the following one.",
    ]);
    let parameters = ["self".to_owned()];
    text.signature(
        1,
        "pub async fn send_page",
        &parameters,
        Returns::Result(page, error_type),
    )?;
    // Too wide for one line at any name's length, so always broken before `.await`.
    text.lines_unchecked(&[
        "        runtime::Page::fetch_first(self.client, self.build_request(), Self::decode_page)",
        "            .await",
        "    }",
    ]);
    Some(text.into_string())
}

/// `stream`, when `op` is a list operation.
pub(super) fn stream_text(api: &Api, op: &Operation) -> Option<String> {
    let item = type_text(api, &op.pagination.as_ref()?.item);
    let arguments = format!("{item}, {}", op.error_name);
    let returns = TypeText {
        path: "runtime::ItemStream",
        argument: Some(&arguments),
    };
    let mut text = Text::default();
    text.lines_unchecked(&[
        "    /// Every item of every page, following the `Link: rel=\"next\"` header from this",
        "    /// request on; the stream ends after the last page, or after yielding an error.",
    ]);
    let parameters = ["self".to_owned()];
    text.signature(1, "pub fn stream", &parameters, Returns::Generic(returns))?;
    text.lines_unchecked(&[
        "        runtime::stream_items(self.client, self.build_request(), Self::decode_page)",
        "    }",
    ]);
    Some(text.into_string())
}

/// `decode_page`, when `op` is a list operation: `decode`, then the items out of the body.
pub(super) fn decode_page_text(api: &Api, op: &Operation) -> Option<String> {
    let pagination = op.pagination.as_ref()?;
    let list = format!("Vec<{}>", type_text(api, &pagination.item));
    let response = TypeText {
        path: "runtime::Response",
        argument: Some(&list),
    };
    let error = TypeText {
        path: "runtime::Error",
        argument: Some(&op.error_name),
    };
    let mut text = Text::default();
    let parameters = ["raw: runtime::RawResponse".to_owned()];
    text.signature(
        1,
        "fn decode_page",
        &parameters,
        Returns::Result(response, error),
    )?;
    // The items as a method chain on `body`.
    let mut chain = vec!["body".to_owned()];
    if let PageItems::Field {
        rust_name,
        optional,
    } = &pagination.items
    {
        chain.push(format!(".{rust_name}"));
        if *optional {
            chain.push(".unwrap_or_default()".to_owned());
        }
    }
    match &pagination.success_variant {
        Some(variant) => {
            let pattern = format!("{}::{variant}(body)", op.success_name);
            decode_match(&mut text, &pattern, &chain.concat())?;
        }
        None if chain.len() > 1 => decode_map(&mut text, &chain),
        None => text.lines_unchecked(&["        Self::decode(raw)"]),
    }
    text.lines_unchecked(&["    }"]);
    Some(text.into_string())
}

/// `Self::decode(raw).map(|response| response.map(|body| ITEMS))`, where `chain` is ITEMS cut
/// before each method: prettyplease breaks it from the outside in (before the first `.map`,
/// then the outer closure's body into a block, then before the inner `.map`, then the inner
/// closure's body, then the chain itself) until what is left fits.
fn decode_map(text: &mut Text, chain: &[String]) {
    let items = chain.concat();
    let inner = format!("response.map(|body| {items})");
    let whole = format!("Self::decode(raw).map(|response| {inner})");
    if text.fits(2, &whole) {
        text.line_unchecked(2, format_args!("{whole}"));
        return;
    }
    text.lines_unchecked(&["        Self::decode(raw)"]);
    let outer = format!(".map(|response| {inner})");
    if text.fits(3, &outer) {
        text.line_unchecked(3, format_args!("{outer}"));
        return;
    }
    text.lines_unchecked(&["            .map(|response| {"]);
    let map = format!(".map(|body| {items})");
    if text.fits(4, &inner) {
        text.line_unchecked(4, format_args!("{inner}"));
    } else if text.fits(5, &map) {
        text.lines_unchecked(&["                response"]);
        text.line_unchecked(5, format_args!("{map}"));
    } else {
        text.lines_unchecked(&[
            "                response",
            "                    .map(|body| {",
        ]);
        if text.fits(6, &items) {
            text.line_unchecked(6, format_args!("{items}"));
        } else {
            text.line_unchecked(6, format_args!("{}", chain[0]));
            for method in &chain[1..] {
                text.line_unchecked(7, format_args!("{method}"));
            }
        }
        text.lines_unchecked(&["                    })"]);
    }
    text.lines_unchecked(&["            })"]);
}

/// The items out of the success variant that carries them (`pattern`), an empty list out of
/// the others: a `match`, which prettyplease never writes on one line, so the chain around it
/// is always broken.
fn decode_match(text: &mut Text, pattern: &str, items: &str) -> Option<()> {
    text.lines_unchecked(&[
        "        Self::decode(raw)",
        "            .map(|response| {",
        "                response",
        "                    .map(|body| match body {",
    ]);
    text.match_arm(6, pattern, items)?;
    text.lines_unchecked(&[
        "                        _ => Vec::new(),",
        "                    })",
        "            })",
    ]);
    Some(())
}
