//! An operation's parameters (path-item ones merged, the operation's own winning) and its
//! path template, checked against the declared path parameters.

use openapiv3::{Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr};

use super::super::docs;
use super::super::refs::{SchemaView, resolve};
use super::super::{Lowered, Lowerer, media};
use super::{BUILDER_MEMBERS, Found};
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{
    Doc, Parameter as IrParameter, ParameterLocation, ParameterStyle, Passing, PathPart, Primitive,
    TypeKind, TypeRef, resolve_aliases,
};
use crate::names::{Namespace, camel_ident, snake_ident, unraw};

/// Parses `/a/{b}/c` into literal text and parameter names.
fn parse_template(path: &str) -> Result<Vec<Result<String, String>>, String> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(Ok(rest[..open].to_owned()));
        }
        let Some(close) = rest[open..].find('}') else {
            return Err(format!("path template `{path}` has an unclosed `{{`"));
        };
        let name = &rest[open + 1..open + close];
        if name.is_empty() || name.contains('{') {
            return Err(format!(
                "path template `{path}` has an empty or nested parameter"
            ));
        }
        parts.push(Err(name.to_owned()));
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') {
        return Err(format!("path template `{path}` has an unmatched `}}`"));
    }
    if !rest.is_empty() {
        parts.push(Ok(rest.to_owned()));
    }
    Ok(parts)
}

impl<'a> Lowerer<'a> {
    /// Path-item parameters, overridden by operation parameters of the same name and place;
    /// beside them the names of the path parameters refused (already reported), which the
    /// path template may name without a second error.
    pub(super) fn lower_parameters(
        &mut self,
        found: &Found<'a>,
        stem: &str,
    ) -> (Vec<IrParameter>, Vec<String>) {
        let mut rust_names = Namespace::default();
        // Names the request builder uses itself (fields and methods).
        for name in BUILDER_MEMBERS
            .iter()
            .chain(&["client", "body", "media_type"])
        {
            rust_names.reserve(name);
        }
        let mut refused_path_names = Vec::new();
        let mut parameters = Vec::new();
        for (entry, pointer) in self.merged_parameters(found) {
            match self.lower_parameter(entry, &pointer, stem, &mut rust_names) {
                Some(parameter) => parameters.push(parameter),
                None => {
                    if let Ok(resolved) = resolve(self.spec, entry, &pointer)
                        && let Parameter::Path { parameter_data, .. } = resolved.item
                    {
                        refused_path_names.push(parameter_data.name.clone());
                    }
                }
            }
        }
        (parameters, refused_path_names)
    }

