//! The client shared by all operations.

use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};

use super::attempt;
use super::error::SendError;
use super::rate_limit::{self, RateLimitKind};
use super::retry::{RateLimitWait, Retries, is_transient_status};
use super::{
    BuildError, ClientBuilder, Clock, Error, RateLimitPolicy, RawResponse, Request, RetryPolicy,
};

/// An authenticated connection to the GitHub REST API.
///
/// Cloning is cheap and clones share one connection pool. Its `Debug` output
/// never contains the token.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// Validated configuration, produced by [`ClientBuilder::build`].
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) base: Url,
    /// The base URL's path without trailing `/`, to which request paths are
    /// appended.
    pub(crate) base_path: String,
    /// Sent with every request.
    pub(crate) headers: HeaderMap,
    /// `Bearer <token>`, sent only to the base URL's origin; never printed.
    pub(crate) authorization: Option<HeaderValue>,
    pub(crate) user_agent: String,
    pub(crate) api_version: String,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) max_body_size: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) rate_limit: RateLimitPolicy,
    pub(crate) clock: Arc<dyn Clock>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("token", &inner.authorization.as_ref().map(|_| "<redacted>"))
            .field("user_agent", &inner.user_agent)
            .field("api_version", &inner.api_version)
            .field("connect_timeout", &inner.connect_timeout)
            .field("timeout", &inner.timeout)
            .field("max_body_size", &inner.max_body_size)
            .field("retry", &inner.retry)
            .field("rate_limit", &inner.rate_limit)
            .field("clock", &inner.clock)
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

    pub(crate) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The base URL requests are sent to, without trailing `/`.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The clock the client waits with: the system clock, or the one given to the builder.
    /// Helpers that poll (such as waiting for a resource to become ready) wait with it too.
    pub fn clock(&self) -> &dyn Clock {
        self.inner.clock.as_ref()
    }

    /// Sends `request` and reads the whole response body, whatever the status,
    /// retrying as the [`RetryPolicy`] and [`RateLimitPolicy`] allow.
    ///
    /// Interpreting the status is left to the caller, which knows which
    /// statuses the operation documents; a rate-limit refusal that is not
    /// waited out is returned as [`Error::RateLimited`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHeaderValue`] if a request header is invalid (nothing
    /// is sent then), [`Error::RateLimited`], and the transport failures
    /// [`Error::Timeout`], [`Error::Transport`], [`Error::IncompleteBody`] and
    /// [`Error::BodyTooLarge`].
    #[doc(hidden)]
    pub async fn execute(&self, request: Request) -> Result<RawResponse, SendError> {
        let inner = &*self.inner;
        let url = self.url(&request);
        let headers = self.headers(&request, &url)?;
        let mut retries = Retries::default();
        let mut attempts = 0;
        loop {
            attempts += 1;
            let wait = match attempt::send(inner, &request, url.clone(), headers.clone()).await {
                Ok(raw) => {
                    let raw = raw.with_attempts(attempts);
                    match self.verdict(&raw, request.method(), &mut retries) {
                        Verdict::Done => return Ok(raw),
                        Verdict::Retry(wait) => wait,
                        Verdict::RateLimited { kind, retry_after } => {
                            return Err(raw.into_rate_limited(kind, retry_after).into());
                        }
                    }
                }
                Err(failure) => {
                    let wait = failure
                        .is_transient()
                        .then(|| retries.transient(&inner.retry, request.method()))
                        .flatten();
                    match wait {
                        Some(wait) => wait,
                        None => {
                            return Err(failure.into_error(attempts, inner.max_body_size).into());
                        }
                    }
                }
            };
            inner.clock.sleep(wait).await;
        }
    }

    /// What to do with a complete response.
    fn verdict(&self, raw: &RawResponse, method: &Method, retries: &mut Retries) -> Verdict {
        let inner = &*self.inner;
        if let Some(kind) = rate_limit::classify(raw.status(), raw.headers(), raw.body()) {
            return match retries.rate_limited(&inner.rate_limit, raw.headers(), inner.clock.now()) {
                RateLimitWait::Retry(wait) => Verdict::Retry(wait),
                RateLimitWait::GiveUp(retry_after) => Verdict::RateLimited { kind, retry_after },
            };
        }
        if is_transient_status(raw.status()) {
            if let Some(wait) = retries.transient(&inner.retry, method) {
                return Verdict::Retry(wait);
            }
        }
        Verdict::Done
    }

    /// The full URL of `request`: its own, or the request path appended to the
    /// base URL's path rather than resolved against it, because resolving an
    /// absolute path would drop a prefix such as GitHub Enterprise Server's
    /// `/api/v3`.
    pub(crate) fn url(&self, request: &Request) -> Url {
        let mut url = match request.url() {
            Some(url) => url.clone(),
            None => {
                let mut url = self.inner.base.clone();
                url.set_path(&format!("{}{}", self.inner.base_path, request.path()));
                url
            }
        };
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

    fn headers(&self, request: &Request, url: &Url) -> Result<HeaderMap, Error<Infallible>> {
        let mut headers = self.inner.headers.clone();
        // The token is for the configured API only: a pagination link to another
        // origin is followed without it. (Redirects are covered by reqwest, which
        // drops `Authorization` when scheme, host or port change.)
        if let Some(authorization) = &self.inner.authorization {
            if url.origin() == self.inner.base.origin() {
                headers.insert(reqwest::header::AUTHORIZATION, authorization.clone());
            }
        }
        if request.body().is_some() {
            let media_type = request.body_content_type().unwrap_or("application/json");
            let value =
                HeaderValue::from_str(media_type).map_err(|_| Error::InvalidHeaderValue {
                    name: "content-type",
                })?;
            headers.insert(CONTENT_TYPE, value);
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
            let invalid = || Error::InvalidHeaderValue { name };
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let header_value = HeaderValue::from_str(value).map_err(|_| invalid())?;
            // Inserted, not appended, so an operation can override a default
            // such as `Accept`.
            headers.insert(header_name, header_value);
        }
        Ok(headers)
    }
}

/// The decision after a complete response.
enum Verdict {
    /// Hand the response to the operation's decoder.
    Done,
    /// Wait, then send again.
    Retry(Duration),
    /// A rate-limit refusal the policy does not wait out.
    RateLimited {
        kind: RateLimitKind,
        retry_after: Duration,
    },
}
