//! Every operation end to end against a local server: for each documented status, what goes on
//! the wire (method, exact encoded path, query, headers, JSON body) and how the spec's example
//! response comes back (the typed success, or the typed error).
//!
//! The responses are taken from `spec/codespaces.yaml`. Where the spec documents a status
//! without an example (all its error responses), the body is built from the response schema:
//! the required properties with placeholder values, and a `message`.

use std::future::Future;
use std::sync::LazyLock;

use codespaces_client::models::{
    CreateForAuthenticatedUserRequest, CreateWithPrForAuthenticatedUserRequest,
    CreateWithPrForAuthenticatedUserRequestGeo, CreateWithRepoForAuthenticatedUserRequest,
    PublishForAuthenticatedUserRequest, UpdateForAuthenticatedUserRequest,
};
use codespaces_client::runtime::{DEFAULT_API_VERSION, DEFAULT_USER_AGENT};
use codespaces_client::{Client, Error, Response, RetryPolicy};
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "ghp_endpointT0kenValue";

/// The vendored spec, parsed once for all tests of this file (parsing it is the slowest part of
/// a test in a debug build).
fn spec() -> &'static Value {
    static SPEC: LazyLock<Value> = LazyLock::new(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/codespaces.yaml");
        let text = std::fs::read_to_string(path).expect("the vendored spec is readable");
        serde_yaml::from_str(&text).expect("the vendored spec is YAML")
    });
    &SPEC
}

/// Follows local `$ref`s.
fn resolve<'a>(spec: &'a Value, mut value: &'a Value) -> &'a Value {
    while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        value = spec
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling reference {reference}"));
    }
    value
}

/// The spec's operation with this id.
fn operation<'a>(spec: &'a Value, id: &str) -> &'a Value {
    spec["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .find(|operation| operation["operationId"] == id)
        .unwrap_or_else(|| panic!("no operation {id} in the spec"))
}

/// The first example of a media type object.
fn example(spec: &Value, media: &Value) -> Option<Value> {
    if let Some(example) = media.get("example") {
        return Some(example.clone());
    }
    let (_, first) = media.get("examples")?.as_object()?.iter().next()?;
    Some(resolve(spec, first)["value"].clone())
}

/// A value of `schema` with its required properties (and a `message`), for responses the spec
/// gives no example for.
fn instance(spec: &Value, schema: &Value) -> Value {
    let schema = resolve(spec, schema);
    match schema["type"].as_str() {
        Some("object") => {
            let properties = &schema["properties"];
            let mut object = serde_json::Map::new();
            for name in schema["required"].as_array().into_iter().flatten() {
                let name = name.as_str().expect("property names are strings");
                object.insert(name.to_owned(), instance(spec, &properties[name]));
            }
            if properties.get("message").is_some() {
                object.insert("message".to_owned(), json!("an example message"));
            }
            Value::Object(object)
        }
        Some("string") => json!("example"),
        Some("integer") | Some("number") => json!(1),
        Some("boolean") => json!(false),
        Some("array") => json!([]),
        _ => Value::Null,
    }
}

/// One documented response: status and the JSON body to answer with.
fn documented_responses(spec: &Value, id: &str) -> Vec<(u16, Option<Value>)> {
    let responses = operation(spec, id)["responses"]
        .as_object()
        .expect("responses are an object");
    responses
        .iter()
        .map(|(status, response)| {
            let status: u16 = status.parse().expect("the fragment uses numeric statuses");
            let response = resolve(spec, response);
            let body = response["content"]["application/json"]
                .as_object()
                .map(|_| &response["content"]["application/json"])
                .map(|media| {
                    example(spec, media).unwrap_or_else(|| instance(spec, &media["schema"]))
                });
            (status, body)
        })
        .collect()
}

