//! `servers`: the document's first one is the client's default base URL; a path's or an
//! operation's own first one is where that operation's requests go instead.

use openapiv3::{OpenAPI, Server};

use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::Operation;

/// The default base URL (`servers[0]` with its variables at their defaults, when absolute) and
/// the sentence of the client's rustdoc that says where it came from, or why there is none.
pub(super) fn base_url(spec: &OpenAPI, warnings: &mut Vec<Diagnostic>) -> (Option<String>, String) {
    let Some(server) = spec.servers.first() else {
        return (
            None,
            "The description lists no `servers`, so there is no default base URL: give one with \
             `base_url`."
                .to_owned(),
        );
    };
    let pointer = Pointer::root().push("servers").push("0");
    let url = match with_defaults(server) {
        Ok(url) => url,
        Err(problem) => {
            warnings.push(Diagnostic {
                pointer: pointer.push("url"),
                message: format!("{problem}; no default base url"),
            });
            return (
                None,
                format!(
                    "The description's server URL `{}` cannot be resolved, so there is no \
                     default base URL: give one with `base_url`.",
                    server.url
                ),
            );
        }
    };
    if !is_absolute(&url) {
        return (
            None,
            format!(
                "The description's server URL `{url}` is relative, so there is no default base \
                 URL: give one with `base_url`."
            ),
        );
    }
    let source = if server.variables.as_ref().is_some_and(|v| !v.is_empty()) {
        format!(
            "from `servers[0]` of the description (`{}`, its variables at their defaults)",
            server.url
        )
    } else {
        "from `servers[0]` of the description".to_owned()
    };
    let doc = format!("The default base URL is `{url}`, {source}; `base_url` changes it.");
    (Some(url), doc)
}

/// Where an operation's requests go when not to the base URL: the first server of the first
/// list in `lists` that has one (its own `servers`, then its path's, each with its pointer), with its variables at their defaults and without a trailing `/`. `None`
/// when neither lists any, when that server is the document's own first one, or when it cannot
/// be resolved (a warning: the base URL is used).
pub(super) fn operation_server(
    spec: &OpenAPI,
    lists: [(&[Server], &Pointer); 2],
    warnings: &mut Vec<Diagnostic>,
) -> Option<String> {
    let (server, pointer) = lists.into_iter().find_map(|(servers, pointer)| {
        Some((servers.first()?, pointer.push("servers").push("0")))
    })?;
    let url = match with_defaults(server) {
        Ok(url) => url,
        Err(problem) => {
            warnings.push(Diagnostic {
                pointer: pointer.push("url"),
                message: format!("{problem}; the operation is sent to the base url"),
            });
            return None;
        }
    };
    let url = one_spelling(&url);
    let document = spec
        .servers
        .first()
        .and_then(|server| with_defaults(server).ok());
    if document.as_deref().map(one_spelling) == Some(url.clone()) {
        return None;
    }
    if let Some(problem) = unusable(&url) {
        warnings.push(Diagnostic {
            pointer: pointer.push("url"),
            message: format!("server url `{url}` {problem}; the operation is sent to the base url"),
        });
        return None;
    }
    Some(url)
}

/// One spelling of the server at `url`, so that two operations at the same server declare one
/// (`HTTPS://Uploads.example.com:443/` is `https://uploads.example.com`): an absolute URL's
/// scheme and host in lower case and without the scheme's default port, and no trailing `/`.
fn one_spelling(url: &str) -> String {
    let url = url.trim_end_matches('/');
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let scheme = scheme.to_ascii_lowercase();
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (user, host) = match authority.rsplit_once('@') {
        Some((user, host)) => (Some(user), host),
        None => (None, authority),
    };
    let host = host.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => "",
    };
    let host = match host.strip_suffix(default_port) {
        Some(without) if !default_port.is_empty() => without,
        _ => &host,
    };
    match user {
        Some(user) => format!("{scheme}://{user}@{host}{path}"),
        None => format!("{scheme}://{host}{path}"),
    }
}

/// Why the client cannot send requests to `url` (variables replaced), if it cannot: what the
/// runtime checks when the client is built, so that one operation's server cannot keep the
/// whole client from building.
fn unusable(url: &str) -> Option<&'static str> {
    if url.contains(['?', '#']) || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("has a query, a fragment or a space");
    }
    match url.split_once("://") {
        Some((scheme, rest)) => {
            if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
                return Some("is not an http or https url");
            }
            let host = rest.split('/').next().unwrap_or_default();
            let host = host.rsplit('@').next().unwrap_or_default();
            if host.is_empty() || host.starts_with(':') {
                return Some("has no host");
            }
            None
        }
        // A relative reference: a path, or `//host/path`. A `:` before the first `/` would
        // make its start a scheme (`localhost:8080`).
        None if url.split('/').next().unwrap_or_default().contains(':') => {
            Some("is not an http or https url")
        }
        None => None,
    }
}

/// Every operation's own server, sorted, each once: what the client declares.
pub(super) fn every_server(operations: &[Operation]) -> Vec<String> {
    let mut servers: Vec<String> = operations
        .iter()
        .filter_map(|operation| operation.server.clone())
        .collect();
    servers.sort_unstable();
    servers.dedup();
    servers
}

/// `server.url` with each `{variable}` replaced by its default, or what stops that.
fn with_defaults(server: &Server) -> Result<String, String> {
    let mut url = String::with_capacity(server.url.len());
    let mut rest = server.url.as_str();
    while let Some(start) = rest.find('{') {
        url.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            return Err(format!("server url `{}` has an unmatched `{{`", server.url));
        };
        let name = &rest[start + 1..start + end];
        let default = server
            .variables
            .as_ref()
            .and_then(|variables| variables.get(name))
            .map(|variable| variable.default.as_str());
        let Some(default) = default else {
            return Err(format!(
                "server url `{}` uses the variable `{name}`, which `variables` does not define",
                server.url
            ));
        };
        url.push_str(default);
        rest = &rest[start + end + 1..];
    }
    url.push_str(rest);
    Ok(url)
}

fn is_absolute(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::{one_spelling, unusable};

    #[test]
    fn a_server_has_one_spelling() {
        for (url, spelled) in [
            (
                "HTTPS://Uploads.Example.com:443/Files/",
                "https://uploads.example.com/Files",
            ),
            ("http://example.com:80", "http://example.com"),
            ("http://example.com:8080/", "http://example.com:8080"),
            ("https://example.com:4443", "https://example.com:4443"),
            ("https://[::1]:443/v1", "https://[::1]/v1"),
            ("https://User@Example.com/", "https://User@example.com"),
            ("/V3/", "/V3"),
            ("uploads", "uploads"),
        ] {
            assert_eq!(one_spelling(url), spelled, "{url}");
        }
    }

    #[test]
    fn only_servers_the_client_can_send_to_are_used() {
        for usable in [
            "https://uploads.example.com",
            "HTTP://localhost:8080/v1",
            "/v3",
            "uploads",
            "//cdn.example.com/files",
        ] {
            assert_eq!(unusable(usable), None, "{usable}");
        }
        for (url, problem) in [
            ("wss://stream.example.com", "is not an http or https url"),
            ("ftp://files.example.com", "is not an http or https url"),
            ("localhost:8080", "is not an http or https url"),
            ("https:///path", "has no host"),
            ("https://:443/path", "has no host"),
            (
                "https://example.com/a b",
                "has a query, a fragment or a space",
            ),
        ] {
            assert_eq!(unusable(url), Some(problem), "{url}");
        }
    }
}
