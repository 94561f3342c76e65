//! GitHub's rate-limit rules: recognising a response that says "rate limited", and how long it
//! asks to wait.
//!
//! The rules follow GitHub's documentation ("Rate limits for the REST API"): a primary limit is
//! a 403 or 429 with `x-ratelimit-remaining: 0`; a secondary limit is a 403 or 429 whose message
//! says so, or that carries `retry-after`. A bare 429 is a rate limit by definition of the
//! status, so it counts as secondary too.

use std::time::{Duration, SystemTime};

use codegen_runtime::{RateLimitKind, RateLimitRules, header_u64, retry_after};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// GitHub's rules, given to the runtime by [`configure`](super::configure).
#[derive(Debug, Clone, Copy, Default)]
pub struct GitHubRateLimits;

/// Phrases of GitHub's messages for secondary limits; the second is the older name that
/// GitHub Enterprise Server versions still send.
const SECONDARY_MESSAGES: [&[u8]; 2] = [b"secondary rate limit", b"abuse detection"];

impl RateLimitRules for GitHubRateLimits {
    fn classify(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Option<RateLimitKind> {
        classify(status, headers, body)
    }

    /// `retry-after` (seconds or an HTTP date), else, when the budget is used up, until one
    /// second after `x-ratelimit-reset` (the reset is whole seconds, so waiting for exactly it
    /// may be a moment early).
    fn server_wait(&self, headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
        server_wait(headers, now)
    }
}

/// Whether a response is a rate-limit refusal, and of which kind.
fn classify(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Option<RateLimitKind> {
    if status != StatusCode::FORBIDDEN && status != StatusCode::TOO_MANY_REQUESTS {
        return None;
    }
    if SECONDARY_MESSAGES
        .iter()
        .any(|phrase| contains_ignore_ascii_case(body, phrase))
    {
        return Some(RateLimitKind::Secondary);
    }
    if header_u64(headers, "x-ratelimit-remaining") == Some(0) {
        return Some(RateLimitKind::Primary);
    }
    if headers.contains_key(RETRY_AFTER) || status == StatusCode::TOO_MANY_REQUESTS {
        return Some(RateLimitKind::Secondary);
    }
    None
}

/// How long the server asks to wait: `retry-after` (seconds or an HTTP date), else, when the
/// budget is used up, until one second after `x-ratelimit-reset` (the reset is whole seconds,
/// so waiting for exactly it may be a moment early). `None` when the response says neither.
fn server_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    if headers.contains_key(RETRY_AFTER) {
        if let Some(wait) = retry_after(headers, now) {
            return Some(wait);
        }
    }
    if header_u64(headers, "x-ratelimit-remaining") == Some(0) {
        let reset =
            SystemTime::UNIX_EPOCH + Duration::from_secs(header_u64(headers, "x-ratelimit-reset")?);
        let until = reset.duration_since(now).unwrap_or_default();
        // Rounded up to whole seconds, plus one: see above.
        let seconds = until.as_secs() + u64::from(until.subsec_nanos() > 0) + 1;
        return Some(Duration::from_secs(seconds));
    }
    None
}

fn contains_ignore_ascii_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
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
    fn classifies_primary_secondary_and_plain_refusals() {
        let forbidden = StatusCode::FORBIDDEN;
        let exhausted = headers(&[("x-ratelimit-remaining", "0")]);
        assert_eq!(
            classify(forbidden, &exhausted, b"{}"),
            Some(RateLimitKind::Primary)
        );
        assert_eq!(
            classify(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), b""),
            Some(RateLimitKind::Secondary)
        );
        let message = br#"{"message":"You have exceeded a Secondary Rate Limit."}"#;
        assert_eq!(
            classify(forbidden, &exhausted, message),
            Some(RateLimitKind::Secondary)
        );
        let retry = headers(&[("retry-after", "30"), ("x-ratelimit-remaining", "12")]);
        assert_eq!(
            classify(forbidden, &retry, b"{}"),
            Some(RateLimitKind::Secondary)
        );
        let plain = headers(&[("x-ratelimit-remaining", "12")]);
        assert_eq!(
            classify(
                forbidden,
                &plain,
                br#"{"message":"Must have admin rights"}"#
            ),
            None
        );
        assert_eq!(classify(StatusCode::NOT_FOUND, &exhausted, message), None);
    }

    #[test]
    fn server_wait_prefers_retry_after_then_reset() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let both = headers(&[
            ("retry-after", "7"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "1700000100"),
        ]);
        assert_eq!(server_wait(&both, now), Some(Duration::from_secs(7)));
        let reset = headers(&[
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "1700000100"),
        ]);
        assert_eq!(server_wait(&reset, now), Some(Duration::from_secs(101)));
        let past = headers(&[
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "1600000000"),
        ]);
        assert_eq!(server_wait(&past, now), Some(Duration::from_secs(1)));
        let date = headers(&[("retry-after", "Tue, 14 Nov 2023 22:14:20 GMT")]);
        assert_eq!(server_wait(&date, now), Some(Duration::from_secs(60)));
        assert_eq!(
            server_wait(&headers(&[("x-ratelimit-remaining", "3")]), now),
            None
        );
        assert_eq!(server_wait(&headers(&[("retry-after", "soon")]), now), None);
    }
}
