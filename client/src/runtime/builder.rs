//! Configuration of a [`Client`].

use std::fmt;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use super::Client;
use super::client::Inner;

/// The base URL of api.github.com.
pub const DEFAULT_BASE_URL: &str = "https://api.github.com";

/// The REST API version requested unless configured otherwise.
pub const DEFAULT_API_VERSION: &str = "2022-11-28";

/// The `User-Agent` sent unless configured otherwise; GitHub rejects requests
/// without one.
pub const DEFAULT_USER_AGENT: &str = concat!("codespaces-client/", env!("CARGO_PKG_VERSION"));

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The media type GitHub recommends for its REST API.
const GITHUB_JSON: &str = "application/vnd.github+json";

const API_VERSION_HEADER: HeaderName = HeaderName::from_static("x-github-api-version");

/// Builds a [`Client`]; obtained from [`Client::builder`].
///
/// Its `Debug` output never contains the token.
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    token: Option<String>,
    user_agent: String,
    api_version: String,
    connect_timeout: Duration,
    timeout: Duration,
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
    /// The underlying HTTP client could not be created.
    #[error("failed to build http client")]
    Http(#[source] reqwest::Error),
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            token: None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            api_version: DEFAULT_API_VERSION.to_owned(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("user_agent", &self.user_agent)
            .field("api_version", &self.api_version)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
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
        self.token = Some(token.into());
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

    /// Sets how long establishing a connection may take, default 10 seconds.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets how long a whole request may take, from connecting until the
    /// body is read, default 60 seconds.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Validates the configuration and creates the client.
    ///
    /// # Errors
    ///
    /// Returns [`BuildError`] if the base URL is invalid, if the token, user
    /// agent or API version cannot be sent as a header value, or if the HTTP
    /// client cannot be created.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        let base = parse_base_url(&base_url)?;
        let headers = default_headers(self.token.as_deref(), &self.user_agent, &self.api_version)?;
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .build()
            .map_err(BuildError::Http)?;
        Ok(Client::from_inner(Inner {
            http,
            base_path: base.path().trim_end_matches('/').to_owned(),
            base,
            base_url,
            headers,
            has_token: self.token.is_some(),
            user_agent: self.user_agent,
            api_version: self.api_version,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
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

fn default_headers(
    token: Option<&str>,
    user_agent: &str,
    api_version: &str,
) -> Result<HeaderMap, BuildError> {
    let value = |setting: &'static str, value: &str| {
        HeaderValue::from_str(value).map_err(|_| BuildError::InvalidHeaderValue { setting })
    };
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static(GITHUB_JSON));
    headers.insert(USER_AGENT, value("user_agent", user_agent)?);
    headers.insert(API_VERSION_HEADER, value("api_version", api_version)?);
    if let Some(token) = token {
        let mut authorization = value("token", &format!("Bearer {token}"))?;
        // Keeps the value out of `Debug` output and HTTP/2 header compression.
        authorization.set_sensitive(true);
        headers.insert(AUTHORIZATION, authorization);
    }
    Ok(headers)
}
