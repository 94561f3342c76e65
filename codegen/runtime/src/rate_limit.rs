//! Rate limits: the `x-ratelimit-*` headers many APIs send, and the rules that recognise a
//! refusal and say how long to wait.

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// The `x-ratelimit-*` headers of a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    /// `x-ratelimit-limit`: requests allowed per window.
    pub limit: u64,
    /// `x-ratelimit-remaining`: requests left in the current window.
    pub remaining: u64,
    /// `x-ratelimit-used`: requests made in the current window, if sent.
    pub used: Option<u64>,
    /// `x-ratelimit-reset`: when the window resets, in Unix seconds.
    pub reset: u64,
    /// `x-ratelimit-resource`: which limit applies (`core`, `search`, ...), if sent.
    pub resource: Option<String>,
}

impl RateLimit {
    /// Reads the headers; `None` unless `x-ratelimit-limit`, `-remaining` and `-reset` are all
    /// present and numeric.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        Some(Self {
            limit: header_u64(headers, "x-ratelimit-limit")?,
            remaining: header_u64(headers, "x-ratelimit-remaining")?,
            used: header_u64(headers, "x-ratelimit-used"),
            reset: header_u64(headers, "x-ratelimit-reset")?,
            resource: header_str(headers, "x-ratelimit-resource").map(str::to_owned),
        })
    }

    /// [`reset`](Self::reset) as a point in time.
    pub fn reset_at(&self) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(self.reset)
    }
}

/// Which kind of limit a refused request hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimitKind {
    /// A budget of requests per window is used up; it comes back when the window resets
    /// (for example at `x-ratelimit-reset`).
    Primary,
    /// The server asks the client to slow down (`429 Too Many Requests`, or a limit on bursts
    /// or concurrency), saying how long to wait with `retry-after` or not at all.
    Secondary,
}

impl fmt::Display for RateLimitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Primary => "primary",
            Self::Secondary => "secondary",
        })
    }
}

/// How a client recognises a rate-limit refusal and learns how long to wait.
///
/// The default, [`StandardRateLimits`], follows HTTP itself; an API with rules of its own (other
/// statuses, limits announced in the body) supplies its own through
/// [`ClientBuilder::rate_limit_rules`](crate::ClientBuilder::rate_limit_rules).
pub trait RateLimitRules: fmt::Debug + Send + Sync {
    /// Whether a complete response is a rate-limit refusal, and of which kind. A refusal is
    /// waited out per [`RateLimitPolicy`](crate::RateLimitPolicy) whatever the method, because
    /// the server did not act on the request.
    fn classify(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Option<RateLimitKind>;

    /// How long the server asks the client to wait, when it says so; by default
    /// `retry-after` (seconds or an HTTP date).
    fn server_wait(&self, headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
        retry_after(headers, now)
    }
}

/// HTTP's own rules: `429 Too Many Requests` is a rate-limit refusal
/// ([`RateLimitKind::Secondary`]), and `retry-after` says how long to wait. (A `503` with
/// `retry-after` is a transient failure, retried for idempotent methods only after the wait the
/// server asks for.)
#[derive(Debug, Clone, Copy, Default)]
pub struct StandardRateLimits;

impl RateLimitRules for StandardRateLimits {
    fn classify(
        &self,
        status: StatusCode,
        _headers: &HeaderMap,
        _body: &[u8],
    ) -> Option<RateLimitKind> {
        (status == StatusCode::TOO_MANY_REQUESTS).then_some(RateLimitKind::Secondary)
    }
}

/// The wait a `retry-after` header asks for: whole seconds, or an HTTP date (measured from
/// `now`; a date in the past is no wait). `None` without a readable header.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = header_str(headers, RETRY_AFTER.as_str())?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        SystemTime::from(date)
            .duration_since(now)
            .unwrap_or_default(),
    )
}

/// The value of the header `name` as text; `None` when it is missing or not visible ASCII.
/// For [`RateLimitRules`] written outside the runtime, which read the headers as it does.
pub fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok()
}

/// The value of the header `name` as a whole number (`x-ratelimit-remaining: 0`), surrounding
/// spaces ignored; `None` when it is missing or not a number.
pub fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    header_str(headers, name)?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("a valid header value"));
        }
        map
    }

    #[test]
    fn reads_all_five_headers() {
        let map = headers(&[
            ("x-ratelimit-limit", "5000"),
            ("x-ratelimit-remaining", "4999"),
            ("x-ratelimit-used", "1"),
            ("x-ratelimit-reset", "1700000000"),
            ("x-ratelimit-resource", "core"),
        ]);
        let limit = RateLimit::from_headers(&map).expect("complete headers");
        assert_eq!(
            limit,
            RateLimit {
                limit: 5000,
                remaining: 4999,
                used: Some(1),
                reset: 1_700_000_000,
                resource: Some("core".to_owned()),
            }
        );
        assert_eq!(
            limit.reset_at(),
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
        );
        assert_eq!(
            RateLimit::from_headers(&headers(&[("x-ratelimit-limit", "60")])),
            None
        );
    }

    #[test]
    fn standard_rules_know_429_and_retry_after() {
        let rules = StandardRateLimits;
        assert_eq!(
            rules.classify(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), b""),
            Some(RateLimitKind::Secondary)
        );
        let exhausted = headers(&[("x-ratelimit-remaining", "0")]);
        assert_eq!(
            rules.classify(StatusCode::FORBIDDEN, &exhausted, b"{}"),
            None
        );
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            rules.server_wait(&headers(&[("retry-after", "7")]), now),
            Some(Duration::from_secs(7))
        );
        let date = headers(&[("retry-after", "Tue, 14 Nov 2023 22:14:20 GMT")]);
        assert_eq!(rules.server_wait(&date, now), Some(Duration::from_secs(60)));
        let past = headers(&[("retry-after", "Tue, 14 Nov 2000 22:14:20 GMT")]);
        assert_eq!(rules.server_wait(&past, now), Some(Duration::ZERO));
        assert_eq!(rules.server_wait(&exhausted, now), None);
        assert_eq!(
            rules.server_wait(&headers(&[("retry-after", "soon")]), now),
            None
        );
    }
}
