//! Waiting for a codespace to become available, and for an export to succeed.

use std::sync::atomic::Ordering;
use std::time::Duration;

use codespaces_client::models::CodespaceState;
use codespaces_client::{ExportWaitError, WaitError, WaitOptions};
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

/// The spec's export details, in `state`.
fn export_in_state(state: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "state": state,
        "completed_at": "2022-01-01T14:59:22Z",
        "branch": "codespace-monalisa-octocat-hello-world-g4wpq6h95q",
        "sha": "fd95a81ca01e48ede9f39c799ecbcef817b8a3b2",
        "id": "latest",
        "export_url": "https://api.github.com/user/codespaces/:name/exports/latest"
    }))
}

/// Answers the export's details in each state in turn (the last one from then on).
async fn export_server(states: &[&str]) -> MockServer {
    let server = MockServer::start().await;
    let (last, first) = states.split_last().expect("at least one state");
    let details = || Mock::given(method("GET")).and(path("/user/codespaces/cs/exports/latest"));
    for state in first {
        details()
            .respond_with(export_in_state(state))
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    details()
        .respond_with(export_in_state(last))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn an_export_is_polled_until_it_succeeded() {
    let server = export_server(&["in_progress", "in_progress", "succeeded"]).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let details = client
        .wait_for_export("cs", "latest", options(3, 600))
        .await
        .expect("succeeded");
    assert_eq!(details.state.as_deref(), Some("succeeded"));
    assert_eq!(
        details.branch.as_deref(),
        Some("codespace-monalisa-octocat-hello-world-g4wpq6h95q")
    );
    assert_eq!(clock.sleeps(), [Duration::from_secs(3); 2]);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_failed_export_ends_the_wait_at_once() {
    let server = export_server(&["in_progress", "failed", "succeeded"]).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let error = client
        .wait_for_export("cs", "latest", WaitOptions::default())
        .await
        .expect_err("failed");
    let ExportWaitError::Failed(details) = &error else {
        panic!("not a failure: {error:?}");
    };
    assert_eq!(details.state.as_deref(), Some("failed"));
    assert_eq!(error.to_string(), "export latest failed");
    assert_eq!(clock.sleeps(), [Duration::from_secs(5)]);
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn an_export_wait_times_out_with_the_last_state() {
    let server = export_server(&["in_progress"]).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let error = client
        .wait_for_export("cs", "latest", options(10, 25))
        .await
        .expect_err("timed out");
    let ExportWaitError::TimedOut { last_state, polls } = &error else {
        panic!("not a timeout: {error:?}");
    };
    assert_eq!(last_state.as_deref(), Some("in_progress"));
    assert_eq!(*polls, 4);
    assert_eq!(
        error.to_string(),
        "export still in_progress after 4 polls; gave up waiting"
    );
    let secs = Duration::from_secs;
    assert_eq!(clock.sleeps(), [secs(10), secs(10), secs(5)]);
    assert_eq!(requests(&server).await, 4);
}

#[tokio::test]
async fn dropping_the_export_wait_stops_polling() {
    let server = export_server(&["in_progress"]).await;
    let clock = TestClock::new();
    let (dropped, started) = clock.block_sleep(1);
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let wait = client.wait_for_export("cs", "latest", options(5, 600));
    tokio::select! {
        outcome = wait => panic!("the wait ended: {outcome:?}"),
        () = started.notified() => {}
    }
    assert!(dropped.load(Ordering::SeqCst));
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_failing_export_poll_is_returned() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})))
        .mount(&server)
        .await;
    let client = builder(&server.uri(), &TestClock::new())
        .build()
        .expect("a client");
    let error = client
        .wait_for_export("cs", "9", WaitOptions::default())
        .await
        .expect_err("404");
    assert!(
        matches!(&error, ExportWaitError::Request(inner) if inner.status().map(|s| s.as_u16()) == Some(404)),
        "{error:?}"
    );
    assert!(std::error::Error::source(&error).is_some());
    let received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].url.path(), "/user/codespaces/cs/exports/9");
}
