//! The default of `explode` in a request body's `encoding` map, written into the document
//! before `openapiv3` reads it: `openapiv3` reads a missing `explode` as `false`, while
//! OpenAPI's default is `true` for the `form` style (the default style), and `false` for the
//! others. Without this, `style: form` with no `explode` could not be told from
//! `explode: false`.

use serde_json::Value;

use crate::ir::HttpMethod;

/// Adds `explode: true` to every encoding object of a request body (the operations' own and
/// `components/requestBodies`) that has no `explode` and whose style is `form` or not given.
pub fn default_explode(document: &mut Value) {
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            for key in HttpMethod::KEYS {
                if let Some(body) = item.get_mut(key).and_then(|op| op.get_mut("requestBody")) {
                    request_body(body);
                }
            }
        }
    }
    let bodies = document
        .get_mut("components")
        .and_then(|components| components.get_mut("requestBodies"))
        .and_then(Value::as_object_mut);
    for body in bodies.into_iter().flat_map(|bodies| bodies.values_mut()) {
        request_body(body);
    }
}

fn request_body(body: &mut Value) {
    let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
        return;
    };
    for media in content.values_mut() {
        let Some(encodings) = media.get_mut("encoding").and_then(Value::as_object_mut) else {
            continue;
        };
        for encoding in encodings.values_mut().filter_map(Value::as_object_mut) {
            let form_style = match encoding.get("style") {
                None => true,
                Some(style) => style.as_str() == Some("form"),
            };
            if form_style && !encoding.contains_key("explode") {
                encoding.insert("explode".to_owned(), Value::Bool(true));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_missing_explode_of_the_form_style_becomes_true() {
        let mut document = serde_json::json!({
            "paths": {"/a": {"post": {"requestBody": {"content": {"application/x-www-form-urlencoded": {
                "encoding": {
                    "plain": {},
                    "form": {"style": "form"},
                    "kept": {"explode": false},
                    "deep": {"style": "deepObject"}
                }
            }}}}}},
            "components": {"requestBodies": {"B": {"content": {"x": {"encoding": {"c": {}}}}}}}
        });
        default_explode(&mut document);
        let encoding = &document["paths"]["/a"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
            ["encoding"];
        assert_eq!(encoding["plain"]["explode"], true);
        assert_eq!(encoding["form"]["explode"], true);
        assert_eq!(encoding["kept"]["explode"], false);
        assert!(encoding["deep"].get("explode").is_none());
        let component = &document["components"]["requestBodies"]["B"]["content"]["x"];
        assert_eq!(component["encoding"]["c"]["explode"], true);
    }
}
