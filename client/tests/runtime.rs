//! Tests of the hand-written HTTP runtime against local mock servers.

use std::time::Duration;

use bytes::Bytes;
use codespaces_client::Client;
use codespaces_client::runtime::{
    self, BuildError, DEFAULT_API_VERSION, DEFAULT_USER_AGENT, Error, RawResponse, Request,
    Response, RetryPolicy,
};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "ghp_s3cr3tT0kenValue";

#[derive(Debug, PartialEq, Deserialize)]
struct Codespace {
    name: String,
}

#[derive(Debug, Deserialize)]
struct BasicError {
    message: String,
}

#[derive(Debug)]
enum GetCodespaceError {
    NotFound(BasicError),
}

/// Mirrors what the generator emits for an operation, so this test breaks
/// if the runtime's API stops fitting generated code (including `?`
/// inference of the error type).
struct GetCodespace<'a> {
    client: &'a runtime::Client,
    codespace_name: String,
    per_page: Option<i64>,
    ref_: String,
}

impl GetCodespace<'_> {
    async fn send(self) -> Result<Response<Codespace>, Error<GetCodespaceError>> {
        let mut path = String::from("/user/codespaces/");
        runtime::push_path_segment(&mut path, "codespace_name", &self.codespace_name)?;
        let mut request = Request::new(Method::GET, path);
        request.query("per_page", self.per_page.as_ref());
        request.query_required("ref", &self.ref_);
        let raw: RawResponse = self.client.execute(request).await?;
        match raw.status().as_u16() {
            200 => {
                let body: Codespace = raw.json()?;
                Ok(raw.into_response(body))
            }
            404 => {
                let body: BasicError = raw.json()?;
                Err(raw.into_api_error(GetCodespaceError::NotFound(body)))
            }
            _ => Err(raw.into_unexpected()),
        }
    }
}

fn get<'a>(client: &'a Client, name: &str) -> GetCodespace<'a> {
    GetCodespace {
        client: client.runtime(),
        codespace_name: name.to_owned(),
        per_page: None,
        ref_: "main".to_owned(),
    }
}

fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .build()
        .unwrap()
}

async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "cs"})))
        .mount(&server)
        .await;
    server
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap()
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

fn assert_no_token<T: std::fmt::Debug + std::fmt::Display>(value: &T) {
    assert!(!format!("{value:?}").contains(TOKEN));
    assert!(!format!("{value}").contains(TOKEN));
}

#[tokio::test]
async fn sends_default_headers_and_bearer_token() {
    let server = ok_server().await;
    let response = get(&client_for(&server), "cs").send().await.unwrap();
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.into_body(), Codespace { name: "cs".into() });

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(
        header(request, "accept"),
        Some("application/vnd.github+json")
    );
    assert_eq!(header(request, "user-agent"), Some(DEFAULT_USER_AGENT));
    assert!(DEFAULT_USER_AGENT.starts_with("codespaces-client/"));
    assert_eq!(header(request, "x-github-api-version"), Some("2022-11-28"));
    assert_eq!(DEFAULT_API_VERSION, "2022-11-28");
    let expected = format!("Bearer {TOKEN}");
    assert_eq!(header(request, "authorization"), Some(expected.as_str()));
    assert_eq!(header(request, "content-type"), None);
}

#[tokio::test]
async fn sends_configured_user_agent_and_api_version_and_no_token_by_default() {
    let server = ok_server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .user_agent("my-app/1.0")
        .api_version("2026-03-10")
        .build()
        .unwrap();
    get(&client, "cs").send().await.unwrap();

    let requests = received(&server).await;
    assert_eq!(header(&requests[0], "user-agent"), Some("my-app/1.0"));
    assert_eq!(
        header(&requests[0], "x-github-api-version"),
        Some("2026-03-10")
    );
    assert_eq!(header(&requests[0], "authorization"), None);
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = ok_server().await;
    let client = Client::builder()
        .base_url(format!("{}/api/v3/", server.uri()))
        .build()
        .unwrap();
    assert_eq!(client.base_url(), format!("{}/api/v3", server.uri()));
    get(&client, "cs").send().await.unwrap();

    let requests = received(&server).await;
    assert_eq!(requests[0].url.path(), "/api/v3/user/codespaces/cs");
}

