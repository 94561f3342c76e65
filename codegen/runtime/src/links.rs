//! The `Link` response header (RFC 8288), as APIs use it for pagination:
//! `<https://api.example.com/items?page=2>; rel="next", <...?page=5>; rel="last"`.

use reqwest::Url;
use reqwest::header::{HeaderMap, LINK};

/// The pagination links of a response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// `rel="next"`: the following page; absent on the last page.
    pub next: Option<Url>,
    /// `rel="prev"`: the preceding page.
    pub prev: Option<Url>,
    /// `rel="first"`: the first page.
    pub first: Option<Url>,
    /// `rel="last"`: the last page.
    pub last: Option<Url>,
}

impl Links {
    /// Reads every `Link` header. Targets are taken verbatim; relative ones are resolved
    /// against `base` (the URL the response came from) and dropped without one. The first
    /// link of each relation wins; links with other relations and entries that are not links
    /// (no `<...>`) are ignored.
    pub fn from_headers(headers: &HeaderMap, base: Option<&Url>) -> Self {
        let mut links = Self::default();
        for value in headers.get_all(LINK) {
            let Ok(text) = value.to_str() else {
                continue;
            };
            for (target, params) in link_values(text) {
                let url = match base {
                    Some(base) => base.join(target),
                    None => Url::parse(target),
                };
                let Ok(url) = url else {
                    continue;
                };
                for relation in relations(params) {
                    let slot = match relation.to_ascii_lowercase().as_str() {
                        "next" => &mut links.next,
                        "prev" | "previous" => &mut links.prev,
                        "first" => &mut links.first,
                        "last" => &mut links.last,
                        _ => continue,
                    };
                    slot.get_or_insert_with(|| url.clone());
                }
            }
        }
        links
    }
}

/// Splits a header value into `(target, parameters)` pairs.
fn link_values(text: &str) -> Vec<(&str, &str)> {
    let mut values = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        if rest.is_empty() {
            break;
        }
        let Some(after_open) = rest.strip_prefix('<') else {
            // Not a link: skip to the next entry.
            match rest.find(',') {
                Some(comma) => {
                    rest = &rest[comma + 1..];
                    continue;
                }
                None => break,
            }
        };
        let Some(close) = after_open.find('>') else {
            break;
        };
        let target = after_open[..close].trim();
        let params = &after_open[close + 1..];
        let end = end_of_params(params);
        values.push((target, &params[..end]));
        rest = &params[end..];
    }
    values
}

/// Where the parameters of one link end: at the first comma outside a quoted string.
fn end_of_params(params: &str) -> usize {
    let mut quoted = false;
    for (index, c) in params.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => return index,
            _ => {}
        }
    }
    params.len()
}

/// The values of the `rel` parameter; one parameter may list several, separated by spaces.
fn relations(params: &str) -> impl Iterator<Item = &str> {
    params
        .split(';')
        .filter_map(|param| {
            let (name, value) = param.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("rel")
                .then(|| value.trim().trim_matches('"'))
        })
        .flat_map(str::split_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(values: &[&str], base: Option<&str>) -> Links {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(LINK, value.parse().expect("a valid header value"));
        }
        let base = base.map(|base| Url::parse(base).expect("a valid base"));
        Links::from_headers(&headers, base.as_ref())
    }

    fn url(text: &str) -> Option<Url> {
        Some(Url::parse(text).expect("a valid url"))
    }

    #[test]
    fn reads_a_pagination_header() {
        let links = parse(
            &[concat!(
                r#"<https://api.example.com/v1/items?per_page=2&page=2>; rel="next", "#,
                r#"<https://api.example.com/v1/items?per_page=2&page=5>; rel="last", "#,
                r#"<https://api.example.com/v1/items?per_page=2&page=1>; rel="first""#
            )],
            None,
        );
        assert_eq!(
            links.next,
            url("https://api.example.com/v1/items?per_page=2&page=2")
        );
        assert_eq!(
            links.last,
            url("https://api.example.com/v1/items?per_page=2&page=5")
        );
        assert_eq!(
            links.first,
            url("https://api.example.com/v1/items?per_page=2&page=1")
        );
        assert_eq!(links.prev, None);
    }

    #[test]
    fn tolerates_spacing_case_quoting_and_several_relations_and_headers() {
        let links = parse(
            &[
                r#"<https://x.test/a?b=c,d>;REL=prev ,  <https://x.test/l> ; title="a, b; c" ; rel="last first""#,
                r#"<https://x.test/n>; rel=next"#,
            ],
            None,
        );
        assert_eq!(links.prev, url("https://x.test/a?b=c,d"));
        assert_eq!(links.last, url("https://x.test/l"));
        assert_eq!(links.first, url("https://x.test/l"));
        assert_eq!(links.next, url("https://x.test/n"));
    }

    #[test]
    fn resolves_relative_targets_against_the_response_url() {
        let links = parse(
            &[r#"</v1/items?page=2>; rel="next""#],
            Some("https://h.test/api/v3/v1/items"),
        );
        assert_eq!(links.next, url("https://h.test/v1/items?page=2"));
        assert_eq!(parse(&[r#"</x?page=2>; rel="next""#], None).next, None);
    }

    #[test]
    fn ignores_garbage_without_panicking() {
        let cases = [
            ("", None),
            (",,,", None),
            ("garbage", None),
            ("<unclosed; rel=next", None),
            ("<>; rel=next", None),
            ("<https://x.test/a>; rel", None),
            ("<https://x.test/a>; rel=\"next", url("https://x.test/a")),
            (
                "no-link; rel=next, <https://x.test/ok>; rel=next",
                url("https://x.test/ok"),
            ),
            // Not visible ASCII, so not readable as text: ignored.
            ("<https://x.test/\u{e9}>; rel=next", None),
        ];
        for (value, next) in cases {
            assert_eq!(parse(&[value], None).next, next, "{value}");
        }
    }
}
