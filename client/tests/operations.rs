//! Generated operations against a local server: what goes on the wire and how each documented
//! (and undocumented) status comes back.

use codespaces_client::models::{Codespace, CodespaceState};
// The group's module re-exports the request types of its operations: one `use` per call.
use codespaces_client::operations::codespaces::{
    CreateForAuthenticatedUserError, CreateForAuthenticatedUserRequest,
    CreateForAuthenticatedUserRequestWithRepositoryId, CreateForAuthenticatedUserSuccess,
    CreateWithRepoForAuthenticatedUserRequest, CreateWithRepoForAuthenticatedUserRequestGeo,
    GetForAuthenticatedUserError, GetForAuthenticatedUserSuccess,
};
use codespaces_client::{Client, Error};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// GitHub's own example of a codespace, from the vendored spec.
fn codespace_example() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/codespaces.yaml"
    ))
    .expect("the vendored spec is readable");
    let spec: Value = serde_yaml::from_str(&text).expect("the vendored spec is YAML");
    spec["components"]["examples"]["codespace"]["value"].clone()
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token("test-token")
        .build()
        .expect("a valid client")
}

#[tokio::test]
async fn path_parameters_are_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces/a%2Fb%20c"))
        .respond_with(ResponseTemplate::new(200).set_body_json(codespace_example()))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server)
        .codespaces()
        .get_for_authenticated_user("a/b c")
        .send()
        .await
        .expect("a decoded codespace");
    let GetForAuthenticatedUserSuccess::Ok(codespace) = response.body else {
        panic!("expected the 200 outcome");
    };
    assert_eq!(codespace.name, "monalisa-octocat-hello-world-g4wpq6h95q");
    assert_eq!(codespace.state, CodespaceState::Available);
}

#[tokio::test]
async fn dot_segments_and_empty_names_are_rejected_before_any_request() {
    let server = MockServer::start().await;
    let client = client(&server);
    for name in ["", ".", ".."] {
        let error = client
            .codespaces()
            .get_for_authenticated_user(name)
            .send()
            .await
            .expect_err("an invalid segment is refused");
        assert!(
            matches!(
                error,
                Error::InvalidPathParameter {
                    name: "codespace_name",
                    ..
                }
            ),
            "{error:?}"
        );
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn created_and_accepted_are_told_apart() {
    let server = MockServer::start().await;
    let body = CreateForAuthenticatedUserRequest::RepositoryId(
        CreateForAuthenticatedUserRequestWithRepositoryId {
            r#ref: Some("main".to_owned()),
            ..CreateForAuthenticatedUserRequestWithRepositoryId::new(1296269)
        },
    );
    Mock::given(method("POST"))
        .and(path("/user/codespaces"))
        .and(body_json(json!({"repository_id": 1296269, "ref": "main"})))
        .respond_with(ResponseTemplate::new(202).set_body_json(codespace_example()))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server)
        .codespaces()
        .create_for_authenticated_user(body)
        .send()
        .await
        .expect("a decoded codespace");
    assert_eq!(response.status.as_u16(), 202);
    assert!(matches!(
        response.body,
        CreateForAuthenticatedUserSuccess::Accepted(Codespace { .. })
    ));
}

#[tokio::test]
async fn optional_body_fields_are_omitted_and_query_parameters_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/repos/octo/hello/codespaces"))
        .and(body_json(json!({"geo": "EuropeWest"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(codespace_example()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces"))
        .and(query_param("per_page", "100"))
        .and(query_param("repository_id", "42"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"total_count": 1, "codespaces": [codespace_example()]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let request = CreateWithRepoForAuthenticatedUserRequest {
        geo: Some(CreateWithRepoForAuthenticatedUserRequestGeo::EuropeWest),
        ..Default::default()
    };
    client
        .codespaces()
        .create_with_repo_for_authenticated_user("octo", "hello", request)
        .send()
        .await
        .expect("created");
    client
        .codespaces()
        .list_for_authenticated_user()
        .per_page(100)
        .repository_id(42)
        .send()
        .await
        .expect("listed");
}

#[tokio::test]
async fn documented_errors_carry_their_typed_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces/gone"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "Not Found",
            "documentation_url": "https://docs.github.com/rest"
        })))
        .mount(&server)
        .await;
    let error = client(&server)
        .codespaces()
        .get_for_authenticated_user("gone")
        .send()
        .await
        .expect_err("a 404");
    let Error::Api {
        status,
        body: GetForAuthenticatedUserError::NotFound(body),
        ..
    } = error
    else {
        panic!("expected a typed 404, got {error:?}");
    };
    assert_eq!(status.as_u16(), 404);
    assert_eq!(body.message.as_deref(), Some("Not Found"));
}

#[tokio::test]
async fn undocumented_statuses_and_unparsable_bodies_keep_status_and_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/user/codespaces"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/user/codespaces/html"))
        .respond_with(ResponseTemplate::new(404).set_body_string("<html>not json</html>"))
        .mount(&server)
        .await;
    let client = client(&server);
    let body = CreateForAuthenticatedUserRequest::RepositoryId(
        CreateForAuthenticatedUserRequestWithRepositoryId::new(1),
    );
    let error = client
        .codespaces()
        .create_for_authenticated_user(body)
        .send()
        .await
        .expect_err("a 502");
    assert!(
        matches!(&error, Error::UnexpectedStatus { status, .. } if status.as_u16() == 502),
        "{error:?}"
    );
    assert_eq!(
        error.raw_body().map(|b| b.as_ref()),
        Some(&b"<html>bad gateway</html>"[..])
    );
    let _: &Error<CreateForAuthenticatedUserError> = &error;

    let error = client
        .codespaces()
        .get_for_authenticated_user("html")
        .send()
        .await
        .expect_err("a 404");
    assert!(
        matches!(&error, Error::Decode { status, .. } if status.as_u16() == 404),
        "{error:?}"
    );
    assert_eq!(
        error.raw_body().map(|b| b.as_ref()),
        Some(&b"<html>not json</html>"[..])
    );
}

#[test]
fn unknown_enum_values_and_fields_decode_and_round_trip() {
    let mut example = codespace_example();
    example["state"] = json!("Hibernating");
    example["a_field_from_the_future"] = json!({"nested": true});
    let codespace: Codespace = serde_json::from_value(example).expect("decodes");
    assert_eq!(
        codespace.state,
        CodespaceState::Other("Hibernating".to_owned())
    );
    assert_eq!(
        serde_json::to_value(&codespace.state).expect("encodes"),
        json!("Hibernating")
    );
}

#[test]
fn one_of_bodies_encode_exactly_one_shape() {
    use codespaces_client::operations::codespaces::{
        CreateForAuthenticatedUserRequestPullRequest,
        CreateForAuthenticatedUserRequestWithPullRequest,
    };
    let body = CreateForAuthenticatedUserRequest::PullRequest(
        CreateForAuthenticatedUserRequestWithPullRequest::new(
            CreateForAuthenticatedUserRequestPullRequest {
                pull_request_number: 7,
                repository_id: 9,
            },
        ),
    );
    let encoded = serde_json::to_value(&body).expect("encodes");
    assert_eq!(
        encoded,
        json!({"pull_request": {"pull_request_number": 7, "repository_id": 9}})
    );
    let decoded: CreateForAuthenticatedUserRequest =
        serde_json::from_value(encoded).expect("decodes");
    assert_eq!(decoded, body);
}
