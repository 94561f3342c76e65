//! Local references decoded once: a `$ref` is a URI, so its fragment may be percent-encoded
//! (`#/components/schemas/My%20Pet`), and RFC 6901 decodes it before splitting it into tokens.
//! Decoded here, before anything reads the document, so that every reader compares plain
//! pointers.

use percent_encoding::percent_decode_str;
use serde_json::Value;

/// Replaces each local `$ref` holding a `%` escape by its decoded text (a reference that does
/// not decode to UTF-8 is left as it is, and reported where it does not resolve). `text` is the
/// document's source: when no `$ref` in it is followed by a `%` on its own line or entry, the
/// tree is not walked at all, which is the case for nearly every document.
pub fn decode(document: &mut Value, text: &str) {
    if !may_hold_an_encoded_ref(text) {
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

/// The text after each `$ref` of `text` (to its end: a caller reads as far as the value goes).
/// The gates of `local_refs` and `deep_refs` read every reference of a document this way before
/// deciding whether to walk its tree; `memchr`'s vectorised search reads the 10,000 of a
/// 13 MB description in about a millisecond, `str::match_indices` took 4 to 9.
pub(super) fn after_each_ref(text: &str) -> impl Iterator<Item = &str> {
    memchr::memmem::find_iter(text.as_bytes(), b"$ref").map(move |at| &text[at + 4..])
}

/// Whether some `$ref` of `text` has a `%` after it before the end of its line or JSON entry.
fn may_hold_an_encoded_ref(text: &str) -> bool {
    after_each_ref(text).any(|rest| {
        let entry = rest.split(['\n', ',', '}']).next().unwrap_or(rest);
        entry.contains('%')
    })
}

#[cfg(test)]
mod tests {
    use super::decode;
    use serde_json::json;

    #[test]
    fn encoded_local_references_are_decoded_and_others_kept() {
        let text = r##"{"a": {"$ref": "#/components/schemas/My%20Pet"},
            "b": [{"$ref": "#/components/schemas/100%25"}, {"$ref": "other.yaml#/x%20y"}],
            "c": {"$ref": "#/bad%FF"}, "d": {"description": "%20 is a space"}}"##;
        let mut document: serde_json::Value = serde_json::from_str(text).expect("JSON");
        decode(&mut document, text);
        assert_eq!(
            document,
            json!({"a": {"$ref": "#/components/schemas/My Pet"},
                "b": [{"$ref": "#/components/schemas/100%"}, {"$ref": "other.yaml#/x%20y"}],
                "c": {"$ref": "#/bad%FF"}, "d": {"description": "%20 is a space"}})
        );
    }

    #[test]
    fn a_document_without_encoded_references_is_not_walked() {
        let text = r##"{"a": {"$ref": "#/components/schemas/Pet", "description": "100%"}}"##;
        let mut document: serde_json::Value = serde_json::from_str(text).expect("JSON");
        document["a"]["$ref"] = json!("#/x%20y");
        decode(&mut document, text);
        assert_eq!(document["a"]["$ref"], json!("#/x%20y"));
    }
}
