//! Responses before and after decoding.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::Error;

/// A successful, decoded response.
///
/// Status and headers are kept because callers often need them (rate limit
/// headers, `Location`, pagination links) even when the body is typed.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The HTTP status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> Response<T> {
    /// Discards status and headers and returns the body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Transforms the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

/// A response whose body has been read in full but not yet decoded.
#[derive(Debug, Clone)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl RawResponse {
    /// Creates a raw response, for example to decode a recorded example.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            status,
            headers,
            body,
        }
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

    /// Decodes the body as JSON.
    ///
    /// # Errors
    ///
    /// Returns [`Error::Decode`], carrying status, headers and the raw body,
    /// if the body is not valid JSON for `T`. An empty body is such an error:
    /// the caller only asks for a body where the API documents one.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status,
            headers: Box::new(self.headers.clone()),
            body: self.body.clone(),
            source,
        })
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
        })
    }

    /// Wraps an already decoded body, keeping status and headers.
    pub fn into_response<T>(self, body: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    /// Builds [`Error::Api`] for a documented error status with its decoded body.
    pub fn into_api_error<E>(self, body: E) -> Error<E> {
        Error::Api {
            status: self.status,
            headers: Box::new(self.headers),
            body,
        }
    }

    /// Builds [`Error::UnexpectedStatus`] for a status the operation does not
    /// document, keeping the raw body.
    pub fn into_unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            status: self.status,
            headers: Box::new(self.headers),
            body: self.body,
        }
    }

    /// Decodes a documented success body and wraps it with `wrap` (a variant of the
    /// operation's success enum, or [`std::convert::identity`]).
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when the body does not decode.
    pub fn success<T: DeserializeOwned, S, E>(
        self,
        wrap: impl FnOnce(T) -> S,
    ) -> Result<Response<S>, Error<E>> {
        let body = self.json()?;
        Ok(self.into_response(wrap(body)))
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
        wrap: impl FnOnce(T) -> E,
    ) -> Result<Response<S>, Error<E>> {
        let body = self.json()?;
        Err(self.into_api_error(wrap(body)))
    }

    /// [`success`](Self::success) for a text body (`text/*` media types).
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] when the body is not UTF-8.
    pub fn success_text<S, E>(
        self,
        wrap: impl FnOnce(String) -> S,
    ) -> Result<Response<S>, Error<E>> {
        let body = self.text()?;
        Ok(self.into_response(wrap(body)))
    }

    /// [`failure`](Self::failure) for a text body (`text/*` media types).
    ///
    /// # Errors
    ///
    /// Always: [`Error::Api`] with the text, or [`Error::Decode`] when it is not UTF-8.
    pub fn failure_text<S, E>(
        self,
        wrap: impl FnOnce(String) -> E,
    ) -> Result<Response<S>, Error<E>> {
        let body = self.text()?;
        Err(self.into_api_error(wrap(body)))
    }

    /// [`success`](Self::success) for a body kept as bytes (any media type that is neither JSON
    /// nor text, such as `application/octet-stream`); it cannot fail.
    ///
    /// # Errors
    ///
    /// Never; the `Result` matches the other decoders.
    pub fn success_bytes<S, E>(
        self,
        wrap: impl FnOnce(Bytes) -> S,
    ) -> Result<Response<S>, Error<E>> {
        let body = self.body.clone();
        Ok(self.into_response(wrap(body)))
    }

    /// [`failure`](Self::failure) for a body kept as bytes.
    ///
    /// # Errors
    ///
    /// Always [`Error::Api`] with the bytes.
    pub fn failure_bytes<S, E>(
        self,
        wrap: impl FnOnce(Bytes) -> E,
    ) -> Result<Response<S>, Error<E>> {
        let body = self.body.clone();
        Err(self.into_api_error(wrap(body)))
    }
}
