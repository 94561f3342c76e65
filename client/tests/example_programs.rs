//! The programs of `examples/`, run against a server on 127.0.0.1.
//!
//! Each example keeps its work in a `run` function that its `main` calls with a client built
//! from the environment (`GITHUB_TOKEN`, `GITHUB_API_URL`); the example's file is compiled here
//! as a module, `run` gets a client for a local server, and the test checks the requests the
//! server saw and what the program printed.

use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use codespaces_client::runtime::Clock;
use codespaces_client::secrets::SecretString;
use codespaces_client::{Client, RetryPolicy, WaitOptions};
use crypto_box::SecretKey;
use crypto_box::aead::OsRng;
use futures::future::{BoxFuture, pending, ready};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

// `main` and the environment reading of each example are not called here.
#[allow(dead_code)]
#[path = "../examples/create_codespace.rs"]
mod create_codespace;
#[allow(dead_code)]
#[path = "../examples/list_codespaces.rs"]
mod list_codespaces;
#[allow(dead_code)]
#[path = "../examples/list_org_codespaces.rs"]
mod list_org_codespaces;
#[allow(dead_code)]
#[path = "../examples/set_repo_secret.rs"]
mod set_repo_secret;

/// The vendored spec's example of `name`.
fn spec_example(name: &str) -> Value {
    static SPEC: LazyLock<Value> = LazyLock::new(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/codespaces.yaml");
        let text = std::fs::read_to_string(path).expect("the vendored spec is readable");
        serde_yaml::from_str(&text).expect("the vendored spec is YAML")
    });
    SPEC["components"]["examples"][name]["value"].clone()
}

/// GitHub's example codespace, with this name and state.
fn codespace(name: &str, state: &str) -> Value {
    let mut codespace = spec_example("codespace");
    codespace["name"] = json!(name);
    codespace["state"] = json!(state);
    codespace
}

/// A clock whose waits return at once and are recorded; time moves only by them.
#[derive(Debug)]
struct RecordingClock {
    now: Mutex<SystemTime>,
    sleeps: Mutex<Vec<Duration>>,
}

impl RecordingClock {
    fn new() -> Arc<Self> {
        Arc::new(Self {
            now: Mutex::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)),
            sleeps: Mutex::new(Vec::new()),
        })
    }
}

impl Clock for RecordingClock {
    fn now(&self) -> SystemTime {
        *self.now.lock().expect("not poisoned")
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        *self.now.lock().expect("not poisoned") += duration;
        self.sleeps.lock().expect("not poisoned").push(duration);
        Box::pin(ready(()))
    }

    fn timeout(&self, _duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(pending())
    }
}

/// A client for `server` that records its waits in `clock`, without retries.
fn client(server: &MockServer, clock: &Arc<RecordingClock>) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token("ghp_exampleT0ken")
        .retry_policy(RetryPolicy::disabled())
        .clock(clock.clone())
        .build()
        .expect("a valid client")
}

/// The requests the server saw, as `METHOD path`.
async fn requests(server: &MockServer) -> Vec<String> {
    let received = server.received_requests().await.expect("recording is on");
    received
        .iter()
        .map(|request| format!("{} {}", request.method, request.url.path()))
        .collect()
}

