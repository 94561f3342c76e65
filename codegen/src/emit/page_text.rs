//! `send_page` and `stream` of a list operation's builder (`pagination.rs`) written as text in
//! the layout prettyplease gives their tokens, for the reason of `operation_text.rs` (whose
//! tests compare the two); `None` when a line would need a layout not written here.
//! `decode_page`, whose closures prettyplease lays out in many ways, stays tokens.

use super::layout::{Returns, Text, TypeText};
use super::operation_text::type_text;
use crate::ir::{Api, Operation};

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
