//! Configuration of a [`Client`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use super::client::{Inner, Server};
use super::credentials::{Credential, Credentials, SecurityScheme};
use super::rate_limit::{RateLimitRules, StandardRateLimits};
use super::tls;
use super::{Client, Clock, RateLimitPolicy, RetryPolicy, SystemClock};

/// How long connecting may take unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one attempt (connecting, sending, and reading the whole response) may take unless
/// configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest response body read unless configured otherwise: 16 MiB.
pub const DEFAULT_MAX_BODY_SIZE: usize = 16 * 1024 * 1024;

/// How the service is called in error messages unless configured otherwise.
pub const DEFAULT_SERVICE_NAME: &str = "api";

/// How many redirects are followed; reqwest's default, made explicit.
const MAX_REDIRECTS: usize = 10;

/// Builds a [`Client`]; obtained from [`Client::builder`], or from a generated client's own
/// builder, which starts from what its API description says (base URL, security schemes).
///
/// Its `Debug` output never contains a credential or a default header's value.
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    /// The base URL when the operation servers were declared: the description's.
    description_base_url: Option<String>,
    operation_servers: &'static [&'static str],
    replaced_servers: Vec<(String, String)>,
    token: Token,
    schemes: &'static [SecurityScheme],
    credentials: Vec<(&'static str, Credential)>,
    user_agent: Option<String>,
    headers: Vec<(String, String)>,
    service: &'static str,
    connect_timeout: Duration,
    timeout: Duration,
    max_body_size: usize,
    retry: RetryPolicy,
    rate_limit: RateLimitPolicy,
    rate_limit_rules: Arc<dyn RateLimitRules>,
    http: Option<reqwest::Client>,
    clock: Arc<dyn Clock>,
}