#[tokio::test]
async fn default_base_url_is_api_github_com() {
    let client = Client::new(TOKEN).unwrap();
    assert_eq!(client.base_url(), "https://api.github.com");
}

#[tokio::test]
async fn query_values_are_form_urlencoded_and_none_is_skipped() {
    let server = ok_server().await;
    let client = client_for(&server);
    let mut op = get(&client, "cs");
    op.per_page = Some(30);
    op.ref_ = "feature/a b&c=d+é".to_owned();
    op.send().await.unwrap();
    let mut op = get(&client, "cs");
    op.per_page = None;
    op.send().await.unwrap();

    let requests = received(&server).await;
    assert_eq!(
        requests[0].url.query(),
        Some("per_page=30&ref=feature%2Fa+b%26c%3Dd%2B%C3%A9")
    );
    assert_eq!(requests[1].url.query(), Some("ref=main"));
}

#[tokio::test]
async fn no_query_leaves_no_question_mark() {
    let server = ok_server().await;
    let raw = client_for(&server)
        .runtime()
        .execute(Request::new(Method::GET, "/user/codespaces"))
        .await
        .unwrap();
    assert_eq!(raw.status(), StatusCode::OK);
    assert_eq!(received(&server).await[0].url.query(), None);
}

#[tokio::test]
async fn json_body_is_sent_with_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/user/codespaces"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"name": "new"})))
        .mount(&server)
        .await;
    let mut request = Request::new(Method::POST, "/user/codespaces");
    let body = json!({"repository_id": 1, "ref": "main"});
    request.json_body::<_, ()>(&body).unwrap();
    let raw = client_for(&server)
        .runtime()
        .execute(request)
        .await
        .unwrap();
    assert_eq!(raw.status(), StatusCode::CREATED);
    let created: Codespace = raw.json::<_, ()>().unwrap();
    assert_eq!(created.name, "new");

    let requests = received(&server).await;
    assert_eq!(
        header(&requests[0], "content-type"),
        Some("application/json")
    );
    let length = requests[0].body.len().to_string();
    assert_eq!(
        header(&requests[0], "content-length"),
        Some(length.as_str())
    );
    let sent: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(sent, body);
}

#[tokio::test]
async fn extra_headers_are_sent_and_invalid_ones_rejected_before_sending() {
    let server = ok_server().await;
    let client = client_for(&server);
    let mut request = Request::new(Method::GET, "/user/codespaces");
    request.header("if-none-match", "\"etag\"");
    client.runtime().execute(request).await.unwrap();
    let mut request = Request::new(Method::GET, "/user/codespaces");
    request.header("if-none-match", "a\r\nx-injected: 1");
    let err: Error<()> = client.runtime().execute(request).await.unwrap_err().into();

    assert!(matches!(
        err,
        Error::InvalidHeaderValue {
            name: "if-none-match"
        }
    ));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(header(&requests[0], "if-none-match"), Some("\"etag\""));
}

#[test]
fn path_segments_are_percent_encoded() {
    let cases = [
        ("a/b", "a%2Fb"),
        ("a b", "a%20b"),
        ("100%", "100%25"),
        ("é", "%C3%A9"),
        (
            "?#[]@!$&'()*+,;=:",
            "%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A",
        ),
        ("AZaz09-._~", "AZaz09-._~"),
        ("...", "..."),
    ];
    for (value, encoded) in cases {
        let mut path = String::from("/x/");
        runtime::push_path_segment::<()>(&mut path, "name", value).unwrap();
        assert_eq!(path, format!("/x/{encoded}"), "value {value:?}");
    }
}

#[tokio::test]
async fn encoded_path_segment_reaches_server_as_one_segment() {
    let server = ok_server().await;
    get(&client_for(&server), "a/b c").send().await.unwrap();
    assert_eq!(
        received(&server).await[0].url.path(),
        "/user/codespaces/a%2Fb%20c"
    );
}

