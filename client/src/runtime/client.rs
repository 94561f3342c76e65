//! The client shared by all operations.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};

use super::{BuildError, ClientBuilder, Error, RawResponse, Request};

/// An authenticated connection to the GitHub REST API.
///
/// Cloning is cheap and clones share one connection pool. Its `Debug` output
/// never contains the token.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// Validated configuration, produced by [`ClientBuilder::build`].
pub(super) struct Inner {
    pub(super) http: reqwest::Client,
    pub(super) base_url: String,
    pub(super) base: Url,
    /// The base URL's path without trailing `/`, to which request paths are
    /// appended.
    pub(super) base_path: String,
    /// Sent with every request; holds the token, so never printed.
    pub(super) headers: HeaderMap,
    pub(super) has_token: bool,
    pub(super) user_agent: String,
    pub(super) api_version: String,
    pub(super) connect_timeout: Duration,
    pub(super) timeout: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("token", &inner.has_token.then_some("<redacted>"))
            .field("user_agent", &inner.user_agent)
            .field("api_version", &inner.api_version)
            .field("connect_timeout", &inner.connect_timeout)
            .field("timeout", &inner.timeout)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client.
    #[must_use]
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// Creates a client for api.github.com authenticating with `token`, with
    /// all other settings at their defaults.
    ///
    /// # Errors
    ///
    /// Returns [`BuildError`] if the token cannot be sent as a header value or
    /// the HTTP client cannot be created.
    pub fn new(token: impl Into<String>) -> Result<Self, BuildError> {
        Self::builder().token(token).build()
    }

    pub(super) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The base URL requests are sent to, without trailing `/`.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request` and reads the whole response body, whatever the status.
    ///
    /// Interpreting the status is left to the caller, which knows which
    /// statuses the operation documents.
    ///
    /// # Errors
    ///
    /// Returns [`Error::InvalidHeaderValue`] if a request header is invalid
    /// (nothing is sent then) and [`Error::Transport`] if sending the request
    /// or reading the response fails.
    #[doc(hidden)]
    pub async fn execute<E>(&self, request: Request) -> Result<RawResponse, Error<E>> {
        // Every operation has its own error type `E`. Keeping the work in a function that is
        // not generic compiles it once, instead of once per operation a caller uses.
        self.execute_untyped(request)
            .await
            .map_err(SendError::into_error)
    }

    async fn execute_untyped(&self, request: Request) -> Result<RawResponse, SendError> {
        let url = self.url(&request);
        let headers = self.headers(&request)?;
        let mut builder = self
            .inner
            .http
            .request(request.method().clone(), url)
            .headers(headers);
        if let Some(body) = request.body() {
            builder = builder.body(body.clone());
        }
        let mut response = builder.send().await.map_err(SendError::Transport)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(SendError::Transport)?;
        Ok(RawResponse::new(status, headers, body))
    }

    /// Appends the request path to the base URL's path rather than resolving
    /// it, because resolving an absolute path would drop a prefix such as
    /// GitHub Enterprise Server's `/api/v3`.
    fn url(&self, request: &Request) -> Url {
        let mut url = self.inner.base.clone();
        url.set_path(&format!("{}{}", self.inner.base_path, request.path()));
        // Only touched when needed: an empty query would still leave a `?`.
        if !request.query_pairs().is_empty() {
            url.query_pairs_mut().extend_pairs(
                request
                    .query_pairs()
                    .iter()
                    .map(|(name, value)| (*name, value.as_str())),
            );
        }
        url
    }

    fn headers(&self, request: &Request) -> Result<HeaderMap, SendError> {
        let mut headers = self.inner.headers.clone();
        if request.body().is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        } else if matches!(
            *request.method(),
            Method::POST | Method::PUT | Method::PATCH
        ) {
            // Hyper omits the length of an empty body, and GitHub documents
            // that some body-less writes need `Content-Length: 0` (otherwise
            // HTTP/1.1 front ends may answer 411 Length Required).
            headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        for (name, value) in request.headers() {
            let invalid = || SendError::InvalidHeaderValue { name };
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let header_value = HeaderValue::from_str(value).map_err(|_| invalid())?;
            // Inserted, not appended, so an operation can override a default
            // such as `Accept`.
            headers.insert(header_name, header_value);
        }
        Ok(headers)
    }
}

/// How [`Client::execute`] can fail, without the operation's error type, so that its work is
/// not generic; each variant becomes the [`Error`] variant of the same name.
enum SendError {
    InvalidHeaderValue { name: &'static str },
    Transport(reqwest::Error),
}

impl SendError {
    fn into_error<E>(self) -> Error<E> {
        match self {
            Self::InvalidHeaderValue { name } => Error::InvalidHeaderValue { name },
            Self::Transport(source) => Error::Transport(source),
        }
    }
}
