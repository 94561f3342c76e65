//! The client shared by all operations.

use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use tracing::Instrument as _;
use tracing::field::Empty;

use super::attempt;
use super::credentials::Credentials;
use super::error::SendError;
use super::rate_limit::{RateLimitKind, RateLimitRules};
use super::retry::{RateLimitWait, Retries, is_transient_status};
use super::text;
use super::{ClientBuilder, Clock, Error, RateLimitPolicy, RawResponse, Request, RetryPolicy};

/// A configured connection to an HTTP API: base URL, credentials, default headers, timeouts,
/// retry and rate-limit policies. Generated clients wrap one.
///
/// Cloning is cheap and clones share one connection pool. Its `Debug` output
/// never contains a credential.
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
    /// Where the operations the description places elsewhere go.
    pub(crate) servers: Vec<Server>,
    /// Sent with every request.
    pub(crate) headers: HeaderMap,
    /// Sent only to the base URL's origin; never printed.
    pub(crate) credentials: Credentials,
    pub(crate) user_agent: Option<String>,
    pub(crate) service: &'static str,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) max_body_size: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) rate_limit: RateLimitPolicy,
    pub(crate) rate_limit_rules: Arc<dyn RateLimitRules>,
    pub(crate) clock: Arc<dyn Clock>,
}

/// A server the API description gives some operations in place of the base URL, and where
/// their requests go.
#[derive(Debug)]
pub(crate) struct Server {
    /// As the description gives it: what generated requests name.
    description: &'static str,
    url: Url,
    /// The URL's path without trailing `/`, to which request paths are appended.
    path: String,
}

impl Server {
    pub(crate) fn new(description: &'static str, url: Url) -> Self {
        Self {
            description,
            path: url.path().trim_end_matches('/').to_owned(),
            url,
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let credentials = inner.credentials.names();
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("servers", &inner.servers)
            .field(
                "token",
                &inner.credentials.default.as_ref().map(|_| "<redacted>"),
            )
            .field("credentials", &credentials)
            .field("user_agent", &inner.user_agent)
            .field("service", &inner.service)
            .field("connect_timeout", &inner.connect_timeout)
            .field("timeout", &inner.timeout)
            .field("max_body_size", &inner.max_body_size)
            .field("retry", &inner.retry)
            .field("rate_limit", &inner.rate_limit)
            .field("rate_limit_rules", &inner.rate_limit_rules)
            .field("clock", &inner.clock)
            .finish_non_exhaustive()
    }
}

/// A request ready to send: its URL (with any query credential), the same URL without
/// credentials for logs, and its headers.
struct Prepared {
    url: Url,
    /// The URL without the credentials put in its query, when there are any.
    shown_url: Option<Url>,
    headers: HeaderMap,
    /// Query parameters that carry credentials: stripped from every URL kept in a response,
    /// and the reason transport errors are kept without their URL.
    secret_query: Vec<&'static str>,
}

impl Client {
    /// Starts configuring a client.
    #[must_use]
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
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
    /// Each call is one `tracing` span named `request` (operation id, method, URL without
    /// credentials, and once known the status, the attempts and the elapsed milliseconds),
    /// with an event for every retry and rate-limit wait.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidHeaderValue`] if a request header is invalid (nothing
    /// is sent then), [`Error::RateLimited`], and the transport failures
    /// [`Error::Timeout`], [`Error::Transport`], [`Error::IncompleteBody`] and
    /// [`Error::BodyTooLarge`].
    #[doc(hidden)]
    pub async fn execute(&self, request: Request) -> Result<RawResponse, SendError> {
        let prepared = self.prepare(&request)?;
        let span = tracing::info_span!(
            "request",
            operation = request.operation().unwrap_or_default(),
            method = %request.method(),
            url = %prepared.shown_url.as_ref().unwrap_or(&prepared.url),
            status = Empty,
            attempts = Empty,
            elapsed_ms = Empty,
        );
        self.send_with_retries(&request, prepared)
            .instrument(span)
            .await
    }