/// The spec's request body example of an operation, decoded into its body type.
fn request_example<T: serde::de::DeserializeOwned>(id: &str) -> (T, Value) {
    let spec = spec();
    let body = resolve(spec, &operation(spec, id)["requestBody"]);
    let example = example(spec, &body["content"]["application/json"])
        .unwrap_or_else(|| panic!("{id} has a request body example"));
    let typed = serde_json::from_value(example.clone()).expect("the request example decodes");
    (typed, example)
}

/// The variant name the generated enums use for a status.
fn variant(status: u16) -> &'static str {
    match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        304 => "NotModified",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        409 => "Conflict",
        422 => "UnprocessableEntity",
        500 => "InternalServerError",
        503 => "ServiceUnavailable",
        other => panic!("no variant name for {other} in this test"),
    }
}

/// What the request must look like on the wire.
struct Wire {
    method: &'static str,
    path: &'static str,
    query: Option<&'static str>,
    body: Option<Value>,
}

/// For every documented status of `id`: answers with its example, calls the operation, and
/// checks the request and the typed outcome.
async fn check<S, E, F, Fut>(id: &str, wire: Wire, call: F)
where
    S: std::fmt::Debug,
    E: std::fmt::Debug,
    F: Fn(Client) -> Fut,
    Fut: Future<Output = Result<Response<S>, Error<E>>>,
{
    let responses = documented_responses(spec(), id);
    let success_statuses = responses.iter().filter(|(status, _)| *status < 400).count();
    let server = MockServer::start().await;
    // Retries have their own tests; here one status is one request.
    let client = Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("a valid client");
    for (status, body) in responses {
        server.reset().await;
        let mut template = ResponseTemplate::new(status);
        if let Some(body) = &body {
            template = template.set_body_json(body);
        }
        Mock::given(wiremock::matchers::any())
            .respond_with(template)
            .mount(&server)
            .await;
        let outcome = call(client.clone()).await;

        let received = server.received_requests().await.unwrap_or_default();
        assert_eq!(received.len(), 1, "{id} {status}: one request");
        check_wire(&received[0], &wire, &format!("{id} {status}"));
        match outcome {
            Ok(response) if status < 400 => {
                assert_eq!(response.status.as_u16(), status, "{id}");
                assert_eq!(response.attempts, 1);
                let debug = format!("{:?}", response.body);
                if success_statuses > 1 {
                    assert!(debug.starts_with(variant(status)), "{id} {status}: {debug}");
                }
            }
            Err(Error::Api {
                status: got, body, ..
            }) if status >= 400 => {
                assert_eq!(got.as_u16(), status, "{id}");
                let debug = format!("{body:?}");
                assert!(debug.starts_with(variant(status)), "{id} {status}: {debug}");
            }
            other => panic!("{id} {status}: not the typed outcome: {other:?}"),
        }
    }
}

fn check_wire(request: &wiremock::Request, wire: &Wire, place: &str) {
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    assert_eq!(request.method.as_str(), wire.method, "{place}");
    assert_eq!(request.url.path(), wire.path, "{place}");
    assert_eq!(request.url.query(), wire.query, "{place}");
    let bearer = format!("Bearer {TOKEN}");
    assert_eq!(header("authorization"), Some(bearer.as_str()), "{place}");
    assert_eq!(header("user-agent"), Some(DEFAULT_USER_AGENT), "{place}");
    assert_eq!(
        header("accept"),
        Some("application/vnd.github+json"),
        "{place}"
    );
    assert_eq!(
        header("x-github-api-version"),
        Some(DEFAULT_API_VERSION),
        "{place}"
    );
    match &wire.body {
        Some(expected) => {
            assert_eq!(header("content-type"), Some("application/json"), "{place}");
            let sent: Value = serde_json::from_slice(&request.body).expect("a JSON body");
            assert_eq!(&sent, expected, "{place}");
        }
        None => assert!(request.body.is_empty(), "{place}: no body"),
    }
}

#[tokio::test]
async fn list_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/user/codespaces",
        query: Some("per_page=2&page=3&repository_id=1296269"),
        body: None,
    };
    check(
        "codespaces/list-for-authenticated-user",
        wire,
        |client| async move {
            let list = client.codespaces().list_for_authenticated_user();
            list.per_page(2).page(3).repository_id(1296269).send().await
        },
    )
    .await;
}

