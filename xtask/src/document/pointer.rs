//! JSON pointers (RFC 6901): the `#/...` of a local `$ref`, and the plain `/...` of an override.

use serde_json::Value;

/// RFC 6901 unescaping; `~1` goes first so that `~01` becomes `~1`, not `/`.
///
/// Lenient (a stray `~` stays as it is), as references in upstream text are taken as written.
pub(crate) fn unescape_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// RFC 6901 escaping; `~` goes first so that the `~` of a new `~1` is not escaped again.
pub(crate) fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The unescaped segments of a local reference `#/a/b`, or `None` when it is not local.
pub(crate) fn local_ref_segments(target: &str) -> Option<Vec<String>> {
    let pointer = target.strip_prefix('#')?;
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(unescape_segment).collect())
}

/// The value a local reference points to, if any.
pub(crate) fn resolve_local_ref<'a>(document: &'a Value, target: &str) -> Option<&'a Value> {
    local_ref_segments(target)?
        .iter()
        .try_fold(document, |value, segment| match value {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
}

/// The unescaped segments of a plain JSON pointer such as `/a/b~1c`, checked strictly.
///
/// The empty pointer names the whole document and gives no segments.
pub(crate) fn parse(pointer: &str) -> Result<Vec<String>, String> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        let hint = if pointer.starts_with("#/") {
            " (write `/a/b`, not the `#/a/b` of a `$ref`)"
        } else {
            ""
        };
        return Err(format!("a JSON pointer starts with `/`{hint}"));
    };
    rest.split('/').map(strict_unescape_segment).collect()
}

/// RFC 6901 unescaping that rejects a `~` not followed by `0` or `1`.
fn strict_unescape_segment(segment: &str) -> Result<String, String> {
    let mut out = String::with_capacity(segment.len());
    let mut chars = segment.chars();
    while let Some(c) = chars.next() {
        if c != '~' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('0') => out.push('~'),
            Some('1') => out.push('/'),
            _ => {
                return Err(format!(
                    "`~` must be followed by `0` or `1` (in segment `{segment}`)"
                ));
            }
        }
    }
    Ok(out)
}

/// The pointer made of `segments`, escaped.
pub(crate) fn to_pointer(segments: &[String]) -> String {
    segments
        .iter()
        .map(|segment| format!("/{}", escape_segment(segment)))
        .collect()
}

/// An array index as RFC 6901 spells it: `0`, or digits without a leading zero.
pub(crate) fn array_index(segment: &str) -> Option<usize> {
    let canonical = segment == "0"
        || (!segment.is_empty()
            && !segment.starts_with('0')
            && segment.bytes().all(|b| b.is_ascii_digit()));
    canonical.then(|| segment.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_segments_are_unescaped() {
        assert_eq!(unescape_segment("a~1b~0c~01"), "a/b~c~1");
        assert_eq!(escape_segment("a/b~c~1"), "a~1b~0c~01");
        assert_eq!(
            local_ref_segments("#/components/responses/weird~1name"),
            Some(vec![
                "components".to_owned(),
                "responses".to_owned(),
                "weird/name".to_owned()
            ])
        );
        assert_eq!(local_ref_segments("other.yaml#/x"), None);
    }

    #[test]
    fn plain_pointers_parse_strictly() {
        assert_eq!(parse(""), Ok(Vec::new()));
        assert_eq!(
            parse("/a~1b/~0c~01/"),
            Ok(vec!["a/b".to_owned(), "~c~1".to_owned(), String::new()])
        );
        assert!(parse("a/b").unwrap_err().contains("starts with `/`"));
        assert!(
            parse("#/a")
                .unwrap_err()
                .contains("not the `#/a/b` of a `$ref`")
        );
        assert!(parse("/a~2b").unwrap_err().contains("`~` must be followed"));
        assert!(parse("/a~").unwrap_err().contains("`~` must be followed"));
        let segments = parse("/application~1json/x~0y").unwrap();
        assert_eq!(to_pointer(&segments), "/application~1json/x~0y");
    }

    #[test]
    fn array_indices_follow_rfc_6901() {
        assert_eq!(array_index("0"), Some(0));
        assert_eq!(array_index("12"), Some(12));
        for bad in ["", "-", "01", "+1", "-1", "1a", "99999999999999999999999"] {
            assert_eq!(array_index(bad), None, "{bad}");
        }
    }
}
