//! `servers`: the document's first one is the client's default base URL; a path's or an
//! operation's own first one is where that operation's requests go instead.

use openapiv3::{OpenAPI, Server};

use crate::diagnostics::{Diagnostic, Pointer};

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
    let url = url.trim_end_matches('/');
    let document = spec
        .servers
        .first()
        .and_then(|server| with_defaults(server).ok());
    if document.as_deref().map(|url| url.trim_end_matches('/')) == Some(url) {
        return None;
    }
    if url.contains(['?', '#']) || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        warnings.push(Diagnostic {
            pointer: pointer.push("url"),
            message: format!(
                "server url `{url}` has a query, a fragment or a space; the operation is sent to the base url"
            ),
        });
        return None;
    }
    Some(url.to_owned())
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