#[tokio::test]
async fn create_for_authenticated_user() {
    let id = "codespaces/create-for-authenticated-user";
    let (body, example) = request_example::<CreateForAuthenticatedUserRequest>(id);
    let wire = Wire {
        method: "POST",
        path: "/user/codespaces",
        query: None,
        body: Some(example),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            client
                .codespaces()
                .create_for_authenticated_user(body)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn get_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/user/codespaces/monalisa%2Fa%20b",
        query: None,
        body: None,
    };
    check(
        "codespaces/get-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .get_for_authenticated_user("monalisa/a b")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn update_for_authenticated_user() {
    let id = "codespaces/update-for-authenticated-user";
    let (body, example) = request_example::<UpdateForAuthenticatedUserRequest>(id);
    let wire = Wire {
        method: "PATCH",
        path: "/user/codespaces/cs-%C3%A9t%C3%A9",
        query: None,
        body: Some(example),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            let update = client.codespaces().update_for_authenticated_user("cs-été");
            update.body(body).send().await
        }
    })
    .await;
}

#[tokio::test]
async fn delete_for_authenticated_user() {
    let wire = Wire {
        method: "DELETE",
        path: "/user/codespaces/a..b",
        query: None,
        body: None,
    };
    check(
        "codespaces/delete-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .delete_for_authenticated_user("a..b")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn export_for_authenticated_user() {
    let wire = Wire {
        method: "POST",
        path: "/user/codespaces/cs%3F%23/exports",
        query: None,
        body: None,
    };
    check(
        "codespaces/export-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .export_for_authenticated_user("cs?#")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn get_export_details_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/user/codespaces/cs/exports/latest",
        query: None,
        body: None,
    };
    check(
        "codespaces/get-export-details-for-authenticated-user",
        wire,
        |client| async move {
            let details = client
                .codespaces()
                .get_export_details_for_authenticated_user("cs", "latest");
            details.send().await
        },
    )
    .await;
}

#[tokio::test]
async fn publish_for_authenticated_user() {
    let id = "codespaces/publish-for-authenticated-user";
    // The spec's example sends `repository`, a property the schema does not have (it has
    // `name`), so the body is written here.
    let body = PublishForAuthenticatedUserRequest {
        name: Some("my-codespace-repo".to_owned()),
        private: Some(true),
    };
    let wire = Wire {
        method: "POST",
        path: "/user/codespaces/cs/publish",
        query: None,
        body: Some(json!({"name": "my-codespace-repo", "private": true})),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            client
                .codespaces()
                .publish_for_authenticated_user("cs", body)
                .send()
                .await
        }
    })
    .await;
}

#[tokio::test]
async fn start_for_authenticated_user() {
    let wire = Wire {
        method: "POST",
        path: "/user/codespaces/cs/start",
        query: None,
        body: None,
    };
    check(
        "codespaces/start-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .start_for_authenticated_user("cs")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn stop_for_authenticated_user() {
    let wire = Wire {
        method: "POST",
        path: "/user/codespaces/cs/stop",
        query: None,
        body: None,
    };
    check(
        "codespaces/stop-for-authenticated-user",
        wire,
        |client| async move {
            client
                .codespaces()
                .stop_for_authenticated_user("cs")
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn list_in_repository_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/repos/octo%20org/hello%2Fworld/codespaces",
        query: Some("per_page=100"),
        body: None,
    };
    check(
        "codespaces/list-in-repository-for-authenticated-user",
        wire,
        |client| async move {
            let list = client
                .codespaces()
                .list_in_repository_for_authenticated_user("octo org", "hello/world");
            list.per_page(100).send().await
        },
    )
    .await;
}

#[tokio::test]
async fn create_with_repo_for_authenticated_user() {
    let id = "codespaces/create-with-repo-for-authenticated-user";
    let (body, example) = request_example::<CreateWithRepoForAuthenticatedUserRequest>(id);
    let wire = Wire {
        method: "POST",
        path: "/repos/octo-org/hello-world/codespaces",
        query: None,
        body: Some(example),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            let create = client.codespaces().create_with_repo_for_authenticated_user(
                "octo-org",
                "hello-world",
                body,
            );
            create.send().await
        }
    })
    .await;
}

