//! Local references decoded once: a `$ref` is a URI, so its fragment may be percent-encoded
//! (`#/components/schemas/My%20Pet`), and RFC 6901 decodes it before splitting it into tokens.
//! Decoded here, before anything reads the document, so that every reader compares plain
//! pointers.

use percent_encoding::percent_decode_str;
use serde_json::Value;

/// Replaces each local `$ref` holding a `%` escape by its decoded text (a reference that does
/// not decode to UTF-8 is left as it is, and reported where it does not resolve). `source` is
/// the document's source: when no `$ref` in it is followed by a `%` on its own line or entry,
/// the tree is not walked at all, which is the case for nearly every document.
pub fn decode(document: &mut Value, source: &RefSource<'_>) {
    if !may_hold_an_encoded_ref(source) {
        return;
    }
    // A stack rather than recursion: documents nest deeper than the thread's stack allows.
    let mut pending = vec![document];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(object) => {
                for (key, value) in object.iter_mut() {
                    match value {
                        Value::String(reference) if key == "$ref" => decode_one(reference),
                        Value::Object(_) | Value::Array(_) => pending.push(value),
                        _ => {}
                    }
                }
            }
            Value::Array(items) => pending.extend(items.iter_mut()),
            _ => {}
        }
    }
}

fn decode_one(reference: &mut String) {
    if !reference.starts_with('#') || !reference.contains('%') {
        return;
    }
    if let Ok(decoded) = percent_decode_str(reference).decode_utf8() {
        *reference = decoded.into_owned();
    }
}

/// A document's source as the reference gates read it: the value of each `$ref`, and whether
/// `$ref` may be spelled with an escape anywhere in it (`"\u0024ref"` or `"$\u0072ef"` in
/// JSON, `"\x24ref"` or `"\U00000024ref"` in a double-quoted YAML string), which no search for
/// `$ref` sees. That is looked for once, for both gates (three scans of a 13 MB description
/// take about 2 ms); such a document is walked, as one the gates cannot rule out.
pub struct RefSource<'t> {
    text: &'t str,
    escaped_ref: bool,
}

impl<'t> RefSource<'t> {
    /// Reads `text`, the document's source.
    pub fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        // An escape of one of the characters of `$ref`, by its two last hex digits.
        let escapes_ref = |prefix: &[u8]| {
            memchr::memmem::find_iter(bytes, prefix).any(|at| {
                let digits = bytes.get(at + prefix.len()..at + prefix.len() + 2);
                digits.is_some_and(|digits| {
                    [b"24", b"72", b"65", b"66"]
                        .iter()
                        .any(|code| digits.eq_ignore_ascii_case(&code[..]))
                })
            })
        };
        let escaped_ref = escapes_ref(b"\\u00") || escapes_ref(b"\\x") || escapes_ref(b"\\U000000");
        Self { text, escaped_ref }
    }

    /// Whether `$ref` may be spelled with an escape somewhere.
    pub(super) fn may_escape_a_ref(&self) -> bool {
        self.escaped_ref
    }

    /// The text of each `$ref`'s value, as far as the source shows it: `"$ref": "#/…"` in JSON,
    /// `$ref: '#/…'` or `"#/…"` in YAML (where an unquoted `#` starts a comment), also on the
    /// next line or as a block scalar (`>-`). The value starts after the quotes, colon, spaces
    /// and block indicators and ends at a quote or the line's end. `memchr`'s vectorised search
    /// finds the 10,000 references of a 13 MB description in about a millisecond,
    /// `str::match_indices` took 4 to 9.
    pub(super) fn ref_values(&self) -> impl Iterator<Item = &'t str> {
        let text = self.text;
        memchr::memmem::find_iter(text.as_bytes(), b"$ref").map(move |at| {
            let rest = &text[at + 4..];
            let value =
                rest.trim_start_matches(['"', '\'', ':', ' ', '\t', '\r', '\n', '>', '|', '-']);
            let end = value.find(['"', '\'', '\n']).unwrap_or(value.len());
            &value[..end]
        })
    }
}

/// Whether some `$ref`'s value has a `%`, or an escape that may spell one (`\u0025`), or the
/// document may spell `$ref` with an escape.
fn may_hold_an_encoded_ref(source: &RefSource<'_>) -> bool {
    source.may_escape_a_ref() || source.ref_values().any(|value| value.contains(['%', '\\']))
}

#[cfg(test)]
mod tests {
    use super::{RefSource, decode};
    use serde_json::json;

    #[test]
    fn encoded_local_references_are_decoded_and_others_kept() {
        let text = r##"{"a": {"$ref": "#/components/schemas/My%20Pet"},
            "b": [{"$ref": "#/components/schemas/100%25"}, {"$ref": "other.yaml#/x%20y"}],
            "c": {"$ref": "#/bad%FF"}, "d": {"description": "%20 is a space"}}"##;
        let mut document: serde_json::Value = serde_json::from_str(text).expect("JSON");
        decode(&mut document, &RefSource::new(text));
        assert_eq!(
            document,
            json!({"a": {"$ref": "#/components/schemas/My Pet"},
                "b": [{"$ref": "#/components/schemas/100%"}, {"$ref": "other.yaml#/x%20y"}],
                "c": {"$ref": "#/bad%FF"}, "d": {"description": "%20 is a space"}})
        );
    }

    #[test]
    fn references_spelled_with_escapes_are_decoded_too() {
        // `$ref` and `%` by their code points, and a PHP-style escaped `/`.
        let text = r##"{"a": {"\u0024ref": "#/components/schemas/My%20Pet"},
            "b": {"$ref": "#\/components\/schemas\/Your\u002520Pet"}}"##;
        let mut document: serde_json::Value = serde_json::from_str(text).expect("JSON");
        decode(&mut document, &RefSource::new(text));
        assert_eq!(
            document,
            json!({"a": {"$ref": "#/components/schemas/My Pet"},
                "b": {"$ref": "#/components/schemas/Your Pet"}})
        );
    }

    #[test]
    fn references_on_the_next_line_or_spelled_by_a_letter_escape_are_decoded() {
        for text in [
            "a:\n  $ref:\n    '#/components/schemas/My%20Pet'\n",
            "a:\n  \"$\\u0072ef\": '#/components/schemas/My%20Pet'\n",
        ] {
            let mut document: serde_json::Value = serde_yaml::from_str(text).expect("YAML");
            decode(&mut document, &RefSource::new(text));
            assert_eq!(
                document,
                json!({"a": {"$ref": "#/components/schemas/My Pet"}}),
                "{text}"
            );
        }
    }

    #[test]
    fn a_document_without_encoded_references_is_not_walked() {
        let text = r##"{"a": {"$ref": "#/components/schemas/Pet", "description": "100%"}}"##;
        let mut document: serde_json::Value = serde_json::from_str(text).expect("JSON");
        document["a"]["$ref"] = json!("#/x%20y");
        decode(&mut document, &RefSource::new(text));
        assert_eq!(document["a"]["$ref"], json!("#/x%20y"));
    }
}
