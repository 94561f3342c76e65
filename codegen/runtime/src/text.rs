//! Parameter values that are not plain scalars, written as text for a path, a query or a header,
//! and query parameters split into pairs by their OpenAPI `style` and `explode`.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use reqwest::Url;
use serde::Serialize;
use serde_json::Value;

/// The text of a parameter value whose type has no `Display` (a union, an object, an array of
/// those), in OpenAPI's `simple` style: strings as they are, numbers and booleans as JSON
/// writes them, arrays as their items joined by `,`, objects as their property names and
/// values joined by `,` (`x,1,y,2`; `null` properties left out), `null` as nothing. An object
/// inside those is JSON text.
pub fn parameter_text<T: Serialize + ?Sized>(value: &T) -> String {
    simple_text(&to_value(value), ",")
}

/// [`parameter_text`] with `explode`: an object is `x=1,y=2`.
pub fn exploded_parameter_text<T: Serialize + ?Sized>(value: &T) -> String {
    simple_text(&to_value(value), "=")
}

/// The text of a parameter given as `application/json` content: the value as JSON (`{"a":1}`,
/// a string with its quotes).
pub fn json_text<T: Serialize + ?Sized>(value: &T) -> String {
    to_value(value).to_string()
}

/// A form field's text: as [`parameter_text`], but an object is JSON text (what a form part
/// holding one carries by default).
pub(crate) fn field_text<T: Serialize + ?Sized>(value: &T) -> String {
    value_text(&to_value(value))
}

/// `value` in the `simple` style, an object's names and values joined by `between`.
fn simple_text(value: &Value, between: &str) -> String {
    match value {
        Value::Object(properties) => properties
            .iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(property, value)| format!("{property}{between}{}", value_text(value)))
            .collect::<Vec<_>>()
            .join(","),
        other => value_text(other),
    }
}

/// `value` as JSON; `null` for the only values that fail to serialise, maps with non-string
/// keys, which generated types do not have.
fn to_value<T: Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn value_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// Appends `pairs` to the query of `url` as `url.query_pairs_mut()` would
/// (`application/x-www-form-urlencoded`), except the values of the pairs in `reserved`: those
/// keep the reserved characters a query may hold and percent-encoded triples (OpenAPI's
/// `allowReserved`: `:/?@!$()*,;` and `%2F`), and encode the rest, `&`, `=`, `+`, `#`, `[`
/// and `]` included.
pub(crate) fn write_query_allowing_reserved(
    url: &mut Url,
    pairs: &[QueryPair],
    reserved: &[Range<usize>],
) {
    let mut query = url.query().unwrap_or_default().to_owned();
    for (index, (name, value)) in pairs.iter().enumerate() {
        if !query.is_empty() {
            query.push('&');
        }
        query.extend(form_urlencoded::byte_serialize(name.as_bytes()));
        query.push('=');
        if reserved.iter().any(|range| range.contains(&index)) {
            push_allowing_reserved(&mut query, value);
        } else {
            query.extend(form_urlencoded::byte_serialize(value.as_bytes()));
        }
    }
    url.set_query(Some(&query));
}

