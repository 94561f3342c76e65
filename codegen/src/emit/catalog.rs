//! The catalog of every operation (`OPERATIONS`), hidden from the docs: its id, method and path,
//! checks that run recorded payloads through the generated decoders, and the media type each
//! response is decoded as, for the example tests and `cargo xtask check-large`; and the path-item
//! method keys (`PATH_ITEM_METHODS`, from [`HttpMethod::KEYS`]), so that tests walking the
//! description do not keep a list of their own.

use proc_macro2::TokenStream;
use quote::quote;

use super::features::AttributeTexts;
use super::layout::{Text, fits};
use super::tokens::{DOC_LINE_BREAK, ident, string_literal, type_text_in, type_tokens};
use super::{Block, BlockKind, Chunk, Member};
use crate::ir::{Api, BodyEncoding, HttpMethod, Operation, RequestBody, StatusMatch};

/// The table of every operation (`OPERATIONS`) and the path-item method keys, the table's
/// entries written as text where `as_text` (and where [`entry_text`] lays them out), for the
/// reason of `serde_text.rs`: the table of a large description is thousands of lines.
pub(super) fn catalog_chunks(api: &Api, runtime: &TokenStream, as_text: bool) -> Vec<Chunk> {
    // A path of identifiers prints without the spaces between its tokens.
    let runtime_text = runtime.to_string().replace(' ', "");
    let plain_path = runtime_text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':');
    let header = format!("pub const OPERATIONS: &[{runtime_text}::OperationInfo] = &[");
    let as_text = as_text && plain_path && fits(0, &header) && !api.operations.is_empty();
    let table = if as_text {
        let mut attributes = AttributeTexts::default();
        let members = api.operations.iter().map(|op| {
            let gate = attributes.of_group(api, op.group);
            // An attribute prettyplease keeps on one line at the top level stays so in the
            // table where it fits; a longer one is left to prettyplease.
            let text = if gate.is_empty() {
                entry_text(api, op, &runtime_text, None)
            } else {
                gate.strip_suffix('\n')
                    .filter(|gate| !gate.contains('\n'))
                    .and_then(|gate| entry_text(api, op, &runtime_text, Some(gate)))
            };
            match text {
                Some(text) => Member::Text(text),
                None => Member::Tokens(entry_tokens(api, op, runtime)),
            }
        });
        let mut open = Text::default();
        open.lines_unchecked(&[TABLE_DOC, "#[doc(hidden)]", &header]);
        Chunk::Block(Block {
            kind: BlockKind::Array,
            open: open.into_string(),
            close: "];\n".to_owned(),
            members: members.collect(),
        })
    } else {
        let entries = api
            .operations
            .iter()
            .map(|op| entry_tokens(api, op, runtime));
        let doc = TABLE_DOC
            .replace("/// ", " ")
            .replace('\n', &DOC_LINE_BREAK.to_string());
        Chunk::Tokens(quote! {
            #[doc = #doc]
            #[doc(hidden)]
            pub const OPERATIONS: &[#runtime::OperationInfo] = &[
                #(#entries)*
            ];
        })
    };
    let methods = HttpMethod::KEYS;
    let method_count = proc_macro2::Literal::usize_unsuffixed(methods.len());
    let keys = quote! {
        /// The keys a path item holds operations under, as the generator read the description:
        /// for tools and tests that walk the description beside [`OPERATIONS`].
        #[doc(hidden)]
        pub const PATH_ITEM_METHODS: [&str; #method_count] = [#(#methods),*];
    };
    vec![table, Chunk::Tokens(keys)]
}

/// The doc of `OPERATIONS`, as written.
const TABLE_DOC: &str =
    "/// Every operation: its id, method and path template, and checks that decode a recorded
/// response or request body with the generated types. For tools and tests (the example
/// checks), so not part of the documented API.";

/// The request body the table checks recorded bodies against: a JSON one.
fn checked_body(op: &Operation) -> Option<&RequestBody> {
    op.body
        .as_ref()
        .filter(|body| body.kind.single() == Some(BodyEncoding::Json))
}

/// The type a request body is checked as, seen from the operations module.
fn request_type(api: &Api, op: &Operation) -> Option<String> {
    let body = checked_body(op)?;
    let ty = type_text_in(api, &body.ty, "super::models::");
    Some(if body.nullable {
        format!("Option<{ty}>")
    } else {
        ty
    })
}

