//! Time as the client sees it: the wall clock, deliberate waits and request timeouts.
//!
//! Everything in the client that waits goes through a [`Clock`], so tests can replace it and
//! check what the client would have waited for without waiting.

use std::fmt::Debug;
use std::time::{Duration, SystemTime};

use futures::future::BoxFuture;

/// The client's source of time.
///
/// The default, [`SystemClock`], uses the system clock and tokio's timers. A replacement
/// (set with [`ClientBuilder::clock`](super::ClientBuilder::clock)) decides when waits and
/// timeouts end, which lets tests run retries, rate-limit waits and timeouts instantly and
/// deterministically.
pub trait Clock: Debug + Send + Sync {
    /// The current wall-clock time; turns `x-ratelimit-reset` (Unix seconds) into a wait and
    /// measures the overall timeout of a wait built on the client (such as a wait for a
    /// resource to become available).
    fn now(&self) -> SystemTime;

    /// A wait the client chooses to take: the pause before a retry, while rate limited, or
    /// between two polls.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;

    /// A timer that ends a request attempt if it completes first. It is started once for the
    /// response status and headers, and again, with the time left, for a body that did not
    /// arrive with them.
    fn timeout(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// The system clock and tokio's timers (so tokio's paused test clock applies to it too).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }

    fn timeout(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}
