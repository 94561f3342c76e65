//! The transport-independent description of one API call.

use std::borrow::Cow;
use std::fmt::Display;
use std::ops::Range;

use bytes::Bytes;
use reqwest::{Method, Url};
use serde::Serialize;

use super::Error;
use super::conditional::{IF_MODIFIED_SINCE, IF_NONE_MATCH};
use super::credentials::Security;
use super::form::{FormFields, Multipart};
use super::text::{self, QueryPair};

/// One API call as assembled by generated code, before it is sent.
///
/// It is a plain value (cheap to clone, since the body is [`Bytes`]) so that
/// the client can later resend it, for example to retry.
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    target: Target,
    query: Vec<QueryPair>,
    headers: Vec<(&'static str, String)>,
    body: Option<Bytes>,
    multipart: Option<Multipart>,
    content_type: Option<&'static str>,
    operation_id: Option<&'static str>,
    accept: Option<&'static str>,
    security: Security,
    server: Option<&'static str>,
    /// Query parameters with OpenAPI's `allowReserved`, and the pairs theirs are.
    reserved_names: Vec<&'static str>,
    reserved_pairs: Vec<Range<usize>>,
}

/// Where a request goes.
#[derive(Debug, Clone)]
enum Target {
    /// A percent-encoded path appended to the client's base URL.
    Path(String),
    /// A URL used as it is, such as a pagination link from a response.
    Url(Url),
}

