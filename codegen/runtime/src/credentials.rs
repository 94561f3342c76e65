//! Credentials and where they go: the security schemes of an API description, which of them an
//! operation accepts, and the values a user configured for them.
//!
//! Generated code declares the schemes once ([`SecurityScheme`]) and, per operation, the
//! alternatives it accepts ([`Security`]). The client sends, for each request, the first
//! alternative whose every scheme has a credential; an operation declared with `security: []`
//! gets none. Credentials are sent only to the base URL's origin and never printed.

use std::fmt;

use base64::Engine as _;
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap, HeaderValue};

use crate::BuildError;

/// One entry of the description's `components/securitySchemes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's key in `components/securitySchemes`, as operations name it.
    pub name: &'static str,
    /// How its credential is sent.
    pub kind: SchemeKind,
}

/// How a security scheme's credential travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`: HTTP `bearer`, and `oauth2` / `openIdConnect`, whose
    /// access tokens are bearer tokens.
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`: HTTP `basic`.
    Basic,
    /// An API key in a header, a query parameter or a cookie of the given name.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie, in the `Cookie` header.
    Cookie,
}

/// Which credentials an operation sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Security {
    /// The description says nothing: the client-wide credential
    /// ([`ClientBuilder::bearer_token`](crate::ClientBuilder::bearer_token)) is sent, if any.
    #[default]
    Unspecified,
    /// Alternatives, each a set of scheme names that are sent together; the first alternative
    /// whose every scheme has a credential is used. No alternatives (`security: []`) means
    /// nothing is sent.
    Requirements(&'static [&'static [&'static str]]),
}

/// A secret value for one security scheme. Its `Debug` output never contains the secret.
#[derive(Clone)]
pub struct Credential(Secret);

#[derive(Clone)]
enum Secret {
    Bearer(String),
    Basic { user: String, password: String },
    ApiKey(String),
}

impl Credential {
    /// A bearer token, for HTTP `bearer`, `oauth2` and `openIdConnect` schemes.
    pub fn bearer(token: impl Into<String>) -> Self {
        Self(Secret::Bearer(token.into()))
    }

    /// A user name and password, for HTTP `basic` schemes.
    pub fn basic(user: impl Into<String>, password: impl Into<String>) -> Self {
        Self(Secret::Basic {
            user: user.into(),
            password: password.into(),
        })
    }

    /// An API key, for `apiKey` schemes.
    pub fn api_key(key: impl Into<String>) -> Self {
        Self(Secret::ApiKey(key.into()))
    }

    fn kind_name(&self) -> &'static str {
        match self.0 {
            Secret::Bearer(_) => "bearer token",
            Secret::Basic { .. } => "user and password",
            Secret::ApiKey(_) => "api key",
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Credential({}: <redacted>)", self.kind_name())
    }
}

/// A credential checked against its scheme and turned into what is sent.
#[derive(Clone)]
pub(crate) enum Prepared {
    /// A header (`Authorization`, or an API key header); the value is marked sensitive.
    Header(reqwest::header::HeaderName, HeaderValue),
    /// A query parameter.
    Query(&'static str, String),
    /// A `name=value` cookie.
    Cookie(String),
}

/// The credentials of one client, ready to be applied to requests.
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    /// Sent when an operation's security is unspecified.
    pub(crate) default: Option<Prepared>,
    /// By scheme name.
    pub(crate) schemes: Vec<(&'static str, Prepared)>,
}

impl Credentials {
    /// Checks every configured credential against its scheme.
    pub(crate) fn prepare(
        default: Option<&Credential>,
        schemes: &[SecurityScheme],
        configured: &[(&'static str, Credential)],
    ) -> Result<Self, BuildError> {
        let default = default
            .map(|credential| prepare_one("token", SchemeKind::Bearer, credential))
            .transpose()?;
        let mut prepared = Vec::with_capacity(configured.len());
        for (name, credential) in configured {
            let scheme = schemes
                .iter()
                .find(|scheme| scheme.name == *name)
                .ok_or(BuildError::UnknownSecurityScheme { scheme: name })?;
            prepared.retain(|(other, _)| other != name);
            prepared.push((*name, prepare_one(name, scheme.kind, credential)?));
        }
        Ok(Self {
            default,
            schemes: prepared,
        })
    }

    /// What to send for an operation with `security`, without allocating: the client-wide
    /// token, or the schemes of the first alternative that has a credential for each.
    fn selected(&self, security: Security) -> Selected<'_> {
        match security {
            Security::Unspecified => Selected::One(self.default.as_ref()),
            Security::Requirements(alternatives) => Selected::Schemes(
                self,
                alternatives
                    .iter()
                    .find(|alternative| {
                        !alternative.is_empty()
                            && alternative.iter().all(|name| self.get(name).is_some())
                    })
                    .copied()
                    .unwrap_or_default(),
            ),
        }
    }

    /// Adds the header and cookie credentials for `security` to `headers`; returns the query
    /// ones.
    pub(crate) fn apply<'a>(
        &'a self,
        security: Security,
        headers: &mut HeaderMap,
    ) -> Vec<(&'static str, &'a str)> {
        let mut query = Vec::new();
        let mut cookies: Vec<&str> = Vec::new();
        let mut add = |prepared: &'a Prepared| match prepared {
            Prepared::Header(name, value) => {
                headers.insert(name.clone(), value.clone());
            }
            Prepared::Query(name, value) => query.push((*name, value.as_str())),
            Prepared::Cookie(pair) => cookies.push(pair),
        };
        match self.selected(security) {
            Selected::One(prepared) => prepared.into_iter().for_each(&mut add),
            Selected::Schemes(credentials, names) => names
                .iter()
                .filter_map(|name| credentials.get(name))
                .for_each(&mut add),
        }
        if !cookies.is_empty() {
            if let Ok(mut value) = HeaderValue::from_str(&cookies.join("; ")) {
                value.set_sensitive(true);
                headers.insert(COOKIE, value);
            }
        }
        query
    }

    fn get(&self, scheme: &str) -> Option<&Prepared> {
        self.schemes
            .iter()
            .find(|(name, _)| *name == scheme)
            .map(|(_, prepared)| prepared)
    }

    /// The scheme names that have a credential, for `Debug` output.
    pub(crate) fn names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self.schemes.iter().map(|(name, _)| *name).collect();
        if self.default.is_some() {
            names.insert(0, "token");
        }
        names
    }
}

fn prepare_one(
    setting: &'static str,
    kind: SchemeKind,
    credential: &Credential,
) -> Result<Prepared, BuildError> {
    let sensitive = |value: String| {
        HeaderValue::from_str(&value)
            .map(|mut value| {
                // Keeps the value out of `Debug` output and HTTP/2 header compression.
                value.set_sensitive(true);
                value
            })
            .map_err(|_| BuildError::InvalidHeaderValue { setting })
    };
    match (kind, &credential.0) {
        (SchemeKind::Bearer, Secret::Bearer(token)) => Ok(Prepared::Header(
            AUTHORIZATION,
            sensitive(format!("Bearer {token}"))?,
        )),
        (SchemeKind::Basic, Secret::Basic { user, password }) => {
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            Ok(Prepared::Header(
                AUTHORIZATION,
                sensitive(format!("Basic {encoded}"))?,
            ))
        }
        (SchemeKind::ApiKey { location, name }, Secret::ApiKey(key)) => match location {
            ApiKeyLocation::Header => {
                let header = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| BuildError::InvalidHeaderValue { setting })?;
                Ok(Prepared::Header(header, sensitive(key.clone())?))
            }
            ApiKeyLocation::Query => Ok(Prepared::Query(name, key.clone())),
            ApiKeyLocation::Cookie => {
                if key.contains([';', '\r', '\n']) {
                    return Err(BuildError::InvalidHeaderValue { setting });
                }
                Ok(Prepared::Cookie(format!("{name}={key}")))
            }
        },
        _ => Err(BuildError::CredentialMismatch {
            scheme: setting,
            given: credential.kind_name(),
        }),
    }
}

/// The credentials chosen for one request.
enum Selected<'a> {
    /// The client-wide token, if any.
    One(Option<&'a Prepared>),
    /// The schemes of one alternative, each with a credential.
    Schemes(&'a Credentials, &'static [&'static str]),
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMES: &[SecurityScheme] = &[
        SecurityScheme {
            name: "bearer",
            kind: SchemeKind::Bearer,
        },
        SecurityScheme {
            name: "basic",
            kind: SchemeKind::Basic,
        },
        SecurityScheme {
            name: "key",
            kind: SchemeKind::ApiKey {
                location: ApiKeyLocation::Query,
                name: "api_key",
            },
        },
    ];

    #[test]
    fn the_first_satisfiable_alternative_is_sent() {
        let credentials =
            Credentials::prepare(None, SCHEMES, &[("key", Credential::api_key("k"))]).unwrap();
        let mut headers = HeaderMap::new();
        let query = credentials.apply(
            Security::Requirements(&[&["bearer"], &["key"]]),
            &mut headers,
        );
        assert_eq!(query, [("api_key", "k")]);
        assert!(headers.is_empty());
        assert!(
            credentials
                .apply(Security::Requirements(&[]), &mut headers)
                .is_empty()
        );
        assert!(
            credentials
                .apply(Security::Unspecified, &mut headers)
                .is_empty()
        );
        assert!(headers.is_empty());
    }

    #[test]
    fn a_credential_of_the_wrong_kind_is_refused() {
        let error = Credentials::prepare(None, SCHEMES, &[("basic", Credential::bearer("t"))])
            .err()
            .unwrap();
        assert_eq!(
            error.to_string(),
            "security scheme `basic` does not take a bearer token"
        );
        let error = Credentials::prepare(None, SCHEMES, &[("nope", Credential::bearer("t"))])
            .err()
            .unwrap();
        assert_eq!(error.to_string(), "unknown security scheme `nope`");
    }

    #[test]
    fn basic_credentials_are_base64_encoded() {
        let credentials =
            Credentials::prepare(None, SCHEMES, &[("basic", Credential::basic("u", "p:w"))])
                .unwrap();
        let mut headers = HeaderMap::new();
        credentials.apply(Security::Requirements(&[&["basic"]]), &mut headers);
        assert_eq!(headers[AUTHORIZATION], "Basic dTpwOnc=");
        assert!(headers[AUTHORIZATION].is_sensitive());
        assert!(!format!("{:?}", Credential::basic("u", "p:w")).contains("p:w"));
    }
}
