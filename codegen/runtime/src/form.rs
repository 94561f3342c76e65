//! Form request bodies: `multipart/form-data` ([`Multipart`], files as [`FilePart`]) and
//! `application/x-www-form-urlencoded` ([`FormFields`]).
//!
//! Generated code fills one of them field by field, in the order and with the encoding the
//! description gives (the generator decides each field's encoding; these types only write).
//! Both are plain values, so a request that is sent again (a retry, a rate-limit wait) sends
//! the same body: a multipart body becomes a fresh `reqwest` form for every attempt.

use std::borrow::Cow;

use bytes::Bytes;
use serde::Serialize;

use super::Error;
use super::text::{deep_pairs, field_text};

/// A file sent as one part of a `multipart/form-data` body: its bytes, and the file name and
/// media type the part announces.
///
/// ```
/// use codegen_runtime::FilePart;
///
/// let avatar = FilePart::new(vec![0x89, b'P', b'N', b'G'])
///     .file_name("avatar.png")
///     .content_type("image/png");
/// assert_eq!(avatar.file_name.as_deref(), Some("avatar.png"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    /// The file's contents.
    pub bytes: Bytes,
    /// The file name sent in the part's `Content-Disposition` (`filename="..."`); none is
    /// sent when `None`.
    pub file_name: Option<String>,
    /// The part's `Content-Type`; when `None`, the one the description gives for the field,
    /// else `application/octet-stream`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file with these contents, without a file name or media type of its own.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// A file with these contents and this file name.
    pub fn named(file_name: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        Self::new(bytes).file_name(file_name)
    }

    /// Sets the file name the part announces.
    #[must_use]
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the part's media type (`image/png`).
    #[must_use]
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }
}

impl From<Bytes> for FilePart {
    fn from(bytes: Bytes) -> Self {
        Self::new(bytes)
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&'static [u8]> for FilePart {
    fn from(bytes: &'static [u8]) -> Self {
        Self::new(bytes)
    }
}

/// One part of a multipart body, before it becomes a `reqwest` part.
#[derive(Debug, Clone)]
struct Part {
    name: &'static str,
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<Cow<'static, str>>,
}

/// A `multipart/form-data` body (RFC 7578), part by part, in the order they were added.
/// A field that is a list is one part per item, all under the field's name.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text part: strings as they are, numbers and booleans as JSON writes them, enums
    /// as their value. It carries no `Content-Type`, which means `text/plain` (RFC 7578).
    pub fn text<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.push(name, Bytes::from(field_text(value)), None, None);
    }

    /// Adds a text part sent with this `Content-Type` (the description's
    /// `encoding.{field}.contentType`).
    pub fn text_as<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        content_type: &'static str,
    ) {
        let text = Bytes::from(field_text(value));
        self.push(name, text, None, Some(Cow::Borrowed(content_type)));
    }

    /// Adds a part holding `value` as JSON, sent with this `Content-Type`
    /// (`application/json` unless the description says otherwise).
    ///
    /// # Errors
    ///
    /// Returns [`Error::Encode`] if `value` cannot be serialised.
    pub fn json<T: Serialize + ?Sized, E>(
        &mut self,
        name: &'static str,
        value: &T,
        content_type: &'static str,
    ) -> Result<(), Error<E>> {
        let bytes = serde_json::to_vec(value).map_err(Error::Encode)?;
        self.push(
            name,
            Bytes::from(bytes),
            None,
            Some(Cow::Borrowed(content_type)),
        );
        Ok(())
    }

    /// Adds a file part: its bytes (shared, not copied), its file name if it has one, and its
    /// media type, else `default_content_type` (the description's, or
    /// `application/octet-stream`).
    pub fn file(
        &mut self,
        name: &'static str,
        file: &FilePart,
        default_content_type: &'static str,
    ) {
        let content_type = match &file.content_type {
            Some(media_type) => Cow::Owned(media_type.clone()),
            None => Cow::Borrowed(default_content_type),
        };
        self.push(
            name,
            file.bytes.clone(),
            file.file_name.clone(),
            Some(content_type),
        );
    }

    fn push(
        &mut self,
        name: &'static str,
        bytes: Bytes,
        file_name: Option<String>,
        content_type: Option<Cow<'static, str>>,
    ) {
        self.parts.push(Part {
            name,
            bytes,
            file_name,
            content_type,
        });
    }

    /// The `reqwest` form for one attempt: each part's bytes are shared, not copied.
    ///
    /// # Errors
    ///
    /// The name of the part whose media type does not parse.
    pub(crate) fn to_form(&self) -> Result<reqwest::multipart::Form, &'static str> {
        let mut form = reqwest::multipart::Form::new();
        for part in &self.parts {
            let length = u64::try_from(part.bytes.len()).unwrap_or(u64::MAX);
            let mut built =
                reqwest::multipart::Part::stream_with_length(part.bytes.clone(), length);
            if let Some(media_type) = &part.content_type {
                built = built.mime_str(media_type).map_err(|_| part.name)?;
            }
            if let Some(file_name) = &part.file_name {
                built = built.file_name(file_name.clone());
            }
            form = form.part(part.name, built);
        }
        Ok(form)
    }
}

