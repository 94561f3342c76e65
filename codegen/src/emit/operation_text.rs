//! An operation's most voluminous items written straight as text in the layout prettyplease
//! gives their tokens (`operations.rs`, `outcomes.rs`, `bodies.rs`), for the reason of
//! `serde_text.rs`: building the tokens of a large description's operations, parsing them into
//! a syntax tree and printing it back was the larger half of emitting it. The builder struct,
//! the constructor on the group's handle, the setters, `send` and `decode` are written here
//! (`build_request` in `request_text.rs`, the outcome enums and the success enum's accessors in
//! `outcome_text.rs`); a line that would need a layout not
//! written here makes the function return `None`, and that item (or that member of an `impl`)
//! is formatted from its tokens instead. The tests below compare the two on every fixture and
//! on both sides of every width where a layout changes.

use super::layout::{Returns, STRUCT_LITERAL_WIDTH, Text, TypeText};
use super::operations::is_positional;
use super::tokens::{doc_or_fallback, type_text_in};
use crate::ir::{
    Api, BodyEncoding, Doc, Operation, Passing, RequestBody, RequestBodyKind, ResponseCase,
    StatusMatch,
};

/// How the models are named inside a group's module file.
const MODELS: &str = "models::";

/// The type of a parameter or body as written in a group's module file.
pub(super) fn type_text(api: &Api, ty: &crate::ir::TypeRef) -> String {
    type_text_in(api, ty, MODELS)
}

/// The builder struct of `op`, with `doc` above it.
pub(super) fn builder_struct_text(api: &Api, op: &Operation, doc: &Doc) -> Option<String> {
    let mut text = Text::default();
    text.doc(0, doc);
    text.lines_unchecked(&[
        "#[derive(Debug, Clone)]",
        "#[must_use = \"a request does nothing until `send` is awaited\"]",
    ]);
    text.line(0, format_args!("pub struct {}<'a> {{", op.builder_name))?;
    text.lines_unchecked(&["    client: &'a runtime::Client,"]);
    for parameter in &op.parameters {
        let ty = type_text(api, &parameter.ty);
        let name = &parameter.rust_name;
        let ty = if is_positional(parameter) {
            ty
        } else {
            format!("Option<{ty}>")
        };
        text.typed_line(1, &format!("{name}: "), &ty, ",")?;
    }
    if let Some(body) = &op.body {
        let ty = match body.kind.form() {
            Some(form) => form.name.clone(),
            None => type_text(api, &body.ty),
        };
        let ty = if body.passing == Passing::Argument {
            ty
        } else {
            format!("Option<{ty}>")
        };
        text.typed_line(1, "body: ", &ty, ",")?;
        if let Some(choice) = &body.media_type_enum {
            text.line(1, format_args!("media_type: {},", choice.name))?;
        }
    }
    if op.conditional.is_offered() {
        text.lines_unchecked(&["    preconditions: runtime::Preconditions,"]);
    }
    text.lines_unchecked(&["}"]);
    Some(text.into_string())
}

/// The constructor of `op`'s builder on the group's handle: what is required as arguments.
pub(super) fn constructor_text(api: &Api, op: &Operation, doc: &Doc) -> Option<String> {
    let mut text = Text::default();
    text.doc(1, doc);
    if op.deprecated {
        text.lines_unchecked(&["    #[deprecated]"]);
    }
    let mut parameters = vec!["&self".to_owned()];
    let mut inits = vec!["client: self.client".to_owned()];
    for parameter in &op.parameters {
        let name = &parameter.rust_name;
        if is_positional(parameter) {
            let ty = type_text(api, &parameter.ty);
            parameters.push(format!("{name}: impl Into<{ty}>"));
            inits.push(format!("{name}: {name}.into()"));
        } else {
            inits.push(format!("{name}: None"));
        }
    }
    if let Some(body) = &op.body {
        if body.passing == Passing::Argument {
            parameters.push(format!("body: impl Into<{}>", body_argument(api, body)));
            inits.push("body: body.into()".to_owned());
        } else {
            inits.push("body: None".to_owned());
        }
        if let Some(choice) = &body.media_type_enum {
            inits.push(format!("media_type: {}::default()", choice.name));
        }
    }
    if op.conditional.is_offered() {
        inits.push("preconditions: runtime::Preconditions::default()".to_owned());
    }
    let returns = format!("{}<'a>", op.builder_name);
    let head = format!("pub fn {}", op.method_name);
    text.signature(1, &head, &parameters, Returns::Plain(&returns))?;
    struct_literal(&mut text, &op.builder_name, &inits)?;
    text.lines_unchecked(&["    }"]);
    Some(text.into_string())
}

