//! When a request is sent again, and how long the client waits first.
//!
//! Two independent policies with separate counters:
//!
//! - [`RetryPolicy`], for transient failures (5xx, connection errors): only idempotent methods
//!   are retried, because a POST or PATCH may have taken effect even though the response was
//!   lost; a duplicate order or resource may cost money.
//! - [`RateLimitPolicy`], for rate-limit refusals: the server did not process the request, so
//!   any method may be sent again once the limit allows.

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use super::rate_limit::RateLimitRules;

/// Retries of transient failures: 5xx statuses (except 501 and 505, which do not go away) and
/// connection failures (refused, reset, closed early, connect timeout) of idempotent requests
/// (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`).
///
/// Never retried: `POST` and `PATCH`; 4xx statuses (400, 401, 403, 404, 410, 422, 451, ...);
/// a request or body timeout (the request may still be running on the server, and the timeout
/// is the caller's budget for one attempt).
///
/// The wait before retry `n` (from 0) is `initial_backoff * 2^n`, capped at `max_backoff`, of
/// which a random part (up to half) is dropped so that clients that failed together do not
/// retry together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times a request may be sent again; 0 disables retries. Default 2.
    pub max_retries: u32,
    /// The wait before the first retry. Default 1 second.
    pub initial_backoff: Duration,
    /// The longest wait between two attempts. Default 10 seconds.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// No retries of transient failures.
    #[must_use]
    pub fn disabled() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The wait before retry number `retry` (0 for the first), with jitter from `random`.
    fn backoff(&self, retry: u32, random: u64) -> Duration {
        let full = exponential(self.initial_backoff, retry).min(self.max_backoff);
        let full_nanos = u64::try_from(full.as_nanos()).unwrap_or(u64::MAX);
        let half = full_nanos / 2;
        // "Equal jitter": at least half of the backoff, so retries still spread out in time.
        let jitter = random.checked_rem(half.saturating_add(1)).unwrap_or(0);
        Duration::from_nanos(full_nanos - half + jitter)
    }
}

/// Waiting out rate limits: wait as long as the server asks (`retry-after`, or what the
/// client's [`RateLimitRules`] read), else back off exponentially from `initial_backoff`. A wait longer than `max_wait`, or one more retry than `max_retries`,
/// returns [`Error::RateLimited`](super::Error::RateLimited) instead, with the wait it would
/// have needed.
///
/// Applies to every method: a rate-limited request is refused before the server acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitPolicy {
    /// How many times a rate-limited request may be sent again; 0 never waits. Default 3.
    pub max_retries: u32,
    /// The longest single wait the client accepts. Default 60 seconds.
    pub max_wait: Duration,
    /// The first wait when the response does not say how long; doubled on each retry.
    /// Default 60 seconds.
    pub initial_backoff: Duration,
}

impl Default for RateLimitPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            max_wait: Duration::from_secs(60),
            initial_backoff: Duration::from_secs(60),
        }
    }
}

impl RateLimitPolicy {
    /// Never wait: a rate-limited request fails at once with
    /// [`Error::RateLimited`](super::Error::RateLimited).
    #[must_use]
    pub fn disabled() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// How long to wait after the `retry`-th (from 0) rate-limited response.
    fn wait(
        &self,
        rules: &dyn RateLimitRules,
        headers: &HeaderMap,
        now: SystemTime,
        retry: u32,
    ) -> Duration {
        rules
            .server_wait(headers, now)
            .unwrap_or_else(|| exponential(self.initial_backoff, retry))
    }

    /// Whether a wait is allowed after `retries` rate-limit retries so far.
    fn allows(&self, retries: u32, wait: Duration) -> bool {
        retries < self.max_retries && wait <= self.max_wait
    }
}

/// Counts retries of one request and decides about the next one.
#[derive(Debug, Default)]
pub(crate) struct Retries {
    transient: u32,
    rate_limited: u32,
}

/// What to do about a rate-limited response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RateLimitWait {
    /// Wait this long, then send again.
    Retry(Duration),
    /// Give up; the limit needs this long.
    GiveUp(Duration),
}

impl Retries {
    /// Whether to wait out a rate-limit refusal with these headers.
    pub(crate) fn rate_limited(
        &mut self,
        policy: &RateLimitPolicy,
        rules: &dyn RateLimitRules,
        headers: &HeaderMap,
        now: SystemTime,
    ) -> RateLimitWait {
        let wait = policy.wait(rules, headers, now, self.rate_limited);
        if policy.allows(self.rate_limited, wait) {
            self.rate_limited += 1;
            RateLimitWait::Retry(wait)
        } else {
            RateLimitWait::GiveUp(wait)
        }
    }

