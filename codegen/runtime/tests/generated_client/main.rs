//! A client generated from `codegen/tests/fixtures/security.yaml` (server variables, one
//! operation per kind of security scheme, operations with servers of their own) calls each
//! operation against a local server, which checks the base path and exactly which credentials
//! arrived.

// The test calls part of the generated API; the rest is checked by compiling it.
#[allow(dead_code)]
mod generated;

/// The path the generated code calls the runtime by.
mod runtime {
    pub use codegen_runtime::*;
}

use std::sync::{Arc, Mutex};

use generated::client::{Client, ClientBuilder};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const BEARER: &str = "bearer-s3cret";
const USER: &str = "aladdin";
const PASSWORD: &str = "open-s3same";
const HEADER_KEY: &str = "header-s3cret";
const QUERY_KEY: &str = "query-s3cret";
const COOKIE_KEY: &str = "cookie-s3cret";
const OAUTH_TOKEN: &str = "oauth-s3cret";
const SECRETS: [&str; 7] = [
    BEARER,
    USER,
    PASSWORD,
    HEADER_KEY,
    QUERY_KEY,
    COOKIE_KEY,
    OAUTH_TOKEN,
];

/// The description's server of its own for `files/upload`.
const UPLOADS: &str = "https://uploads.eu.example.com";

/// A builder for the local server at `base_url`, where the uploads go too.
fn at(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .replace_server(UPLOADS, base_url)
}

fn all_credentials(base_url: &str) -> ClientBuilder {
    at(base_url)
        .bearer_auth(BEARER)
        .basic_auth(USER, PASSWORD)
        .header_key(HEADER_KEY)
        .query_key(QUERY_KEY)
        .cookie_key(COOKIE_KEY)
        .oauth(OAUTH_TOKEN)
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(|request: &Request| {
            if request.url.path().ends_with("/bearer") {
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true}))
            } else {
                ResponseTemplate::new(204)
            }
        })
        .mount(&server)
        .await;
    server
}

/// The credentials a request carried, each as `kind=value`.
fn credentials(request: &Request) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(value) = request.headers.get("authorization") {
        found.push(format!("authorization={}", value.to_str().unwrap()));
    }
    if let Some(value) = request.headers.get("x-api-key") {
        found.push(format!("x-api-key={}", value.to_str().unwrap()));
    }
    if let Some(value) = request.headers.get("cookie") {
        found.push(format!("cookie={}", value.to_str().unwrap()));
    }
    for (name, value) in request.url.query_pairs() {
        if name == "api_key" {
            found.push(format!("api_key={value}"));
        }
    }
    found
}

#[test]
fn the_default_base_url_is_the_first_server_with_its_variables_at_their_defaults() {
    let client = Client::builder().build().unwrap();
    assert_eq!(client.runtime().base_url(), "https://eu.example.com/v2");
}

#[tokio::test]
async fn each_operation_sends_the_credentials_its_security_names_to_the_base_path() {
    let server = server().await;
    let client = all_credentials(&format!("{}/v2", server.uri()))
        .build()
        .unwrap();
    let auth = client.auth();
    let status = auth.bearer().send().await.unwrap();
    assert!(status.body.ok);
    auth.basic().send().await.unwrap();
    auth.header_key().send().await.unwrap();
    auth.query_key().q("x".to_owned()).send().await.unwrap();
    auth.cookie_key().send().await.unwrap();
    auth.oauth().send().await.unwrap();
    auth.either().send().await.unwrap();
    auth.public().send().await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let seen: Vec<(String, Vec<String>)> = requests
        .iter()
        .map(|request| (request.url.path().to_owned(), credentials(request)))
        .collect();
    let basic = "Basic YWxhZGRpbjpvcGVuLXMzc2FtZQ==";
    let expected: Vec<(String, Vec<String>)> = [
        ("/v2/bearer", vec![format!("authorization=Bearer {BEARER}")]),
        ("/v2/basic", vec![format!("authorization={basic}")]),
        ("/v2/header-key", vec![format!("x-api-key={HEADER_KEY}")]),
        ("/v2/query-key", vec![format!("api_key={QUERY_KEY}")]),
        (
            "/v2/cookie-key",
            vec![format!("cookie=session={COOKIE_KEY}")],
        ),
        (
            "/v2/oauth",
            vec![format!("authorization=Bearer {OAUTH_TOKEN}")],
        ),
        // Two alternatives, basic first: basic is configured, so it is sent alone.
        ("/v2/either", vec![format!("authorization={basic}")]),
        ("/v2/public", vec![]),
    ]
    .into_iter()
    .map(|(path, found)| (path.to_owned(), found))
    .collect();
    assert_eq!(seen, expected);
    // The operation's own query parameters stay beside the key.
    assert_eq!(
        requests[3].url.query(),
        Some(&*format!("q=x&api_key={QUERY_KEY}"))
    );
    assert_eq!(requests[0].headers["accept"], "application/json");
    assert!(
        requests[0].headers["user-agent"]
            .to_str()
            .unwrap()
            .starts_with("codegen-runtime/")
    );
}

