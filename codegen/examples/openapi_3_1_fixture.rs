//! Writes an OpenAPI 3.0 description again in OpenAPI 3.1 idioms, for the test that both give
//! the same Rust (`tests/openapi31.rs`):
//!
//! ```sh
//! cargo run -p codegen --example openapi_3_1_fixture -- spec/codespaces.yaml codegen/tests/openapi31/codespaces-3.1.yaml
//! ```
//!
//! In every schema: `nullable: true` beside a `type` becomes a type array with `"null"`,
//! `example` becomes `examples`, a one-value `enum` becomes `const`. The rest is kept.

use serde_json::{Map, Value};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = arguments.as_slice() else {
        return Err("usage: openapi_3_1_fixture INPUT.yaml OUTPUT.yaml".into());
    };
    let mut document: Value = serde_yaml::from_str(&std::fs::read_to_string(input)?)?;
    let Value::Object(root) = &mut document else {
        return Err("the description is not an object".into());
    };
    root.insert("openapi".to_owned(), Value::from("3.1.0"));
    if let Some(Value::Object(components)) = root.get_mut("components") {
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            schemas.values_mut().for_each(schema);
        }
        for kind in ["parameters", "headers", "requestBodies", "responses"] {
            if let Some(Value::Object(holders)) = components.get_mut(kind) {
                holders.values_mut().for_each(holder);
            }
        }
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for (key, value) in item.iter_mut() {
                if key == "parameters" {
                    each_holder(value);
                } else if let Value::Object(operation) = value {
                    if let Some(parameters) = operation.get_mut("parameters") {
                        each_holder(parameters);
                    }
                    if let Some(body) = operation.get_mut("requestBody") {
                        holder(body);
                    }
                    if let Some(Value::Object(responses)) = operation.get_mut("responses") {
                        responses.values_mut().for_each(holder);
                    }
                }
            }
        }
    }
    let text = format!(
        "# Written by `cargo run -p codegen --example openapi_3_1_fixture` from {input}: the same\n# description in OpenAPI 3.1 idioms. Do not edit by hand.\n{}",
        serde_yaml::to_string(&document)?
    );
    std::fs::write(output, text)?;
    Ok(())
}

fn each_holder(holders: &mut Value) {
    if let Value::Array(holders) = holders {
        holders.iter_mut().for_each(holder);
    }
}

/// A parameter, header, request body or response.
fn holder(holder: &mut Value) {
    let Value::Object(holder) = holder else {
        return;
    };
    if let Some(value) = holder.get_mut("schema") {
        schema(value);
    }
    if let Some(Value::Object(content)) = holder.get_mut("content") {
        for entry in content.values_mut().filter_map(Value::as_object_mut) {
            if let Some(value) = entry.get_mut("schema") {
                schema(value);
            }
        }
    }
    if let Some(Value::Object(headers)) = holder.get_mut("headers") {
        headers.values_mut().for_each(self::holder);
    }
}

fn schema(value: &mut Value) {
    let Value::Object(object) = value else {
        return;
    };
    if object.get("nullable") == Some(&Value::Bool(true))
        && let Some(Value::String(name)) = object.get("type")
    {
        let types = Value::Array(vec![Value::from(name.clone()), Value::from("null")]);
        object.insert("type".to_owned(), types);
        object.remove("nullable");
    }
    if let Some(example) = object.remove("example") {
        object.insert("examples".to_owned(), Value::Array(vec![example]));
    }
    if let Some(Value::Array(values)) = object.get("enum")
        && let [only] = values.as_slice()
    {
        let only = only.clone();
        object.remove("enum");
        object.insert("const".to_owned(), only);
    }
    children(object);
}

fn children(object: &mut Map<String, Value>) {
    for (key, child) in object.iter_mut() {
        match (key.as_str(), child) {
            ("items" | "not" | "additionalProperties", child) => schema(child),
            ("allOf" | "oneOf" | "anyOf", Value::Array(members)) => {
                members.iter_mut().for_each(schema);
            }
            ("properties", Value::Object(properties)) => properties.values_mut().for_each(schema),
            _ => {}
        }
    }
}