#[tokio::test]
async fn empty_and_dot_path_segments_are_rejected_without_a_request() {
    let server = ok_server().await;
    let client = client_for(&server);
    for value in ["", ".", ".."] {
        let err = get(&client, value).send().await.unwrap_err();
        match &err {
            Error::InvalidPathParameter {
                name,
                value: rejected,
                reason,
            } => {
                assert_eq!(*name, "codespace_name");
                assert_eq!(rejected, value);
                assert!(!reason.is_empty());
            }
            other => panic!("unexpected error {other:?}"),
        }
        assert!(err.to_string().contains("codespace_name"));
        assert_eq!(err.status(), None);
    }
    assert_eq!(received(&server).await.len(), 0);
}

#[test]
fn token_is_redacted_from_client_and_builder_debug() {
    let builder = Client::builder().token(TOKEN);
    assert!(!format!("{builder:?}").contains(TOKEN));
    let client = builder.build().unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN));
    assert!(debug.contains(r#"token: Some("<redacted>")"#), "{debug}");
    assert!(debug.contains("https://api.github.com"), "{debug}");
    let anonymous = format!("{:?}", Client::builder().build().unwrap());
    assert!(anonymous.contains("token: None"), "{anonymous}");
}

#[test]
fn invalid_settings_fail_to_build_naming_the_setting_but_not_the_token() {
    let secret = format!("{TOKEN}\r\nx-injected: 1");
    let err = Client::builder().token(&secret).build().unwrap_err();
    assert!(matches!(
        err,
        BuildError::InvalidHeaderValue { setting: "token" }
    ));
    assert!(err.to_string().contains("token"));
    assert_no_token(&err);

    let err = Client::builder().user_agent("a\nb").build().unwrap_err();
    assert!(matches!(
        err,
        BuildError::InvalidHeaderValue {
            setting: "user_agent"
        }
    ));
    // The API version is a default header of GitHub's configuration: the error names the
    // header (and never prints the value).
    let err = Client::builder().api_version("a\rb").build().unwrap_err();
    assert!(
        matches!(&err, BuildError::InvalidDefaultHeader { name } if name == "x-github-api-version"),
        "{err:?}"
    );
    assert!(!err.to_string().contains("a\rb"));

    for url in [
        "not a url",
        "ftp://example.com",
        "https://example.com/?a=b",
        "https://x/#f",
    ] {
        let err = Client::builder().base_url(url).build().unwrap_err();
        assert!(
            matches!(err, BuildError::InvalidBaseUrl { .. }),
            "{url}: {err}"
        );
    }
}

#[tokio::test]
async fn documented_error_status_becomes_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})))
        .mount(&server)
        .await;
    let err = get(&client_for(&server), "cs").send().await.unwrap_err();

    let Error::Api {
        status,
        body: GetCodespaceError::NotFound(body),
        ..
    } = &err
    else {
        panic!("unexpected error {err:?}");
    };
    assert_eq!(*status, StatusCode::NOT_FOUND);
    assert_eq!(body.message, "Not Found");
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert!(err.headers().is_some());
    assert!(err.raw_body().is_none());
    let display = err.to_string();
    assert!(display.contains("404"), "{display}");
    assert!(display.contains("Not Found"), "{display}");
    assert_no_token(&err);
}

#[tokio::test]
async fn undeclared_status_keeps_status_and_body() {
    let server = MockServer::start().await;
    let long_body = format!(
        "{{\"message\":\"teapot\",\"pad\":\"{}\"}}",
        "x".repeat(1000)
    );
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(418).set_body_string(long_body.clone()))
        .mount(&server)
        .await;
    let err = get(&client_for(&server), "cs").send().await.unwrap_err();

    assert!(matches!(err, Error::UnexpectedStatus { .. }), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::IM_A_TEAPOT));
    assert_eq!(err.raw_body(), Some(&Bytes::from(long_body)));
    let display = err.to_string();
    assert!(display.contains("418"), "{display}");
    assert!(display.contains("teapot"), "{display}");
    assert!(display.chars().count() < 300, "{display}");
    assert_no_token(&err);
}

