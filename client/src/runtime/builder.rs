//! Configuration of a [`Client`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{ACCEPT, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use super::client::Inner;
use super::tls;
use super::{Client, Clock, RateLimitPolicy, RetryPolicy, SystemClock};

/// The base URL of api.github.com.
pub const DEFAULT_BASE_URL: &str = "https://api.github.com";

/// The REST API version requested unless configured otherwise.
pub const DEFAULT_API_VERSION: &str = "2022-11-28";

/// The `User-Agent` sent unless configured otherwise; GitHub rejects requests
/// without one.
pub const DEFAULT_USER_AGENT: &str = concat!("codespaces-client/", env!("CARGO_PKG_VERSION"));

/// How long connecting may take unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long one attempt (connecting, sending, and reading the whole response) may take unless
/// configured otherwise. GitHub itself ends requests after about 10 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest response body read unless configured otherwise: 16 MiB, far above any
/// Codespaces response (a page of 100 codespaces is about 400 KB).
pub const DEFAULT_MAX_BODY_SIZE: usize = 16 * 1024 * 1024;

/// The environment variable [`ClientBuilder::token_from_env`] reads.
pub const TOKEN_VARIABLE: &str = "GITHUB_TOKEN";

/// How many redirects are followed; reqwest's default, made explicit.
const MAX_REDIRECTS: usize = 10;

/// The media type GitHub recommends for its REST API.
const GITHUB_JSON: &str = "application/vnd.github+json";

const API_VERSION_HEADER: HeaderName = HeaderName::from_static("x-github-api-version");

/// Builds a [`Client`]; obtained from [`Client::builder`].
///
/// Its `Debug` output never contains the token.
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    token: Token,
    user_agent: String,
    api_version: String,
    connect_timeout: Duration,
    timeout: Duration,
    max_body_size: usize,
    retry: RetryPolicy,
    rate_limit: RateLimitPolicy,
    clock: Arc<dyn Clock>,
}

/// Where the token comes from.
#[derive(Clone)]
enum Token {
    None,
    Given(String),
    /// [`ClientBuilder::token_from_env`] found the variable unset, empty or not Unicode.
    MissingFromEnv,
}

/// Why [`ClientBuilder::build`] failed.
///
/// No variant ever contains the token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
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
        /// The offending setting: `token`, `user_agent` or `api_version`.
        setting: &'static str,
    },
    /// [`ClientBuilder::token_from_env`] found no token.
    #[error("environment variable {variable} is not set, empty or not unicode")]
    MissingToken {
        /// The variable that was read.
        variable: &'static str,
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
            base_url: DEFAULT_BASE_URL.to_owned(),
            token: Token::None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            api_version: DEFAULT_API_VERSION.to_owned(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            retry: RetryPolicy::default(),
            rate_limit: RateLimitPolicy::default(),
            clock: Arc::new(SystemClock),
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field(
                "token",
                &match self.token {
                    Token::None => None,
                    Token::Given(_) => Some("<redacted>"),
                    Token::MissingFromEnv => Some("<missing>"),
                },
            )
            .field("user_agent", &self.user_agent)
            .field("api_version", &self.api_version)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_body_size", &self.max_body_size)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("clock", &self.clock)
            .finish()
    }
}

impl ClientBuilder {
    /// Creates a builder with the defaults: api.github.com, no token.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the base URL, default [`DEFAULT_BASE_URL`].
    ///
    /// For GitHub Enterprise Server use `https://HOST/api/v3`. Request paths
    /// are appended to it (a trailing `/` is ignored), so a path prefix is kept.
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Sets the token sent as `Authorization: Bearer <token>`; without one,
    /// requests are unauthenticated.
    #[must_use]
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Token::Given(token.into());
        self
    }

    /// Takes the token from the `GITHUB_TOKEN` environment variable (read now); when it is
    /// unset or empty, [`build`](Self::build) fails with [`BuildError::MissingToken`].
    #[must_use]
    pub fn token_from_env(mut self) -> Self {
        self.token = match std::env::var(TOKEN_VARIABLE) {
            Ok(token) if !token.trim().is_empty() => Token::Given(token),
            _ => Token::MissingFromEnv,
        };
        self
    }

    /// Sets the `User-Agent` header, default [`DEFAULT_USER_AGENT`].
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sets the `X-GitHub-Api-Version` header, default [`DEFAULT_API_VERSION`].
    #[must_use]
    pub fn api_version(mut self, api_version: impl Into<String>) -> Self {
        self.api_version = api_version.into();
        self
    }

    /// Sets how long establishing a connection may take, default
    /// [`DEFAULT_CONNECT_TIMEOUT`] (10 seconds). Elapsing gives
    /// [`Error::Timeout`](super::Error::Timeout) with [`TimeoutPhase::Connect`](super::TimeoutPhase::Connect).
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
    /// Returns [`BuildError`] if the base URL is invalid, if the token, user
    /// agent or API version cannot be sent as a header value, if
    /// [`token_from_env`](Self::token_from_env) found no token, or if the HTTP
    /// client cannot be created.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        let base = parse_base_url(&base_url)?;
        let headers = default_headers(&self.user_agent, &self.api_version)?;
        let authorization = match &self.token {
            Token::None => None,
            Token::Given(token) => Some(authorization(token)?),
            Token::MissingFromEnv => {
                return Err(BuildError::MissingToken {
                    variable: TOKEN_VARIABLE,
                });
            }
        };
        // The request timeout is enforced by the client itself (with its clock)
        // so that it covers the body too and can be tested without waiting.
        let tls = tls::client_config().map_err(|error| BuildError::Tls(Box::new(error)))?;
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
            .build()
            .map_err(BuildError::Http)?;
        Ok(Client::from_inner(Inner {
            http,
            base_path: base.path().trim_end_matches('/').to_owned(),
            base,
            base_url,
            headers,
            authorization,
            user_agent: self.user_agent,
            api_version: self.api_version,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            max_body_size: self.max_body_size,
            retry: self.retry,
            rate_limit: self.rate_limit,
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
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(format!("unsupported scheme `{}`", url.scheme())));
    }
    if url.host().is_none() {
        return Err(invalid("missing host".to_owned()));
    }
    // Both would end up between the base path and the request path.
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not have a query or fragment".to_owned()));
    }
    Ok(url)
}

fn header_value(setting: &'static str, value: &str) -> Result<HeaderValue, BuildError> {
    HeaderValue::from_str(value).map_err(|_| BuildError::InvalidHeaderValue { setting })
}

fn default_headers(user_agent: &str, api_version: &str) -> Result<HeaderMap, BuildError> {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static(GITHUB_JSON));
    headers.insert(USER_AGENT, header_value("user_agent", user_agent)?);
    headers.insert(
        API_VERSION_HEADER,
        header_value("api_version", api_version)?,
    );
    Ok(headers)
}

fn authorization(token: &str) -> Result<HeaderValue, BuildError> {
    let mut value = header_value("token", &format!("Bearer {token}"))?;
    // Keeps the value out of `Debug` output and HTTP/2 header compression.
    value.set_sensitive(true);
    Ok(value)
}
