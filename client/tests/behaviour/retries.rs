//! Retries of transient failures: idempotent requests only, bounded, with growing waits.

use std::time::Duration;

use codespaces_client::models::{
    CreateForAuthenticatedUserRequest, PublishForAuthenticatedUserRequest,
    UpdateForAuthenticatedUserRequest,
};
use codespaces_client::operations::codespaces::{
    CreateForAuthenticatedUserError, DeleteForAuthenticatedUserError,
};
use codespaces_client::{Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{TestClock, builder, codespace, header};

fn error(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"message": "Server Error"}))
}

async fn answering(first: ResponseTemplate, times: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(times)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(codespace("cs")))
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .len()
}

/// Within equal jitter of `initial * 2^retry`: between half and all of it.
fn assert_backoff(waits: &[Duration], initial: Duration) {
    for (retry, wait) in waits.iter().enumerate() {
        let full = initial * 2u32.pow(u32::try_from(retry).expect("few retries"));
        assert!(
            *wait >= full / 2 && *wait <= full,
            "retry {retry}: {wait:?}"
        );
    }
}

#[tokio::test]
async fn a_get_is_retried_after_5xx_and_succeeds() {
    let server = answering(error(502), 2).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let response = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect("retried");
    assert_eq!(response.attempts, 3);
    assert_eq!(requests(&server).await, 3);
    assert_eq!(clock.sleeps().len(), 2);
    assert_backoff(&clock.sleeps(), Duration::from_secs(1));
}

#[tokio::test]
async fn every_attempt_sends_the_same_request() {
    // A retry prepares URL and headers again instead of keeping a copy of the first attempt's.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(error(502))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total_count": 0,
            "codespaces": []
        })))
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let response = client
        .codespaces()
        .list_for_authenticated_user()
        .per_page(5)
        .repository_id(42)
        .if_none_match("\"etag\"")
        .send()
        .await
        .expect("retried");
    assert_eq!(response.attempts, 3);
    let received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 3);
    let first = &received[0];
    assert_eq!(first.url.query(), Some("per_page=5&repository_id=42"));
    assert!(header(first, "authorization").is_some());
    assert!(header(first, "if-none-match").is_some());
    for again in &received[1..] {
        assert_eq!(again.url, first.url);
        assert_eq!(again.method, first.method);
        assert_eq!(again.headers, first.headers);
    }
}

#[tokio::test]
async fn retries_stop_at_the_cap_and_the_error_counts_the_attempts() {
    let server = answering(error(500), 10).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let error = client
        .codespaces()
        .delete_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("500");
    assert!(
        matches!(
            error,
            Error::Api {
                body: DeleteForAuthenticatedUserError::InternalServerError(_),
                attempts: 3,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn waits_grow_to_the_longest_backoff_and_stay_there() {
    let server = answering(error(503), 10).await;
    let clock = TestClock::new();
    let policy = RetryPolicy {
        max_retries: 5,
        initial_backoff: Duration::from_secs(1),
        max_backoff: Duration::from_secs(4),
    };
    let client = builder(&server.uri(), &clock)
        .retry_policy(policy)
        .build()
        .expect("a client");
    let error = client
        .codespaces()
        .get_export_details_for_authenticated_user("cs", "latest")
        .send()
        .await;
    assert_eq!(error.expect_err("503").attempts(), 6);
    let sleeps = clock.sleeps();
    assert_backoff(&sleeps[..3], Duration::from_secs(1));
    for wait in &sleeps[2..] {
        assert!(
            *wait >= Duration::from_secs(2) && *wait <= Duration::from_secs(4),
            "{wait:?}"
        );
    }
    assert_eq!(requests(&server).await, 6);
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    for status in [400, 401, 403, 404, 410, 422, 451] {
        let server = answering(error(status), 10).await;
        let clock = TestClock::new();
        let client = builder(&server.uri(), &clock).build().expect("a client");
        let error = client
            .codespaces()
            .get_for_authenticated_user("cs")
            .send()
            .await
            .expect_err("4xx");
        assert_eq!(error.status().map(|status| status.as_u16()), Some(status));
        assert_eq!(error.attempts(), 1, "{status}");
        assert_eq!(requests(&server).await, 1, "{status}");
        assert!(clock.sleeps().is_empty(), "{status}");
    }
}

#[tokio::test]
async fn creating_a_codespace_is_never_retried() {
    let server = answering(error(503), 10).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let body: CreateForAuthenticatedUserRequest =
        serde_json::from_value(json!({"repository_id": 1, "ref": "main"})).expect("a request body");
    let error = client
        .codespaces()
        .create_for_authenticated_user(body)
        .send()
        .await
        .expect_err("503");
    assert!(
        matches!(
            error,
            Error::Api {
                body: CreateForAuthenticatedUserError::ServiceUnavailable(_),
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
    // The other writes that create something, and PATCH, are not retried either.
    let codespaces = client.codespaces();
    let export = codespaces
        .export_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("503");
    let publish_body: PublishForAuthenticatedUserRequest =
        serde_json::from_value(json!({"private": true})).expect("a request body");
    let publish = codespaces
        .publish_for_authenticated_user("cs", publish_body)
        .send()
        .await
        .expect_err("503");
    let update = codespaces
        .update_for_authenticated_user("cs")
        .body(UpdateForAuthenticatedUserRequest::default())
        .send()
        .await
        .expect_err("503");
    assert_eq!(
        (export.attempts(), publish.attempts(), update.attempts()),
        (1, 1, 1)
    );
    assert_eq!(requests(&server).await, 4);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_get_but_not_for_post() {
    // Bind, then drop, for a local port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let clock = TestClock::new();
    let client = builder(&format!("http://127.0.0.1:{port}"), &clock)
        .build()
        .expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("refused");
    assert!(
        matches!(error, Error::Transport { attempts: 3, .. }),
        "{error:?}"
    );
    assert_eq!(clock.sleeps().len(), 2);

    let error = client
        .codespaces()
        .stop_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("refused");
    assert!(
        matches!(error, Error::Transport { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn a_disabled_policy_sends_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces/cs"))
        .respond_with(error(502))
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("502");
    assert!(
        matches!(error, Error::UnexpectedStatus { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_503_with_retry_after_waits_as_long_as_the_server_asks_before_the_retry() {
    let server = answering(error(503).insert_header("retry-after", "7"), 1).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let response = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect("retried");
    assert_eq!(response.attempts, 2);
    assert_eq!(clock.sleeps(), [Duration::from_secs(7)]);

    // A write is still not sent twice: the 503 may have come after it took effect.
    let server = answering(error(503).insert_header("retry-after", "7"), 1).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let error = client
        .codespaces()
        .stop_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("not retried");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(requests(&server).await, 1);
    assert!(clock.sleeps().is_empty());
}
