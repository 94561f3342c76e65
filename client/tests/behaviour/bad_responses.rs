//! Responses that are not what the spec promises: typed errors that keep what is known, and
//! no panic.

use codespaces_client::models::Codespace;
use codespaces_client::operations::codespaces::{
    GetForAuthenticatedUserError, GetForAuthenticatedUserSuccess,
};
use codespaces_client::{Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{RawServer, TestClock, Then, builder, codespace};

const GATEWAY_PAGE: &str =
    "<!DOCTYPE html>\n<html><head><title>504 Gateway Time-out</title></head>\n<body>";

async fn answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
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
async fn an_html_504_keeps_its_status_and_a_short_excerpt() {
    let page = format!(
        "{GATEWAY_PAGE}{}</body></html>",
        "<p>upstream timed out</p>\n".repeat(200)
    );
    let server =
        answering(ResponseTemplate::new(504).set_body_raw(page.clone(), "text/html")).await;
    let clock = TestClock::new();
    let client = builder(&server.uri(), &clock).build().expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("504");
    let Error::UnexpectedStatus {
        status,
        body,
        attempts,
        ..
    } = &error
    else {
        panic!("not an unexpected status: {error:?}");
    };
    assert_eq!((status.as_u16(), *attempts), (504, 3));
    assert_eq!(body.as_ref(), page.as_bytes());
    let message = error.to_string();
    assert!(
        message.starts_with(
            "github api returned undocumented status 504 Gateway Timeout: <!DOCTYPE html>"
        ),
        "{message}"
    );
    assert!(
        message.chars().count() < 300 && !message.contains('\n'),
        "{message}"
    );
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn an_html_page_for_a_documented_error_status_is_a_decode_error_with_the_status() {
    let server =
        answering(ResponseTemplate::new(500).set_body_raw(GATEWAY_PAGE, "text/html")).await;
    let client = builder(&server.uri(), &TestClock::new())
        .build()
        .expect("a client");
    let error = client
        .codespaces()
        .stop_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("500");
    assert!(
        matches!(&error, Error::Decode { status, attempts: 1, .. } if status.as_u16() == 500),
        "{error:?}"
    );
    assert!(error.to_string().contains("<!DOCTYPE html>"), "{error}");
}

#[tokio::test]
async fn an_error_body_without_documentation_url_still_decodes() {
    let server =
        answering(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"}))).await;
    let client = builder(&server.uri(), &TestClock::new())
        .build()
        .expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("404");
    let Error::Api {
        body: GetForAuthenticatedUserError::NotFound(body),
        ..
    } = error
    else {
        panic!("not the typed 404: {error:?}");
    };
    assert_eq!(body.message.as_deref(), Some("Not Found"));
    assert_eq!(body.documentation_url, None);
}

#[tokio::test]
async fn an_empty_or_cut_json_body_is_a_decode_error() {
    let mut cut = serde_json::to_string(&codespace("cs")).expect("serialises");
    cut.truncate(cut.len() / 2);
    for body in [String::new(), cut] {
        let server =
            answering(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"))
                .await;
        let client = builder(&server.uri(), &TestClock::new())
            .build()
            .expect("a client");
        let error = client
            .codespaces()
            .get_for_authenticated_user("cs")
            .send()
            .await
            .expect_err("bad body");
        assert!(
            matches!(&error, Error::Decode { status, .. } if status.as_u16() == 200),
            "{error:?}"
        );
        assert_eq!(error.raw_body().map(|raw| raw.len()), Some(body.len()));
        assert_eq!(requests(&server).await, 1);
    }
}

#[tokio::test]
async fn a_connection_closed_before_the_announced_length_is_an_incomplete_body() {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n";
    let server = RawServer::start(
        format!("{head}{{\"name\": \"cs\"").into_bytes(),
        Then::Close,
    )
    .await;
    let clock = TestClock::new();
    let client = builder(&server.uri, &clock).build().expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("truncated");
    // Idempotent, so retried like any broken connection.
    assert!(
        matches!(&error, Error::IncompleteBody { status, attempts: 3, .. } if status.as_u16() == 200),
        "{error:?}"
    );
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_whether_its_length_is_announced_or_not() {
    let big = json!({"message": "x".repeat(4096)});
    let server = answering(ResponseTemplate::new(200).set_body_json(&big)).await;
    let client = builder(&server.uri(), &TestClock::new())
        .max_body_size(1024)
        .build()
        .expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("too large");
    assert!(
        matches!(
            error,
            Error::BodyTooLarge {
                limit: 1024,
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.status().map(|status| status.as_u16()), Some(200));

    // Chunked: no length up front, so the limit is found while reading.
    let chunk = "x".repeat(600);
    let chunked = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n{chunk}\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len(),
        chunk.len()
    );
    let raw = RawServer::start(chunked.into_bytes(), Then::Close).await;
    let client = builder(&raw.uri, &TestClock::new())
        .max_body_size(1024)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("a client");
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("too large");
    assert!(
        matches!(error, Error::BodyTooLarge { limit: 1024, .. }),
        "{error:?}"
    );
    assert_eq!(raw.requests(), 1);
}

#[tokio::test]
async fn a_body_sent_in_several_chunks_is_read_whole() {
    // The first chunk is kept as it came; the later ones are joined to it.
    let body = codespace("cs").to_string();
    let third = body.len() / 3;
    let chunks = [&body[..third], &body[third..2 * third], &body[2 * third..]];
    let mut answer =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
            .to_owned();
    for chunk in chunks {
        answer.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
    }
    answer.push_str("0\r\n\r\n");
    let raw = RawServer::start(answer.into_bytes(), Then::Close).await;
    let codespace = get_codespace(&raw.uri).await;
    let whole: Codespace = serde_json::from_str(&body).expect("the example decodes");
    assert_eq!(codespace, whole);
}

#[tokio::test]
async fn unknown_states_and_fields_in_a_response_decode() {
    let mut future = codespace("cs");
    future["state"] = json!("Hibernating");
    future["a_field_from_the_future"] = json!([1, 2, 3]);
    let server = answering(ResponseTemplate::new(200).set_body_json(future)).await;
    let codespace = get_codespace(&server.uri()).await;
    assert_eq!(codespace.state.as_str(), "Hibernating");
}

/// The codespace `cs` as the server at `uri` answers it, which must be the 200 outcome.
async fn get_codespace(uri: &str) -> Codespace {
    let client = builder(uri, &TestClock::new()).build().expect("a client");
    let response = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect("decodes");
    let GetForAuthenticatedUserSuccess::Ok(codespace) = response.body else {
        panic!("not the 200 outcome");
    };
    codespace
}
