//! Operations: naming, parameters, the path template, the request body and every response.

use std::collections::{BTreeMap, HashMap};

use openapiv3::{
    Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, StatusCode,
};

use super::refs::{SchemaView, resolve};
use super::{Lowerer, docs, media, security};
use crate::diagnostics::Pointer;
use crate::ir::{
    Accept, BodyEncoding, Conditional, Doc, Group, HttpMethod, Operation, Parameter as IrParameter,
    ParameterLocation, Passing, PathPart, Primitive, RequestBody as IrRequestBody, ResponseCase,
    StatusMatch, TypeRef,
};
use crate::names::{
    GENERATED_CLIENT_METHODS, Namespace, USED_TYPE_NAMES, camel_ident, snake_ident, unraw,
};

/// Fields and methods every request builder has besides its parameters' (see `emit`), so a
/// parameter of the same name gets another.
const BUILDER_MEMBERS: [&str; 9] = [
    "send",
    "decode",
    "build_request",
    "decode_page",
    "preconditions",
    "if_none_match",
    "if_modified_since",
    "send_page",
    "stream",
];

/// An operation found in `paths`, before it is lowered.
struct Found<'a> {
    path: &'a str,
    method: HttpMethod,
    item: &'a PathItem,
    operation: &'a openapiv3::Operation,
    operation_id: String,
    group: String,
    method_stem: String,
    pointer: Pointer,
    item_pointer: Pointer,
}

/// Names given to one group's items.
struct GroupNames {
    methods: Namespace,
    types: Namespace,
}

/// Splits `group/method` operation ids; others go to the first tag's group, or `default`.
fn group_and_method(operation_id: &str, tags: &[String]) -> (String, String) {
    match operation_id.split_once('/') {
        Some((group, method)) if !group.is_empty() && !method.is_empty() => {
            (group.to_owned(), method.to_owned())
        }
        _ => (
            tags.first()
                .cloned()
                .unwrap_or_else(|| "default".to_owned()),
            operation_id.to_owned(),
        ),
    }
}

/// Removes the groups whose operations were all skipped (a handle without operations would be
/// dead code), renumbering the operations' group indices.
fn drop_empty_groups(groups: Vec<Group>, operations: &mut [Operation]) -> Vec<Group> {
    let used: std::collections::BTreeSet<usize> = operations.iter().map(|op| op.group).collect();
    let new_index: BTreeMap<usize, usize> = used
        .iter()
        .enumerate()
        .map(|(new, old)| (*old, new))
        .collect();
    for operation in operations.iter_mut() {
        operation.group = new_index[&operation.group];
    }
    groups
        .into_iter()
        .enumerate()
        .filter(|(index, _)| used.contains(index))
        .map(|(_, group)| group)
        .collect()
}