/// `value` percent-encoded but for the unreserved characters, the reserved ones a query may
/// hold unencoded without changing its pairs, and percent-encoded triples.
fn push_allowing_reserved(out: &mut String, value: &str) {
    let bytes = value.as_bytes();
    for (index, &byte) in bytes.iter().enumerate() {
        // Not `'`: `Url::set_query` encodes it in the query of an `http` URL.
        let kept = byte.is_ascii_alphanumeric() || b"-._~:/?@!$()*,;".contains(&byte);
        let triple = byte == b'%'
            && bytes.get(index + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(index + 2).is_some_and(u8::is_ascii_hexdigit);
        if kept || triple {
            out.push(char::from(byte));
        } else {
            // Writing to a `String` cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// A query parameter's name and value, not yet encoded. The name is the parameter's own, or
/// made from it and a property's (`filter[state]`), or a property's alone.
pub(crate) type QueryPair = (Cow<'static, str>, String);

/// OpenAPI's `form` style with `explode`, a query parameter's default: a list is one
/// `name=item` pair per item, an object one `property=value` pair per property that is not
/// `null` (its own name is not sent), anything else one `name=value` pair. `null` sends
/// nothing.
pub(crate) fn exploded_pairs<T: Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    pairs: &mut Vec<QueryPair>,
) {
    match to_value(value) {
        Value::Null => {}
        Value::Array(items) => {
            pairs.extend(
                items
                    .iter()
                    .map(|item| (Cow::Borrowed(name), value_text(item))),
            );
        }
        Value::Object(properties) => pairs.extend(
            properties
                .into_iter()
                .filter(|(_, value)| !value.is_null())
                .map(|(property, value)| (Cow::Owned(property), value_text(&value))),
        ),
        other => pairs.push((Cow::Borrowed(name), value_text(&other))),
    }
}

/// One `name=` pair holding a list's items, or an object's property names and values, joined
/// by `separator`: `,` for the `form` style without `explode`, ` ` for `spaceDelimited`, `|`
/// for `pipeDelimited`. `null` sends nothing, as does an object's `null` property.
pub(crate) fn delimited_pair<T: Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    separator: &str,
) -> Option<QueryPair> {
    let text = match to_value(value) {
        Value::Null => return None,
        Value::Array(items) => items
            .iter()
            .map(value_text)
            .collect::<Vec<_>>()
            .join(separator),
        Value::Object(properties) => properties
            .iter()
            .filter(|(_, value)| !value.is_null())
            .flat_map(|(property, value)| [property.clone(), value_text(value)])
            .collect::<Vec<_>>()
            .join(separator),
        other => value_text(&other),
    };
    Some((Cow::Borrowed(name), text))
}

/// The `deepObject` style: one `name[property]=value` pair per property of an object, and for a
/// property that is itself an object or a list, one pair per value inside it, named by the path
/// to it (`filter[owner][login]=octocat`, `expand[0]=customer`, `items[0][price]=p_1`), as
/// Rails, PHP, the `qs` package and Stripe read them (OpenAPI defines the style for flat
/// objects only). `null` sends nothing, and a value that is neither object nor list is one
/// `name=value` pair, as in the other styles.
pub(crate) fn deep_object_pairs<T: Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    pairs: &mut Vec<QueryPair>,
) {
    deep_pairs(name, &to_value(value), &mut |path, text| {
        pairs.push((Cow::Owned(path), text));
    });
}

/// Hands `add` one `(path, text)` pair per value inside `value` that is neither object nor list,
/// its path `prefix` followed by `[property]` or `[index]` for each step down to it. A `null`
/// property is left out, as an unset one; a `null` item of a list is an empty value, so that
/// the items after it keep their index.
pub(crate) fn deep_pairs(prefix: &str, value: &Value, add: &mut impl FnMut(String, String)) {
    match value {
        Value::Null => {}
        Value::Object(properties) => {
            for (property, inner) in properties {
                deep_pairs(&format!("{prefix}[{property}]"), inner, add);
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                let path = format!("{prefix}[{index}]");
                match inner {
                    Value::Null => add(path, String::new()),
                    inner => deep_pairs(&path, inner, add),
                }
            }
        }
        other => add(prefix.to_owned(), value_text(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;

    #[test]
    fn the_simple_style_writes_objects_as_names_and_values() {
        let point = json!({"x": 1, "y": "two", "z": null});
        assert_eq!(parameter_text(&point), "x,1,y,two");
        assert_eq!(exploded_parameter_text(&point), "x=1,y=two");
        // Everything else is the same either way.
        for (value, text) in [
            (json!(["a", 2, true]), "a,2,true"),
            (json!("text"), "text"),
            (json!(null), ""),
            (json!([{"a": 1}]), "{\"a\":1}"),
        ] {
            assert_eq!(parameter_text(&value), text);
            assert_eq!(exploded_parameter_text(&value), text);
        }
        // A form field keeps an object as JSON.
        assert_eq!(field_text(&point), "{\"x\":1,\"y\":\"two\",\"z\":null}");
    }

    #[test]
    fn reserved_values_keep_what_a_query_may_hold_and_nothing_that_splits_it() {
        let mut url = Url::parse("https://api.example.com/files?page=2").unwrap();
        let pairs: Vec<QueryPair> = vec![
            (Cow::Borrowed("path"), "/a b/c:d@e,f;g(h)*!$?".to_owned()),
            (Cow::Borrowed("q"), "a/b&c=d".to_owned()),
            (Cow::Borrowed("path"), "x&y=z+w#v[0]%2Fu%zz'".to_owned()),
        ];
        write_query_allowing_reserved(&mut url, &pairs, &[0..1, 2..3]);
        assert_eq!(
            url.query(),
            Some(
                "page=2&path=/a%20b/c:d@e,f;g(h)*!$?&q=a%2Fb%26c%3Dd\
                 &path=x%26y%3Dz%2Bw%23v%5B0%5D%2Fu%25zz%27"
            )
        );
        // Every pair reads back as it was given, but the triple kept as such.
        let read: Vec<(String, String)> = url.query_pairs().into_owned().skip(1).collect();
        assert_eq!(
            read[0],
            ("path".to_owned(), "/a b/c:d@e,f;g(h)*!$?".to_owned())
        );
        assert_eq!(read[1], ("q".to_owned(), "a/b&c=d".to_owned()));
        assert_eq!(
            read[2],
            ("path".to_owned(), "x&y=z+w#v[0]/u%zz'".to_owned())
        );
    }

    fn texts(pairs: &[QueryPair]) -> Vec<String> {
        pairs
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect()
    }

    #[test]
    fn exploded_lists_repeat_the_name_and_objects_send_their_properties() {
        let mut pairs = Vec::new();
        exploded_pairs("tag", &["a", "b c"], &mut pairs);
        exploded_pairs("empty", &Vec::<i64>::new(), &mut pairs);
        exploded_pairs(
            "filter",
            &json!({"state": "open", "gone": null, "n": 2}),
            &mut pairs,
        );
        exploded_pairs("limit", &5, &mut pairs);
        exploded_pairs("unset", &None::<i64>, &mut pairs);
        assert_eq!(
            texts(&pairs),
            ["tag=a", "tag=b c", "state=open", "n=2", "limit=5"]
        );
    }

    #[test]
    fn delimited_values_are_one_pair_joined_by_the_separator() {
        let pair = |value: &Value, separator| {
            delimited_pair("p", value, separator).map(|(name, text)| format!("{name}={text}"))
        };
        assert_eq!(pair(&json!([1, 2, 3]), ","), Some("p=1,2,3".to_owned()));
        assert_eq!(pair(&json!(["a", "b"]), " "), Some("p=a b".to_owned()));
        assert_eq!(pair(&json!(["a", "b"]), "|"), Some("p=a|b".to_owned()));
        assert_eq!(
            pair(&json!({"R": 100, "G": 200, "B": null}), ","),
            Some("p=R,100,G,200".to_owned())
        );
        assert_eq!(pair(&json!([]), ","), Some("p=".to_owned()));
        assert_eq!(pair(&json!(true), "|"), Some("p=true".to_owned()));
        assert_eq!(pair(&Value::Null, ","), None);
    }

    #[test]
    fn deep_objects_name_each_property_inside_brackets() {
        let mut pairs = Vec::new();
        deep_object_pairs(
            "filter",
            &json!({"state": "open", "labels": ["x", "y"], "gone": null}),
            &mut pairs,
        );
        deep_object_pairs("plain", "text", &mut pairs);
        deep_object_pairs("unset", &Value::Null, &mut pairs);
        deep_object_pairs(
            "items",
            &json!([{"price": "p_1", "tax": {"rates": [5, 7]}}, null, "x", []]),
            &mut pairs,
        );
        deep_object_pairs("empty", &json!({}), &mut pairs);
        assert_eq!(
            texts(&pairs),
            [
                "filter[state]=open",
                "filter[labels][0]=x",
                "filter[labels][1]=y",
                "plain=text",
                "items[0][price]=p_1",
                "items[0][tax][rates][0]=5",
                "items[0][tax][rates][1]=7",
                "items[1]=",
                "items[2]=x",
            ]
        );
    }
}