/// `{name} { fields }` as the body of a method: on one line when prettyplease keeps it there,
/// else one field per line.
fn struct_literal(text: &mut Text, name: &str, fields: &[String]) -> Option<()> {
    let literal = format!("{name} {{ {} }}", fields.join(", "));
    if literal.len() - 1 <= STRUCT_LITERAL_WIDTH && text.fits(2, &literal) {
        return text.line(2, format_args!("{literal}"));
    }
    text.line(2, format_args!("{name} {{"))?;
    text.elements(3, fields)?;
    text.lines_unchecked(&["        }"]);
    Some(())
}

/// What a caller passes a body as (the `T` of `impl Into<T>`).
fn body_argument(api: &Api, body: &RequestBody) -> String {
    match &body.kind {
        RequestBodyKind::Single(BodyEncoding::Json) => type_text(api, &body.ty),
        RequestBodyKind::Single(BodyEncoding::Text) => "String".to_owned(),
        RequestBodyKind::Single(BodyEncoding::Binary) => "::bytes::Bytes".to_owned(),
        RequestBodyKind::Multipart(form) | RequestBodyKind::FormUrlEncoded(form) => {
            form.name.clone()
        }
    }
}

/// A setter of the builder: `name` takes anything that converts into `ty` and stores it.
pub(super) fn setter_text(doc: &Doc, name: &str, ty: &str) -> Option<String> {
    let mut text = Text::default();
    text.doc(1, doc);
    let parameters = ["mut self".to_owned(), format!("value: impl Into<{ty}>")];
    text.signature(
        1,
        &format!("pub fn {name}"),
        &parameters,
        Returns::Plain("Self"),
    )?;
    text.line(2, format_args!("self.{name} = Some(value.into());"))?;
    text.lines_unchecked(&["        self", "    }"]);
    Some(text.into_string())
}

/// The setter of an optional parameter.
pub(super) fn parameter_setter_text(api: &Api, parameter: &crate::ir::Parameter) -> Option<String> {
    let doc = doc_or_fallback(&parameter.doc, || {
        format!("Sets the `{}` parameter.", parameter.wire_name)
    });
    let ty = type_text(api, &parameter.ty);
    setter_text(&doc, &parameter.rust_name, &ty)
}

/// The setter of an optional body with a single media type; `None` for other bodies.
pub(super) fn body_setter_text(api: &Api, body: &RequestBody) -> Option<String> {
    if body.passing != Passing::Setter || body.media_type_enum.is_some() {
        return None;
    }
    let doc = doc_or_fallback(&body.doc, || "Sets the request body.".to_owned());
    setter_text(&doc, "body", &body_argument(api, body))
}

/// `if_none_match` and `if_modified_since` (`conditional.rs`), which no name changes.
pub(super) const CONDITIONAL_SETTERS: &str =
    "    /// Sends `If-None-Match`: the server answers 304 (not modified) when the resource
    /// still has this entity tag, usually the `ETag` of an earlier response.
    pub fn if_none_match(mut self, etag: impl Into<String>) -> Self {
        self.preconditions.if_none_match(etag);
        self
    }

    /// Sends `If-Modified-Since`: the server answers 304 (not modified) when the
    /// resource has not changed since this HTTP date, usually the `Last-Modified` of an
    /// earlier response.
    pub fn if_modified_since(mut self, http_date: impl Into<String>) -> Self {
        self.preconditions.if_modified_since(http_date);
        self
    }
