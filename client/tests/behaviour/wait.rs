//! Waiting for a codespace to become available.

use std::sync::atomic::Ordering;
use std::time::Duration;

use codespaces_client::models::CodespaceState;
use codespaces_client::{WaitError, WaitOptions};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{TestClock, builder, codespace};

fn in_state(state: &str) -> ResponseTemplate {
    let mut body = codespace("cs");
    body["state"] = json!(state);
    ResponseTemplate::new(200).set_body_json(body)
}

/// Answers each state in turn (the last one from then on).
async fn server(states: &[&str]) -> MockServer {
    let server = MockServer::start().await;
    let (last, first) = states.split_last().expect("at least one state");
    for state in first {
        Mock::given(method("GET"))
            .and(path("/user/codespaces/cs"))
            .respond_with(in_state(state))
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/user/codespaces/cs"))
        .respond_with(in_state(last))
        .mount(&server)
        .await;
    server
}

fn options(interval: u64, timeout: u64) -> WaitOptions {
    WaitOptions {
        interval: Duration::from_secs(interval),
        timeout: Duration::from_secs(timeout),
    }
}

async fn requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .len()
}

#[tokio::test]
async fn polls_until_available() {
    let server = server(&["Queued", "Provisioning", "Starting", "Available"]).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let codespace = client
        .wait_until_available("cs", options(5, 600))
        .await
        .expect("available");
    assert_eq!(codespace.state, CodespaceState::Available);
    assert_eq!(clock.sleeps(), [Duration::from_secs(5); 3]);
    assert_eq!(requests(&server).await, 4);
}

#[tokio::test]
async fn a_failed_codespace_ends_the_wait() {
    let server = server(&["Queued", "Failed"]).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let error = client
        .wait_until_available("cs", WaitOptions::default())
        .await
        .expect_err("failed");
    let WaitError::Failed(codespace) = &error else {
        panic!("not a failure: {error:?}");
    };
    assert_eq!(codespace.state, CodespaceState::Failed);
    assert_eq!(
        error.to_string(),
        "codespace cs is Failed and will not become available"
    );
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn the_overall_timeout_ends_the_wait_with_the_last_state() {
    let server = server(&["Provisioning"]).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let error = client
        .wait_until_available("cs", options(10, 25))
        .await
        .expect_err("timed out");
    assert!(
        matches!(
            error,
            WaitError::TimedOut {
                last_state: CodespaceState::Provisioning,
                polls: 4
            }
        ),
        "{error:?}"
    );
    // The last pause is cut to end at the deadline.
    let secs = Duration::from_secs;
    assert_eq!(clock.sleeps(), [secs(10), secs(10), secs(5)]);
    assert_eq!(requests(&server).await, 4);
}

#[tokio::test]
async fn dropping_the_future_stops_polling() {
    let server = server(&["Provisioning"]).await;
    let clock = TestClock::new();
    let (dropped, started) = clock.block_sleep(2);
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let wait = client.wait_until_available("cs", options(5, 600));
    tokio::select! {
        outcome = wait => panic!("the wait ended: {outcome:?}"),
        () = started.notified() => {}
    }
    // `select!` dropped the wait, and with it the pending pause: nothing is left to poll.
    assert!(dropped.load(Ordering::SeqCst));
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_failing_poll_is_returned() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})))
        .mount(&server)
        .await;
    let client = builder(&server.uri(), &TestClock::new())
        .build()
        .expect("a client");
    let error = client
        .wait_until_available("cs", WaitOptions::default())
        .await
        .expect_err("404");
    assert!(
        matches!(&error, WaitError::Request(inner) if inner.status().map(|s| s.as_u16()) == Some(404)),
        "{error:?}"
    );
    assert!(std::error::Error::source(&error).is_some());
}