/// An `application/x-www-form-urlencoded` body: name and value pairs in the order they were
/// added, percent-encoded by `form_urlencoded` (the encoder of the `url` crate) when the
/// request is built.
#[derive(Debug, Clone, Default)]
pub struct FormFields {
    pairs: Vec<(Cow<'static, str>, String)>,
}

impl FormFields {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `name=value`: strings as they are, numbers and booleans as JSON writes them, enums
    /// as their value. A list field with `explode` (the default) is one pair per item.
    pub fn text<T: Serialize + ?Sized>(&mut self, name: impl Into<Cow<'static, str>>, value: &T) {
        self.pairs.push((name.into(), field_text(value)));
    }

    /// Adds one pair whose value is the items' text joined by `separator`: `,` for a list
    /// without `explode`, ` ` for `spaceDelimited`, `|` for `pipeDelimited`.
    pub fn joined<T: Serialize>(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        items: &[T],
        separator: &str,
    ) {
        let text: Vec<String> = items.iter().map(field_text).collect();
        self.pairs.push((name.into(), text.join(separator)));
    }

    /// Adds `value` in the `deepObject` style: one `name[property]=value` pair per property,
    /// and for a property that is an object or a list, one pair per value inside it, named by
    /// the path to it (`card[exp][month]=12`, `expand[0]=customer`); `null` adds nothing, and
    /// a `null` item of a list an empty value (`expand[1]=`), so the next items keep their index.
    ///
    /// # Errors
    ///
    /// Returns [`Error::Encode`] if `value` cannot be serialised.
    pub fn deep<T: Serialize + ?Sized, E>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error<E>> {
        let value = serde_json::to_value(value).map_err(Error::Encode)?;
        deep_pairs(name, &value, &mut |path, text| {
            self.pairs.push((Cow::Owned(path), text));
        });
        Ok(())
    }

    /// Adds `name=` the JSON text of `value` (an object that is not a deep object).
    ///
    /// # Errors
    ///
    /// Returns [`Error::Encode`] if `value` cannot be serialised.
    pub fn json<T: Serialize + ?Sized, E>(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        value: &T,
    ) -> Result<(), Error<E>> {
        let text = serde_json::to_string(value).map_err(Error::Encode)?;
        self.pairs.push((name.into(), text));
        Ok(())
    }

    /// The pairs, not yet encoded.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs
            .iter()
            .map(|(name, value)| (name.as_ref(), value.as_str()))
    }

    /// The encoded body (`a=1&b=x+y`).
    pub fn encode(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.pairs())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_percent_encoded_by_the_form_encoder() {
        let mut fields = FormFields::new();
        fields.text("q", "a b&c=d");
        fields.text("note", "é✓");
        fields.joined("ids", &[1, 2, 3], ",");
        fields.text("flag", &true);
        assert_eq!(
            fields.encode(),
            "q=a+b%26c%3Dd&note=%C3%A9%E2%9C%93&ids=1%2C2%2C3&flag=true"
        );
    }

    #[test]
    fn a_file_without_a_media_type_takes_the_default() {
        let mut body = Multipart::new();
        body.file("a", &FilePart::new(&b"x"[..]), "application/octet-stream");
        body.file(
            "b",
            &FilePart::named("b.png", &b"y"[..]).content_type("image/png"),
            "application/octet-stream",
        );
        let types: Vec<_> = body
            .parts
            .iter()
            .map(|part| part.content_type.as_deref())
            .collect();
        assert_eq!(types, [Some("application/octet-stream"), Some("image/png")]);
        assert!(body.to_form().is_ok());
    }

    #[test]
    fn a_media_type_that_does_not_parse_names_its_part() {
        let mut body = Multipart::new();
        body.text("fine", "x");
        body.file(
            "bad",
            &FilePart::new(&b"x"[..]).content_type("not a type"),
            "text/plain",
        );
        assert_eq!(body.to_form().err(), Some("bad"));
    }
}
