//! The error type returned by every operation.

use std::fmt::{self, Debug, Display, Write as _};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// How much of a body goes into a `Display` message; enough to recognise
/// GitHub's `{"message": ..., "documentation_url": ...}` without flooding logs.
const EXCERPT_CHARS: usize = 200;

/// The ways an operation can fail.
///
/// `E` is the operation's typed error: the decoded body of a status code the
/// API documents as an error.
///
/// Response headers are boxed to keep `Result<T, Error<E>>` small on the
/// success path, which is the common one.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The API answered with a documented error status.
    Api {
        /// The HTTP status code.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The decoded error body.
        body: E,
    },
    /// The API answered with a status the operation does not document.
    UnexpectedStatus {
        /// The HTTP status code.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The undecoded response body.
        body: Bytes,
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
    /// The request could not be sent or the response not read, for example
    /// because the connection failed or timed out.
    Transport(reqwest::Error),
}

impl<E> Error<E> {
    /// The HTTP status code, if a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The response headers, if a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Self::Api { headers, .. }
            | Self::UnexpectedStatus { headers, .. }
            | Self::Decode { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The undecoded response body, if it was kept.
    ///
    /// [`Error::Api`] returns `None`: its body has been decoded into `E`.
    pub fn raw_body(&self) -> Option<&Bytes> {
        match self {
            Self::UnexpectedStatus { body, .. } | Self::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Whether the request failed because a connect or total timeout elapsed.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Transport(source) if source.is_timeout())
    }
}

impl<E: Debug> Display for Error<E> {
    // Sources are not repeated here; they are reachable through
    // `std::error::Error::source`, as error reporters expect.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { status, body, .. } => {
                write!(f, "github api returned error status {status}: ")?;
                write_excerpt(f, &format!("{body:?}"))
            }
            Self::UnexpectedStatus { status, body, .. } => {
                write!(f, "github api returned undocumented status {status}: ")?;
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
            Self::InvalidPathParameter {
                name,
                value,
                reason,
            } => write!(f, "invalid path parameter `{name}` {value:?}: {reason}"),
            Self::InvalidHeaderValue { name } => write!(f, "invalid value for header `{name}`"),
            Self::Encode(_) => f.write_str("failed to encode request body as json"),
            Self::Transport(source) if source.is_timeout() => f.write_str("request timed out"),
            Self::Transport(_) => f.write_str("failed to send request or read response"),
        }
    }
}

impl<E: Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode { source, .. } | Self::Encode(source) => Some(source),
            Self::Transport(source) => Some(source),
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