/// The server for `create_codespace`: two machine types; the codespace is queued, then
/// provisioning, then available; stopping and deleting it work.
async fn codespace_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/octo-org/hello-world/codespaces/machines"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(spec_example("codespace-machines-list")),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/repos/octo-org/hello-world/codespaces"))
        .respond_with(ResponseTemplate::new(202).set_body_json(codespace("mona-cs", "Queued")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces/mona-cs"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(codespace("mona-cs", "Provisioning")),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces/mona-cs"))
        .respond_with(ResponseTemplate::new(200).set_body_json(codespace("mona-cs", "Available")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/user/codespaces/mona-cs/stop"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(codespace("mona-cs", "ShuttingDown")),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/user/codespaces/mona-cs"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({})))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn create_codespace_picks_a_machine_waits_stops_and_deletes() {
    let server = codespace_server().await;
    let clock = RecordingClock::new();
    let client = client(&server, &clock);
    let wait = WaitOptions {
        interval: Duration::from_secs(7),
        timeout: Duration::from_secs(600),
    };
    let mut out = Vec::new();
    create_codespace::run(&client, "octo-org", "hello-world", None, wait, &mut out)
        .await
        .expect("the example runs");
    let out = String::from_utf8(out).expect("UTF-8");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "MACHINE          CORES    MEMORY  DESCRIPTION",
            "standardLinux        4     16 GB  4 cores, 16 GB RAM, 64 GB storage",
            "premiumLinux         8     32 GB  8 cores, 32 GB RAM, 64 GB storage",
            "using standardLinux",
            "created mona-cs (Queued)",
            "mona-cs is Available: https://monalisa-octocat-hello-world-g4wpq6h95q.github.dev",
            "stopped mona-cs (ShuttingDown)",
            "deleted mona-cs",
        ]
    );
    assert_eq!(
        requests(&server).await,
        [
            "GET /repos/octo-org/hello-world/codespaces/machines",
            "POST /repos/octo-org/hello-world/codespaces",
            "GET /user/codespaces/mona-cs",
            "GET /user/codespaces/mona-cs",
            "POST /user/codespaces/mona-cs/stop",
            "DELETE /user/codespaces/mona-cs",
        ]
    );
    // The create request names the chosen machine and nothing else.
    let received = server.received_requests().await.expect("recording is on");
    let create: Value = serde_json::from_slice(&received[1].body).expect("a JSON body");
    assert_eq!(create, json!({"machine": "standardLinux"}));
    // One pause between the two polls, through the client's clock.
    assert_eq!(
        *clock.sleeps.lock().expect("not poisoned"),
        [Duration::from_secs(7)]
    );
}

#[tokio::test]
async fn create_codespace_takes_the_machine_asked_for_or_names_those_offered() {
    let server = codespace_server().await;
    let client = client(&server, &RecordingClock::new());
    let mut out = Vec::new();
    let wait = WaitOptions::default();
    let machine = Some("premiumLinux");
    create_codespace::run(&client, "octo-org", "hello-world", machine, wait, &mut out)
        .await
        .expect("the example runs");
    let received = server.received_requests().await.expect("recording is on");
    let create: Value = serde_json::from_slice(&received[1].body).expect("a JSON body");
    assert_eq!(create, json!({"machine": "premiumLinux"}));

    let server = codespace_server().await;
    let client = self::client(&server, &RecordingClock::new());
    let error = create_codespace::run(
        &client,
        "octo-org",
        "hello-world",
        Some("hugeLinux"),
        wait,
        &mut Vec::new(),
    )
    .await
    .expect_err("not offered");
    assert_eq!(
        error.to_string(),
        "this repository offers no machine type hugeLinux (offered: standardLinux, premiumLinux)"
    );
    // Nothing is created.
    assert_eq!(
        requests(&server).await,
        ["GET /repos/octo-org/hello-world/codespaces/machines"]
    );
}

