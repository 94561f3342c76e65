//! The token stays where it belongs: never in formatted output, never sent to another origin.

use codespaces_client::{Client, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{RawServer, TOKEN, TestClock, Then, Timer, builder, codespace, header};

/// Everything a value prints, its error sources included.
fn printed(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = format!("{error} {error:?}");
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    text
}

/// A server that answers `GET /user/codespaces/{name}` with a different outcome per name: `ok`,
/// `api` (404), `unexpected` (418), `decode`, `limited` (429), `large`.
async fn server_with_every_outcome() -> MockServer {
    let server = MockServer::start().await;
    let answers = [
        (
            "/user/codespaces/ok",
            ResponseTemplate::new(200).set_body_json(codespace("ok")),
        ),
        (
            "/user/codespaces/api",
            ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})),
        ),
        (
            "/user/codespaces/unexpected",
            ResponseTemplate::new(418).set_body_string("teapot"),
        ),
        (
            "/user/codespaces/decode",
            ResponseTemplate::new(200).set_body_string("{"),
        ),
        (
            "/user/codespaces/limited",
            ResponseTemplate::new(429).insert_header("retry-after", "9999"),
        ),
        (
            "/user/codespaces/large",
            ResponseTemplate::new(200).set_body_string("x".repeat(20_000)),
        ),
    ];
    for (route, answer) in answers {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(answer)
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test]
async fn the_token_never_appears_in_debug_or_display_output() {
    let server = server_with_every_outcome().await;
    let clock = TestClock::new();
    let builder = builder(&server.uri(), &clock).max_body_size(10_000);
    let mut output = format!("{builder:?}");
    let client = builder.build().expect("a client");
    output.push_str(&format!("{client:?}"));

    let codespaces = client.codespaces();
    let ok = codespaces
        .get_for_authenticated_user("ok")
        .send()
        .await
        .expect("200");
    output.push_str(&format!("{ok:?}"));
    for name in ["api", "unexpected", "decode", "limited", "large"] {
        let error = codespaces
            .get_for_authenticated_user(name)
            .send()
            .await
            .expect_err(name);
        output.push_str(&printed(&error));
    }
    let page = codespaces.list_for_authenticated_user().send_page().await;
    output.push_str(&format!("{page:?}"));
    output.push_str(&errors_without_a_response(&client).await);

    assert!(output.contains("<redacted>"), "{output}");
    assert!(
        output.contains("Timeout")
            && output.contains("RateLimited")
            && output.contains("BodyTooLarge")
    );
    assert!(
        !output.contains(TOKEN),
        "the token leaked into formatted output"
    );
    assert!(
        !output.contains(&TOKEN[4..12]),
        "part of the token leaked into formatted output"
    );
}

/// What the errors without a response print: refused connection, timeout, invalid header
/// (sent with `client`).
async fn errors_without_a_response(client: &Client) -> String {
    let mut output = String::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let refused = builder_for(&format!("http://127.0.0.1:{port}"), TestClock::new());
    let error = refused
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("refused");
    output.push_str(&printed(&error));
    let silent = RawServer::start(Vec::new(), Then::Hold).await;
    let timing_out = builder_for(&silent.uri, TestClock::with_timers(vec![Timer::Now]));
    let error = timing_out
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await
        .expect_err("timeout");
    output.push_str(&printed(&error));
    let error = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .if_none_match("\r\n")
        .send()
        .await
        .expect_err("invalid header");
    output.push_str(&printed(&error));
    output
}

fn builder_for(uri: &str, clock: std::sync::Arc<TestClock>) -> Client {
    builder(uri, &clock)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("a client")
}

#[tokio::test]
async fn a_redirect_to_another_port_drops_the_token_and_one_on_the_same_origin_keeps_it() {
    let api = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces/moved"))
        .respond_with(ResponseTemplate::new(302).insert_header(
            "location",
            format!("{}/user/codespaces/moved", elsewhere.uri()).as_str(),
        ))
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces/renamed"))
        .respond_with(
            ResponseTemplate::new(301).insert_header("location", "/user/codespaces/new-name"),
        )
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces/new-name"))
        .respond_with(ResponseTemplate::new(200).set_body_json(codespace("new-name")))
        .mount(&api)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(codespace("moved")))
        .mount(&elsewhere)
        .await;
    let client = builder(&api.uri(), &TestClock::new())
        .build()
        .expect("a client");

    client
        .codespaces()
        .get_for_authenticated_user("moved")
        .send()
        .await
        .expect("followed");
    client
        .codespaces()
        .get_for_authenticated_user("renamed")
        .send()
        .await
        .expect("followed");

    let bearer = format!("Bearer {TOKEN}");
    let to_api = api.received_requests().await.expect("recording is on");
    let to_elsewhere = elsewhere
        .received_requests()
        .await
        .expect("recording is on");
    assert_eq!((to_api.len(), to_elsewhere.len()), (3, 1));
    assert!(
        to_api
            .iter()
            .all(|request| header(request, "authorization") == Some(bearer.as_str()))
    );
    assert_eq!(header(&to_elsewhere[0], "authorization"), None);
}
