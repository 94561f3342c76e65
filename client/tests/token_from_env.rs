//! `ClientBuilder::token_from_env`. Its own test binary with a single test, because it changes
//! the process environment, which other tests running in parallel threads must not observe.

use codespaces_client::runtime::TOKEN_VARIABLE;
use codespaces_client::{BuildError, Client};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "ghp_envT0kenValue";

#[tokio::test]
async fn the_token_comes_from_github_token_or_the_build_fails() {
    assert_eq!(TOKEN_VARIABLE, "GITHUB_TOKEN");
    // SAFETY: this binary runs this one test, on one thread of its own, before any client (and
    // so any code that might read the environment concurrently) exists.
    unsafe { std::env::remove_var(TOKEN_VARIABLE) };
    let missing = Client::builder()
        .token_from_env()
        .build()
        .expect_err("no token");
    assert!(
        matches!(
            missing,
            BuildError::MissingToken {
                variable: "GITHUB_TOKEN"
            }
        ),
        "{missing:?}"
    );
    // SAFETY: as above.
    unsafe { std::env::set_var(TOKEN_VARIABLE, "  ") };
    assert!(
        Client::builder().token_from_env().build().is_err(),
        "a blank token is no token"
    );

    // SAFETY: as above.
    unsafe { std::env::set_var(TOKEN_VARIABLE, TOKEN) };
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(304))
        .mount(&server)
        .await;
    let builder = Client::builder().base_url(server.uri()).token_from_env();
    assert!(!format!("{builder:?}").contains(TOKEN));
    let client = builder.build().expect("a client");
    assert!(!format!("{client:?}").contains(TOKEN));
    let response = client
        .codespaces()
        .get_for_authenticated_user("cs")
        .send()
        .await;
    assert!(response.expect("304 is documented").is_not_modified());
    let requests = server.received_requests().await.expect("recording is on");
    let sent = requests[0]
        .headers
        .get("authorization")
        .and_then(|value| value.to_str().ok());
    assert_eq!(sent, Some(format!("Bearer {TOKEN}").as_str()));
}