/// Method stems (in type-name case) that operations of more than one group share.
fn stems_in_several_groups(found: &[Found<'_>]) -> std::collections::BTreeSet<String> {
    let mut groups_of: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for item in found {
        groups_of
            .entry(camel_ident(&item.method_stem))
            .or_default()
            .insert(snake_ident(&item.group));
    }
    groups_of
        .into_iter()
        .filter(|(_, groups)| groups.len() > 1)
        .map(|(stem, _)| stem)
        .collect()
}

/// The Rust variant name for a status, from its reason phrase.
fn status_variant(status: StatusMatch) -> String {
    let code = match status {
        StatusMatch::Code(code) => code,
        StatusMatch::Range(class) => return format!("Status{class}xx"),
        StatusMatch::Default => return "Default".to_owned(),
    };
    let reason = match code {
        100 => "Continue",
        101 => "SwitchingProtocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "ContentTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        _ => return format!("Status{code}"),
    };
    reason.to_owned()
}

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
    /// Lowers every operation; returns them ordered by group and method name, with the groups.
    pub(super) fn lower_operations(&mut self) -> (Vec<Operation>, Vec<Group>) {
        let found = self.find_operations();
        let group_keys: Vec<String> = {
            let mut keys: Vec<String> = found.iter().map(|f| snake_ident(&f.group)).collect();
            keys.sort();
            keys.dedup();
            keys
        };
        let mut accessors = Namespace::with_reserved(GENERATED_CLIENT_METHODS);
        let groups: Vec<Group> = group_keys
            .iter()
            .map(|key| {
                let accessor = accessors.claim(key);
                let type_name =
                    Namespace::with_reserved(USED_TYPE_NAMES).claim(&camel_ident(&accessor));
                Group {
                    accessor,
                    type_name,
                    reexports: Vec::new(),
                }
            })
            .collect();
        let shared_stems = stems_in_several_groups(&found);
        let mut names: BTreeMap<usize, GroupNames> = BTreeMap::new();
        let mut operations = Vec::with_capacity(found.len());
        for item in found {
            let group = group_keys
                .binary_search(&snake_ident(&item.group))
                .unwrap_or(0);
            let group_names = names.entry(group).or_insert_with(|| {
                let mut fresh = GroupNames {
                    methods: Namespace::default(),
                    types: Namespace::with_reserved(USED_TYPE_NAMES),
                };
                fresh.types.reserve(&groups[group].type_name);
                fresh
            });
            let wanted = snake_ident(&item.method_stem);
            let method_name = group_names.methods.claim(&wanted);
            self.note_name(
                &item.pointer.push("operationId"),
                &item.operation_id,
                &wanted,
                &method_name,
            );
            let builder_name = group_names.types.claim(&camel_ident(&item.method_stem));
            let error_name = group_names
                .types
                .claim(&format!("{}Error", unraw(&builder_name)));
            // Inline types are named after the operation in the shared models module, where
            // `create` of two groups would meet; such stems are prefixed with their group.
            let type_stem = if shared_stems.contains(&camel_ident(&item.method_stem)) {
                format!("{}{}", groups[group].type_name, unraw(&builder_name))
            } else {
                unraw(&builder_name).to_owned()
            };
            let problems_before = self.diagnostics.len();
            let mut operation = self.lower_operation(
                &item,
                group,
                (method_name, builder_name, error_name),
                &type_stem,
            );
            // An operation with a problem would send the wrong request or expect the wrong
            // answer, so with `skip_unsupported` it is left out rather than approximated.
            if self.skip_unsupported && self.diagnostics.len() > problems_before {
                let problems = self.diagnostics.split_off(problems_before);
                self.skipped.extend(problems);
                continue;
            }
            if operation.has_success_enum() {
                operation.success_name = group_names
                    .types
                    .claim(&format!("{}Success", unraw(&operation.builder_name)));
            }
            if let Some(body) = &mut operation.body {
                body.media_type_enum = media::media_type_enum(
                    &mut group_names.types,
                    unraw(&operation.builder_name),
                    &body.media_types,
                );
            }
            operations.push(operation);
        }
        let groups = drop_empty_groups(groups, &mut operations);
        operations.sort_by(|a, b| (a.group, &a.method_name).cmp(&(b.group, &b.method_name)));
        (operations, groups)
    }

    /// Walks `paths` in document order, checking operation ids.
    fn find_operations(&mut self) -> Vec<Found<'a>> {
        let spec = self.spec;
        let paths = Pointer::root().push("paths");
        let mut first_seen: HashMap<String, Pointer> = HashMap::new();
        let mut found = Vec::new();
        for (path, item) in &spec.paths.paths {
            let item_pointer = paths.push(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.diagnostics
                        .error(&item_pointer, "path item references are not supported");
                    continue;
                }
            };
            for (method_key, operation) in item.iter() {
                let pointer = item_pointer.push(method_key);
                let Some(method) = HttpMethod::from_key(method_key) else {
                    continue;
                };
                let operation_id = operation
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{method_key}{}", path.replace(['{', '}'], "")));
                if let Some(first) = first_seen.get(&operation_id) {
                    self.diagnostics.error(
                        &pointer.push("operationId"),
                        format!("duplicate operationId `{operation_id}` (first used at {first})"),
                    );
                    continue;
                }
                first_seen.insert(operation_id.clone(), pointer.clone());
                let (group, method_stem) = group_and_method(&operation_id, &operation.tags);
                found.push(Found {
                    path,
                    method,
                    item,
                    operation,
                    operation_id,
                    group,
                    method_stem,
                    pointer,
                    item_pointer: item_pointer.clone(),
                });
            }
        }
        found
    }

    /// Lowers one operation; `names` are its method, builder and error names, `stem` starts
    /// the names of the inline types it uses.
    fn lower_operation(
        &mut self,
        found: &Found<'a>,
        group: usize,
        names: (String, String, String),
        stem: &str,
    ) -> Operation {
        let (method_name, builder_name, error_name) = names;
        let operation = found.operation;
        let stem = stem.to_owned();
        let parameters = self.lower_parameters(found, &stem);
        let path_parts = self.lower_path_template(found, &parameters);
        let body = operation.request_body.as_ref().and_then(|body| {
            self.lower_request_body(body, &stem, &found.pointer.push("requestBody"))
        });
        let responses = self.lower_responses(
            &operation.responses,
            &stem,
            &found.pointer.push("responses"),
        );

        let mut doc = Doc::default();
        if let Some(description) = &operation.description {
            doc.push(docs::clean(description));
        }
        doc.push(format!("`{} {}`", found.method.as_str(), found.path));
        if let Some(external) = &operation.external_docs {
            doc.push(format!("[API documentation]({})", external.url));
        }
        let accept = accept_header(&responses);
        let conditional = conditional(found.method, &responses);
        let security = security::operation_security(
            self.spec,
            operation.security.as_ref(),
            &found.pointer,
            &self.client.schemes,
            &mut self.warnings,
        );
        Operation {
            operation_id: found.operation_id.clone(),
            group,
            method_name,
            builder_name,
            success_name: String::new(),
            error_name,
            method: found.method,
            path: found.path.to_owned(),
            path_parts,
            parameters,
            body,
            responses,
            pagination: None,
            summary: operation.summary.as_deref().map(docs::clean),
            doc,
            deprecated: operation.deprecated,
            accept,
            security,
            conditional,
            origin: found.pointer.clone(),
        }
    }

    /// Path-item parameters, overridden by operation parameters of the same name and place.
    fn lower_parameters(&mut self, found: &Found<'a>, stem: &str) -> Vec<IrParameter> {
        let spec = self.spec;
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
            for (index, entry) in list.iter().enumerate() {
                let pointer = list_pointer.push(index.to_string());
                let key = match resolve(spec, entry, &pointer) {
                    Ok(resolved) => {
                        let data = resolved.item.parameter_data_ref();
                        (data.name.clone(), location_key(resolved.item))
                    }
                    Err(message) => {
                        self.diagnostics.error(&pointer, message);
                        continue;
                    }
                };
                if let Some(slot) = keys.iter().position(|existing| *existing == key) {
                    merged[slot] = (entry, pointer);
                } else {
                    keys.push(key);
                    merged.push((entry, pointer));
                }
            }
        }

        let mut rust_names = Namespace::default();
        // Names the request builder uses itself (fields and methods).
        for name in BUILDER_MEMBERS
            .iter()
            .chain(&["client", "body", "media_type"])
        {
            rust_names.reserve(name);
        }
        let mut parameters = Vec::new();
        for (entry, pointer) in merged {
            let Ok(resolved) = resolve(spec, entry, &pointer) else {
                continue;
            };
            let data = resolved.item.parameter_data_ref();
            let location = match resolved.item {
                Parameter::Path { .. } => ParameterLocation::Path,
                Parameter::Query { .. } => ParameterLocation::Query,
                Parameter::Header { .. } => ParameterLocation::Header,
                Parameter::Cookie { .. } => {
                    self.diagnostics.error(
                        &resolved.pointer,
                        format!("cookie parameter `{}` is not supported", data.name),
                    );
                    continue;
                }
            };
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(_) => {
                    self.diagnostics.error(
                        &resolved.pointer,
                        format!("parameter `{}` uses `content` instead of `schema`, which is not supported", data.name),
                    );
                    continue;
                }
            };
            let hint = match resolved.key {
                Some(key) => camel_ident(key),
                None => format!("{stem}{}", unraw(&camel_ident(&data.name))),
            };
            let lowered = self.lower_view(
                SchemaView::from(schema),
                &hint,
                &resolved.pointer.push("schema"),
            );
            let mut doc = Doc::default();
            if let Some(description) = &data.description {
                doc.push(docs::clean(description));
            }
            let default = match schema {
                ReferenceOr::Item(schema) => schema.schema_data.default.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            if let Some(default) = &default {
                doc.push(format!("Default: `{default}`"));
            }
            let wanted = snake_ident(&data.name);
            let rust_name = rust_names.claim(&wanted);
            self.note_name(&resolved.pointer, &data.name, &wanted, &rust_name);
            let required = data.required || location == ParameterLocation::Path;
            parameters.push(IrParameter {
                wire_name: data.name.clone(),
                rust_name,
                location,
                required,
                passing: Passing::for_required(required),
                ty: lowered.ty,
                multi_segment: location == ParameterLocation::Path
                    && data.extensions.get("x-multi-segment")
                        == Some(&serde_json::Value::Bool(true)),
                default,
                doc,
            });
        }
        parameters
    }

    /// Parses the path template and checks it against the declared path parameters.
    fn lower_path_template(
        &mut self,
        found: &Found<'a>,
        parameters: &[IrParameter],
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

    fn lower_request_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        stem: &str,
        pointer: &Pointer,
    ) -> Option<IrRequestBody> {
        let resolved = match resolve(self.spec, body, pointer) {
            Ok(resolved) => resolved,
            Err(message) => {
                self.diagnostics.error(pointer, message);
                return None;
            }
        };
        let picked = match media::pick_request(&resolved.item.content) {
            Ok(picked) => picked,
            Err(message) => {
                self.diagnostics
                    .error(&resolved.pointer.push("content"), message);
                return None;
            }
        };
        let (media_name, media) = picked.chosen;
        let mut nullable = false;
        let ty = match picked.encoding {
            BodyEncoding::Text => TypeRef::Primitive(Primitive::String),
            BodyEncoding::Binary => TypeRef::Primitive(Primitive::Bytes),
            BodyEncoding::Json => {
                let schema_pointer = resolved
                    .pointer
                    .push("content")
                    .push(media_name)
                    .push("schema");
                let hint = match resolved.key {
                    Some(key) => format!("{}Request", unraw(&camel_ident(key))),
                    None => format!("{stem}Request"),
                };
                match &media.schema {
                    Some(schema) => {
                        let lowered =
                            self.lower_view(SchemaView::from(schema), &hint, &schema_pointer);
                        nullable = lowered.nullable;
                        lowered.ty
                    }
                    None => TypeRef::Any,
                }
            }
        };
        let mut doc = Doc::default();
        if let Some(description) = &resolved.item.description {
            doc.push(docs::clean(description));
        }
        Some(IrRequestBody {
            ty,
            nullable,
            encoding: picked.encoding,
            media_types: picked.all,
            media_type_enum: None,
            required: resolved.item.required,
            passing: Passing::for_required(resolved.item.required),
            doc,
        })
    }

    fn lower_responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        stem: &str,
        pointer: &Pointer,
    ) -> Vec<ResponseCase> {
        let mut entries: Vec<(StatusMatch, &'a ReferenceOr<Response>, Pointer)> = responses
            .responses
            .iter()
            .map(|(status, response)| {
                let (matcher, key) = match status {
                    StatusCode::Code(code) => (StatusMatch::Code(*code), code.to_string()),
                    StatusCode::Range(class) => (StatusMatch::Range(*class), format!("{class}XX")),
                };
                (matcher, response, pointer.push(key))
            })
            .collect();
        if let Some(default) = &responses.default {
            entries.push((StatusMatch::Default, default, pointer.push("default")));
        }
        // The first inline success body is "the" response; others are named by their status.
        let mut success_named = false;
        let mut success_variants = Namespace::default();
        let mut error_variants = Namespace::default();
        let mut cases = Vec::with_capacity(entries.len());
        for (status, entry, entry_pointer) in entries {
            let success = is_success(status);
            let wanted = status_variant(status);
            let variant = if success {
                success_variants.claim(&wanted)
            } else {
                error_variants.claim(&wanted)
            };
            let resolved = match resolve(self.spec, entry, &entry_pointer) {
                Ok(resolved) => resolved,
                Err(message) => {
                    self.diagnostics.error(&entry_pointer, message);
                    continue;
                }
            };
            let hint = match resolved.key {
                Some(key) => format!("{}Response", unraw(&camel_ident(key))),
                None if success && !success_named => format!("{stem}Response"),
                None if success => format!("{stem}{variant}Response"),
                None => format!("{stem}{variant}Error"),
            };
            let picked = media::pick_response(&resolved.item.content);
            let encoding = picked.map_or(BodyEncoding::Json, |(_, _, encoding)| encoding);
            let body = picked.and_then(|(media_name, media, encoding)| match encoding {
                BodyEncoding::Text => Some(TypeRef::Primitive(Primitive::String)),
                BodyEncoding::Binary => Some(TypeRef::Primitive(Primitive::Bytes)),
                BodyEncoding::Json => {
                    let schema = media.schema.as_ref()?;
                    let schema_pointer = resolved
                        .pointer
                        .push("content")
                        .push(media_name)
                        .push("schema");
                    Some(
                        self.lower_view(SchemaView::from(schema), &hint, &schema_pointer)
                            .into_standalone(),
                    )
                }
            });
            let media_type = picked.map(|(media_name, _, _)| media_name.to_owned());
            success_named |= success && resolved.key.is_none() && body.is_some();
            let mut doc = Doc::default();
            doc.push(docs::clean(&resolved.item.description));
            cases.push(ResponseCase {
                status,
                is_success: success,
                variant,
                body,
                encoding,
                media_type,
                doc,
            });
        }
        cases
    }
}

