//! What the generated client starts from: the default base URL (from `servers`, see
//! `servers.rs`) and the credentials it can send (`components/securitySchemes`, `security`).

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::{docs, servers};
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{ApiKeyPlace, ClientDef, Doc, OperationSecurity, SchemeKindDef, SecuritySchemeDef};
use crate::names::{GENERATED_BUILDER_METHODS, Namespace, snake_ident};

/// The base URL and the security schemes; what cannot be used is a warning, because the client
/// still works with a base URL given by hand and credentials sent as default headers.
pub(super) fn client_def(spec: &OpenAPI, warnings: &mut Vec<Diagnostic>) -> ClientDef {
    let (base_url, base_url_doc) = servers::base_url(spec, warnings);
    ClientDef {
        base_url,
        base_url_doc,
        schemes: schemes(spec, warnings),
        operation_servers: Vec::new(),
    }
}

fn schemes(spec: &OpenAPI, warnings: &mut Vec<Diagnostic>) -> Vec<SecuritySchemeDef> {
    let Some(components) = &spec.components else {
        return Vec::new();
    };
    let base = Pointer::root().push("components").push("securitySchemes");
    let mut methods = Namespace::with_reserved(GENERATED_BUILDER_METHODS);
    let mut schemes = Vec::new();
    for (key, entry) in &components.security_schemes {
        let pointer = base.push(key);
        let scheme = match entry {
            ReferenceOr::Item(scheme) => scheme,
            ReferenceOr::Reference { reference } => {
                warnings.push(Diagnostic {
                    pointer,
                    message: format!(
                        "security scheme references (`{reference}`) are not supported; the client cannot send this scheme's credential"
                    ),
                });
                continue;
            }
        };
        let Some((kind, what, description)) = scheme_kind(scheme, &pointer, warnings) else {
            continue;
        };
        let wanted = snake_ident(key);
        let method_name = methods.claim(&wanted);
        if method_name != wanted {
            warnings.push(Diagnostic {
                pointer: pointer.clone(),
                message: format!(
                    "security scheme `{key}` becomes `{wanted}`, which is taken by an earlier scheme or by the builder; its method is `{method_name}`"
                ),
            });
        }
        let mut doc = Doc::default();
        doc.push(format!(
            "Credential for the `{key}` security scheme: {what}."
        ));
        if let Some(description) = description {
            doc.push(docs::clean(description));
        }
        schemes.push(SecuritySchemeDef {
            key: key.clone(),
            method_name,
            kind,
            doc,
            origin: pointer,
        });
    }
    schemes
}

/// How a scheme's credential travels, what it is in words, and its description; `None` (with a
/// warning) for a scheme the client cannot send.
fn scheme_kind<'s>(
    scheme: &'s SecurityScheme,
    pointer: &Pointer,
    warnings: &mut Vec<Diagnostic>,
) -> Option<(SchemeKindDef, String, &'s Option<String>)> {
    Some(match scheme {
        SecurityScheme::HTTP {
            scheme: http,
            description,
            ..
        } => match http.to_ascii_lowercase().as_str() {
            "bearer" => (
                SchemeKindDef::Bearer,
                "HTTP bearer token".to_owned(),
                description,
            ),
            "basic" => (
                SchemeKindDef::Basic,
                "HTTP basic authentication".to_owned(),
                description,
            ),
            other => {
                warnings.push(Diagnostic {
                    pointer: pointer.push("scheme"),
                    message: format!(
                        "HTTP authentication scheme `{other}` is not supported (bearer and basic are); the client cannot send this scheme's credential"
                    ),
                });
                return None;
            }
        },
        SecurityScheme::APIKey {
            location,
            name,
            description,
            ..
        } => {
            let (place, word) = match location {
                APIKeyLocation::Header => (ApiKeyPlace::Header, "header"),
                APIKeyLocation::Query => (ApiKeyPlace::Query, "query parameter"),
                APIKeyLocation::Cookie => (ApiKeyPlace::Cookie, "cookie"),
            };
            (
                SchemeKindDef::ApiKey {
                    location: place,
                    name: name.clone(),
                },
                format!("API key in the `{name}` {word}"),
                description,
            )
        }
        SecurityScheme::OAuth2 { description, .. } => (
            SchemeKindDef::Bearer,
            "OAuth 2.0 access token, sent as a bearer token".to_owned(),
            description,
        ),
        SecurityScheme::OpenIDConnect { description, .. } => (
            SchemeKindDef::Bearer,
            "OpenID Connect token, sent as a bearer token".to_owned(),
            description,
        ),
    })
}

/// The operation's `security`, or else the document's; requirements naming a scheme the client
/// cannot send stay (they are never satisfied) with a warning.
pub(super) fn operation_security(
    spec: &OpenAPI,
    own: Option<&Vec<SecurityRequirement>>,
    pointer: &Pointer,
    known: &[SecuritySchemeDef],
    warnings: &mut Vec<Diagnostic>,
) -> OperationSecurity {
    let (requirements, at) = match (own, &spec.security) {
        (Some(own), _) => (own, pointer.push("security")),
        (None, Some(global)) => (global, Pointer::root().push("security")),
        (None, None) => return OperationSecurity::Unspecified,
    };
    let alternatives = requirements
        .iter()
        .enumerate()
        .map(|(index, requirement)| {
            requirement
                .keys()
                .map(|name| {
                    if !known.iter().any(|scheme| &scheme.key == name) {
                        warnings.push(Diagnostic {
                            pointer: at.push(index.to_string()).push(name),
                            message: format!(
                                "security requirement names `{name}`, which is not a security scheme the client can send"
                            ),
                        });
                    }
                    name.clone()
                })
                .collect()
        })
        .collect();
    OperationSecurity::Requirements(alternatives)
}
