//! One exchange with the server: send, wait for the head, read the body, within the request
//! timeout and the body size limit.

use std::convert::Infallible;
use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;

use bytes::{Bytes, BytesMut};
use futures::future::{BoxFuture, Either, select};
use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Url};

use super::client::Inner;
use super::{Error, RawResponse, Request, TimeoutPhase};

/// Why an attempt produced no complete response.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A timeout elapsed.
    Timeout(TimeoutPhase),
    /// No response: the connection failed or was closed before the head arrived.
    Transport(reqwest::Error),
    /// The head arrived, the body did not in full.
    IncompleteBody {
        status: StatusCode,
        headers: HeaderMap,
        source: reqwest::Error,
    },
    /// The body is over the limit.
    BodyTooLarge {
        status: StatusCode,
        headers: HeaderMap,
    },
}

impl Failure {
    /// Whether sending again may succeed: nothing was received, or the response broke off.
    /// A request or body timeout is not: the server may still be working on the request. Nor
    /// is TLS refusing the server: the same server presents the same certificate.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            Self::Transport(source) => !is_tls_refusal(source),
            Self::IncompleteBody { .. } | Self::Timeout(TimeoutPhase::Connect) => true,
            Self::Timeout(_) | Self::BodyTooLarge { .. } => false,
        }
    }

    /// A short name for logs.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Timeout(_) => "timeout",
            Self::Transport(_) => "transport",
            Self::IncompleteBody { .. } => "incomplete body",
            Self::BodyTooLarge { .. } => "body too large",
        }
    }

    /// The same failure with the URL dropped from reqwest's error, which would otherwise
    /// show it in `Display` and `Debug` (used when the URL carries a credential).
    pub(crate) fn without_url(self) -> Self {
        match self {
            Self::Transport(source) => Self::Transport(source.without_url()),
            Self::IncompleteBody {
                status,
                headers,
                source,
            } => Self::IncompleteBody {
                status,
                headers,
                source: source.without_url(),
            },
            other => other,
        }
    }

    pub(crate) fn into_error(self, attempts: u32, limit: usize) -> Error<Infallible> {
        match self {
            Self::Timeout(phase) => Error::Timeout { phase, attempts },
            Self::Transport(source) => Error::Transport { source, attempts },
            Self::IncompleteBody {
                status,
                headers,
                source,
            } => Error::IncompleteBody {
                status,
                headers: Box::new(headers),
                source,
                attempts,
            },
            Self::BodyTooLarge { status, headers } => Error::BodyTooLarge {
                status,
                headers: Box::new(headers),
                limit,
                attempts,
            },
        }
    }
}

/// Whether rustls is somewhere in `error`'s chain of causes (an untrusted or invalid
/// certificate, a failed handshake). hyper wraps it in `io::Error`s, whose `source` skips the
/// error they wrap, so those are looked into as well.
fn is_tls_refusal(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<rustls::Error>() {
            return true;
        }
        cause = match error.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => error.source(),
        };
    }
    false
}

/// Sends `request` to `url` once and reads the whole response.
pub(crate) async fn send(
    inner: &Inner,
    request: &Request,
    url: Url,
    headers: HeaderMap,
) -> Result<RawResponse, Failure> {
    let started = tokio::time::Instant::now();
    let sent = match http_request(inner, request, url, headers) {
        Ok(built) => {
            within(
                inner.http.execute(built),
                inner.clock.timeout(inner.timeout),
            )
            .await
        }
        Err(source) => Some(Err(source)),
    };
    let mut response = match sent {
        None => return Err(Failure::Timeout(TimeoutPhase::Response)),
        Some(Err(source)) if source.is_timeout() && source.is_connect() => {
            return Err(Failure::Timeout(TimeoutPhase::Connect));
        }
        Some(Err(source)) => return Err(Failure::Transport(source)),
        Some(Ok(response)) => response,
    };
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let final_url = response.url().clone();
    let mut reading = pin!(read_body(&mut response, inner.max_body_size));
    // A body that came in with the head (most do) is read without starting a timer for it.
    let read = match poll_fn(|context| Poll::Ready(reading.as_mut().poll(context))).await {
        Poll::Ready(read) => Some(read),
        Poll::Pending => {
            // One budget for the whole attempt: the body gets what the head left.
            let left = inner.timeout.saturating_sub(started.elapsed());
            within(reading, inner.clock.timeout(left)).await
        }
    };
    match read {
        None => Err(Failure::Timeout(TimeoutPhase::Body)),
        Some(Err(BodyFailure::TooLarge)) => Err(Failure::BodyTooLarge { status, headers }),
        Some(Err(BodyFailure::Read(source))) => Err(Failure::IncompleteBody {
            status,
            headers,
            source,
        }),
        Some(Ok(body)) => Ok(RawResponse::new(status, headers, body).with_url(final_url)),
    }
}

/// The `reqwest` request for one attempt.
///
/// Built directly rather than with `reqwest`'s `RequestBuilder`, whose `headers` copies every
/// header into an empty map one by one: the map prepared for this attempt is moved in whole.
/// A multipart body still goes through the builder, which sets the `Content-Type` with the
/// form's boundary and the length.
fn http_request(
    inner: &Inner,
    request: &Request,
    url: Url,
    headers: HeaderMap,
) -> reqwest::Result<reqwest::Request> {
    if let Some(form) = request.multipart().and_then(|parts| parts.to_form().ok()) {
        // Checked when the request was prepared; a fresh form per attempt, its bytes shared.
        return inner
            .http
            .request(request.method().clone(), url)
            .headers(headers)
            .multipart(form)
            .build();
    }
    let mut built = reqwest::Request::new(request.method().clone(), url);
    *built.headers_mut() = headers;
    if let Some(body) = request.body() {
        *built.body_mut() = Some(body.clone().into());
    }
    Ok(built)
}

/// `future`'s output, or `None` if `timer` completes first.
async fn within<F: Future>(future: F, timer: BoxFuture<'static, ()>) -> Option<F::Output> {
    // `select` polls the left side first, so an answer that is ready wins a tie.
    match select(pin!(future), timer).await {
        Either::Left((output, _)) => Some(output),
        Either::Right(((), _)) => None,
    }
}

enum BodyFailure {
    TooLarge,
    Read(reqwest::Error),
}

/// Reads the body chunk by chunk, stopping as soon as it is known to be over `limit`. A body
/// that arrives in one chunk (most of them) is kept as it came, without a copy.
async fn read_body(response: &mut reqwest::Response, limit: usize) -> Result<Bytes, BodyFailure> {
    let announced = response.content_length().unwrap_or(0);
    let Ok(announced) = usize::try_from(announced) else {
        return Err(BodyFailure::TooLarge);
    };
    if announced > limit {
        return Err(BodyFailure::TooLarge);
    }
    // The first chunk as it came; the chunks after it copied together with it.
    let mut first = Bytes::new();
    let mut joined = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyFailure::Read)? {
        let read = first.len() + joined.len();
        if read.saturating_add(chunk.len()) > limit {
            return Err(BodyFailure::TooLarge);
        }
        if read == 0 {
            first = chunk;
        } else {
            if joined.is_empty() {
                joined.reserve(announced.max(read + chunk.len()));
                joined.extend_from_slice(&std::mem::take(&mut first));
            }
            joined.extend_from_slice(&chunk);
        }
    }
    Ok(if joined.is_empty() {
        first
    } else {
        joined.freeze()
    })
}