#[tokio::test]
async fn list_devcontainers_in_repository_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/repos/octo-org/hello-world/codespaces/devcontainers",
        query: Some("page=2"),
        body: None,
    };
    let id = "codespaces/list-devcontainers-in-repository-for-authenticated-user";
    check(id, wire, |client| async move {
        let list = client
            .codespaces()
            .list_devcontainers_in_repository_for_authenticated_user("octo-org", "hello-world");
        list.page(2).send().await
    })
    .await;
}

#[tokio::test]
async fn pre_flight_with_repo_for_authenticated_user() {
    let wire = Wire {
        method: "GET",
        path: "/repos/octo-org/hello-world/codespaces/new",
        query: Some("ref=feature%2Fa+b&client_ip=1.2.3.4"),
        body: None,
    };
    check(
        "codespaces/pre-flight-with-repo-for-authenticated-user",
        wire,
        |client| async move {
            let pre_flight = client
                .codespaces()
                .pre_flight_with_repo_for_authenticated_user("octo-org", "hello-world");
            pre_flight
                .r#ref("feature/a b".to_owned())
                .client_ip("1.2.3.4".to_owned())
                .send()
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn check_permissions_for_devcontainer() {
    let wire = Wire {
        method: "GET",
        path: "/repos/octo-org/hello-world/codespaces/permissions_check",
        query: Some("ref=main&devcontainer_path=.devcontainer%2Fexample%2Fdevcontainer.json"),
        body: None,
    };
    check(
        "codespaces/check-permissions-for-devcontainer",
        wire,
        |client| async move {
            let check = client.codespaces().check_permissions_for_devcontainer(
                "octo-org",
                "hello-world",
                "main",
                ".devcontainer/example/devcontainer.json",
            );
            check.send().await
        },
    )
    .await;
}

#[tokio::test]
async fn create_with_pr_for_authenticated_user() {
    let id = "codespaces/create-with-pr-for-authenticated-user";
    // The spec's example (`repository_id`, `ref`) has none of the schema's properties, so the
    // body is written here.
    let body = CreateWithPrForAuthenticatedUserRequest {
        geo: Some(CreateWithPrForAuthenticatedUserRequestGeo::EuropeWest),
        machine: Some("standardLinux32gb".to_owned()),
        idle_timeout_minutes: Some(30),
        ..Default::default()
    };
    let wire = Wire {
        method: "POST",
        path: "/repos/octo-org/hello-world/pulls/1347/codespaces",
        query: None,
        body: Some(
            json!({"geo": "EuropeWest", "machine": "standardLinux32gb", "idle_timeout_minutes": 30}),
        ),
    };
    check(id, wire, |client| {
        let body = body.clone();
        async move {
            let create = client.codespaces().create_with_pr_for_authenticated_user(
                "octo-org",
                "hello-world",
                1347,
                body,
            );
            create.send().await
        }
    })
    .await;
}

#[test]
fn every_operation_of_the_spec_has_a_test_here() {
    let source = include_str!("endpoints.rs");
    let spec = spec();
    let mut missing = Vec::new();
    for info in codespaces_client::generated::operations::OPERATIONS {
        let quoted = format!("\"{}\"", info.operation_id);
        let method = info
            .operation_id
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .replace('-', "_");
        if !source.contains(&quoted) || !source.contains(&format!("async fn {method}()")) {
            missing.push(info.operation_id);
        }
        operation(spec, info.operation_id);
    }
    assert!(
        missing.is_empty(),
        "operations without an end-to-end test: {missing:?}"
    );
    assert_eq!(
        codespaces_client::generated::operations::OPERATIONS.len(),
        16
    );
}