/// The media type each response with a body is decoded as, by status key (`"200"`, `"4XX"`,
/// `"default"`).
fn media_types(op: &Operation) -> impl Iterator<Item = (String, &str)> {
    op.responses.iter().filter_map(|case| {
        let media_type = case.media_type.as_deref().filter(|_| case.body.is_some())?;
        let status = match case.status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(class) => format!("{class}XX"),
            StatusMatch::Default => "default".to_owned(),
        };
        Some((status, media_type))
    })
}

/// The entry of `op` in the table, as tokens.
fn entry_tokens(api: &Api, op: &Operation, runtime: &TokenStream) -> TokenStream {
    let group = ident(&api.groups[op.group].accessor);
    let builder = ident(&op.builder_name);
    let id = &op.operation_id;
    let method = op.method.as_str();
    let path = &op.path;
    let request = match checked_body(op) {
        Some(body) => {
            let mut ty = type_tokens(api, &body.ty, &quote! { super::models:: });
            if body.nullable {
                ty = quote! { Option<#ty> };
            }
            quote! { Some(#runtime::decodes_as::<#ty>) }
        }
        None => quote! { None },
    };
    let media_types = media_types(op).map(|(status, media_type)| quote! { (#status, #media_type) });
    let gate = super::features::group_cfg(api, op.group);
    quote! {
        #gate
        #runtime::OperationInfo {
            operation_id: #id,
            method: #method,
            path: #path,
            check_response: |raw| #runtime::typed_outcome(#group::#builder::decode(raw)),
            check_request: #request,
            response_media_types: &[#(#media_types),*],
        },
    }
}

/// The entry of `op` in the table, as prettyplease prints [`entry_tokens`] inside the table,
/// after `gate` (the group's attribute, on one line); `None` when a line
/// needs a layout not written here.
fn entry_text(api: &Api, op: &Operation, runtime: &str, gate: Option<&str>) -> Option<String> {
    let mut text = Text::default();
    if let Some(gate) = gate {
        text.line(1, format_args!("{gate}"))?;
    }
    text.line(1, format_args!("{runtime}::OperationInfo {{"))?;
    // prettyplease breaks none of these three lines, however long.
    let literal = |value: &str| string_literal(value);
    text.line_unchecked(
        2,
        format_args!("operation_id: {},", literal(&op.operation_id)),
    );
    text.line_unchecked(2, format_args!("method: {},", literal(op.method.as_str())));
    text.line_unchecked(2, format_args!("path: {},", literal(&op.path)));
    let call = format!(
        "{}::{}::decode(raw)",
        api.groups[op.group].accessor, op.builder_name
    );
    let check = format!("check_response: |raw| {runtime}::typed_outcome(");
    if text.fits(2, &format!("{check}{call}),")) {
        text.line_unchecked(2, format_args!("{check}{call}),"));
    } else {
        text.line(2, format_args!("{check}"))?;
        text.last_element(3, &call)?;
        text.line_unchecked(2, format_args!("),"));
    }
    match request_type(api, op) {
        None => text.line_unchecked(2, format_args!("check_request: None,")),
        Some(ty) => {
            let decodes = format!("{runtime}::decodes_as::<{ty}>");
            if text.fits(2, &format!("check_request: Some({decodes}),")) {
                text.line_unchecked(2, format_args!("check_request: Some({decodes}),"));
            } else {
                text.line_unchecked(2, format_args!("check_request: Some("));
                if text.last_element(3, &decodes).is_none() {
                    text.line(3, format_args!("{runtime}::decodes_as::<"))?;
                    text.last_element(4, &ty)?;
                    text.line_unchecked(3, format_args!(">,"));
                }
                text.line_unchecked(2, format_args!("),"));
            }
        }
    }
    let pairs: Vec<String> = media_types(op)
        .map(|(status, media_type)| format!("({}, {})", literal(&status), literal(media_type)))
        .collect();
    // The last field: its comma is not counted.
    let one_line = format!("response_media_types: &[{}]", pairs.join(", "));
    if text.last_element(2, &one_line).is_none() {
        text.line_unchecked(2, format_args!("response_media_types: &["));
        text.elements(3, &pairs)?;
        text.line_unchecked(2, format_args!("],"));
    }
    text.line_unchecked(1, format_args!("}},"));
    Some(text.into_string())
}
