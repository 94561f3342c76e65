//! `build_request` written as text in the layout prettyplease gives the tokens of `request.rs`
//! (see `operation_text.rs` for why). The statements of the usual operations are written here:
//! the path, the method, `Accept`, security, query and header parameters, conditional headers
//! and a single-media-type body. A form body, a path parameter that is neither text nor
//! `Display`, or a line needing a layout not written here gives `None`, and the method is
//! formatted from its tokens.

use proc_macro2::Literal;

use super::layout::{Returns, Text, TypeText};
use super::operations::is_positional;
use super::parameters::{QueryCall, ValueForm, parameter_form, query_call, value_form};
use super::tokens::string_literal;
use crate::ir::{
    Accept, Api, BodyEncoding, Operation, OperationSecurity, ParameterLocation, ParameterStyle,
    Passing, PathPart, Primitive, RequestBody, RequestBodyKind, TypeRef,
};

/// `build_request` of `op`: one statement per line, each checked against the margin.
pub(super) fn build_request_text(api: &Api, op: &Operation) -> Option<String> {
    let mut text = Text::default();
    text.lines_unchecked(&["    /// The request this builder describes."]);
    let ok = TypeText {
        path: "runtime::Request",
        argument: None,
    };
    let error = TypeText {
        path: "runtime::Error",
        argument: Some(&op.error_name),
    };
    let parameters = ["&self".to_owned()];
    text.signature(
        1,
        "fn build_request",
        &parameters,
        Returns::Result(ok, error),
    )?;
    path_statements(&mut text, api, op)?;
    text.line(
        2,
        format_args!(
            "let mut request = runtime::Request::new(::reqwest::Method::{}, path);",
            op.method.as_str()
        ),
    )?;
    let literal = |text: &str| string_literal(text);
    request_call(&mut text, 2, "operation_id", &[literal(&op.operation_id)])?;
    if let Some(server) = &op.server {
        request_call(&mut text, 2, "server", &[literal(server)])?;
    }
    match &op.accept {
        Accept::Default => {}
        Accept::Json(media_types) => {
            request_call(&mut text, 2, "accept", &[literal(media_types)])?;
        }
        Accept::Only(media_types) => {
            let arguments = [literal("accept"), literal(media_types)];
            request_call(&mut text, 2, "header", &arguments)?;
        }
    }
    if let OperationSecurity::Requirements(alternatives) = &op.security {
        let alternatives: Vec<String> = alternatives
            .iter()
            .map(|schemes| {
                let schemes: Vec<String> = schemes
                    .iter()
                    .map(|scheme| string_literal(scheme))
                    .collect();
                format!("&[{}]", schemes.join(", "))
            })
            .collect();
        text.line(
            2,
            format_args!(
                "request.security(runtime::Security::Requirements(&[{}]));",
                alternatives.join(", ")
            ),
        )?;
    }
    parameter_statements(&mut text, api, op)?;
    if op.conditional.is_offered() {
        text.lines_unchecked(&["        self.preconditions.apply(&mut request);"]);
    }
    if let Some(body) = &op.body {
        body_statements(&mut text, body)?;
    }
    text.lines_unchecked(&["        Ok(request)", "    }"]);
    Some(text.into_string())
}

/// The statements that build `path` (`request::path_statements`).
fn path_statements(text: &mut Text, api: &Api, op: &Operation) -> Option<()> {
    let has_parameters = op
        .path_parts
        .iter()
        .any(|part| matches!(part, PathPart::Parameter(_)));
    if !has_parameters {
        let path = string_literal(&op.path);
        return text.line(2, format_args!("let path = String::from({path});"));
    }
    let capacity = super::request::path_capacity(op);
    text.line(
        2,
        format_args!("let mut path = String::with_capacity({capacity});"),
    )?;
    for part in &op.path_parts {
        match part {
            PathPart::Literal(literal) => {
                let mut chars = literal.chars();
                match (chars.next(), chars.next()) {
                    (Some(single), None) => {
                        let single = Literal::character(single);
                        text.line(2, format_args!("path.push({single});"))?;
                    }
                    _ => {
                        let literal = string_literal(literal);
                        text.line(2, format_args!("path.push_str({literal});"))?;
                    }
                }
            }
            PathPart::Parameter(index) => {
                let parameter = &op.parameters[*index];
                let name = &parameter.rust_name;
                let value = match (&parameter.ty, value_form(api, &parameter.ty)) {
                    // Written as JSON text by the token emitter.
                    _ if parameter.style == ParameterStyle::Json => return None,
                    (TypeRef::Primitive(Primitive::String), _) => format!("&self.{name}"),
                    (_, ValueForm::Display) => format!("&self.{name}.to_string()"),
                    _ => return None,
                };
                let push = if parameter.multi_segment {
                    "push_path_segments"
                } else {
                    "push_path_segment"
                };
                let wire = string_literal(&parameter.wire_name);
                call(
                    text,
                    &format!("runtime::{push}"),
                    &["&mut path", &wire, &value],
                    "?;",
                )?;
            }
        }
    }
    Some(())
}

