//! Responses before and after decoding.

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{ETAG, HeaderMap, LAST_MODIFIED};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;

use super::Error;
use super::builder::DEFAULT_SERVICE_NAME;
use super::rate_limit::{RateLimit, RateLimitKind};

/// A successful, decoded response.
///
/// Status and headers are kept because callers often need them (rate limit
/// headers, `ETag`, `Location`, pagination links) even when the body is typed.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The HTTP status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
    /// How many times the request was sent, retries included (1 without retries).
    pub attempts: u32,
}

impl<T> Response<T> {
    /// Discards status and headers and returns the body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Transforms the body, keeping status, headers and the attempt count.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
            attempts: self.attempts,
        }
    }

    /// The `x-ratelimit-*` headers, when the response carries them.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// The `ETag` header, for a later `if_none_match`.
    pub fn etag(&self) -> Option<&str> {
        self.headers.get(ETAG)?.to_str().ok()
    }

    /// The `Last-Modified` header, for a later `if_modified_since`.
    pub fn last_modified(&self) -> Option<&str> {
        self.headers.get(LAST_MODIFIED)?.to_str().ok()
    }

    /// Whether the status is `304 Not Modified`.
    pub fn is_not_modified(&self) -> bool {
        self.status == StatusCode::NOT_MODIFIED
    }
}

/// A response whose body has been read in full but not yet decoded.
#[derive(Debug, Clone)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    attempts: u32,
    url: Option<Url>,
    service: &'static str,
}

