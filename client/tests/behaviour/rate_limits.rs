//! Primary and secondary rate limits: recognised, waited out within the policy's bounds, or
//! returned as typed errors saying when to retry.

use std::time::Duration;

use codespaces_client::models::CreateForAuthenticatedUserRequest;
use codespaces_client::operations::codespaces::GetForAuthenticatedUserError;
use codespaces_client::{Error, RateLimit, RateLimitKind, RateLimitPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{START, TestClock, builder, codespace};

const SECONDARY: &str =
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";

fn secs(seconds: u64) -> Duration {
    Duration::from_secs(seconds)
}

/// GitHub's headers for a used-up budget that resets `in_seconds` after the test clock's start.
fn exhausted(status: u16, in_seconds: u64) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("x-ratelimit-limit", "5000")
        .insert_header("x-ratelimit-remaining", "0")
        .insert_header("x-ratelimit-used", "5000")
        .insert_header(
            "x-ratelimit-reset",
            (START + in_seconds).to_string().as_str(),
        )
        .insert_header("x-ratelimit-resource", "core")
        .set_body_json(json!({"message": "API rate limit exceeded for user ID 1."}))
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(codespace("cs"))
        .insert_header("x-ratelimit-limit", "5000")
        .insert_header("x-ratelimit-remaining", "4999")
        .insert_header("x-ratelimit-used", "1")
        .insert_header("x-ratelimit-reset", (START + 3600).to_string().as_str())
        .insert_header("x-ratelimit-resource", "core")
}

/// Answers `first` to the first `times` requests, then `then`.
async fn server(first: ResponseTemplate, times: u64, then: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces/cs"))
        .respond_with(first)
        .up_to_n_times(times)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces/cs"))
        .respond_with(then)
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

#[tokio::test]
async fn primary_limit_waits_until_the_reset_then_succeeds() {
    let server = server(exhausted(403, 30), 1, ok()).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let response = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect("retried");
    assert_eq!(response.attempts, 2);
    // Until one second after the reset.
    assert_eq!(clock.sleeps(), [secs(31)]);
    assert_eq!(requests(&server).await, 2);
    let limit = response.rate_limit().expect("rate-limit headers");
    assert_eq!(
        limit,
        RateLimit {
            limit: 5000,
            remaining: 4999,
            used: Some(1),
            reset: START + 3600,
            resource: Some("core".to_owned()),
        }
    );
}

#[tokio::test]
async fn primary_limit_resetting_after_the_longest_wait_is_returned_at_once() {
    let server = server(exhausted(429, 3600), 1, ok()).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("limited");
    let Error::RateLimited {
        kind,
        retry_after,
        status,
        attempts,
        ..
    } = &error
    else {
        panic!("not a rate-limit error: {error:?}");
    };
    assert_eq!(
        (*kind, *retry_after, status.as_u16(), *attempts),
        (RateLimitKind::Primary, secs(3601), 429, 1)
    );
    assert_eq!(error.rate_limit().map(|limit| limit.remaining), Some(0));
    assert_eq!(error.retry_after(), Some(secs(3601)));
    assert!(clock.sleeps().is_empty());
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn secondary_limit_with_retry_after_honours_it() {
    let limited = ResponseTemplate::new(429).insert_header("retry-after", "7");
    let server = server(limited, 2, ok()).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let response = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect("retried");
    assert_eq!(response.attempts, 3);
    assert_eq!(clock.sleeps(), [secs(7), secs(7)]);
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn secondary_limit_without_retry_after_backs_off_from_a_minute_until_the_cap() {
    let limited = ResponseTemplate::new(403).set_body_json(json!({"message": SECONDARY}));
    let server = server(limited, 10, ok()).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("limited");
    // 60 s fits the default longest wait (60 s); the next, 120 s, does not.
    assert!(
        matches!(
            error,
            Error::RateLimited {
                kind: RateLimitKind::Secondary,
                attempts: 2,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.retry_after(), Some(secs(120)));
    assert_eq!(clock.sleeps(), [secs(60)]);
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn the_number_of_rate_limit_retries_is_capped() {
    let limited = ResponseTemplate::new(403).set_body_json(json!({"message": SECONDARY}));
    let server = server(limited, 10, ok()).await;
    let clock = TestClock::new();
    let policy = RateLimitPolicy {
        max_retries: 3,
        max_wait: secs(3600),
        initial_backoff: secs(60),
    };
    let client = builder(&server.uri(), &clock)
        .rate_limit_policy(policy)
        .build()
        .expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("limited");
    assert_eq!(error.attempts(), 4);
    assert_eq!(clock.sleeps(), [secs(60), secs(120), secs(240)]);
    assert_eq!(error.retry_after(), Some(secs(480)));
    assert_eq!(requests(&server).await, 4);
}

#[tokio::test]
async fn a_disabled_policy_returns_the_typed_error_at_once() {
    let limited = ResponseTemplate::new(403)
        .insert_header("retry-after", "1")
        .set_body_json(json!({"message": SECONDARY}));
    let server = server(limited, 1, ok()).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock)
        .rate_limit_policy(RateLimitPolicy::disabled())
        .build()
        .expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("limited");
    assert!(error.is_rate_limited());
    assert_eq!(error.retry_after(), Some(secs(1)));
    assert!(
        error.to_string().contains("secondary rate limit exceeded"),
        "{error}"
    );
    assert!(clock.sleeps().is_empty());
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_plain_403_is_the_documented_error_and_not_retried() {
    let forbidden = ResponseTemplate::new(403)
        .insert_header("x-ratelimit-remaining", "4000")
        .set_body_json(json!({"message": "Must have admin rights to Repository."}));
    let server = server(forbidden, 1, ok()).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("forbidden");
    assert!(
        matches!(
            error,
            Error::Api {
                body: GetForAuthenticatedUserError::Forbidden(_),
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(clock.sleeps().is_empty());
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn a_rate_limited_create_is_sent_again_because_github_did_not_process_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/user/codespaces"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("retry-after", "3")
                .set_body_json(json!({"message": SECONDARY})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/user/codespaces"))
        .respond_with(ResponseTemplate::new(201).set_body_json(codespace("new")))
        .mount(&server)
        .await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let body: CreateForAuthenticatedUserRequest =
        serde_json::from_value(json!({"repository_id": 1})).expect("a request body");
    let created = client
        .codespaces()
        .create_for_authenticated_user(body)
        .send()
        .await
        .expect("created");
    assert_eq!(created.attempts, 2);
    assert_eq!(clock.sleeps(), [secs(3)]);
    assert_eq!(requests(&server).await, 2);
}