/// `{function}({arguments}){end}` at the statement level: on one line when it fits, else one
/// argument per line.
fn call(text: &mut Text, function: &str, arguments: &[&str], end: &str) -> Option<()> {
    let one_line = format!("{function}({}){end}", arguments.join(", "));
    if text.fits(2, &one_line) {
        text.line_unchecked(2, format_args!("{one_line}"));
        return Some(());
    }
    text.line(2, format_args!("{function}("))?;
    let arguments: Vec<String> = arguments
        .iter()
        .map(|argument| argument.to_string())
        .collect();
    text.elements(3, &arguments)?;
    text.line(2, format_args!("){end}"))
}

/// The statement `request.{method}({arguments});` at `level`: on one line when it fits, else
/// the method on the next line, else also its arguments one per line.
fn request_call(text: &mut Text, level: usize, method: &str, arguments: &[String]) -> Option<()> {
    let call = format!("{method}({});", arguments.join(", "));
    if text.fits(level, &format!("request.{call}")) {
        text.line_unchecked(level, format_args!("request.{call}"));
        return Some(());
    }
    text.line_unchecked(level, format_args!("request"));
    if text.fits(level + 1, &format!(".{call}")) {
        text.line_unchecked(level + 1, format_args!(".{call}"));
        return Some(());
    }
    text.line(level + 1, format_args!(".{method}("))?;
    text.elements(level + 2, arguments)?;
    text.line_unchecked(level + 1, format_args!(");"));
    Some(())
}

/// The query and header parameters (`request::parameter_statements`).
fn parameter_statements(text: &mut Text, api: &Api, op: &Operation) -> Option<()> {
    for parameter in &op.parameters {
        if parameter.location == ParameterLocation::Path {
            continue;
        }
        let wire = string_literal(&parameter.wire_name);
        // The method and its arguments for one value, `binding` a reference to it.
        let call = |binding: &str| match parameter.location {
            ParameterLocation::Query => match query_call(api, parameter) {
                QueryCall::Text(form) => (
                    "query_required",
                    vec![wire.clone(), value_text(form, binding)],
                ),
                QueryCall::Delimited(separator) => (
                    "query_delimited",
                    vec![
                        wire.clone(),
                        binding.to_owned(),
                        string_literal(&separator.to_string()),
                    ],
                ),
                other => (other.method(), vec![wire.clone(), binding.to_owned()]),
            },
            _ => (
                "header",
                vec![
                    wire.clone(),
                    value_text(parameter_form(api, parameter), binding),
                ],
            ),
        };
        if parameter.allow_reserved {
            request_call(text, 2, "allow_reserved", std::slice::from_ref(&wire))?;
        }
        if is_positional(parameter) {
            let (method, arguments) = call(&format!("&self.{}", parameter.rust_name));
            request_call(text, 2, method, &arguments)?;
        } else {
            let (method, arguments) = call("value");
            text.line(
                2,
                format_args!("if let Some(value) = &self.{} {{", parameter.rust_name),
            )?;
            request_call(text, 3, method, &arguments)?;
            text.lines_unchecked(&["        }"]);
        }
    }
    Some(())
}

/// What `parameters::value_text` makes of `binding`, as text.
fn value_text(form: ValueForm, binding: &str) -> String {
    match form {
        ValueForm::Rfc3339 => {
            format!("&{binding}.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true)")
        }
        ValueForm::JoinedDisplay => {
            format!("&{binding}.iter().map(ToString::to_string).collect::<Vec<_>>().join(\",\")")
        }
        ValueForm::Display => binding.to_owned(),
        ValueForm::Serialized => format!("&runtime::parameter_text({binding})"),
        ValueForm::SerializedExploded => format!("&runtime::exploded_parameter_text({binding})"),
        ValueForm::Json => format!("&runtime::json_text({binding})"),
    }
}

/// The body and its media type (`bodies::write`); `None` for a form.
fn body_statements(text: &mut Text, body: &RequestBody) -> Option<()> {
    let RequestBodyKind::Single(encoding) = body.kind else {
        return None;
    };
    let (method, value, item, fallible) = match encoding {
        BodyEncoding::Json => ("json_body", "&self.body", "body", "?"),
        BodyEncoding::Text => ("text_body", "self.body.clone()", "body.clone()", ""),
        BodyEncoding::Binary => ("binary_body", "self.body.clone()", "body.clone()", ""),
    };
    if body.passing == Passing::Argument {
        text.lines_unchecked(&[&format!("        request.{method}({value}){fallible};")]);
    } else {
        text.lines_unchecked(&[
            "        if let Some(body) = &self.body {",
            &format!("            request.{method}({item}){fallible};"),
            "        }",
        ]);
    }
    if body.media_type_enum.is_some() {
        text.lines_unchecked(&["        request.content_type(self.media_type.as_str());"]);
    } else if let Some(media_type) = super::bodies::sent_media_type(body) {
        let media_type = string_literal(media_type);
        request_call(text, 2, "content_type", &[media_type])?;
    }
    Some(())
}