    /// The retry loop: send an attempt, then hand the response over, wait and send again, or
    /// give up. The span's fields are recorded when it stops.
    async fn send_with_retries(
        &self,
        request: &Request,
        prepared: Prepared,
    ) -> Result<RawResponse, SendError> {
        let inner = &*self.inner;
        let span = tracing::Span::current();
        let started = inner.clock.now();
        let mut retries = Retries::default();
        let mut attempts = 0;
        let Prepared {
            url,
            headers,
            secret_query,
            ..
        } = prepared;
        let mut first = Some((url, headers));
        loop {
            attempts += 1;
            // The first attempt, nearly always the only one, sends the prepared URL and headers
            // without copying them; a retry prepares them again (the same request gives the
            // same URL and headers).
            let (url, headers) = match first.take() {
                Some(first) => first,
                None => match self.prepare(request) {
                    Ok(again) => (again.url, again.headers),
                    Err(error) => return Err(error.into()),
                },
            };
            let sent = attempt::send(inner, request, url, headers).await;
            let next = match sent {
                Ok(raw) => self.after_response(raw, request, &secret_query, attempts, &mut retries),
                Err(failure) => {
                    self.after_failure(failure, request, &secret_query, attempts, &mut retries)
                }
            };
            match next {
                Next::Wait(wait) => inner.clock.sleep(wait).await,
                Next::Stop { status, result } => {
                    if !span.is_disabled() {
                        let elapsed = inner
                            .clock
                            .now()
                            .duration_since(started)
                            .unwrap_or_default();
                        span.record("status", status);
                        span.record("attempts", attempts);
                        span.record("elapsed_ms", u64::try_from(elapsed.as_millis()).ok());
                    }
                    return result;
                }
            }
        }
    }

