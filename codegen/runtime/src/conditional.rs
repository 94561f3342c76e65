//! Conditional requests: `If-None-Match` and `If-Modified-Since`.
//!
//! A server answers `304 Not Modified` (without a body; many APIs do not count it against a
//! rate limit) when the resource still matches. Every generated request builder
//! has `if_none_match` and `if_modified_since` setters backed by this type.

use super::Request;

/// The conditional headers of one request; none by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preconditions {
    if_none_match: Option<String>,
    if_modified_since: Option<String>,
}

/// The header names, in the form [`Request::header`] takes.
pub(crate) const IF_NONE_MATCH: &str = "if-none-match";
pub(crate) const IF_MODIFIED_SINCE: &str = "if-modified-since";

impl Preconditions {
    /// Sets `If-None-Match`, usually to the `ETag` of an earlier response
    /// ([`Response::etag`](super::Response::etag)), quotes and `W/` prefix included.
    pub fn if_none_match(&mut self, etag: impl Into<String>) {
        self.if_none_match = Some(etag.into());
    }

    /// Sets `If-Modified-Since`, usually to the `Last-Modified` of an earlier response
    /// ([`Response::last_modified`](super::Response::last_modified)), an HTTP date.
    pub fn if_modified_since(&mut self, http_date: impl Into<String>) {
        self.if_modified_since = Some(http_date.into());
    }

    /// Adds the headers that are set to `request`. They are validated when the request is
    /// sent: a value with CR or LF fails with
    /// [`Error::InvalidHeaderValue`](super::Error::InvalidHeaderValue) and nothing is sent.
    pub fn apply(&self, request: &mut Request) {
        if let Some(etag) = &self.if_none_match {
            request.header(IF_NONE_MATCH, etag);
        }
        if let Some(date) = &self.if_modified_since {
            request.header(IF_MODIFIED_SINCE, date);
        }
    }
}