    /// The wait before sending again after a transient failure, or `None` to give up.
    pub(crate) fn transient(&mut self, policy: &RetryPolicy, method: &Method) -> Option<Duration> {
        if !is_idempotent(method) || self.transient >= policy.max_retries {
            return None;
        }
        let wait = policy.backoff(self.transient, random());
        self.transient += 1;
        Some(wait)
    }
}

/// Idempotent methods per RFC 9110, section 9.2.2.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Server errors that may go away on their own.
pub(crate) fn is_transient_status(status: StatusCode) -> bool {
    status.is_server_error()
        && status != StatusCode::NOT_IMPLEMENTED
        && status != StatusCode::HTTP_VERSION_NOT_SUPPORTED
}

fn exponential(initial: Duration, retry: u32) -> Duration {
    2u32.checked_pow(retry)
        .and_then(|factor| initial.checked_mul(factor))
        .unwrap_or(Duration::MAX)
}

/// A random number for jitter. The standard library's `RandomState` is seeded randomly per
/// thread and differs on every call, which is all jitter needs; no RNG dependency.
fn random() -> u64 {
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rate_limit::StandardRateLimits;

    #[test]
    fn backoff_doubles_is_capped_and_keeps_at_least_half() {
        let policy = RetryPolicy {
            max_retries: 10,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(5),
        };
        for (retry, full) in [(0, 1000), (1, 2000), (2, 4000), (3, 5000), (9, 5000)] {
            let full = Duration::from_millis(full);
            assert_eq!(policy.backoff(retry, 0), full / 2, "retry {retry}");
            assert_eq!(
                policy.backoff(retry, u64::try_from(full.as_nanos()).unwrap() / 2),
                full
            );
            let random = policy.backoff(retry, random());
            assert!(
                random >= full / 2 && random <= full,
                "retry {retry}: {random:?}"
            );
        }
        assert_eq!(exponential(Duration::from_secs(1), 200), Duration::MAX);
    }

    #[test]
    fn only_idempotent_methods_are_retried_up_to_the_cap() {
        let policy = RetryPolicy::default();
        for method in [Method::POST, Method::PATCH] {
            assert_eq!(
                Retries::default().transient(&policy, &method),
                None,
                "{method}"
            );
        }
        let mut retries = Retries::default();
        assert!(retries.transient(&policy, &Method::GET).is_some());
        assert!(retries.transient(&policy, &Method::GET).is_some());
        assert_eq!(retries.transient(&policy, &Method::GET), None);
        assert_eq!(
            Retries::default().transient(&RetryPolicy::disabled(), &Method::GET),
            None
        );
    }

    #[test]
    fn transient_statuses_are_server_errors_that_can_pass() {
        for code in [500, 502, 503, 504] {
            assert!(
                is_transient_status(StatusCode::from_u16(code).unwrap()),
                "{code}"
            );
        }
        for code in [400, 401, 403, 404, 410, 422, 451, 501, 505] {
            assert!(
                !is_transient_status(StatusCode::from_u16(code).unwrap()),
                "{code}"
            );
        }
    }

    #[test]
    fn rate_limit_fallback_doubles_from_the_initial_backoff() {
        let policy = RateLimitPolicy::default();
        let now = SystemTime::UNIX_EPOCH;
        let waits: Vec<u64> = (0..3)
            .map(|retry| {
                policy
                    .wait(&StandardRateLimits, &HeaderMap::new(), now, retry)
                    .as_secs()
            })
            .collect();
        assert_eq!(waits, [60, 120, 240]);
        assert!(policy.allows(0, Duration::from_secs(60)));
        assert!(!policy.allows(0, Duration::from_secs(61)));
        assert!(!policy.allows(3, Duration::from_secs(1)));
        assert!(!RateLimitPolicy::disabled().allows(0, Duration::ZERO));
    }

    #[test]
    fn rate_limit_retries_are_counted_per_request() {
        let policy = RateLimitPolicy {
            max_retries: 2,
            max_wait: Duration::from_secs(200),
            initial_backoff: Duration::from_secs(60),
        };
        let mut retries = Retries::default();
        let now = SystemTime::UNIX_EPOCH;
        let headers = HeaderMap::new();
        assert_eq!(
            retries.rate_limited(&policy, &StandardRateLimits, &headers, now),
            RateLimitWait::Retry(Duration::from_secs(60))
        );
        assert_eq!(
            retries.rate_limited(&policy, &StandardRateLimits, &headers, now),
            RateLimitWait::Retry(Duration::from_secs(120))
        );
        assert_eq!(
            retries.rate_limited(&policy, &StandardRateLimits, &headers, now),
            RateLimitWait::GiveUp(Duration::from_secs(240))
        );
    }
}