#[test]
fn into_unexpected_keeps_status_headers_and_body() {
    let mut headers = HeaderMap::new();
    headers.insert("x-github-request-id", "ABC".parse().unwrap());
    let raw = RawResponse::new(
        StatusCode::BAD_GATEWAY,
        headers,
        Bytes::from_static(b"oops"),
    );
    let err: Error<()> = raw.into_unexpected();
    let Error::UnexpectedStatus {
        status,
        headers,
        body,
        attempts,
        ..
    } = &err
    else {
        panic!("unexpected error {err:?}");
    };
    assert_eq!(*attempts, 1);
    assert_eq!(*status, StatusCode::BAD_GATEWAY);
    assert_eq!(headers["x-github-request-id"], "ABC");
    assert_eq!(body.as_ref(), b"oops");
    // A response made by hand has no client to name the service; through the client the
    // message says `github api` (tests/behaviour/bad_responses.rs).
    assert_eq!(
        err.to_string(),
        "api returned undocumented status 502 Bad Gateway: oops"
    );
}

#[test]
fn empty_body_is_a_decode_error_keeping_status_and_body() {
    let raw = RawResponse::new(StatusCode::OK, HeaderMap::new(), Bytes::new());
    let err = raw.json::<Codespace, ()>().unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::OK));
    assert_eq!(err.raw_body(), Some(&Bytes::new()));
    assert!(err.to_string().contains("(empty body)"), "{err}");
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn malformed_documented_body_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"nom\": 1}"))
        .mount(&server)
        .await;
    let err = get(&client_for(&server), "cs").send().await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::OK));
    assert_eq!(
        err.raw_body().map(|b| b.as_ref()),
        Some(&b"{\"nom\": 1}"[..])
    );
    assert!(err.to_string().contains("{\"nom\": 1}"), "{err}");
    assert_no_token(&err);
}

#[test]
fn response_map_keeps_status_and_headers() {
    let raw = RawResponse::new(
        StatusCode::ACCEPTED,
        HeaderMap::new(),
        Bytes::from_static(b"7"),
    );
    let n: u32 = raw.json::<_, ()>().unwrap();
    let response = raw.into_response(n).map(|n| n * 6);
    assert_eq!(response.status, StatusCode::ACCEPTED);
    assert_eq!(response.body, 42);
}

#[test]
fn encode_failure_is_reported() {
    // Maps with non-string keys cannot be JSON.
    let body = std::collections::BTreeMap::from([((1, 2), 3)]);
    let mut request = Request::new(Method::POST, "/x");
    let err = request.json_body::<_, ()>(&body).unwrap_err();
    assert!(matches!(err, Error::Encode(_)), "{err:?}");
    assert!(request.body().is_none());
}

#[tokio::test]
async fn connection_failure_is_a_transport_error_without_the_token() {
    // Bind then drop to get a local port nobody listens on.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .token(TOKEN)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = get(&client, "cs").send().await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
    assert!(!err.is_timeout());
    assert_eq!(err.status(), None);
    assert_no_token(&err);
}

#[tokio::test(start_paused = true)]
async fn timeout_is_reported_as_timeout() {
    // The kernel accepts the connection into the backlog, but nobody ever
    // answers; paused time lets the timeout elapse without waiting.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let client = Client::builder()
        .base_url(format!("http://{}", listener.local_addr().unwrap()))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let err = get(&client, "cs").send().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(
        err.to_string(),
        "request timed out waiting for the response"
    );
}

#[test]
fn client_is_cheap_to_clone_and_send_sync() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Client>();
    let client = Client::builder().build().unwrap();
    assert_eq!(client.clone().base_url(), client.base_url());
}

#[tokio::test]
async fn body_less_write_announces_zero_length() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202))
        .mount(&server)
        .await;
    let request = Request::new(Method::POST, "/user/codespaces/cs/start");
    let raw = client_for(&server)
        .runtime()
        .execute(request)
        .await
        .unwrap();
    assert_eq!(raw.status(), StatusCode::ACCEPTED);
    assert!(raw.body().is_empty());

    let requests = received(&server).await;
    assert_eq!(header(&requests[0], "content-length"), Some("0"));
    assert_eq!(header(&requests[0], "content-type"), None);
}
