//! Media types: which of a body's media types the client speaks, and how it writes them.
//!
//! JSON media types (`application/json`, `*/*+json`) are typed by their schema; `text/*` is a
//! `String`; anything else is kept as bytes, whatever its schema says, because the bytes are all
//! a client can faithfully pass on. A `multipart/form-data` or
//! `application/x-www-form-urlencoded` request body is written field by field
//! (`operation/form.rs`); other multipart types are reported as unsupported.

use indexmap::IndexMap;
use openapiv3::MediaType;

use crate::ir::{BodyEncoding, MediaTypeEnum};
use crate::names::{Namespace, camel_ident};

/// A media type without parameters, lowercased (`Application/JSON; charset=utf-8` →
/// `application/json`).
fn essence(name: &str) -> String {
    name.split(';')
        .next()
        .unwrap_or(name)
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type takes a scalar parameter's value as it is: `text/plain` (with
/// parameters or not), `text/*` or `*/*`.
pub(super) fn is_plain_text(name: &str) -> bool {
    matches!(essence(name).as_str(), "text/plain" | "text/*" | "*/*")
}

/// Whether a media type is JSON (`application/json`, `*/*+json`).
pub(super) fn is_json(name: &str) -> bool {
    let essence = essence(name);
    essence == "application/json" || essence.ends_with("+json")
}

/// The encoding a media type is read and written with; `None` for media types whose structure
/// the client cannot write as one value (forms, multipart).
fn encoding(name: &str) -> Option<BodyEncoding> {
    let essence = essence(name);
    if is_json(&essence) {
        Some(BodyEncoding::Json)
    } else if form_kind(&essence).is_some() || essence.starts_with("multipart/") {
        None
    } else if essence.starts_with("text/") {
        Some(BodyEncoding::Text)
    } else {
        Some(BodyEncoding::Binary)
    }
}

/// The forms a request body can be written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FormKind {
    /// `multipart/form-data`.
    Multipart,
    /// `application/x-www-form-urlencoded`.
    UrlEncoded,
}

/// The form a media type stands for (other `multipart/*` types, such as `multipart/mixed`,
/// are none: their parts are not named fields).
fn form_kind(name: &str) -> Option<FormKind> {
    match essence(name).as_str() {
        "multipart/form-data" => Some(FormKind::Multipart),
        "application/x-www-form-urlencoded" => Some(FormKind::UrlEncoded),
        _ => None,
    }
}

/// The JSON media type the client speaks among `names` (a body's media types, in spec order):
/// `application/json` first, else the first `*/*+json`. The one place this choice is made:
/// lowering types that media type's schema, and `cargo xtask diff` compares it.
pub fn json_media_type<'a>(names: impl IntoIterator<Item = &'a str> + Clone) -> Option<&'a str> {
    names
        .clone()
        .into_iter()
        .find(|name| essence(name) == "application/json")
        .or_else(|| names.into_iter().find(|name| is_json(name)))
}

/// The JSON media type among a content map, with its entry.
fn json_media(content: &IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    let name = json_media_type(content.keys().map(String::as_str))?;
    content
        .get_key_value(name)
        .map(|(name, media)| (name.as_str(), media))
}

/// The media type a response body is decoded as: JSON when the response offers it (the client
/// asks for JSON), else the first one listed.
pub(super) fn pick_response(
    content: &IndexMap<String, MediaType>,
) -> Option<(&str, &MediaType, BodyEncoding)> {
    if let Some((name, media)) = json_media(content) {
        return Some((name, media, BodyEncoding::Json));
    }
    content.iter().next().map(|(name, media)| {
        let encoding = match encoding(name) {
            Some(BodyEncoding::Text) => BodyEncoding::Text,
            _ => BodyEncoding::Binary,
        };
        (name.as_str(), media, encoding)
    })
}

/// How a request body is written, as chosen among its media types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RequestKind {
    /// One value, with this encoding.
    Single(BodyEncoding),
    /// A form, field by field.
    Form(FormKind),
}

/// The media types a request body is sent as.
pub(super) struct RequestMedia<'a> {
    /// How the body is written.
    pub kind: RequestKind,
    /// The media type whose schema types the body (the first of `all`).
    pub chosen: (&'a str, &'a MediaType),
    /// Every media type the body may be sent as with this encoding, first the default.
    pub all: Vec<String>,
}