impl RawResponse {
    /// Creates a raw response, for example to decode a recorded example; it
    /// counts as one attempt.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            status,
            headers,
            body,
            attempts: 1,
            url: None,
            service: DEFAULT_SERVICE_NAME,
        }
    }

    /// Records the service's name, for error messages.
    pub(crate) fn with_service(mut self, service: &'static str) -> Self {
        self.service = service;
        self
    }

    /// Records where the response came from (after redirects).
    pub(crate) fn with_url(mut self, url: Url) -> Self {
        self.url = Some(url);
        self
    }

    /// Drops the query parameters `names` (credentials) from the recorded URL.
    pub(crate) fn without_query(mut self, names: &[&str]) -> Self {
        if let (Some(url), false) = (&mut self.url, names.is_empty()) {
            let kept: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(name, _)| !names.contains(&name.as_ref()))
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect();
            if kept.is_empty() {
                url.set_query(None);
            } else {
                url.query_pairs_mut().clear().extend_pairs(kept);
            }
        }
        self
    }

    /// Records how many times the request was sent.
    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// The HTTP status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The undecoded response body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// How many times the request was sent.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The URL the response came from, after redirects; `None` for a response made with
    /// [`RawResponse::new`].
    pub fn url(&self) -> Option<&Url> {
        self.url.as_ref()
    }

    /// Decodes the body as JSON.
    ///
    /// # Errors
    ///
    /// Returns [`Error::Decode`], carrying status, headers and the raw body,
    /// if the body is not valid JSON for `T`. An empty body is such an error:
    /// the caller only asks for a body where the API documents one.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|source| self.decode_error(source))
    }

    /// [`Error::Decode`] for this response's body.
    fn decode_error<E>(&self, source: serde_json::Error) -> Error<E> {
        Error::Decode {
            status: self.status,
            headers: Box::new(self.headers.clone()),
            body: self.body.clone(),
            source,
            attempts: self.attempts,
        }
    }

    /// Reads the body as UTF-8 text.
    ///
    /// # Errors
    ///
    /// Returns [`Error::Decode`], carrying status, headers and the raw body,
    /// if the body is not valid UTF-8.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        String::from_utf8(self.body.to_vec()).map_err(|_| Error::Decode {
            status: self.status,
            headers: Box::new(self.headers.clone()),
            body: self.body.clone(),
            source: serde::de::Error::custom("the body is not valid UTF-8 text"),
            attempts: self.attempts,
        })
    }

    /// Wraps an already decoded body, keeping status and headers.
    pub fn into_response<T>(self, body: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            body,
            attempts: self.attempts,
        }
    }

    /// Builds [`Error::Api`] for a documented error status with its decoded body.
    pub fn into_api_error<E>(self, body: E) -> Error<E> {
        Error::Api {
            service: self.service,
            status: self.status,
            headers: Box::new(self.headers),
            body,
            attempts: self.attempts,
        }
    }

    /// Builds [`Error::UnexpectedStatus`] for a status the operation does not
    /// document, keeping the raw body.
    pub fn into_unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            service: self.service,
            status: self.status,
            headers: Box::new(self.headers),
            body: self.body,
            attempts: self.attempts,
        }
    }

    /// Builds [`Error::NotModified`] for a 304 the operation does not document,
    /// so that a conditional request never ends in a decode error.
    pub fn into_not_modified<E>(self) -> Error<E> {
        Error::NotModified {
            headers: Box::new(self.headers),
            attempts: self.attempts,
        }
    }

    /// Builds [`Error::RateLimited`] for a refusal the client did not wait out.
    pub(crate) fn into_rate_limited(
        self,
        kind: RateLimitKind,
        retry_after: Duration,
    ) -> Error<Infallible> {
        Error::RateLimited {
            kind,
            retry_after,
            status: self.status,
            headers: Box::new(self.headers),
            body: self.body,
            attempts: self.attempts,
        }
    }

    /// Decodes a documented success body and wraps it with `wrap` (a variant of the
    /// operation's success enum, or [`std::convert::identity`]).
    ///
    /// `wrap` is a function pointer, not a closure type, here and in the methods below: every
    /// variant carrying the same body type then shares one copy of the method instead of one
    /// per variant, which a client with many operations pays for in build time.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when the body does not decode.
    #[inline]
    pub fn success<T: DeserializeOwned, S, E>(
        self,
        wrap: fn(T) -> S,
    ) -> Result<Response<S>, Error<E>> {
        // Written out rather than with `json` and `into_response`, and `#[inline]` so that the
        // optimiser can build the body where `decode` returns it once `wrap` is known: a large
        // body (a model of a hundred fields is kilobytes) is moved fewer times on its way to
        // the caller. There is still one instance of the method per body type.
        match serde_json::from_slice(&self.body) {
            Ok(body) => Ok(Response {
                body: wrap(body),
                status: self.status,
                headers: self.headers,
                attempts: self.attempts,
            }),
            Err(source) => Err(self.decode_error(source)),
        }
    }

    /// Decodes a documented error body and wraps it with `wrap` (a variant of the operation's
    /// error enum) into [`Error::Api`].
    ///
    /// # Errors
    ///
    /// Always: [`Error::Api`] with the typed body, or [`Error::Decode`] when the body does not
    /// decode (an HTML error page from a proxy, say), which keeps status and raw body.
    pub fn failure<T: DeserializeOwned, S, E>(
        self,
        wrap: fn(T) -> E,
    ) -> Result<Response<S>, Error<E>> {
        let body = self.json()?;
        Err(self.into_api_error(wrap(body)))
    }

    /// [`success`](Self::success) for a text body (`text/*` media types).
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when the body is not UTF-8.
    pub fn success_text<S, E>(self, wrap: fn(String) -> S) -> Result<Response<S>, Error<E>> {
        let body = self.text()?;
        Ok(self.into_response(wrap(body)))
    }

    /// [`failure`](Self::failure) for a text body (`text/*` media types).
    ///
    /// # Errors
    ///
    /// Always: [`Error::Api`] with the text, or [`Error::Decode`] when it is not UTF-8.
    pub fn failure_text<S, E>(self, wrap: fn(String) -> E) -> Result<Response<S>, Error<E>> {
        let body = self.text()?;
        Err(self.into_api_error(wrap(body)))
    }

    /// [`success`](Self::success) for a body kept as bytes (any media type that is neither JSON
    /// nor text, such as `application/octet-stream`); it cannot fail.
    ///
    /// # Errors
    ///
    /// Never; the `Result` matches the other decoders.
    pub fn success_bytes<S, E>(self, wrap: fn(Bytes) -> S) -> Result<Response<S>, Error<E>> {
        let body = self.body.clone();
        Ok(self.into_response(wrap(body)))
    }

    /// [`failure`](Self::failure) for a body kept as bytes.
    ///
    /// # Errors
    ///
    /// Always [`Error::Api`] with the bytes.
    pub fn failure_bytes<S, E>(self, wrap: fn(Bytes) -> E) -> Result<Response<S>, Error<E>> {
        let body = self.body.clone();
        Err(self.into_api_error(wrap(body)))
    }
}