/// Where the client-wide bearer token comes from.
#[derive(Clone)]
enum Token {
    None,
    Given(Credential),
    /// [`ClientBuilder::bearer_token_from_env`] found the variable unset, empty or not Unicode.
    MissingFromEnv(&'static str),
}

/// Why [`ClientBuilder::build`] failed.
///
/// No variant ever contains a credential.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No base URL was given, and the API description names no absolute server URL.
    #[error(
        "no base url: the api description names no absolute server url, so one must be given (`base_url`)"
    )]
    MissingBaseUrl,
    /// The base URL is not an absolute `http` or `https` URL without query or
    /// fragment.
    #[error("invalid base url {url:?}: {reason}")]
    InvalidBaseUrl {
        /// The rejected URL.
        url: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A setting sent as a header contains characters not allowed in HTTP
    /// header values, such as CR or LF.
    #[error("invalid {setting}: not a valid http header value")]
    InvalidHeaderValue {
        /// The offending setting: `token`, `user_agent` or a security scheme.
        setting: &'static str,
    },
    /// A default header's name or value is not valid in HTTP (the value is not printed: it
    /// may be a secret).
    #[error("invalid default header {name:?}: not a valid http header name or value")]
    InvalidDefaultHeader {
        /// The header's name.
        name: String,
    },
    /// [`ClientBuilder::bearer_token_from_env`] found no token.
    #[error("environment variable {variable} is not set, empty or not unicode")]
    MissingToken {
        /// The variable that was read.
        variable: &'static str,
    },
    /// A credential was given for a security scheme the API description does not define.
    #[error("unknown security scheme `{scheme}`")]
    UnknownSecurityScheme {
        /// The scheme name given.
        scheme: &'static str,
    },
    /// A credential of the wrong kind was given for a security scheme (a bearer token for an
    /// HTTP basic scheme, say).
    #[error("security scheme `{scheme}` does not take a {given}")]
    CredentialMismatch {
        /// The scheme.
        scheme: &'static str,
        /// What was given.
        given: &'static str,
    },
    /// [`ClientBuilder::replace_server`] named a server no operation is placed at.
    #[error("unknown server {server:?}: the api description places no operation there")]
    UnknownServer {
        /// The server given.
        server: String,
    },
    /// The base URL was changed, but operations the API description places at servers of
    /// their own were not given one with [`ClientBuilder::replace_server`].
    #[error(
        "the base url was changed, but the operations the api description places at {servers} would still go there: give them a url with `replace_server` (the same one to keep it)"
    )]
    ServersNotReplaced {
        /// The servers, as the description gives them, joined by `, `.
        servers: String,
    },
    /// An operation's server, or what replaces it, is not an `http` or `https` URL, absolute
    /// or relative to the base URL, without query or fragment.
    #[error("invalid url {url:?} for the operations at {server:?}: {reason}")]
    InvalidServerUrl {
        /// The server as the API description gives it.
        server: &'static str,
        /// The rejected URL: that server, or what replaces it.
        url: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The TLS configuration could not be created, for example because the
    /// platform's certificate store could not be read.
    #[error("failed to configure tls")]
    Tls(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The underlying HTTP client could not be created.
    #[error("failed to build http client")]
    Http(#[source] reqwest::Error),
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: None,
            description_base_url: None,
            operation_servers: &[],
            replaced_servers: Vec::new(),
            token: Token::None,
            schemes: &[],
            credentials: Vec::new(),
            user_agent: None,
            headers: Vec::new(),
            service: DEFAULT_SERVICE_NAME,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            retry: RetryPolicy::default(),
            rate_limit: RateLimitPolicy::default(),
            rate_limit_rules: Arc::new(StandardRateLimits),
            http: None,
            clock: Arc::new(SystemClock),
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        let credentials: Vec<&str> = self.credentials.iter().map(|(name, _)| *name).collect();
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("description_base_url", &self.description_base_url)
            .field("operation_servers", &self.operation_servers)
            .field("replaced_servers", &self.replaced_servers)
            .field(
                "token",
                &match self.token {
                    Token::None => None,
                    Token::Given(_) => Some("<redacted>"),
                    Token::MissingFromEnv(_) => Some("<missing>"),
                },
            )
            .field("credentials", &credentials)
            .field("user_agent", &self.user_agent)
            .field("headers", &header_names)
            .field("service", &self.service)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_body_size", &self.max_body_size)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("rate_limit_rules", &self.rate_limit_rules)
            .field("http", &self.http.as_ref().map(|_| "<given>"))
            .field("clock", &self.clock)
            .finish()
    }
}

impl ClientBuilder {
    /// Creates a builder with no base URL, no credentials and the default timeouts, retries
    /// and rate-limit rules.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the base URL. Request paths are appended to it (a trailing `/` is ignored), so a
    /// path prefix such as `/api/v3` is kept.
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Declares the servers the API description gives some operations in place of the base
    /// URL (`servers` of a path or an operation), so that their requests go there and
    /// [`replace_server`](Self::replace_server) can name them; generated clients do this,
    /// right after setting the description's base URL. Once the base URL is changed, building
    /// fails unless every absolute one of them is replaced: the base URL of another
    /// installation or of a test server says nothing of where its other servers are, and
    /// credentials for it must not go to the description's.
    #[must_use]
    pub fn operation_servers(mut self, servers: &'static [&'static str]) -> Self {
        self.description_base_url.clone_from(&self.base_url);
        self.operation_servers = servers;
        self
    }

    /// Sends the operations the API description places at `server` (one of its operations'
    /// own servers, as the generated client's documentation lists them) to `url` instead: a
    /// test server, or another installation of the API. Credentials are sent there as they
    /// would be to `server`. A relative `url` is resolved against the base URL (`/uploads`
    /// replaces its path). Building fails if no operation is placed at `server`.
    #[must_use]
    pub fn replace_server(mut self, server: impl Into<String>, url: impl Into<String>) -> Self {
        let server = spelling(&server.into());
        self.replaced_servers.retain(|(other, _)| *other != server);
        self.replaced_servers.push((server, url.into()));
        self
    }

    /// Declares the API's security schemes, so that [`credential`](Self::credential) can name
    /// them; generated clients do this.
    #[must_use]
    pub fn security_schemes(mut self, schemes: &'static [SecurityScheme]) -> Self {
        self.schemes = schemes;
        self
    }

    /// Sets the credential for the security scheme `scheme`; it is sent with the operations
    /// that accept that scheme. Building fails if the scheme is not declared or takes another
    /// kind of credential.
    #[must_use]
    pub fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.push((scheme, credential));
        self
    }

    /// Sets a token sent as `Authorization: Bearer <token>` with every operation whose
    /// description declares no security of its own; without one (and without
    /// [`credential`](Self::credential)s), requests are unauthenticated.
    #[must_use]
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.token = Token::Given(Credential::bearer(token));
        self
    }

    /// Takes the [`bearer_token`](Self::bearer_token) from the environment variable `variable`
    /// (read now); when it is unset or empty, [`build`](Self::build) fails with
    /// [`BuildError::MissingToken`].
    #[must_use]
    pub fn bearer_token_from_env(mut self, variable: &'static str) -> Self {
        self.token = match std::env::var(variable) {
            Ok(token) if !token.trim().is_empty() => Token::Given(Credential::bearer(token)),
            _ => Token::MissingFromEnv(variable),
        };
        self
    }

    /// Sets the `User-Agent` header; without one, none is sent.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Adds a header sent with every request (replacing an earlier one of the same name). It
    /// takes precedence over the `Accept` an operation asks for, and is overridden by the
    /// operation's own header parameters. Values are not printed by `Debug`.
    #[must_use]
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.headers
            .retain(|(other, _)| !other.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
        self
    }

    /// How error messages call the service, default `api` (`api returned error status 404 Not
    /// Found: ...`).
    #[must_use]
    pub fn service_name(mut self, name: &'static str) -> Self {
        self.service = name;
        self
    }

    /// Sets how long establishing a connection may take, default
    /// [`DEFAULT_CONNECT_TIMEOUT`] (10 seconds). Elapsing gives
    /// [`Error::Timeout`](super::Error::Timeout) with [`TimeoutPhase::Connect`](super::TimeoutPhase::Connect).
    /// Ignored with [`http_client`](Self::http_client), which brings its own.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets how long one attempt may take, from connecting until the whole
    /// body is read, default [`DEFAULT_TIMEOUT`] (30 seconds). A server that
    /// never answers, or stalls in the middle of the body, gives
    /// [`Error::Timeout`](super::Error::Timeout). Retries get a fresh budget each.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the largest response body the client reads, default
    /// [`DEFAULT_MAX_BODY_SIZE`] (16 MiB); a larger one gives
    /// [`Error::BodyTooLarge`](super::Error::BodyTooLarge).
    #[must_use]
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Sets the retry policy for transient failures; see [`RetryPolicy`] for
    /// the defaults, and [`RetryPolicy::disabled`].
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets how rate limits are waited out; see [`RateLimitPolicy`] for the
    /// defaults, and [`RateLimitPolicy::disabled`].
    #[must_use]
    pub fn rate_limit_policy(mut self, policy: RateLimitPolicy) -> Self {
        self.rate_limit = policy;
        self
    }

    /// Sets how rate-limit refusals are recognised and how long the server asks to wait,
    /// default [`StandardRateLimits`] (429 and `retry-after`).
    #[must_use]
    pub fn rate_limit_rules(mut self, rules: Arc<dyn RateLimitRules>) -> Self {
        self.rate_limit_rules = rules;
        self
    }

    /// Uses `http` to send requests (its proxies, root certificates, connection pool) instead
    /// of a client configured here; [`connect_timeout`](Self::connect_timeout) and the TLS
    /// configuration then are `http`'s own. Redirects should stay within the policy the caller
    /// wants: reqwest drops `Authorization` on a redirect to another origin.
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Replaces the clock used for waits and timeouts, default [`SystemClock`];
    /// tests use this to make waiting instant and observable.
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Validates the configuration and creates the client.
    ///
    /// # Errors
    ///
    /// Returns [`BuildError`] if there is no base URL or it is invalid, if a credential, the
    /// user agent or a default header cannot be sent as a header value, if a credential does
    /// not fit its scheme, if [`bearer_token_from_env`](Self::bearer_token_from_env) found no
    /// token, or if the HTTP client cannot be created.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = self
            .base_url
            .as_deref()
            .ok_or(BuildError::MissingBaseUrl)?
            .trim_end_matches('/')
            .to_owned();
        let base = parse_base_url(&base_url)?;
        let trimmed = |url: Option<&str>| url.map(|url| url.trim_end_matches('/').to_owned());
        if trimmed(self.description_base_url.as_deref()) != trimmed(self.base_url.as_deref()) {
            let stranded: Vec<&str> = self
                .operation_servers
                .iter()
                .copied()
                .filter(|server| Url::parse(server).is_ok())
                .filter(|server| {
                    !self
                        .replaced_servers
                        .iter()
                        .any(|(from, _)| *from == spelling(server))
                })
                .collect();
            if !stranded.is_empty() {
                return Err(BuildError::ServersNotReplaced {
                    servers: stranded.join(", "),
                });
            }
        }
        let servers = resolve_servers(&base, self.operation_servers, &self.replaced_servers)?;
        let headers = default_headers(self.user_agent.as_deref(), &self.headers)?;
        let token = match &self.token {
            Token::None => None,
            Token::Given(token) => Some(token),
            Token::MissingFromEnv(variable) => {
                return Err(BuildError::MissingToken { variable });
            }
        };
        let credentials = Credentials::prepare(token, self.schemes, &self.credentials)?;
        let http = match self.http {
            Some(http) => http,
            None => {
                // The request timeout is enforced by the client itself (with its clock) so
                // that it covers the body too and can be tested without waiting.
                let tls = tls::client_config().map_err(|error| BuildError::Tls(Box::new(error)))?;
                reqwest::Client::builder()
                    .tls_backend_preconfigured(tls)
                    .connect_timeout(self.connect_timeout)
                    .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
                    .build()
                    .map_err(BuildError::Http)?
            }
        };
        Ok(Client::from_inner(Inner {
            http,
            base_path: base.path().trim_end_matches('/').to_owned(),
            base,
            base_url,
            servers,
            headers,
            credentials,
            user_agent: self.user_agent,
            service: self.service,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            max_body_size: self.max_body_size,
            retry: self.retry,
            rate_limit: self.rate_limit,
            rate_limit_rules: self.rate_limit_rules,
            clock: self.clock,
        }))
    }
}