#[tokio::test]
async fn an_alternative_without_every_credential_is_skipped_and_none_is_sent_without_one() {
    let server = server().await;
    let client = at(&server.uri()).header_key(HEADER_KEY).build().unwrap();
    client.auth().either().send().await.unwrap();
    client.auth().basic().send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        credentials(&requests[0]),
        vec![format!("x-api-key={HEADER_KEY}")]
    );
    assert!(credentials(&requests[1]).is_empty());
}

#[tokio::test]
async fn credentials_never_show_in_debug_errors_or_traces() {
    // A closed port: the request fails, and reqwest's error would show the URL with the key.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let builder = all_credentials(&format!("http://127.0.0.1:{port}"))
        .retry_policy(runtime::RetryPolicy::disabled());
    let client = builder.clone().build().unwrap();

    let log = Log::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(log.clone())
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let error = {
        let _guard = tracing::subscriber::set_default(subscriber);
        // tracing caches, for the whole process, whether a callsite is wanted, asking the
        // subscriber of the thread that meets it first: another test meeting the request's
        // span without a subscriber would leave it off here. So the request is sent once to
        // meet every callsite on its way, the cache is rebuilt (now with this subscriber), and
        // the request sent again; the callsites are met, and asked, once only.
        let _ = client.auth().query_key().send().await;
        tracing::callsite::rebuild_interest_cache();
        client.auth().query_key().send().await.unwrap_err()
    };
    let printed = [
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{error}"),
        format!("{error:?}"),
        log.text(),
    ];
    for text in &printed {
        for secret in SECRETS {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    let trace = log.text();
    assert!(
        trace.contains("request{operation=\"auth/query_key\""),
        "{trace}"
    );
    assert!(
        trace.contains(&format!("url=http://127.0.0.1:{port}/query-key")),
        "{trace}"
    );
}

#[tokio::test]
async fn a_callers_reqwest_client_and_default_headers_are_used() {
    let server = server().await;
    // With ring, reqwest has no crypto provider of its own: a caller's plain client needs one
    // installed (the runtime configures its own client per instance instead).
    #[cfg(feature = "tls-ring")]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut own = reqwest::header::HeaderMap::new();
    own.insert("x-from-own-client", "yes".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(own)
        .build()
        .unwrap();
    let client = at(&server.uri())
        .http_client(http)
        .default_header("x-tenant", "blue")
        .build()
        .unwrap();
    client.auth().public().send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].headers["x-from-own-client"], "yes");
    assert_eq!(requests[0].headers["x-tenant"], "blue");
}

#[tokio::test]
async fn operations_with_servers_of_their_own_go_there_with_their_credentials() {
    let api = server().await;
    let uploads = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&uploads)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&api)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/v2", api.uri()))
        .bearer_auth(BEARER)
        .replace_server(format!("{UPLOADS}/"), format!("{}/up/", uploads.uri()))
        .build()
        .unwrap();
    let files = client.files();
    files.upload().send().await.unwrap();
    files.own_over_path().send().await.unwrap();
    files.relative().send().await.unwrap();
    files.same().send().await.unwrap();
    files.unresolved().send().await.unwrap();
    files.stream().send().await.unwrap();

    let seen = |requests: Vec<Request>| -> Vec<(String, Vec<String>)> {
        requests
            .iter()
            .map(|request| (request.url.path().to_owned(), credentials(request)))
            .collect()
    };
    let bearer = || vec![format!("authorization=Bearer {BEARER}")];
    assert_eq!(
        seen(uploads.received_requests().await.unwrap()),
        [
            ("/up/upload".to_owned(), bearer()),
            ("/up/relative".to_owned(), bearer()),
        ]
    );
    // `/v3` is resolved against the base URL; the others go to the base URL itself.
    assert_eq!(
        seen(api.received_requests().await.unwrap()),
        [
            ("/v3/relative".to_owned(), bearer()),
            ("/v2/same".to_owned(), bearer()),
            ("/v2/unresolved".to_owned(), bearer()),
            ("/v2/stream".to_owned(), bearer()),
        ]
    );
}