";

/// What the `Ok` side of `send` and `decode` holds, as in `operations::success_type`.
pub(super) fn success_type_text(api: &Api, op: &Operation) -> String {
    if op.has_success_enum() {
        return op.success_name.clone();
    }
    match op.successes().next().and_then(|case| case.body.as_ref()) {
        Some(body) => type_text(api, body),
        None => "()".to_owned(),
    }
}

/// `send`: builds the request, executes it and decodes the answer.
pub(super) fn send_text(success: &str, error: &str) -> Option<String> {
    let mut text = Text::default();
    text.lines_unchecked(&["    /// Sends the request and decodes the response by its status."]);
    let (ok, error) = result_types(success, error);
    text.signature(
        1,
        "pub async fn send",
        &["self".to_owned()],
        Returns::Result(ok, error),
    )?;
    text.lines_unchecked(&[
        "        let request = self.build_request()?;",
        "        let raw = self.client.execute(request).await?;",
        "        Self::decode(raw)",
        "    }",
    ]);
    Some(text.into_string())
}

/// `runtime::Response<success>` and `runtime::Error<error>`.
fn result_types<'a>(success: &'a str, error: &'a str) -> (TypeText<'a>, TypeText<'a>) {
    let generic = |path, argument| TypeText {
        path,
        argument: Some(argument),
    };
    (
        generic("runtime::Response", success),
        generic("runtime::Error", error),
    )
}

/// `decode`: the answer's status picks the outcome (`outcomes::decode_arms`).
pub(super) fn decode_text(op: &Operation, success: &str) -> Option<String> {
    let mut text = Text::default();
    text.lines_unchecked(&[
        "    /// Decodes a response of this operation: what [`send`](Self::send) does with the",
        "    /// answer, usable on recorded responses.",
    ]);
    let (ok, error) = result_types(success, &op.error_name);
    let parameters = ["raw: runtime::RawResponse".to_owned()];
    text.signature(1, "pub fn decode", &parameters, Returns::Result(ok, error))?;
    text.lines_unchecked(&["        match raw.status().as_u16() {"]);
    if op.conditional == crate::ir::Conditional::NotModifiedError {
        text.lines_unchecked(&["            304 => Err(raw.into_not_modified()),"]);
    }
    let mut cases: Vec<&ResponseCase> = op.responses.iter().collect();
    cases.sort_by_key(|case| case.status);
    for case in cases {
        match_arm(
            &mut text,
            &status_pattern(case.status),
            &decode_arm(op, case),
        )?;
    }
    if !op
        .responses
        .iter()
        .any(|case| case.status == StatusMatch::Default)
    {
        text.lines_unchecked(&["            _ => Err(raw.into_unexpected()),"]);
    }
    text.lines_unchecked(&["        }", "    }"]);
    Some(text.into_string())
}

fn status_pattern(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(class) => format!("{}..={}", class * 100, class * 100 + 99),
        StatusMatch::Default => "_".to_owned(),
    }
}

/// What an arm of `decode` evaluates to: a method of `raw` taking one argument, as it is or
/// wrapped in `Ok` or `Err`.
struct ArmCall {
    wrapper: Option<&'static str>,
    method: String,
    argument: String,
}

impl std::fmt::Display for ArmCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let call = format!("raw.{}({})", self.method, self.argument);
        match self.wrapper {
            Some(wrapper) => write!(f, "{wrapper}({call})"),
            None => f.write_str(&call),
        }
    }
}