fn parse_base_url(base_url: &str) -> Result<Url, BuildError> {
    let invalid = |reason: String| BuildError::InvalidBaseUrl {
        url: base_url.to_owned(),
        reason,
    };
    let url = Url::parse(base_url).map_err(|err| invalid(err.to_string()))?;
    check_http_url(&url).map_err(invalid)?;
    Ok(url)
}

/// Each operation server with the URL its requests go to: its replacement or itself, resolved
/// against the base URL when relative.
fn resolve_servers(
    base: &Url,
    servers: &'static [&'static str],
    replaced: &[(String, String)],
) -> Result<Vec<Server>, BuildError> {
    if let Some((unknown, _)) = replaced
        .iter()
        .find(|(server, _)| !servers.iter().any(|declared| spelling(declared) == *server))
    {
        return Err(BuildError::UnknownServer {
            server: unknown.clone(),
        });
    }
    servers
        .iter()
        .map(|&server| {
            let given = replaced
                .iter()
                .find(|(replaced, _)| *replaced == spelling(server))
                .map_or(server, |(_, url)| url.as_str());
            // `/` alone is the root, which trimming would make the base URL itself.
            let url = match given.trim_end_matches('/') {
                "" => given,
                trimmed => trimmed,
            };
            let invalid = |reason: String| BuildError::InvalidServerUrl {
                server,
                url: url.to_owned(),
                reason,
            };
            let resolved = Url::parse(url)
                .or_else(|_| base.join(url))
                .map_err(|err| invalid(err.to_string()))?;
            check_http_url(&resolved).map_err(invalid)?;
            Ok(Server::new(server, resolved))
        })
        .collect()
}