#[test]
fn a_changed_base_url_needs_the_operation_servers_replaced() {
    // Its credentials must not go to the description's uploads server.
    let error = Client::builder()
        .base_url("https://ghe.example.com/api/v3")
        .bearer_auth(BEARER)
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the base url was changed, but the operations the api description places at https://uploads.eu.example.com would still go there: give them a url with `replace_server` (the same one to keep it)"
    );
    // Replaced, even by itself, it builds; the relative `/v3` follows the base URL.
    Client::builder()
        .base_url("https://ghe.example.com/api/v3")
        .replace_server(UPLOADS, UPLOADS)
        .build()
        .unwrap();
    // However the server is spelled.
    Client::builder()
        .base_url("https://ghe.example.com/api/v3")
        .replace_server("HTTPS://Uploads.EU.example.com:443/", UPLOADS)
        .build()
        .unwrap();
    // Setting the description's own base URL again changes nothing.
    Client::builder()
        .base_url("https://eu.example.com/v2/")
        .build()
        .unwrap();
}

#[tokio::test]
async fn a_runtime_client_built_without_the_operation_servers_refuses_their_operations() {
    let api = server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&api)
        .await;
    let client = Client::from(
        runtime::ClientBuilder::new()
            .base_url(api.uri())
            .build()
            .unwrap(),
    );
    let error = client.files().upload().send().await.unwrap_err();
    assert!(
        matches!(error, runtime::Error::UnknownServer { server: UPLOADS }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the operation is sent to the server `https://uploads.eu.example.com`, which the client was built without (`ClientBuilder::operation_servers`)"
    );
    // Nothing went to the base URL; operations without a server of their own are unaffected.
    assert!(api.received_requests().await.unwrap().is_empty());
    client.files().same().send().await.unwrap();

    // Declared and replaced by hand, as the generated builder does, it is sent.
    let client = Client::from(
        runtime::ClientBuilder::new()
            .base_url(api.uri())
            .operation_servers(&[UPLOADS])
            .replace_server(UPLOADS, api.uri())
            .build()
            .unwrap(),
    );
    client.files().upload().send().await.unwrap();
    let paths: Vec<String> = api
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/same", "/upload"]);
}

#[test]
fn replacing_a_server_no_operation_uses_fails_to_build() {
    let error = Client::builder()
        .replace_server("https://upload.eu.example.com", "http://127.0.0.1:1")
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "unknown server \"https://upload.eu.example.com\": the api description places no operation there"
    );
    let error = Client::builder()
        .replace_server("/v3", "ftp://127.0.0.1/")
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid url \"ftp://127.0.0.1\" for the operations at \"/v3\": unsupported scheme `ftp`"
    );
}

#[test]
fn without_a_base_url_building_fails_clearly() {
    let error = runtime::ClientBuilder::new().build().unwrap_err();
    assert!(matches!(error, runtime::BuildError::MissingBaseUrl));
    assert!(error.to_string().contains("base_url"), "{error}");
}

/// What the subscriber wrote.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl Log {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Log {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Log {
    type Writer = Log;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}
