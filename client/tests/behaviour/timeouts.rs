//! Timeouts: a silent server and a body that stalls both end in a typed timeout, never a hang.
//!
//! The test clock decides when a request timeout fires, so these tests are exact: the first
//! fires only once the server has the whole request (and says nothing); in the stall test
//! the first never fires and the second, which only starts once the head has arrived, fires
//! at once.

use std::time::Duration;

use codespaces_client::Error;
use codespaces_client::runtime::TimeoutPhase;

use crate::support::{RawServer, TestClock, Then, Timer, builder};

#[tokio::test]
async fn a_server_that_never_answers_times_out_and_is_not_retried() {
    let server = RawServer::start(Vec::new(), Then::Hold).await;
    let clock = TestClock::with_timers(vec![Timer::When(server.received.clone())]);
    let client = builder(&server.uri, &clock).build().expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("silence");
    assert!(
        matches!(
            error,
            Error::Timeout {
                phase: TimeoutPhase::Response,
                attempts: 1
            }
        ),
        "{error:?}"
    );
    assert!(error.is_timeout());
    assert_eq!(
        error.to_string(),
        "request timed out waiting for the response"
    );
    assert_eq!(server.requests(), 1);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_body_that_stalls_half_way_times_out() {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n";
    let server = RawServer::start(
        format!("{head}{{\"name\": \"cs\", ").into_bytes(),
        Then::Hold,
    )
    .await;
    let clock = TestClock::with_timers(vec![Timer::Never, Timer::Now]);
    let client = builder(&server.uri, &clock).build().expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("stalled");
    assert!(
        matches!(
            error,
            Error::Timeout {
                phase: TimeoutPhase::Body,
                attempts: 1
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn the_default_clock_times_out_on_tokio_time() {
    // Tokio's paused clock jumps to the request timeout as soon as the runtime waits on the
    // silent server, so this takes no real time either.
    let server = RawServer::start(Vec::new(), Then::Hold).await;
    let client = codespaces_client::Client::builder()
        .base_url(&server.uri)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("silence");
    assert!(error.is_timeout(), "{error:?}");
}