/// One spelling of a server, so that `replace_server` finds it however it is written: an
/// absolute URL as `Url` writes it (scheme and host in lower case, no default port), and no
/// trailing `/`, as the generator declares them.
fn spelling(server: &str) -> String {
    let written = match Url::parse(server) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => url.as_str().to_owned(),
        _ => server.to_owned(),
    };
    written.trim_end_matches('/').to_owned()
}

/// Why `url` cannot be a base for request paths, if it cannot.
fn check_http_url(url: &Url) -> Result<(), String> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("unsupported scheme `{}`", url.scheme()));
    }
    if url.host().is_none() {
        return Err("missing host".to_owned());
    }
    // Both would end up between the base path and the request path.
    if url.query().is_some() || url.fragment().is_some() {
        return Err("must not have a query or fragment".to_owned());
    }
    Ok(())
}

fn default_headers(
    user_agent: Option<&str>,
    extra: &[(String, String)],
) -> Result<HeaderMap, BuildError> {
    let mut headers = HeaderMap::new();
    if let Some(user_agent) = user_agent {
        let value =
            HeaderValue::from_str(user_agent).map_err(|_| BuildError::InvalidHeaderValue {
                setting: "user_agent",
            })?;
        headers.insert(USER_AGENT, value);
    }
    for (name, value) in extra {
        let invalid = || BuildError::InvalidDefaultHeader { name: name.clone() };
        let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        let mut value = HeaderValue::from_str(value).map_err(|_| invalid())?;
        // A default header may carry a secret the user added by hand.
        value.set_sensitive(true);
        headers.insert(header, value);
    }
    Ok(headers)
}
