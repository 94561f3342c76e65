//! Comparing the parts of an operation that may also be shared components: a parameter, a
//! request body, a response. An operation compares its own; `components/parameters`,
//! `components/requestBodies` and `components/responses` are compared once each, as subjects.

use serde_json::Value;

use super::place::Place;
use super::rules::Rule;
use super::schemas::Walker;
use super::spec::{Usage, child, json_media};

/// The keywords of a parameter that only change the generated docs.
const PARAMETER_DOC_KEYWORDS: [&str; 4] = ["description", "deprecated", "example", "examples"];

impl<'a> Walker<'a, '_> {
    /// A parameter (both sides resolved), declared at `place`.
    pub(super) fn parameter(&mut self, old: &'a Value, new: &'a Value, place: &Place) {
        self.usage = Usage::REQUEST;
        let (was_required, now_required) = (parameter_required(old), parameter_required(new));
        if was_required != now_required {
            let what = if now_required {
                "now required: an argument instead of a setter"
            } else {
                "now optional: a setter instead of an argument"
            };
            self.push(place, what.to_owned(), Rule::ParameterPresenceChanged);
        }
        let (old_style, new_style) = (parameter_style(old), parameter_style(new));
        if old_style != new_style {
            let what = format!(
                "written differently: {} → {}",
                style_text(old_style),
                style_text(new_style)
            );
            self.push(place, what, Rule::ParameterStyleChanged);
        }
        let (was_reserved, now_reserved) = (allows_reserved(old), allows_reserved(new));
        if was_reserved != now_reserved {
            let what = if now_reserved {
                "`allowReserved`: reserved characters now sent as they are"
            } else {
                "`allowReserved` no longer: reserved characters now percent-encoded"
            };
            self.push(place, what.to_owned(), Rule::ParameterStyleChanged);
        }
        self.documentation(old, new, place, &PARAMETER_DOC_KEYWORDS);
        // Its schema, or that of the media type it is given as (`content`, one entry).
        let schema = |parameter: &'a Value| match parameter.get("schema") {
            Some(schema) => Some((vec!["schema"], schema)),
            None => {
                let (media_name, media) = parameter.get("content")?.as_object()?.iter().next()?;
                Some((
                    vec!["content", media_name.as_str(), "schema"],
                    media.get("schema")?,
                ))
            }
        };
        if let (Some((_, old_schema)), Some((path, new_schema))) = (schema(old), schema(new)) {
            let pointer = path.iter().fold(place.pointer.clone(), |pointer, token| {
                child(&pointer, token)
            });
            let at = Place::new(pointer, place.label());
            self.schema(old_schema, new_schema, &at);
        }
    }

    /// A request body (both sides resolved) at `place`.
    pub(super) fn request_body(&mut self, old: &'a Value, new: &'a Value, place: &Place) {
        self.usage = Usage::REQUEST;
        let (was_required, now_required) = (is_true(old, "required"), is_true(new, "required"));
        if was_required != now_required {
            let what = if now_required {
                "now required: an argument instead of a setter"
            } else {
                "now optional: a setter instead of an argument"
            };
            self.push(place, what.to_owned(), Rule::RequestBodyPresenceChanged);
        }
        self.documentation(old, new, place, &["description"]);
        // The generator takes a request body's type as it is: `nullable` does not wrap it.
        self.json_body(old, new, place, false);
    }

    /// A response (both sides resolved) at `place`.
    pub(super) fn response(&mut self, old: &'a Value, new: &'a Value, place: &Place) {
        self.usage = Usage::RESPONSE;
        self.documentation(old, new, place, &["description"]);
        self.json_body(old, new, place, true);
    }

    /// The JSON body of a request body or response: present or not, nullable or not, its schema.
    fn json_body(&mut self, old: &'a Value, new: &'a Value, place: &Place, nullable_wraps: bool) {
        let body = |part: &'a Value| {
            let (media_name, media) = json_media(part.get("content"))?;
            Some((media_name, media.get("schema")?))
        };
        let rule_for_presence = if nullable_wraps {
            Rule::ResponseBodyChanged
        } else {
            Rule::TypeChanged
        };
        match (body(old), body(new)) {
            (None, None) => {}
            (None, Some(_)) => self.push(place, "JSON body added".to_owned(), rule_for_presence),
            (Some(_), None) => {
                self.push(place, "JSON body removed".to_owned(), rule_for_presence);
            }
            (Some((_, old_schema)), Some((media_name, new_schema))) => {
                let content = child(&place.pointer, "content");
                let at = Place::new(child(&child(&content, media_name), "schema"), place.label());
                let (was_nullable, now_nullable) =
                    (self.old.nullable(old_schema), self.new.nullable(new_schema));
                if nullable_wraps && was_nullable != now_nullable {
                    let what = if now_nullable {
                        "body now nullable; `T` → `Option<T>`"
                    } else {
                        "body no longer nullable; `Option<T>` → `T`"
                    };
                    self.push(&at, what.to_owned(), Rule::OptionChanged);
                }
                self.schema(old_schema, new_schema, &at);
            }
        }
    }
}

/// Whether a parameter must be given: path parameters always must.
pub(super) fn parameter_required(parameter: &Value) -> bool {
    is_true(parameter, "required") || parameter.get("in").and_then(Value::as_str) == Some("path")
}

/// A parameter's `style` and `explode`, defaults filled in: `form` for a query parameter,
/// `simple` for the others, and `explode` only for `form`.
/// A parameter given as JSON `content` is written as JSON text: `("json content", false)`;
/// one given as text content is written as its schema would be.
fn parameter_style(parameter: &Value) -> (&str, bool) {
    if json_media(parameter.get("content")).is_some() {
        return ("json content", false);
    }
    let style = match parameter.get("style").and_then(Value::as_str) {
        Some(style) => style,
        None if parameter.get("in").and_then(Value::as_str) == Some("query") => "form",
        None => "simple",
    };
    let explode = parameter
        .get("explode")
        .and_then(Value::as_bool)
        .unwrap_or(style == "form");
    (style, explode)
}

/// Whether the generated client sends a parameter's reserved characters as they are: a query
/// parameter with `allowReserved: true` (OpenAPI ignores it elsewhere).
fn allows_reserved(parameter: &Value) -> bool {
    is_true(parameter, "allowReserved")
        && parameter.get("in").and_then(Value::as_str) == Some("query")
}

fn style_text((style, explode): (&str, bool)) -> String {
    if style == "json content" {
        return "JSON text (`content`)".to_owned();
    }
    let explode = if explode { "with" } else { "without" };
    format!("`{style}` {explode} `explode`")
}

fn is_true(value: &Value, key: &str) -> bool {
    value.get(key) == Some(&Value::Bool(true))
}