/// The call an arm of `decode` makes (`outcomes::decode_arms`).
fn decode_arm(op: &Operation, case: &ResponseCase) -> ArmCall {
    let outcome = match (case.is_success, op.has_success_enum()) {
        (true, true) => format!("{}::{}", op.success_name, case.variant),
        (true, false) => "::std::convert::identity".to_owned(),
        (false, _) => format!("{}::{}", op.error_name, case.variant),
    };
    let decoder = super::bodies::decoder(case.encoding, case.is_success);
    let (wrapper, method, argument) = match (&case.body, case.is_success) {
        (Some(_), _) => (None, decoder.to_string(), outcome),
        (None, true) if op.has_success_enum() => (Some("Ok"), "into_response".to_owned(), outcome),
        (None, true) => (Some("Ok"), "into_response".to_owned(), "()".to_owned()),
        (None, false) => (Some("Err"), "into_api_error".to_owned(), outcome),
    };
    ArmCall {
        wrapper,
        method,
        argument,
    }
}

/// The arm `{pattern} => {call},` of the `match` in `decode`: on one line when it fits (its
/// comma, which prettyplease adds, not counted), else as a block, the call broken as
/// prettyplease breaks it when it does not fit there either.
fn match_arm(text: &mut Text, pattern: &str, call: &ArmCall) -> Option<()> {
    let one_line = format!("{pattern} => {call}");
    if text.fits(3, &one_line) {
        text.line_unchecked(3, format_args!("{one_line},"));
        return Some(());
    }
    text.line(3, format_args!("{pattern} => {{"))?;
    let (method, argument) = (&call.method, &call.argument);
    if text.fits(4, &call.to_string()) {
        text.line_unchecked(4, format_args!("{call}"));
    } else if let Some(wrapper) = call.wrapper {
        // `Ok(` and its one argument, the method call, whole when it fits (its comma not
        // counted), else broken before the method and inside its parentheses (`.method(x)`
        // alone, four columns further in, is then too wide as well).
        text.line_unchecked(4, format_args!("{wrapper}("));
        if text
            .last_element(5, &format!("raw.{method}({argument})"))
            .is_none()
        {
            text.line_unchecked(5, format_args!("raw"));
            text.line(6, format_args!(".{method}("))?;
            text.last_element(7, argument)?;
            text.line_unchecked(6, format_args!("),"));
        }
        text.line_unchecked(4, format_args!(")"));
    } else {
        text.line(4, format_args!("raw.{method}("))?;
        // A path: prettyplease has no place to break it, so it may pass the margin.
        text.line_unchecked(5, format_args!("{argument},"));
        text.line_unchecked(4, format_args!(")"));
    }
    text.line_unchecked(3, format_args!("}}"));
    Some(())
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use crate::emit::operations::{group_file, operations_module};
    use crate::emit::{Chunk, Member, format_chunks, format_tokens};

    /// How many items and members of `chunks` are text.
    fn count_texts(chunks: &[Chunk]) -> usize {
        chunks
            .iter()
            .map(|chunk| match chunk {
                Chunk::Text(_) => 1,
                Chunk::Block(block) => block
                    .members
                    .iter()
                    .filter(|member| matches!(member, Member::Text(_)))
                    .count(),
                Chunk::Tokens(_) => 0,
            })
            .sum()
    }

    /// The tokens of chunks made with nothing written as text.
    fn all_tokens(chunks: Vec<Chunk>) -> proc_macro2::TokenStream {
        let tokens = chunks.into_iter().map(|chunk| match chunk {
            Chunk::Tokens(tokens) => tokens,
            other => panic!("as tokens, a chunk was {other:?}"),
        });
        quote! { #(#tokens)* }
    }

    /// Formats the operations module and every group file of `text` both ways (items written as text where they can be,
    /// and all tokens) and compares them; returns how many items and members were text.
    fn compare_groups(text: &str, origin: &str) -> usize {
        let spec = crate::parse::parse(text).expect("parses");
        let mut texts = 0;
        for features_per_group in [false, true] {
            let config = crate::Config::for_tests(features_per_group);
            let api = crate::lower::lower(&spec, &config).expect("lowers");
            let runtime = quote! { crate::runtime };
            let chunks = operations_module(&api, &runtime, true);
            texts += count_texts(&chunks);
            assert_eq!(
                format_chunks(chunks).expect("formats"),
                format_tokens(all_tokens(operations_module(&api, &runtime, false)))
                    .expect("formats"),
                "the operations module of {origin}"
            );
            for group in 0..api.groups.len() {
                let (_, chunks) = group_file(&api, group, &runtime, true);
                texts += count_texts(&chunks);
                let tokens = all_tokens(group_file(&api, group, &runtime, false).1);
                assert_eq!(
                    format_chunks(chunks).expect("formats"),
                    format_tokens(tokens).expect("formats"),
                    "group `{}` of {origin}",
                    api.groups[group].accessor
                );
            }
        }
        texts
    }

    /// Every group of every fixture (and of the vendored description), with and without a
    /// feature per group: the items written as text are what prettyplease prints for their
    /// tokens.
    #[test]
    fn operations_written_as_text_are_what_their_tokens_format_to() {
        let specs = crate::emit::test_specs();
        let mut texts = 0;
        for path in specs {
            let text = std::fs::read_to_string(&path).expect("readable");
            texts += compare_groups(&text, &path.display().to_string());
        }
        assert!(texts > 500, "only {texts} items written as text");
    }

    /// An operation `get` and `put` at `path` named `id`, with its parameters (path, path,
    /// query, query, header, query) named `names` and its bodies of schema `schema`.
    fn operations(path: &str, id: &str, names: [&str; 6], schema: &str) -> String {
        let schema = format!(r##"{{"$ref": "#/components/schemas/{schema}"}}"##);
        let types = [
            r#"{"type": "string"}"#,
            r#"{"type": "integer"}"#,
            &schema,
            r#"{"type": "boolean"}"#,
            r#"{"type": "string"}"#,
            r#"{"type": "string", "format": "date-time"}"#,
        ];
        let places = [
            ("path", true),
            ("path", true),
            ("query", false),
            ("query", true),
            ("header", false),
            ("query", false),
        ];
        let parameters: Vec<String> = names
            .iter()
            .zip(types.iter().zip(places))
            .map(|(name, (ty, (place, required)))| {
                format!(
                    r#"{{"name": "{name}", "in": "{place}", "required": {required}, "schema": {ty}}}"#
                )
            })
            .collect();
        let content = format!(r#"{{"application/json": {{"schema": {schema}}}}}"#);
        let operation = |id: &str, required: bool, second: &str| {
            format!(
                r#"{{"operationId": "{id}", "summary": "s", "parameters": [{}],
                "requestBody": {{"required": {required}, "content": {content}}},
                "responses": {{"200": {{"description": "d", "content": {content}}},
                    "{second}": {{"description": "e", "content": {content}}},
                    "404": {{"description": "f", "content": {content}}}}}}}"#,
                parameters.join(", ")
            )
        };
        format!(
            r#""{path}/{{{}}}/x/{{{}}}": {{"get": {}, "put": {}}}"#,
            names[0],
            names[1],
            operation(&format!("{id}-get"), false, "201"),
            operation(&format!("{id}-put"), true, "422"),
        )
    }

    /// List operations for the widths test: one whose body is the list of `schema`, and four
    /// whose items are a field of the body, required or not, with a 304 or without.
    fn list_operations(width: usize, schema: &str) -> Vec<String> {
        let grow = "x".repeat(width);
        let mut paths = Vec::new();
        // A list operation: its page methods name the item and the error in their types.
        paths.push(format!(
            r##""/l{width}": {{"get": {{"operationId": "list/l{grow}",
                "parameters": [{{"name": "page", "in": "query", "schema": {{"type": "integer"}}}}],
                "responses": {{"200": {{"description": "d", "content": {{"application/json":
                    {{"schema": {{"type": "array", "items": {{"$ref": "#/components/schemas/{schema}"}}}}}}}}}},
                    "404": {{"description": "gone"}}}}}}}}"##
        ));
        // List operations whose items are a field of the body, required or not, its name
        // growing: `decode_page` takes them out through closures prettyplease breaks from
        // the outside in. With a 304, the items are in one variant of the success enum.
        let field = format!("items{grow}");
        let listing = |required: &str, not_modified: &str| {
            format!(
                r##"{{"parameters": [{{"name": "page", "in": "query", "schema": {{"type": "integer"}}}}],
                "responses": {{"200": {{"description": "d", "content": {{"application/json":
                    {{"schema": {{"type": "object", "required": ["total"{required}],
                        "properties": {{"total": {{"type": "integer"}},
                            "{field}": {{"type": "array", "items": {{"$ref": "#/components/schemas/S"}}}}}}}}}}}}}}{not_modified}}}"##
            )
        };
        let with_304 = r#", "304": {"description": "same"}"#;
        for (family, required, not_modified) in [
            ("f", format!(r#", "{field}""#), ""),
            ("g", String::new(), ""),
            ("m", format!(r#", "{field}""#), with_304),
            ("o", String::new(), with_304),
        ] {
            let body = listing(&required, not_modified);
            let id = format!("list/{family}{grow}");
            paths.push(format!(
                r#""/{family}{width}": {{"get": {{"operationId": "{id}", {}}}}}"#,
                &body[1..]
            ));
        }
        paths
    }

    /// Operations whose names, parameters and types grow one character at a time, one of them
    /// at a time, so that every line written as text crosses the margin: each layout is
    /// compared on both sides of the width where prettyplease changes it.
    #[test]
    fn every_width_gives_the_layout_prettyplease_gives() {
        let mut paths = Vec::new();
        let mut schemas = vec![r#""S": {"type": "object"}"#.to_owned()];
        let short = ["p", "n", "q", "r", "h", "t"];
        for width in 0..72 {
            let grow = "x".repeat(width);
            let schema = format!("Schema{grow}");
            schemas.push(format!(r#""{schema}": {{"type": "object"}}"#));
            paths.push(operations(
                &format!("/a{width}"),
                &format!("wide/op{grow}"),
                short,
                "S",
            ));
            paths.push(operations(
                &format!("/b{width}"),
                &format!("wide/s{width}"),
                short,
                &schema,
            ));
            // The camel-case names become one character longer in Rust (`mQ` is `m_q`), so
            // lines holding both the wire name and the Rust name cross every width too. The
            // query parameter of a model type keeps its name: the line that sends it, the
            // longest, would otherwise leave `build_request` to prettyplease first.
            for (family, first) in [("c", "p"), ("d", "mQ")] {
                let names =
                    ["p", "n", "", "r", "h", "t"].map(|name| format!("{first}{name}{grow}"));
                let names = [&*names[0], &names[1], "q", &names[3], &names[4], &names[5]];
                paths.push(operations(
                    &format!("/{family}{width}"),
                    &format!("wide/{family}{width}"),
                    names,
                    "S",
                ));
            }
            // Nothing but the client to build from: the constructor's struct literal fits on
            // one line up to a width.
            paths.push(format!(
                r#""/v{width}": {{"delete": {{"operationId": "bare/d{grow}",
                    "responses": {{"204": {{"description": "done"}}}}}}}}"#
            ));
            paths.extend(list_operations(width, &schema));
            // Outcomes without a body: the success enum's and the error's variants are wrapped
            // in `Ok(raw.into_response(..))` and `Err(raw.into_api_error(..))`.
            paths.push(format!(
                r#""/u{width}": {{"delete": {{"operationId": "bare/u{grow}",
                    "responses": {{"204": {{"description": "done"}},
                        "304": {{"description": "same"}}, "404": {{"description": "gone"}}}}}}}}"#
            ));
        }
        let spec = format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}},
            "paths": {{{}}}, "components": {{"schemas": {{{}}}}}}}"#,
            paths.join(", "),
            schemas.join(", ")
        );
        let texts = compare_groups(&spec, "the widths");
        assert!(texts > 1000, "only {texts} items written as text");
    }
}