/// The `Accept` header: the media types of the success bodies, asked for unless the client
/// has a default of its own when JSON is among them, and always when it is not.
fn accept_header(responses: &[ResponseCase]) -> Accept {
    let successes: Vec<&ResponseCase> = responses.iter().filter(|case| case.is_success).collect();
    let mut media_types: Vec<&str> = Vec::new();
    for media_type in successes
        .iter()
        .filter(|case| case.body.is_some())
        .filter_map(|case| case.media_type.as_deref())
    {
        if !media_types.contains(&media_type) {
            media_types.push(media_type);
        }
    }
    if media_types.is_empty() {
        return Accept::Default;
    }
    let json = successes
        .iter()
        .any(|case| case.body.is_some() && case.encoding == BodyEncoding::Json);
    if json {
        Accept::Json(media_types.join(", "))
    } else {
        Accept::Only(media_types.join(", "))
    }
}

/// Conditional headers where the method only reads: a 304 answers a `GET` or `HEAD` whose
/// precondition holds, and means nothing to a write.
fn conditional(method: HttpMethod, responses: &[ResponseCase]) -> Conditional {
    if !matches!(method, HttpMethod::Get | HttpMethod::Head) {
        return Conditional::NotOffered;
    }
    let documented = responses
        .iter()
        .any(|case| matches!(case.status, StatusMatch::Code(304) | StatusMatch::Range(3)));
    if documented {
        Conditional::Documented
    } else {
        Conditional::NotModifiedError
    }
}

fn is_success(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(code) => code < 400,
        StatusMatch::Range(class) => class < 4,
        StatusMatch::Default => false,
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

    #[test]
    fn statuses_are_named_by_reason() {
        assert_eq!(status_variant(StatusMatch::Code(202)), "Accepted");
        assert_eq!(status_variant(StatusMatch::Code(599)), "Status599");
        assert_eq!(status_variant(StatusMatch::Range(4)), "Status4xx");
    }

    #[test]
    fn operation_ids_split_into_group_and_method() {
        assert_eq!(
            group_and_method("pets/list", &[]),
            ("pets".to_owned(), "list".to_owned())
        );
        assert_eq!(
            group_and_method("listThings", &["things".to_owned()]),
            ("things".to_owned(), "listThings".to_owned())
        );
        assert_eq!(
            group_and_method("x", &[]),
            ("default".to_owned(), "x".to_owned())
        );
    }
}
