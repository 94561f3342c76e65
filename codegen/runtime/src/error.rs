//! The error type returned by every operation.

use std::convert::Infallible;
use std::fmt::{self, Debug, Display, Write as _};
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::rate_limit::{RateLimit, RateLimitKind};

/// How much of a body goes into a `Display` message; enough to recognise a typical JSON error
/// (`{"message": ..., "documentation_url": ...}`) without flooding logs.
const EXCERPT_CHARS: usize = 200;

/// The ways an operation can fail.
///
/// `E` is the operation's typed error: the decoded body of a status code the
/// API documents as an error.
///
/// Every variant that follows a request keeps `attempts`: how many times the
/// request was sent, retries included (see [`RetryPolicy`](super::RetryPolicy)
/// and [`RateLimitPolicy`](super::RateLimitPolicy)). Variants for problems
/// found before sending have no attempt count; [`Error::attempts`] is 0 for them.
///
/// Response headers are boxed to keep `Result<T, Error<E>>` small on the
/// success path, which is the common one. No variant holds the token.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The API answered with a documented error status.
    Api {
        /// The service's name as the client calls it in messages
        /// ([`ClientBuilder::service_name`](super::ClientBuilder::service_name)).
        service: &'static str,
        /// The HTTP status code.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The decoded error body.
        body: E,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// The API answered with a status the operation does not document.
    UnexpectedStatus {
        /// The service's name as the client calls it in messages
        /// ([`ClientBuilder::service_name`](super::ClientBuilder::service_name)).
        service: &'static str,
        /// The HTTP status code.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The undecoded response body.
        body: Bytes,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// The API answered with a documented status, but the body did not decode
    /// (an empty body where one is documented included).
    Decode {
        /// The HTTP status code.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The undecoded response body.
        body: Bytes,
        /// Why decoding failed.
        source: serde_json::Error,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// `304 Not Modified` from an operation that does not document it: the
    /// representation named by `If-None-Match` or `If-Modified-Since` is still
    /// current. Operations that document 304 return it as a success instead.
    NotModified {
        /// The response headers (`ETag`, rate limits).
        headers: Box<HeaderMap>,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// The server refused the request because a rate limit was exceeded, and the
    /// [`RateLimitPolicy`](super::RateLimitPolicy) did not (or no longer) wait.
    RateLimited {
        /// Which kind of limit (see [`RateLimitKind`]).
        kind: RateLimitKind,
        /// How long to wait before sending the request again, measured from
        /// when the response arrived: what the server asked for (`retry-after`, or what
        /// the client's rate-limit rules read), else the policy's backoff.
        retry_after: Duration,
        /// The HTTP status code (such as 429).
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The undecoded response body.
        body: Bytes,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// The response body is larger than the configured limit
    /// ([`ClientBuilder::max_body_size`](super::ClientBuilder::max_body_size));
    /// it was not read further.
    BodyTooLarge {
        /// The HTTP status code.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The limit in bytes.
        limit: usize,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// The status and headers arrived but the body could not be read in full,
    /// for example because the connection closed before `Content-Length`
    /// bytes arrived (a truncated body).
    IncompleteBody {
        /// The HTTP status code.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The underlying failure.
        source: reqwest::Error,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// A timeout elapsed ([`ClientBuilder::connect_timeout`](super::ClientBuilder::connect_timeout)
    /// or [`ClientBuilder::timeout`](super::ClientBuilder::timeout)).
    Timeout {
        /// What the client was waiting for.
        phase: TimeoutPhase,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// The request could not be sent or no response arrived, for example
    /// because the connection was refused or reset.
    Transport {
        /// The underlying failure.
        source: reqwest::Error,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// A path parameter cannot be encoded as a single segment; nothing was sent.
    InvalidPathParameter {
        /// The parameter's name in the API description.
        name: &'static str,
        /// The rejected value.
        value: String,
        /// Why the value was rejected.
        reason: &'static str,
    },
    /// A header name or value is not valid in HTTP (for example it contains
    /// CR or LF); nothing was sent.
    InvalidHeaderValue {
        /// The header's name.
        name: &'static str,
    },
    /// The request body could not be serialised; nothing was sent.
    Encode(serde_json::Error),
    /// The operation is sent to a server of its own (`servers` in the API description) that
    /// the client was built without (see
    /// [`ClientBuilder::operation_servers`](super::ClientBuilder::operation_servers)); nothing
    /// was sent, rather than sending it to the base URL, where it does not live.
    UnknownServer {
        /// The operation's server, as the API description gives it.
        server: &'static str,
    },
}

/// What the client was waiting for when a timeout elapsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutPhase {
    /// Establishing the connection (the connect timeout).
    Connect,
    /// The response status and headers (the request timeout).
    Response,
    /// The rest of the response body after its headers (the request timeout).
    Body,
}

impl<E> Error<E> {
    /// The HTTP status code, if a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::Decode { status, .. }
            | Self::RateLimited { status, .. }
            | Self::BodyTooLarge { status, .. }
            | Self::IncompleteBody { status, .. } => Some(*status),
            Self::NotModified { .. } => Some(StatusCode::NOT_MODIFIED),
            _ => None,
        }
    }

    /// The response headers, if a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::Api { headers, .. }
            | Self::UnexpectedStatus { headers, .. }
            | Self::Decode { headers, .. }
            | Self::NotModified { headers, .. }
            | Self::RateLimited { headers, .. }
            | Self::BodyTooLarge { headers, .. }
            | Self::IncompleteBody { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The undecoded response body, if it was kept.
    ///
    /// [`Error::Api`] returns `None`: its body has been decoded into `E`.
    pub fn raw_body(&self) -> Option<&Bytes> {
        match self {
            Self::UnexpectedStatus { body, .. }
            | Self::Decode { body, .. }
            | Self::RateLimited { body, .. } => Some(body),
            _ => None,
        }
    }

    /// How many times the request was sent, retries included; 0 when the
    /// problem was found before sending.
    pub fn attempts(&self) -> u32 {
        match self {
            Self::Api { attempts, .. }
            | Self::UnexpectedStatus { attempts, .. }
            | Self::Decode { attempts, .. }
            | Self::NotModified { attempts, .. }
            | Self::RateLimited { attempts, .. }
            | Self::BodyTooLarge { attempts, .. }
            | Self::IncompleteBody { attempts, .. }
            | Self::Timeout { attempts, .. }
            | Self::Transport { attempts, .. } => *attempts,
            Self::InvalidPathParameter { .. }
            | Self::InvalidHeaderValue { .. }
            | Self::Encode(_)
            | Self::UnknownServer { .. } => 0,
        }
    }

    /// The rate-limit headers of the response, if a response was received and
    /// carried them.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.headers().and_then(RateLimit::from_headers)
    }

    /// How long to wait before retrying, for [`Error::RateLimited`].
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    /// Whether a connect or request timeout elapsed.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout { .. })
    }

    /// Whether the server answered `304 Not Modified` to a conditional request.
    pub fn is_not_modified(&self) -> bool {
        matches!(self, Self::NotModified { .. })
    }

    /// Whether the server refused the request because of a rate limit.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Self::RateLimited { .. })
    }
}

/// What [`Client::execute`](super::Client::execute) fails with: an [`Error`] that cannot be
/// [`Error::Api`], because no operation has decoded the response yet. `?` turns it into the
/// `Error<E>` of any operation.
///
/// It exists so that sending, retrying and waiting out rate limits are compiled once rather
/// than once per operation error type `E`.
#[doc(hidden)]
#[derive(Debug)]
pub struct SendError(pub(crate) Error<Infallible>);

impl<E> From<SendError> for Error<E> {
    fn from(error: SendError) -> Self {
        error.0.widen()
    }
}

impl From<Error<Infallible>> for SendError {
    fn from(error: Error<Infallible>) -> Self {
        Self(error)
    }
}

impl Error<Infallible> {
    /// The same error as the error of an operation whose typed error body is `E`.
    fn widen<E>(self) -> Error<E> {
        match self {
            Self::Api { body, .. } => match body {},
            Self::UnexpectedStatus {
                service,
                status,
                headers,
                body,
                attempts,
            } => Error::UnexpectedStatus {
                service,
                status,
                headers,
                body,
                attempts,
            },
            Self::Decode {
                status,
                headers,
                body,
                source,
                attempts,
            } => Error::Decode {
                status,
                headers,
                body,
                source,
                attempts,
            },
            Self::NotModified { headers, attempts } => Error::NotModified { headers, attempts },
            Self::RateLimited {
                kind,
                retry_after,
                status,
                headers,
                body,
                attempts,
            } => Error::RateLimited {
                kind,
                retry_after,
                status,
                headers,
                body,
                attempts,
            },
            Self::BodyTooLarge {
                status,
                headers,
                limit,
                attempts,
            } => Error::BodyTooLarge {
                status,
                headers,
                limit,
                attempts,
            },
            Self::IncompleteBody {
                status,
                headers,
                source,
                attempts,
            } => Error::IncompleteBody {
                status,
                headers,
                source,
                attempts,
            },
            Self::Timeout { phase, attempts } => Error::Timeout { phase, attempts },
            Self::Transport { source, attempts } => Error::Transport { source, attempts },
            Self::InvalidPathParameter {
                name,
                value,
                reason,
            } => Error::InvalidPathParameter {
                name,
                value,
                reason,
            },
            Self::InvalidHeaderValue { name } => Error::InvalidHeaderValue { name },
            Self::Encode(source) => Error::Encode(source),
            Self::UnknownServer { server } => Error::UnknownServer { server },
        }
    }
}

impl<E: Debug> Display for Error<E> {
    // Sources are not repeated here; they are reachable through
    // `std::error::Error::source`, as error reporters expect.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api {
                service,
                status,
                body,
                ..
            } => {
                write!(f, "{service} returned error status {status}: ")?;
                write_excerpt(f, &format!("{body:?}"))
            }
            Self::UnexpectedStatus {
                service,
                status,
                body,
                ..
            } => {
                write!(f, "{service} returned undocumented status {status}: ")?;
                write_body_excerpt(f, body)
            }
            Self::Decode {
                status,
                body,
                source,
                ..
            } => {
                write!(
                    f,
                    "failed to decode response body with status {status} ({source}): "
                )?;
                write_body_excerpt(f, body)
            }
            Self::NotModified { .. } => {
                f.write_str("not modified (304): the cached copy is current")
            }
            Self::RateLimited {
                kind,
                retry_after,
                status,
                ..
            } => write!(
                f,
                "{kind} rate limit exceeded ({status}); retry after {}s",
                retry_after.as_secs()
            ),
            Self::BodyTooLarge { status, limit, .. } => write!(
                f,
                "response body with status {status} is larger than the {limit}-byte limit"
            ),
            Self::IncompleteBody { status, .. } => write!(
                f,
                "response body with status {status} ended early or could not be read"
            ),
            Self::Timeout { phase, .. } => match phase {
                TimeoutPhase::Connect => f.write_str("request timed out while connecting"),
                TimeoutPhase::Response => f.write_str("request timed out waiting for the response"),
                TimeoutPhase::Body => f.write_str("request timed out reading the response body"),
            },
            Self::Transport { .. } => f.write_str("failed to send request or receive response"),
            Self::InvalidPathParameter {
                name,
                value,
                reason,
            } => write!(f, "invalid path parameter `{name}` {value:?}: {reason}"),
            Self::InvalidHeaderValue { name } => write!(f, "invalid value for header `{name}`"),
            Self::Encode(_) => f.write_str("failed to encode request body as json"),
            Self::UnknownServer { server } => write!(
                f,
                "the operation is sent to the server `{server}`, which the client was built without (`ClientBuilder::operation_servers`)"
            ),
        }
    }
}

impl<E: Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode { source, .. } | Self::Encode(source) => Some(source),
            Self::Transport { source, .. } | Self::IncompleteBody { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn write_body_excerpt(f: &mut fmt::Formatter<'_>, body: &Bytes) -> fmt::Result {
    if body.is_empty() {
        return f.write_str("(empty body)");
    }
    // A char is at most four UTF-8 bytes, so this slice holds the excerpt
    // without converting a possibly large body.
    let head = body.get(..EXCERPT_CHARS * 4).unwrap_or(body);
    let truncated = head.len() < body.len();
    write_excerpt_inner(f, &String::from_utf8_lossy(head), truncated)
}

fn write_excerpt(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    write_excerpt_inner(f, text, false)
}

fn write_excerpt_inner(f: &mut fmt::Formatter<'_>, text: &str, truncated: bool) -> fmt::Result {
    let mut chars = text.chars();
    for c in chars.by_ref().take(EXCERPT_CHARS) {
        // Keep the message on one line; bodies are often pretty-printed JSON.
        f.write_char(if c.is_control() { ' ' } else { c })?;
    }
    if truncated || chars.next().is_some() {
        f.write_char('…')?;
    }
    Ok(())
}