    /// After attempt number `attempts` brought a complete response.
    fn after_response(
        &self,
        raw: RawResponse,
        request: &Request,
        secret_query: &[&'static str],
        attempts: u32,
        retries: &mut Retries,
    ) -> Next {
        let raw = raw
            .with_attempts(attempts)
            .with_service(self.inner.service)
            .without_query(secret_query);
        let status = Some(raw.status().as_u16());
        match self.verdict(&raw, request.method(), retries) {
            Verdict::Done => Next::Stop {
                status,
                result: Ok(raw),
            },
            Verdict::Retry(wait) => {
                tracing::info!(
                    status = raw.status().as_u16(),
                    attempt = attempts,
                    wait_ms = u64::try_from(wait.as_millis()).ok(),
                    "waiting before sending again"
                );
                Next::Wait(wait)
            }
            Verdict::RateLimited { kind, retry_after } => Next::Stop {
                status,
                result: Err(raw.into_rate_limited(kind, retry_after).into()),
            },
        }
    }

    /// After attempt number `attempts` failed without a complete response.
    fn after_failure(
        &self,
        failure: attempt::Failure,
        request: &Request,
        secret_query: &[&'static str],
        attempts: u32,
        retries: &mut Retries,
    ) -> Next {
        let inner = &*self.inner;
        let wait = failure
            .is_transient()
            .then(|| retries.transient(&inner.retry, request.method()))
            .flatten();
        if let Some(wait) = wait {
            tracing::info!(
                failure = failure.kind(),
                attempt = attempts,
                wait_ms = u64::try_from(wait.as_millis()).ok(),
                "transient failure, waiting before sending again"
            );
            return Next::Wait(wait);
        }
        // The URL of a failure would show the credentials sent in its query.
        let failure = if secret_query.is_empty() {
            failure
        } else {
            failure.without_url()
        };
        Next::Stop {
            status: None,
            result: Err(failure.into_error(attempts, inner.max_body_size).into()),
        }
    }

    /// What to do with a complete response.
    fn verdict(&self, raw: &RawResponse, method: &Method, retries: &mut Retries) -> Verdict {
        let inner = &*self.inner;
        let rules = inner.rate_limit_rules.as_ref();
        if let Some(kind) = rules.classify(raw.status(), raw.headers(), raw.body()) {
            let wait =
                retries.rate_limited(&inner.rate_limit, rules, raw.headers(), inner.clock.now());
            return match wait {
                RateLimitWait::Retry(wait) => {
                    tracing::info!(kind = %kind, wait_ms = u64::try_from(wait.as_millis()).ok(), "rate limited, waiting");
                    Verdict::Retry(wait)
                }
                RateLimitWait::GiveUp(retry_after) => Verdict::RateLimited { kind, retry_after },
            };
        }
        if is_transient_status(raw.status()) {
            if let Some(backoff) = retries.transient(&inner.retry, method) {
                // A server that says when to come back (`503` with `retry-after`) is taken at
                // its word, within the longest wait the rate-limit policy accepts.
                let asked = rules
                    .server_wait(raw.headers(), inner.clock.now())
                    .filter(|wait| *wait <= inner.rate_limit.max_wait);
                return Verdict::Retry(asked.map_or(backoff, |asked| asked.max(backoff)));
            }
        }
        Verdict::Done
    }

    /// The server `request` belongs to, when the description places its operation elsewhere
    /// than the base URL.
    fn server(&self, request: &Request) -> Option<&Server> {
        let wanted = request.operation_server()?;
        self.inner
            .servers
            .iter()
            .find(|server| server.description == wanted)
    }

    /// The full URL of `request`: its own, or the request path appended to the
    /// base URL's path (or its operation's server's) rather than resolved against it, because
    /// resolving an absolute path would drop a prefix such as `/api/v3`.
    pub(crate) fn url(&self, request: &Request) -> Url {
        let mut url = match request.url() {
            Some(url) => url.clone(),
            None => {
                let (base, base_path) = match self.server(request) {
                    Some(server) => (&server.url, &server.path),
                    None => (&self.inner.base, &self.inner.base_path),
                };
                let mut url = base.clone();
                if base_path.is_empty() {
                    url.set_path(request.path());
                } else {
                    let mut path = String::with_capacity(base_path.len() + request.path().len());
                    path.push_str(base_path);
                    path.push_str(request.path());
                    url.set_path(&path);
                }
                url
            }
        };
        // Only touched when needed: an empty query would still leave a `?`.
        if !request.reserved_query_pairs().is_empty() {
            text::write_query_allowing_reserved(
                &mut url,
                request.query_pairs(),
                request.reserved_query_pairs(),
            );
        } else if !request.query_pairs().is_empty() {
            url.query_pairs_mut().extend_pairs(
                request
                    .query_pairs()
                    .iter()
                    .map(|(name, value)| (name.as_ref(), value.as_str())),
            );
        }
        url
    }

    /// Refuses a request placed at a server of its own that this client was built without (a
    /// runtime client built by hand, without its API's operation servers), rather than sending
    /// it to the base URL, where its operation does not live.
    fn check_server(&self, request: &Request) -> Result<(), Error<Infallible>> {
        match request.operation_server() {
            Some(server) if request.url().is_none() && self.server(request).is_none() => {
                Err(Error::UnknownServer { server })
            }
            _ => Ok(()),
        }
    }

    fn prepare(&self, request: &Request) -> Result<Prepared, Error<Infallible>> {
        self.check_server(request)?;
        let mut url = self.url(request);
        let mut shown_url = None;
        // Room for the operation's own headers and two more (a credential, a content type or
        // `Accept`), so adding them seldom grows the map. Not more: a few more would double
        // its allocation past what the allocator serves from its fast caches.
        let mut headers =
            HeaderMap::with_capacity(self.inner.headers.len() + request.headers().len() + 2);
        for (name, value) in &self.inner.headers {
            headers.append(name.clone(), value.clone());
        }
        if let Some(accept) = request.accepted() {
            if !headers.contains_key(ACCEPT) {
                if let Ok(value) = HeaderValue::from_str(accept) {
                    headers.insert(ACCEPT, value);
                }
            }
        }
        // Credentials are for the configured API only (the base URL, and the operation's own
        // server): a pagination link to another origin is followed without them. (Redirects
        // are covered by reqwest, which drops `Authorization` when scheme, host or port
        // change; a query or cookie credential belongs in the description's own origin too.)
        let mut secret_query = Vec::new();
        let at_home = same_origin(&url, &self.inner.base)
            || self
                .server(request)
                .is_some_and(|server| same_origin(&url, &server.url));
        if at_home {
            let query = self
                .inner
                .credentials
                .apply(request.required_security(), &mut headers);
            if !query.is_empty() {
                secret_query = query.iter().map(|(name, _)| *name).collect();
                shown_url = Some(url.clone());
                replace_query(&mut url, &query);
            }
        }
        if request.body().is_some() {
            let media_type = request.body_content_type().unwrap_or("application/json");
            let value =
                HeaderValue::from_str(media_type).map_err(|_| Error::InvalidHeaderValue {
                    name: "content-type",
                })?;
            headers.insert(CONTENT_TYPE, value);
        } else if let Some(parts) = request.multipart() {
            // reqwest sets the `Content-Type` with its boundary; a part's media type that does
            // not parse is refused here, before anything is sent.
            parts.to_form().map_err(|_| Error::InvalidHeaderValue {
                name: "content-type",
            })?;
        } else if matches!(
            *request.method(),
            Method::POST | Method::PUT | Method::PATCH
        ) {
            // Hyper omits the length of an empty body, and some HTTP/1.1 front ends answer
            // a body-less write without `Content-Length: 0` with 411 Length Required.
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
        Ok(Prepared {
            url,
            shown_url,
            headers,
            secret_query,
        })
    }
}

/// Whether `a` and `b` have the same origin, as `a.origin() == b.origin()` says for the
/// schemes a client sends to, without the allocations of building two origins on every call.
fn same_origin(a: &Url, b: &Url) -> bool {
    matches!(a.scheme(), "http" | "https")
        && a.scheme() == b.scheme()
        && a.host() == b.host()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Sets the query credentials, replacing parameters of the same name (a pagination link may
/// carry one already).
fn replace_query(url: &mut Url, credentials: &[(&'static str, &str)]) {
    // On the query as written: decoding and encoding it again would undo what the operation
    // chose to send unencoded (`allowReserved`).
    let mut query = String::new();
    for pair in url.query().unwrap_or_default().split('&') {
        let raw_name = pair.split('=').next().unwrap_or_default();
        let name: String = form_urlencoded::parse(raw_name.as_bytes())
            .next()
            .map(|(name, _)| name.into_owned())
            .unwrap_or_default();
        if pair.is_empty() || credentials.iter().any(|(secret, _)| name == *secret) {
            continue;
        }
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(pair);
    }
    let mut appended = form_urlencoded::Serializer::new(query);
    appended.extend_pairs(credentials.iter().copied());
    url.set_query(Some(&appended.finish()));
}

/// What the retry loop does after an attempt.
#[allow(
    clippy::large_enum_variant,
    reason = "one value per attempt, moved once; boxing the response would add an allocation per request"
)]
enum Next {
    /// Wait, then send again.
    Wait(Duration),
    /// Stop with `result`; `status` is the response's, if there was one.
    Stop {
        status: Option<u16>,
        result: Result<RawResponse, SendError>,
    },
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

#[cfg(test)]
mod tests {
    use reqwest::Url;

    #[test]
    fn query_credentials_replace_their_namesakes_and_leave_the_rest_as_written() {
        let mut url =
            Url::parse("https://api.example.com/files?path=/docs/a:b&api_key=old&q=a%2Fb+c")
                .unwrap();
        super::replace_query(&mut url, &[("api_key", "new key")]);
        assert_eq!(
            url.query(),
            Some("path=/docs/a:b&q=a%2Fb+c&api_key=new+key")
        );
    }

    #[test]
    fn same_origin_agrees_with_the_urls_origins() {
        let urls = [
            "https://api.example.com/v3",
            "https://api.example.com:443/other?page=2",
            "https://api.example.com:8443/v3",
            "http://api.example.com/v3",
            "http://api.example.com:80/v3",
            "https://uploads.example.com/v3",
            "https://127.0.0.1/v3",
            "https://[::1]/v3",
            "https://user:secret@api.example.com/v3",
        ];
        for a in urls {
            for b in urls {
                let (a, b) = (Url::parse(a).unwrap(), Url::parse(b).unwrap());
                assert_eq!(
                    super::same_origin(&a, &b),
                    a.origin() == b.origin(),
                    "{a} and {b}"
                );
            }
        }
    }
}
