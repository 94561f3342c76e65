//! The payload: one page of codespaces as `GET /user/codespaces?per_page=100` returns it.

use serde_json::{Value, json};

use crate::example;

/// Codespaces on the page: the largest page GitHub serves.
pub const CODESPACES: usize = 100;

/// `{"total_count": 100, "codespaces": [...]}` as compact JSON, each codespace the spec's
/// example with its own id and name (and the URLs that contain the name), so no two are
/// byte-identical.
pub fn json() -> Vec<u8> {
    let example = example::codespace();
    let codespaces: Vec<Value> = (0..CODESPACES)
        .map(|index| renamed(&example, index))
        .collect();
    let page = json!({ "total_count": CODESPACES, "codespaces": codespaces });
    serde_json::to_vec(&page).expect("a JSON value always serialises")
}

fn renamed(example: &Value, index: usize) -> Value {
    let old_name = example["name"]
        .as_str()
        .expect("the example codespace has a name");
    let new_name = format!("monalisa-octocat-hello-world-{index:010}");
    let mut codespace = example.clone();
    let fields = codespace
        .as_object_mut()
        .expect("the example codespace is an object");
    for value in fields.values_mut() {
        if let Value::String(text) = value {
            *text = text.replace(old_name, &new_name);
        }
    }
    fields.insert("id".to_owned(), json!(index + 1));
    codespace
}
