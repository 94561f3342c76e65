//! Every example payload in `spec/codespaces.yaml` decodes into the generated type of its
//! operation and status (responses) or into the operation's body type (requests).
//!
//! The examples are found by walking the spec itself, not from a list kept here, and the test
//! fails if any component example is not reached, so none is skipped silently.

use std::collections::BTreeSet;

use codespaces_client::generated::operations::{OPERATIONS, PATH_ITEM_METHODS};
use codespaces_client::runtime::{OperationInfo, RawResponse};
use serde_json::Value;

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/codespaces.yaml");
    let text = std::fs::read_to_string(path).expect("the vendored spec is readable");
    serde_yaml::from_str(&text).expect("the vendored spec is valid YAML")
}

/// Follows a local `$ref` (one level is all the spec uses, but chains are followed too).
fn resolve<'a>(spec: &'a Value, mut value: &'a Value) -> (&'a Value, Option<String>) {
    let mut key = None;
    for _ in 0..16 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let pointer = reference.trim_start_matches('#');
        key = pointer.rsplit('/').next().map(str::to_owned);
        value = spec
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling reference {reference}"));
    }
    (value, key)
}

/// One example to decode.
struct Example {
    place: String,
    component: Option<String>,
    payload: Value,
}

/// The examples of one media type object: `example`, and every entry of `examples`.
fn media_examples(spec: &Value, media: &Value, place: &str) -> Vec<Example> {
    let mut found = Vec::new();
    if let Some(payload) = media.get("example") {
        found.push(Example {
            place: format!("{place} example"),
            component: None,
            payload: payload.clone(),
        });
    }
    for (name, entry) in media
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let (example, component) = resolve(spec, entry);
        let payload = example
            .get("value")
            .cloned()
            .unwrap_or_else(|| panic!("{place} example {name} has no value"));
        found.push(Example {
            place: format!("{place} examples/{name}"),
            component,
            payload,
        });
    }
    found
}

fn status_code(status: &str) -> u16 {
    match status {
        "default" => 599,
        range if range.ends_with("XX") => {
            range[..1].parse::<u16>().map_or(599, |class| class * 100)
        }
        code => code
            .parse()
            .unwrap_or_else(|_| panic!("status {code} is not a number")),
    }
}

/// What the examples gave: the places that decoded, the failures, the component examples used.
#[derive(Default)]
struct Results {
    decoded: Vec<String>,
    failures: Vec<String>,
    components_reached: BTreeSet<String>,
}

impl Results {
    fn record(&mut self, example: Example, result: Result<(), String>) {
        self.components_reached.extend(example.component);
        match result {
            Ok(()) => self.decoded.push(example.place),
            Err(error) => self.failures.push(format!("{}: {error}", example.place)),
        }
    }

    /// Every request body example of the operation `id`, through its body type.
    fn request_examples(
        &mut self,
        spec: &Value,
        id: &str,
        operation: &Value,
        info: &OperationInfo,
    ) {
        let Some(body) = operation.get("requestBody") else {
            return;
        };
        let (body, _) = resolve(spec, body);
        for (media_type, media) in body["content"].as_object().into_iter().flatten() {
            for example in media_examples(spec, media, &format!("{id} request {media_type}")) {
                let check = info
                    .check_request
                    .unwrap_or_else(|| panic!("{id} has a body example but no body type"));
                let bytes = serde_json::to_vec(&example.payload).expect("example serialises");
                self.record(example, check(&bytes));
            }
        }
    }

    /// Every response example of the operation `id`, through its decoder.
    fn response_examples(
        &mut self,
        spec: &Value,
        id: &str,
        operation: &Value,
        info: &OperationInfo,
    ) {
        for (status, response) in operation["responses"].as_object().into_iter().flatten() {
            let (response, _) = resolve(spec, response);
            for (media_type, media) in response
                .get("content")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                for example in media_examples(spec, media, &format!("{id} {status} {media_type}")) {
                    let raw = RawResponse::new(
                        reqwest::StatusCode::from_u16(status_code(status)).expect("a valid status"),
                        reqwest::header::HeaderMap::new(),
                        serde_json::to_vec(&example.payload)
                            .expect("example serialises")
                            .into(),
                    );
                    let result = (info.check_response)(raw);
                    self.record(example, result);
                }
            }
        }
    }
}

#[test]
fn every_example_in_the_spec_decodes_into_its_generated_type() {
    let spec = spec();
    let mut results = Results::default();
    for (path, item) in spec["paths"].as_object().expect("paths is an object") {
        for method in PATH_ITEM_METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let id = operation["operationId"]
                .as_str()
                .expect("every operation has an id");
            let info = OPERATIONS
                .iter()
                .find(|info| info.operation_id == id)
                .unwrap_or_else(|| panic!("operation {id} has no generated function"));
            assert_eq!(
                (info.method, info.path),
                (method.to_uppercase().as_str(), path.as_str())
            );
            results.request_examples(&spec, id, operation, info);
            results.response_examples(&spec, id, operation, info);
        }
    }
    let Results {
        decoded,
        failures,
        components_reached,
    } = results;
    let all_components: BTreeSet<String> = spec["components"]["examples"]
        .as_object()
        .map(|examples| examples.keys().cloned().collect())
        .unwrap_or_default();
    let unreached: Vec<_> = all_components.difference(&components_reached).collect();
    assert!(
        unreached.is_empty(),
        "component examples no operation uses: {unreached:?}"
    );
    assert!(
        failures.is_empty(),
        "examples that do not decode:\n{}",
        failures.join("\n")
    );
    assert!(!decoded.is_empty(), "the spec has no examples to decode");
    println!(
        "{} examples decoded:\n{}",
        decoded.len(),
        decoded.join("\n")
    );
}