    /// The parameters that apply, each with its pointer: the path item's, then the
    /// operation's, one of them replacing a path-item parameter of the same name and place.
    fn merged_parameters(
        &mut self,
        found: &Found<'a>,
    ) -> Vec<(&'a ReferenceOr<Parameter>, Pointer)> {
        let mut merged: Vec<(&'a ReferenceOr<Parameter>, Pointer)> = Vec::new();
        let sources = [
            (
                &found.item.parameters,
                found.item_pointer.push("parameters"),
            ),
            (
                &found.operation.parameters,
                found.pointer.push("parameters"),
            ),
        ];
        let mut keys: Vec<(String, &'static str)> = Vec::new();
        for (list, list_pointer) in sources {
            // A list must not name a parameter twice; only the operation's replaces the path's.
            let mut listed: Vec<((String, &'static str), Pointer)> = Vec::new();
            for (index, entry) in list.iter().enumerate() {
                let pointer = list_pointer.push(index.to_string());
                let key = match resolve(self.spec, entry, &pointer) {
                    Ok(resolved) => {
                        let data = resolved.item.parameter_data_ref();
                        let location = location_key(resolved.item);
                        // Header names are case-insensitive.
                        let name = if location == "header" {
                            data.name.to_ascii_lowercase()
                        } else {
                            data.name.clone()
                        };
                        (name, location)
                    }
                    Err(message) => {
                        self.diagnostics.error(&pointer, message);
                        continue;
                    }
                };
                if let Some((_, first)) = listed.iter().find(|(listed, _)| *listed == key) {
                    self.diagnostics.error(
                        &pointer,
                        format!(
                            "{} parameter `{}` is listed twice (first at {first})",
                            key.1, key.0
                        ),
                    );
                    continue;
                }
                listed.push((key.clone(), pointer.clone()));
                if let Some(slot) = keys.iter().position(|existing| *existing == key) {
                    merged[slot] = (entry, pointer);
                } else {
                    keys.push(key);
                    merged.push((entry, pointer));
                }
            }
        }
        merged
    }

    /// One parameter; `None` after a reported problem (cookie parameters, `content`).
    fn lower_parameter(
        &mut self,
        entry: &'a ReferenceOr<Parameter>,
        pointer: &Pointer,
        stem: &str,
        rust_names: &mut Namespace,
    ) -> Option<IrParameter> {
        let resolved = resolve(self.spec, entry, pointer).ok()?;
        let data = resolved.item.parameter_data_ref();
        let location = self.parameter_location(resolved.item, &resolved.pointer)?;
        let ParameterSchema {
            schema,
            pointer: schema_pointer,
            content,
        } = self.parameter_schema(data, &resolved.pointer)?;
        let hint = match resolved.key {
            Some(key) => camel_ident(key),
            None => format!("{stem}{}", unraw(&camel_ident(&data.name))),
        };
        let lowered = match schema {
            Some(schema) => self.lower_view(SchemaView::from(schema), &hint, &schema_pointer),
            // Content without a schema: any JSON value, or for text content, any text.
            None => Lowered {
                ty: if content == Some(ContentKind::Text) {
                    TypeRef::Primitive(Primitive::String)
                } else {
                    TypeRef::Any
                },
                nullable: false,
            },
        };
        if content == Some(ContentKind::Text) {
            self.text_content_scalar(&lowered.ty, &data.name, &schema_pointer)?;
        }
        let style = match resolved.item {
            _ if content == Some(ContentKind::Json) => ParameterStyle::Json,
            Parameter::Query { style, .. } => {
                self.query_style(style, data.explode, &lowered.ty, &resolved.pointer)?
            }
            // `simple`, the only style the client writes in a path or a header.
            _ if data.explode == Some(true) => ParameterStyle::Exploded,
            _ => ParameterStyle::Delimited(','),
        };
        let mut doc = Doc::default();
        if let Some(description) = &data.description {
            doc.push(docs::clean(description));
        }
        let default = match schema {
            Some(ReferenceOr::Item(schema)) => schema.schema_data.default.clone(),
            _ => None,
        };
        if let Some(default) = &default {
            doc.push(format!("Default: `{default}`"));
        }
        let wanted = snake_ident(&data.name);
        let rust_name = rust_names.claim(&wanted);
        self.note_name(&resolved.pointer, &data.name, &wanted, &rust_name);
        let required = data.required || location == ParameterLocation::Path;
        Some(IrParameter {
            wire_name: data.name.clone(),
            rust_name,
            location,
            style,
            required,
            passing: Passing::for_required(required),
            ty: lowered.ty,
            multi_segment: location == ParameterLocation::Path
                && data.extensions.get("x-multi-segment") == Some(&serde_json::Value::Bool(true)),
            allow_reserved: matches!(
                resolved.item,
                Parameter::Query {
                    allow_reserved: true,
                    ..
                }
            ),
            default,
            doc,
        })
    }

    /// A parameter's schema (none for JSON content without one: any value) and its pointer;
    /// `None` after an error.
    fn parameter_schema(
        &mut self,
        data: &'a openapiv3::ParameterData,
        pointer: &Pointer,
    ) -> Option<ParameterSchema<'a>> {
        match &data.format {
            ParameterSchemaOrContent::Schema(schema) => Some(ParameterSchema {
                schema: Some(schema),
                pointer: pointer.push("schema"),
                content: None,
            }),
            ParameterSchemaOrContent::Content(content) => {
                let (media_type, media, kind) =
                    self.parameter_content(content, &data.name, pointer)?;
                Some(ParameterSchema {
                    schema: media.schema.as_ref(),
                    pointer: pointer.push("content").push(media_type).push("schema"),
                    content: Some(kind),
                })
            }
        }
    }

    /// `Some` when a parameter given as text content, of type `ty`, is a scalar, which alone
    /// can be sent as text; `None` after an error.
    fn text_content_scalar(&mut self, ty: &TypeRef, name: &str, pointer: &Pointer) -> Option<()> {
        if self.is_scalar(ty) {
            return Some(());
        }
        self.diagnostics.error(
            pointer,
            format!(
                "parameter `{name}` is given as text content; only a string, number, boolean or string enum can be sent as text"
            ),
        );
        None
    }

    /// The media type and object of a parameter given as `content` rather than a `schema`: its
    /// one entry (OpenAPI allows no more), which must be JSON, or text (`text/plain`, `text/*`,
    /// `*/*`: the value as it is, for a scalar); `None` after an error.
    fn parameter_content(
        &mut self,
        content: &'a openapiv3::Content,
        name: &str,
        pointer: &Pointer,
    ) -> Option<(&'a str, &'a openapiv3::MediaType, ContentKind)> {
        let problem = match content.first() {
            Some((media_type, media)) if content.len() == 1 && media::is_json(media_type) => {
                return Some((media_type.as_str(), media, ContentKind::Json));
            }
            Some((media_type, media)) if content.len() == 1 && media::is_plain_text(media_type) => {
                return Some((media_type.as_str(), media, ContentKind::Text));
            }
            Some((media_type, _)) if content.len() == 1 => format!(
                "parameter `{name}` is given as `{media_type}` content; only JSON content (`application/json`) and text (`text/plain`) are supported"
            ),
            Some(_) => format!(
                "parameter `{name}` lists {} media types in `content`, where OpenAPI allows one",
                content.len()
            ),
            None => format!("parameter `{name}` has an empty `content`"),
        };
        self.diagnostics.error(&pointer.push("content"), problem);
        None
    }

    /// Where `parameter` goes; `None` for one the client cannot send (a cookie, a path
    /// parameter in the `label` or `matrix` style: errors) or does not (some headers).
    fn parameter_location(
        &mut self,
        parameter: &Parameter,
        pointer: &Pointer,
    ) -> Option<ParameterLocation> {
        let name = &parameter.parameter_data_ref().name;
        match parameter {
            Parameter::Path {
                style: style @ (PathStyle::Label | PathStyle::Matrix),
                ..
            } => {
                let style = if *style == PathStyle::Label {
                    "label"
                } else {
                    "matrix"
                };
                self.diagnostics.error(
                    pointer,
                    format!(
                        "path parameter `{name}` has `style: {style}`, which is not supported (only `simple`)"
                    ),
                );
                None
            }
            Parameter::Path { .. } => Some(ParameterLocation::Path),
            Parameter::Query { .. } => Some(ParameterLocation::Query),
            Parameter::Header { .. } => {
                self.check_header_parameter(name, pointer)?;
                Some(ParameterLocation::Header)
            }
            Parameter::Cookie { .. } => {
                self.diagnostics.error(
                    pointer,
                    format!("cookie parameter `{name}` is not supported"),
                );
                None
            }
        }
    }

    /// `Some` for a header parameter the client sends; `None` for one OpenAPI says to ignore
    /// (`Accept`, `Content-Type` and `Authorization`, which the client sets itself: a warning)
    /// and for a name no HTTP header can have (an error).
    fn check_header_parameter(&mut self, name: &str, pointer: &Pointer) -> Option<()> {
        if ["accept", "content-type", "authorization"]
            .iter()
            .any(|ignored| name.eq_ignore_ascii_case(ignored))
        {
            self.warnings.push(Diagnostic {
                pointer: pointer.clone(),
                message: format!(
                    "header parameter `{name}` is ignored, as OpenAPI says: the client sets it"
                ),
            });
            return None;
        }
        // RFC 9110's `token`: what `reqwest` accepts as a header name.
        let is_token_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if name.is_empty() || !name.chars().all(is_token_char) {
            self.diagnostics.error(
                pointer,
                format!(
                    "header parameter `{}` is not a valid HTTP header name",
                    name.escape_debug()
                ),
            );
            return None;
        }
        Some(())
    }

    /// How a query parameter of type `ty` is written, from its `style` and `explode`; `None`
    /// after an error (`deepObject` for a value that is neither an object nor a list).
    fn query_style(
        &mut self,
        style: &QueryStyle,
        explode: Option<bool>,
        ty: &TypeRef,
        pointer: &Pointer,
    ) -> Option<ParameterStyle> {
        // `explode` defaults to `true` for `form` only.
        let delimited = |separator, default_explode| {
            if explode.unwrap_or(default_explode) {
                ParameterStyle::Exploded
            } else {
                ParameterStyle::Delimited(separator)
            }
        };
        match style {
            QueryStyle::Form => Some(delimited(',', true)),
            QueryStyle::SpaceDelimited => Some(delimited(' ', false)),
            QueryStyle::PipeDelimited => Some(delimited('|', false)),
            QueryStyle::DeepObject if self.is_scalar(ty) => {
                self.diagnostics.error(
                    pointer,
                    "`style: deepObject` applies to an object or list parameter only",
                );
                None
            }
            QueryStyle::DeepObject => Some(ParameterStyle::DeepObject),
        }
    }

    /// Whether values of `ty` are never JSON objects or lists: scalars and string enums.
    fn is_scalar(&self, ty: &TypeRef) -> bool {
        match resolve_aliases(&self.types, ty) {
            TypeRef::Primitive(_) => true,
            TypeRef::Array(_) => false,
            TypeRef::Named(id) => self
                .types
                .get(id.0)
                .is_some_and(|def| matches!(def.kind, TypeKind::StringEnum(_))),
            TypeRef::Nullable(inner) => self.is_scalar(inner),
            TypeRef::Map(_) | TypeRef::Any | TypeRef::AnyObject => false,
        }
    }

    /// Parses the path template and checks it against the declared path parameters.
    pub(super) fn lower_path_template(
        &mut self,
        found: &Found<'a>,
        parameters: &[IrParameter],
        refused_path_names: &[String],
    ) -> Vec<PathPart> {
        let parts = match parse_template(found.path) {
            Ok(parts) => parts,
            Err(message) => {
                self.diagnostics.error(&found.item_pointer, message);
                return vec![PathPart::Literal(found.path.to_owned())];
            }
        };
        let mut lowered = Vec::with_capacity(parts.len());
        let mut used = Vec::new();
        for part in parts {
            match part {
                Ok(literal) => lowered.push(PathPart::Literal(literal)),
                Err(name) => {
                    let index = parameters
                        .iter()
                        .position(|p| p.location == ParameterLocation::Path && p.wire_name == name);
                    match index {
                        Some(index) => {
                            used.push(index);
                            lowered.push(PathPart::Parameter(index));
                        }
                        None if refused_path_names.contains(&name) => {}
                        None => self.diagnostics.error(
                            &found.pointer,
                            format!("path template parameter `{{{name}}}` has no matching `in: path` parameter"),
                        ),
                    }
                }
            }
        }
        for (index, parameter) in parameters.iter().enumerate() {
            if parameter.location == ParameterLocation::Path && !used.contains(&index) {
                self.diagnostics.error(
                    &found.pointer.push("parameters"),
                    format!(
                        "path parameter `{}` does not appear in the path template `{}`",
                        parameter.wire_name, found.path
                    ),
                );
            }
        }
        lowered
    }
}

fn location_key(parameter: &Parameter) -> &'static str {
    match parameter {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// A parameter's schema (none for content without one: any JSON value), where it is, and how
/// it is written when it is given as `content`.
struct ParameterSchema<'a> {
    schema: Option<&'a ReferenceOr<openapiv3::Schema>>,
    pointer: Pointer,
    content: Option<ContentKind>,
}

/// How a parameter given as `content` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ContentKind {
    /// Its JSON text.
    Json,
    /// Its text, as a parameter given by a `schema` would be: a scalar only.
    Text,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_literals_and_parameters() {
        let parts = parse_template("/repos/{owner}/{repo}/x").expect("a valid template");
        assert_eq!(
            parts,
            vec![
                Ok("/repos/".to_owned()),
                Err("owner".to_owned()),
                Ok("/".to_owned()),
                Err("repo".to_owned()),
                Ok("/x".to_owned()),
            ]
        );
        assert!(parse_template("/a/{b").is_err());
        assert!(parse_template("/a/b}").is_err());
    }
}