/// Chooses how a request body is sent: as JSON when one of its media types is JSON (one JSON
/// media type: their schemas may differ), else with the encoding of the first text or binary
/// media type, offering every media type of that encoding, else as the first form
/// (`multipart/form-data`, `application/x-www-form-urlencoded`). Forms come last so that a body
/// that could be sent before forms were supported is still sent the same way.
pub(super) fn pick_request(
    content: &IndexMap<String, MediaType>,
) -> Result<RequestMedia<'_>, String> {
    if let Some((name, media)) = json_media(content) {
        return Ok(RequestMedia {
            kind: RequestKind::Single(BodyEncoding::Json),
            chosen: (name, media),
            all: vec![name.to_owned()],
        });
    }
    let supported = content
        .iter()
        .find_map(|(name, media)| encoding(name).map(|encoding| (name.as_str(), media, encoding)));
    if let Some((name, media, chosen_encoding)) = supported {
        let all = content
            .keys()
            .filter(|other| encoding(other) == Some(chosen_encoding))
            .cloned()
            .collect();
        return Ok(RequestMedia {
            kind: RequestKind::Single(chosen_encoding),
            chosen: (name, media),
            all,
        });
    }
    let form = content
        .iter()
        .find_map(|(name, media)| form_kind(name).map(|kind| (name.as_str(), media, kind)));
    if let Some((name, media, kind)) = form {
        return Ok(RequestMedia {
            kind: RequestKind::Form(kind),
            chosen: (name, media),
            all: vec![name.to_owned()],
        });
    }
    let kinds: Vec<&str> = content.keys().map(String::as_str).collect();
    Err(if kinds.is_empty() {
        "the request body lists no media type".to_owned()
    } else {
        format!(
            "request body media type(s) {} are not supported: of multipart bodies only multipart/form-data is",
            kinds.join(", ")
        )
    })
}

/// The enum that picks one of several media types of a request body, named in the group's
/// type namespace.
pub(super) fn media_type_enum(
    names: &mut Namespace,
    stem: &str,
    media_types: &[String],
) -> Option<MediaTypeEnum> {
    if media_types.len() < 2 {
        return None;
    }
    let mut variants = Namespace::default();
    Some(MediaTypeEnum {
        name: names.claim(&format!("{stem}MediaType")),
        variants: media_types
            .iter()
            .map(|media_type| variants.claim(&camel_ident(media_type)))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(names: &[&str]) -> IndexMap<String, MediaType> {
        names
            .iter()
            .map(|name| ((*name).to_owned(), MediaType::default()))
            .collect()
    }

    #[test]
    fn json_wins_over_other_media_types() {
        let content = content(&["text/plain", "application/vnd.x+json", "application/json"]);
        let picked = pick_request(&content).expect("supported");
        assert_eq!(picked.kind, RequestKind::Single(BodyEncoding::Json));
        assert_eq!(picked.all, vec!["application/json".to_owned()]);
        let (name, _, encoding) = pick_response(&content).expect("a body");
        assert_eq!((name, encoding), ("application/json", BodyEncoding::Json));
    }

    #[test]
    fn text_media_types_are_offered_together() {
        let offered = content(&["text/plain", "image/png", "text/x-markdown"]);
        let picked = pick_request(&offered).expect("supported");
        assert_eq!(picked.kind, RequestKind::Single(BodyEncoding::Text));
        assert_eq!(picked.all, vec!["text/plain", "text/x-markdown"]);
    }

    #[test]
    fn other_media_types_are_bytes_and_forms_come_after_them() {
        let (_, _, encoding) =
            pick_response(&content(&["application/octet-stream"])).expect("a body");
        assert_eq!(encoding, BodyEncoding::Binary);
        let offered = content(&["multipart/form-data", "application/zip"]);
        let picked = pick_request(&offered).expect("supported");
        assert_eq!(picked.kind, RequestKind::Single(BodyEncoding::Binary));
        assert_eq!(picked.all, vec!["application/zip"]);
        let offered = content(&["application/x-www-form-urlencoded", "multipart/form-data"]);
        let picked = pick_request(&offered).expect("supported");
        assert_eq!(picked.kind, RequestKind::Form(FormKind::UrlEncoded));
        assert_eq!(picked.all, vec!["application/x-www-form-urlencoded"]);
        let offered = content(&["multipart/form-data; charset=utf-8", "application/json"]);
        let picked = pick_request(&offered).expect("supported");
        assert_eq!(picked.kind, RequestKind::Single(BodyEncoding::Json));
        assert!(pick_request(&content(&["multipart/mixed"])).is_err());
        assert!(pick_request(&content(&[])).is_err());
    }
}
