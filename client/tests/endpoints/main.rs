//! Every operation end to end against a local server: for each documented status, what goes on
//! the wire (method, exact encoded path, query, headers, JSON body) and how the spec's example
//! response comes back (the typed success, or the typed error).
//!
//! The responses are taken from `spec/codespaces.yaml`. Where the spec documents a status
//! without an example (all its error responses), the body is built from the response schema:
//! the required properties with placeholder values, and a `message`.
//!
//! One module per part of the API, as GitHub's documentation groups it; this file holds the
//! shared checks and the test that every operation of the spec has its test here.

mod codespaces;
mod machines;
mod org_secrets;
mod organizations;
mod repo_secrets;
mod user_secrets;

/// The sources of the modules above, searched by the coverage test.
const MODULE_SOURCES: [&str; 6] = [
    include_str!("codespaces.rs"),
    include_str!("machines.rs"),
    include_str!("org_secrets.rs"),
    include_str!("organizations.rs"),
    include_str!("repo_secrets.rs"),
    include_str!("user_secrets.rs"),
];

use std::future::Future;
use std::sync::LazyLock;

use codespaces_client::runtime::{DEFAULT_API_VERSION, DEFAULT_USER_AGENT};
use codespaces_client::{Client, Error, Response, RetryPolicy};
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub(crate) const TOKEN: &str = "ghp_endpointT0kenValue";

/// The vendored spec, parsed once for all tests of this file (parsing it is the slowest part of
/// a test in a debug build).
pub(crate) fn spec() -> &'static Value {
    static SPEC: LazyLock<Value> = LazyLock::new(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/codespaces.yaml");
        let text = std::fs::read_to_string(path).expect("the vendored spec is readable");
        serde_yaml::from_str(&text).expect("the vendored spec is YAML")
    });
    &SPEC
}

/// Follows local `$ref`s.
pub(crate) fn resolve<'a>(spec: &'a Value, mut value: &'a Value) -> &'a Value {
    while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        value = spec
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling reference {reference}"));
    }
    value
}

/// The spec's operation with this id.
pub(crate) fn operation<'a>(spec: &'a Value, id: &str) -> &'a Value {
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
pub(crate) fn example(spec: &Value, media: &Value) -> Option<Value> {
    if let Some(example) = media.get("example") {
        return Some(example.clone());
    }
    let (_, first) = media.get("examples")?.as_object()?.iter().next()?;
    Some(resolve(spec, first)["value"].clone())
}

/// A value of `schema` with its required properties (and a `message`), for responses the spec
/// gives no example for.
pub(crate) fn instance(spec: &Value, schema: &Value) -> Value {
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
pub(crate) fn documented_responses(spec: &Value, id: &str) -> Vec<(u16, Option<Value>)> {
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
pub(crate) fn request_example<T: serde::de::DeserializeOwned>(id: &str) -> (T, Value) {
    let spec = spec();
    let body = resolve(spec, &operation(spec, id)["requestBody"]);
    let example = example(spec, &body["content"]["application/json"])
        .unwrap_or_else(|| panic!("{id} has a request body example"));
    let typed = serde_json::from_value(example.clone()).expect("the request example decodes");
    (typed, example)
}

/// The variant name the generated enums use for a status.
pub(crate) fn variant(status: u16) -> &'static str {
    match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        204 => "NoContent",
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
pub(crate) struct Wire {
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
    pub(crate) query: Option<&'static str>,
    pub(crate) body: Option<Value>,
}

/// For every documented status of `id`: answers with its example, calls the operation, and
/// checks the request and the typed outcome.
pub(crate) async fn check<S, E, F, Fut>(id: &str, wire: Wire, call: F)
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

pub(crate) fn check_wire(request: &wiremock::Request, wire: &Wire, place: &str) {
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

#[test]
fn every_operation_of_the_spec_has_a_test_here() {
    let source = MODULE_SOURCES.concat();
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
        48
    );
}