#[tokio::test]
async fn set_repo_secret_seals_with_the_repository_key() {
    let secret_key = SecretKey::generate(&mut OsRng);
    let public_key = BASE64.encode(secret_key.public_key().as_bytes());
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(
            "/repos/octo-org/hello-world/codespaces/secrets/public-key",
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"key_id": "012345678912345678", "key": public_key})),
        )
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(
            "/repos/octo-org/hello-world/codespaces/secrets/NPM_TOKEN",
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = client(&server, &RecordingClock::new());
    // What `main` reads from standard input: one line, its line break not part of the value.
    let value = set_repo_secret::read_value(&b"npm_s3cr3t-value\r\n"[..]).expect("a line");
    let mut out = Vec::new();
    set_repo_secret::run(
        &client,
        "octo-org",
        "hello-world",
        "NPM_TOKEN",
        &value,
        &mut out,
    )
    .await
    .expect("the example runs");
    let out = String::from_utf8(out).expect("UTF-8");
    assert_eq!(out, "created secret NPM_TOKEN of octo-org/hello-world\n");
    assert!(!out.contains("npm_s3cr3t-value"));

    let received = server.received_requests().await.expect("recording is on");
    assert_eq!(received.len(), 2);
    let put: Value = serde_json::from_slice(&received[1].body).expect("a JSON body");
    assert_eq!(put["key_id"], "012345678912345678");
    let sealed = BASE64
        .decode(put["encrypted_value"].as_str().expect("a string"))
        .expect("base64");
    let opened = secret_key.unseal(&sealed).expect("the sealed box opens");
    assert_eq!(opened, b"npm_s3cr3t-value");
    // An empty line is an empty value; nothing is read past the first line.
    let empty = set_repo_secret::read_value(&b"\nsecond line\n"[..]).expect("a line");
    assert_eq!(
        format!("{empty:?}"),
        format!("{:?}", SecretString::from(""))
    );
}

/// Mounts two pages of `{"total_count": 3, "codespaces": [...]}` at `listing`.
async fn two_pages(server: &MockServer, listing: &str) {
    let next = format!("{}{listing}?per_page=100&page=2", server.uri());
    let first = json!({"total_count": 3, "codespaces": [
        codespace("mona-cs-1", "Available"),
        codespace("mona-cs-2", "Shutdown"),
    ]});
    Mock::given(method("GET"))
        .and(path(listing))
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(first)
                .insert_header("link", format!(r#"<{next}>; rel="next""#).as_str()),
        )
        .mount(server)
        .await;
    let second = json!({"total_count": 3, "codespaces": [codespace("mona-cs-3", "Queued")]});
    Mock::given(method("GET"))
        .and(path(listing))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(second))
        .mount(server)
        .await;
}

#[tokio::test]
async fn list_org_codespaces_prints_every_page_as_a_table() {
    let server = MockServer::start().await;
    two_pages(&server, "/orgs/octo-org/codespaces").await;
    let client = client(&server, &RecordingClock::new());
    let mut out = Vec::new();
    list_org_codespaces::run(&client, "octo-org", &mut out)
        .await
        .expect("the example runs");
    let out = String::from_utf8(out).expect("UTF-8");
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    assert_eq!(
        lines,
        [
            "NAME                                     OWNER            STATE        REPOSITORY                       MACHINE          LAST USED",
            "mona-cs-1                                octocat          Available    octocat/Hello-World              standardLinux    2021-10-14 06:53",
            "mona-cs-2                                octocat          Shutdown     octocat/Hello-World              standardLinux    2021-10-14 06:53",
            "mona-cs-3                                octocat          Queued       octocat/Hello-World              standardLinux    2021-10-14 06:53",
            "3 codespace(s) in octo-org",
        ]
    );
    assert_eq!(
        requests(&server).await,
        [
            "GET /orgs/octo-org/codespaces",
            "GET /orgs/octo-org/codespaces"
        ]
    );
}

#[tokio::test]
async fn list_codespaces_prints_every_page_as_a_table() {
    let server = MockServer::start().await;
    two_pages(&server, "/user/codespaces").await;
    let client = client(&server, &RecordingClock::new());
    let mut out = Vec::new();
    list_codespaces::run(&client, &mut out)
        .await
        .expect("the example runs");
    let out = String::from_utf8(out).expect("UTF-8");
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[0].starts_with("NAME "), "{out}");
    assert!(lines[1].starts_with("mona-cs-1 "), "{out}");
    assert!(lines[3].starts_with("mona-cs-3 "), "{out}");
    assert!(lines[3].contains(" Queued "), "{out}");
    assert_eq!(lines[4], "3 codespace(s)");
    assert_eq!(
        requests(&server).await,
        ["GET /user/codespaces", "GET /user/codespaces"]
    );
}
