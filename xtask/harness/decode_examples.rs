//! Decodes every example of a description with the crate generated from it.
//!
//! Written into a generated crate as `examples/decode_examples.rs` by `cargo xtask check-large`
//! (which replaces `generated_crate` with the crate's name) and run as
//! `cargo run --example decode_examples -- SPEC.json`. For each response example it builds the
//! response the server would send (the example's bytes, with the documented status) and runs it
//! through the operation's generated decoder; for each JSON request example it decodes the
//! example into the operation's body type. It prints one line per example that does not decode,
//! `undecodable<TAB>KEY<TAB>REASON`, then `summary<TAB>...` with the counts. The examples are
//! found by walking the description itself, so none is left out. Which media type a response
//! is decoded as is the generator's choice, read from the catalog, not made again here.

use std::collections::BTreeMap;

use generated_crate::operations::OPERATIONS;
use generated_crate::runtime::{OperationInfo, RawResponse};
use serde_json::Value;

/// Follows local `$ref`s (chains too) to what they name.
fn resolve<'a>(spec: &'a Value, mut value: &'a Value) -> Option<&'a Value> {
    for _ in 0..64 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Some(value);
        };
        value = spec.pointer(reference.strip_prefix('#')?)?;
    }
    None
}

/// A media type without parameters, lowercased.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or(media_type)
        .trim()
        .to_ascii_lowercase()
}

fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// The status a response key stands for; `default` and ranges get a status they match.
fn status_code(key: &str) -> Option<u16> {
    match key {
        "default" => Some(599),
        range if range.len() == 3 && range[1..].eq_ignore_ascii_case("XX") => {
            range[..1].parse::<u16>().ok().map(|class| class * 100)
        }
        code => code.parse().ok(),
    }
}

/// The bytes a server sends for an example: JSON text for JSON media types; for the others the
/// text of a string example (a JSON string stands for the raw body), else its JSON text.
fn body_bytes(media_type: &str, example: &Value) -> Vec<u8> {
    match example {
        Value::String(text) if !is_json(media_type) => text.clone().into_bytes(),
        other => serde_json::to_vec(other).unwrap_or_default(),
    }
}

/// `example` and every entry of `examples` (with its name) of one media type object.
fn examples_of<'a>(spec: &'a Value, media: &'a Value) -> Vec<(String, Option<&'a Value>)> {
    let mut found = Vec::new();
    if let Some(example) = media.get("example") {
        found.push(("example".to_owned(), Some(example)));
    }
    for (name, entry) in media
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let value = resolve(spec, entry).and_then(|example| example.get("value"));
        found.push((format!("examples/{name}"), value));
    }
    found
}

#[derive(Default)]
struct Tally {
    total: usize,
    decoded: usize,
    undecodable: BTreeMap<String, String>,
}

impl Tally {
    fn record(&mut self, key: String, outcome: Result<(), String>) {
        self.total += 1;
        match outcome {
            Ok(()) => self.decoded += 1,
            Err(reason) => {
                self.undecodable.insert(key, reason.replace(['\t', '\n'], " "));
            }
        }
    }
}

fn check_responses(spec: &Value, operation: &Value, id: &str, info: &OperationInfo, tally: &mut Tally) {
    for (status, response) in operation
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some(response) = resolve(spec, response) else {
            continue;
        };
        let content = response.get("content").and_then(Value::as_object);
        let decoded = info.response_media_type(status);
        for (media_type, media) in content.into_iter().flatten() {
            for (name, example) in examples_of(spec, media) {
                let key = format!("{id} {status} {media_type} {name}");
                let outcome = match (example, status_code(status)) {
                    (None, _) => Err("the example has no `value`".to_owned()),
                    (_, None) => Err(format!("`{status}` is not a status")),
                    // One media type per response is decoded; the others are other representations
                    // the client does not ask for.
                    (Some(_), Some(_)) if decoded != Some(media_type.as_str()) => Err(format!(
                        "alternative media type {media_type}: the client decodes {}",
                        decoded.unwrap_or_default()
                    )),
                    (Some(example), Some(code)) => match reqwest::StatusCode::from_u16(code) {
                        Ok(code) => {
                            let raw = RawResponse::new(
                                code,
                                reqwest::header::HeaderMap::new(),
                                body_bytes(media_type, example).into(),
                            );
                            (info.check_response)(raw)
                        }
                        Err(_) => Err(format!("`{status}` is not a status")),
                    },
                };
                tally.record(key, outcome);
            }
        }
    }
}

fn check_requests(spec: &Value, operation: &Value, id: &str, info: &OperationInfo, tally: &mut Tally) {
    let Some(body) = operation.get("requestBody").and_then(|body| resolve(spec, body)) else {
        return;
    };
    for (media_type, media) in body
        .get("content")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(media_type, _)| is_json(media_type))
    {
        for (name, example) in examples_of(spec, media) {
            let key = format!("{id} request {media_type} {name}");
            let outcome = match (example, info.check_request) {
                (None, _) => Err("the example has no `value`".to_owned()),
                (Some(_), None) => Err("the operation has no JSON body type".to_owned()),
                (Some(example), Some(check)) => {
                    check(&serde_json::to_vec(example).unwrap_or_default())
                }
            };
            tally.record(key, outcome);
        }
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: decode_examples SPEC.json");
    let text = std::fs::read_to_string(&path).expect("the description is readable");
    let spec: Value = serde_json::from_str(&text).expect("the description is JSON");
    let by_id: BTreeMap<&str, &OperationInfo> =
        OPERATIONS.iter().map(|info| (info.operation_id, info)).collect();
    let (mut responses, mut requests) = (Tally::default(), Tally::default());
    let mut missing = Vec::new();
    // An operation is a path item entry with `responses` (the one field OpenAPI requires of an
    // Operation object), so no list of methods is kept here.
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if operation.get("responses").is_none() {
                continue;
            }
            let id = operation
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let Some(info) = by_id.get(id) else {
                missing.push(format!("{method} {path} ({id})"));
                continue;
            };
            check_responses(&spec, operation, id, info, &mut responses);
            check_requests(&spec, operation, id, info, &mut requests);
        }
    }
    for operation in &missing {
        println!("missing\t{operation}\tno generated operation");
    }
    for (kind, tally) in [("response", &responses), ("request", &requests)] {
        for (key, reason) in &tally.undecodable {
            println!("undecodable\t{kind} {key}\t{reason}");
        }
        println!(
            "summary\t{kind} examples: {}, decoded: {}, undecodable: {}",
            tally.total,
            tally.decoded,
            tally.undecodable.len()
        );
    }
}