impl Request {
    /// Creates a request for `path`, which must already be percent-encoded
    /// (see [`push_path_segment`](super::push_path_segment)) and start with `/`.
    ///
    /// A missing leading `/` is added, because the URL is built by appending
    /// the path to the base URL.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        let mut path = path.into();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        Self {
            method,
            target: Target::Path(path),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            multipart: None,
            content_type: None,
            operation_id: None,
            accept: None,
            security: Security::Unspecified,
            server: None,
            reserved_names: Vec::new(),
            reserved_pairs: Vec::new(),
        }
    }

    /// Creates a request for an absolute URL, used verbatim (a `Link` header's target, say).
    ///
    /// The token is only sent when the URL has the same origin (scheme, host and port) as the
    /// client's base URL.
    pub fn for_url(method: Method, url: Url) -> Self {
        Self {
            method,
            target: Target::Url(url),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            multipart: None,
            content_type: None,
            operation_id: None,
            accept: None,
            security: Security::Unspecified,
            server: None,
            reserved_names: Vec::new(),
            reserved_pairs: Vec::new(),
        }
    }

    /// A body-less request with this request's method and headers for `url`: the next page
    /// of a listing. Conditional headers are left out, because a validator (an `ETag`)
    /// belongs to the page it came from.
    pub(crate) fn follow(&self, url: Url) -> Self {
        let mut next = Self::for_url(self.method.clone(), url);
        next.operation_id = self.operation_id;
        next.accept = self.accept;
        next.security = self.security;
        next.server = self.server;
        next.headers = self
            .headers
            .iter()
            .filter(|(name, _)| !matches!(*name, IF_NONE_MATCH | IF_MODIFIED_SINCE))
            .cloned()
            .collect();
        next
    }

    /// Sends the request to `server`, the operation's own server in the API description, in
    /// place of the base URL: one the client was given with
    /// [`ClientBuilder::operation_servers`](super::ClientBuilder::operation_servers) (generated
    /// clients give all of theirs), else the base URL is used.
    pub fn server(&mut self, server: &'static str) {
        self.server = Some(server);
    }

    /// Adds the query parameter `name` if `value` is `Some`; `None` is skipped.
    pub fn query<T: Display + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            self.query_required(name, value);
        }
    }

    /// Adds the query parameter `name`, which is always sent.
    ///
    /// Values are form-urlencoded when the URL is built.
    pub fn query_required<T: Display + ?Sized>(&mut self, name: &'static str, value: &T) {
        let start = self.query.len();
        self.query.push((Cow::Borrowed(name), value.to_string()));
        self.note_reserved(name, start);
    }

    /// Sends the values of the query parameter `name`, added after this call, with the
    /// reserved characters a query may hold (`:/?@!$()*,;`) and percent-encoded triples
    /// (`%2F`) as they are: OpenAPI's `allowReserved`. Other characters, `&`, `=`, `+`, `#`,
    /// `[` and `]` included, are percent-encoded, so a value cannot add parameters.
    pub fn allow_reserved(&mut self, name: &'static str) {
        self.reserved_names.push(name);
    }

    /// Marks the pairs from `start` on as `name`'s, if it allows reserved characters.
    fn note_reserved(&mut self, name: &'static str, start: usize) {
        if self.reserved_names.contains(&name) && start < self.query.len() {
            self.reserved_pairs.push(start..self.query.len());
        }
    }

    /// Adds `value`, a list or an object, in OpenAPI's `form` style with `explode` (a query
    /// parameter's default): a list as one `name=item` pair per item, an object as one
    /// `property=value` pair per property that is not `null` (the parameter's own name is not
    /// sent). Any other value is one `name=value` pair; `null` sends nothing.
    ///
    /// Items and property values are written as [`parameter_text`](super::parameter_text)
    /// writes a scalar; an object among them is JSON text.
    pub fn query_exploded<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let start = self.query.len();
        text::exploded_pairs(name, value, &mut self.query);
        self.note_reserved(name, start);
    }

    /// Adds `value` as one `name=...` pair: a list's items, or an object's property names and
    /// values, joined by `separator`. That is `,` for the `form` style without `explode`, ` `
    /// for `spaceDelimited` and `|` for `pipeDelimited`. `null` sends nothing.
    pub fn query_delimited<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        separator: &str,
    ) {
        let start = self.query.len();
        self.query
            .extend(text::delimited_pair(name, value, separator));
        self.note_reserved(name, start);
    }

    /// Adds `value`, an object, in the `deepObject` style: one `name[property]=value` pair per
    /// property that is not `null`. A value that is not an object is one `name=value` pair.
    pub fn query_deep_object<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let start = self.query.len();
        text::deep_object_pairs(name, value, &mut self.query);
        self.note_reserved(name, start);
    }

    /// Adds a request header.
    ///
    /// The name and value are validated when the request is executed, which
    /// fails with [`Error::InvalidHeaderValue`] if either is not a valid header.
    pub fn header<T: Display + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.headers.push((name, value.to_string()));
    }

    /// Serialises `body` as the JSON request body.
    ///
    /// # Errors
    ///
    /// Returns [`Error::Encode`] if `body` cannot be serialised.
    pub fn json_body<T: Serialize + ?Sized, E>(&mut self, body: &T) -> Result<(), Error<E>> {
        let bytes = serde_json::to_vec(body).map_err(Error::Encode)?;
        self.body = Some(Bytes::from(bytes));
        self.content_type.get_or_insert("application/json");
        Ok(())
    }

    /// Sets `text` as the request body, sent as `text/plain` unless
    /// [`content_type`](Self::content_type) says otherwise.
    pub fn text_body(&mut self, text: impl Into<String>) {
        self.body = Some(Bytes::from(text.into()));
        self.content_type.get_or_insert("text/plain");
    }

    /// Sets `bytes` as the request body, sent as `application/octet-stream`
    /// unless [`content_type`](Self::content_type) says otherwise.
    pub fn binary_body(&mut self, bytes: impl Into<Bytes>) {
        self.body = Some(bytes.into());
        self.content_type.get_or_insert("application/octet-stream");
    }

    /// Sets `fields` as the body, percent-encoded, sent as
    /// `application/x-www-form-urlencoded`.
    pub fn form_body(&mut self, fields: &FormFields) {
        self.body = Some(Bytes::from(fields.encode()));
        self.content_type
            .get_or_insert("application/x-www-form-urlencoded");
    }

    /// Sets `parts` as a `multipart/form-data` body. Its `Content-Type`, with the boundary, is
    /// set when the body is sent, once per attempt.
    pub fn multipart_body(&mut self, parts: Multipart) {
        self.multipart = Some(parts);
        self.body = None;
    }

    /// Sets the media type of the body, for operations that document one other
    /// than the default of the body's kind (`application/merge-patch+json`,
    /// `text/x-markdown`).
    pub fn content_type(&mut self, media_type: &'static str) {
        self.content_type = Some(media_type);
    }

    /// Names the operation, for tracing.
    pub fn operation_id(&mut self, operation_id: &'static str) {
        self.operation_id = Some(operation_id);
    }

    /// Sets the `Accept` header the operation asks for (the media types of its documented
    /// responses). A default header of the client named `Accept` takes precedence.
    pub fn accept(&mut self, media_types: &'static str) {
        self.accept = Some(media_types);
    }

    /// Sets which credentials the operation sends; see [`Security`].
    pub fn security(&mut self, security: Security) {
        self.security = security;
    }

    /// The operation's id, if generated code named it.
    pub fn operation(&self) -> Option<&'static str> {
        self.operation_id
    }

    /// The `Accept` the operation asks for.
    pub fn accepted(&self) -> Option<&'static str> {
        self.accept
    }

    /// Which credentials the operation sends.
    pub fn required_security(&self) -> Security {
        self.security
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The percent-encoded path, starting with `/` (of the URL, for a request made with
    /// [`for_url`](Self::for_url)).
    pub fn path(&self) -> &str {
        match &self.target {
            Target::Path(path) => path,
            Target::Url(url) => url.path(),
        }
    }

    /// The absolute URL, for a request made with [`for_url`](Self::for_url).
    pub fn url(&self) -> Option<&Url> {
        match &self.target {
            Target::Path(_) => None,
            Target::Url(url) => Some(url),
        }
    }

    /// The operation's own server, as the API description gives it (see
    /// [`server`](Self::server)).
    pub fn operation_server(&self) -> Option<&'static str> {
        self.server
    }

    /// Which of the [`query_pairs`](Self::query_pairs) are sent with reserved characters as
    /// they are (see [`allow_reserved`](Self::allow_reserved)), as index ranges.
    pub fn reserved_query_pairs(&self) -> &[Range<usize>] {
        &self.reserved_pairs
    }

    /// The query parameters in the order they were added, not yet encoded.
    pub fn query_pairs(&self) -> &[(Cow<'static, str>, String)] {
        &self.query
    }

    /// The extra headers in the order they were added, not yet validated.
    pub fn headers(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    /// The serialised body, if any.
    pub fn body(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }

    /// The `multipart/form-data` body, if any.
    pub fn multipart(&self) -> Option<&Multipart> {
        self.multipart.as_ref()
    }

    /// The media type sent as `Content-Type` with the body.
    pub fn body_content_type(&self) -> Option<&'static str> {
        self.content_type
    }
}
