//! Operations: naming and grouping them, then each one's parameters and path template
//! ([`parameters`]), request body ([`request_body`]) and responses ([`responses`]).

mod form;
mod form_variants;
mod parameters;
mod request_body;
mod responses;

use responses::{accept_header, conditional};

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use openapiv3::{PathItem, ReferenceOr};

use super::{Lowerer, docs, media, security, servers};
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{Doc, FormShape, Group, HttpMethod, Operation, RequestBodyKind};
use crate::names::{
    GENERATED_CLIENT_METHODS, Namespace, USED_TYPE_NAMES, camel_ident, snake_ident, stem,
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

/// The accessor whose module file would be `mod.rs` (`mod` is a keyword, hence raw).
const MOD_FILE_ACCESSOR: &str = "r#mod";

/// Names given to one group's items.
struct GroupNames {
    methods: Namespace,
    types: Namespace,
}

/// The longest group accessor, in bytes: it names the group's module file, and file systems
/// refuse names past 255 bytes. Longer ones are cut (a warning says so).
const MAX_ACCESSOR_LEN: usize = 100;

/// The groups the operations fall into: their keys (sorted) and their accessor and type
/// names, with a warning for each group whose name had to be shortened.
fn groups_of(found: &[Found<'_>]) -> (Vec<String>, Vec<Group>, Vec<Diagnostic>) {
    let mut keys: Vec<String> = found.iter().map(|f| snake_ident(&f.group)).collect();
    keys.sort();
    keys.dedup();
    let mut accessors = Namespace::with_reserved(GENERATED_CLIENT_METHODS);
    // A group's module is the file `operations/{accessor}.rs`; `operations/mod.rs` would be
    // a second file for the `operations` module itself.
    accessors.reserve(MOD_FILE_ACCESSOR);
    let mut warnings = merged_spellings(found);
    let groups = keys
        .iter()
        .map(|key| {
            let short = shortened(key);
            let accessor = accessors.claim(&short);
            if short != *key
                && let Some(first) = found.iter().find(|f| snake_ident(&f.group) == *key)
            {
                warnings.push(Diagnostic {
                    pointer: first.pointer.clone(),
                    message: format!(
                        "the group `{}` is {} bytes long as a Rust name; it is called `{accessor}` (the name of its module's file, which file systems limit)",
                        first.group,
                        key.len()
                    ),
                });
            }
            let type_name =
                Namespace::with_reserved(USED_TYPE_NAMES).claim(&camel_ident(&accessor));
            Group {
                accessor,
                type_name,
                reexports: Vec::new(),
            }
        })
        .collect();
    (keys, groups, warnings)
}

/// `key` cut to [`MAX_ACCESSOR_LEN`] bytes, at a character boundary and without a trailing `_`.
fn shortened(key: &str) -> String {
    if key.len() <= MAX_ACCESSOR_LEN {
        return key.to_owned();
    }
    let mut end = MAX_ACCESSOR_LEN;
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    key[..end].trim_end_matches('_').to_owned()
}

/// Names the types a lowered operation needs besides its builder and error enum: the success
/// enum (when several outcomes succeed), the media type enum of its body (when it has a
/// choice) and its form struct (a form body), unique among the group's types.
fn name_outcome_types(operation: &mut Operation, types: &mut Namespace) {
    if operation.has_success_enum() {
        operation.success_name = types.claim(&format!("{}Success", stem(&operation.builder_name)));
    }
    if let Some(body) = &mut operation.body {
        body.media_type_enum =
            media::media_type_enum(types, stem(&operation.builder_name), &body.media_types);
        if let RequestBodyKind::Multipart(form) | RequestBodyKind::FormUrlEncoded(form) =
            &mut body.kind
        {
            let operation_stem = stem(&operation.builder_name);
            form.name = types.claim(&format!("{operation_stem}Form"));
            if let FormShape::OneOf(variants) = &mut form.shape {
                for variant in variants {
                    // `Self_` would make `TokenSelf_Form`, which is not UpperCamelCase.
                    variant.struct_name =
                        types.claim(&format!("{operation_stem}{}Form", stem(&variant.name)));
                }
            }
        }
    }
}

/// A warning for each group name spelled differently from an earlier one that has the same
/// Rust name (`Pets` after `pets`, `pet-store` after `pet_store`): their operations share one
/// group, which is likely what was meant, but is said, at the first operation so spelled.
fn merged_spellings(found: &[Found<'_>]) -> Vec<Diagnostic> {
    let mut first_spelling: BTreeMap<String, &str> = BTreeMap::new();
    let mut warned = std::collections::BTreeSet::new();
    let mut warnings = Vec::new();
    for item in found {
        let key = snake_ident(&item.group);
        let first = *first_spelling.entry(key.clone()).or_insert(&item.group);
        if first != item.group && warned.insert(item.group.as_str()) {
            warnings.push(Diagnostic {
                pointer: item.pointer.clone(),
                message: format!(
                    "the group `{}` has the same Rust name, `{key}`, as the group `{first}` before it: their operations are one group",
                    item.group
                ),
            });
        }
    }
    warnings
}

/// Splits `group/method` operation ids; others go to the first tag's group, else to the group
/// their path names ([`path_group`]), else to `default`.
fn group_and_method(operation_id: &str, tags: &[String], path: &str) -> (String, String) {
    match operation_id.split_once('/') {
        Some((group, method)) if !group.is_empty() && !method.is_empty() => {
            (group.to_owned(), method.to_owned())
        }
        _ => (
            tags.first()
                .cloned()
                .or_else(|| path_group(path).map(str::to_owned))
                .unwrap_or_else(|| "default".to_owned()),
            operation_id.to_owned(),
        ),
    }
}

/// The group an untagged operation's path names: its first segment that is neither a
/// template (`{id}`), nor a prefix most paths of an API share (`api`, `rest`), nor a version
/// (`v1`, `v2beta1`, `2.0`): `/v1/customers/{customer}` is in `customers`. An API without tags
/// (Stripe's, say) then has a group, and a Cargo feature, per resource, rather than one
/// `default` group of every operation.
fn path_group(path: &str) -> Option<&str> {
    path.split('/')
        // The text before a template within a segment: `profiles{ext}` is in `profiles`.
        .map(|segment| segment.split('{').next().unwrap_or_default())
        .find(|segment| {
            !matches!(segment.to_ascii_lowercase().as_str(), "api" | "rest")
                && !is_version(segment)
                && segment.chars().any(|c| c.is_ascii_alphabetic())
        })
}

/// `v1`, `V2`, `v1beta1`, `v2.1`, `1.0`, `2`: a segment that names a version of an API.
fn is_version(segment: &str) -> bool {
    let rest = segment.strip_prefix(['v', 'V']).unwrap_or(segment);
    let digits = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    digits.len() < rest.len()
        && (digits.is_empty()
            || ["alpha", "beta"].iter().any(|stage| {
                digits
                    .strip_prefix(stage)
                    .is_some_and(|tail| tail.chars().all(|c| c.is_ascii_digit()))
            }))
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

impl<'a> Lowerer<'a> {
    /// Lowers every operation; returns them ordered by group and method name, with the groups.
    pub(super) fn lower_operations(&mut self) -> (Vec<Operation>, Vec<Group>) {
        let found = self.find_operations();
        let (group_keys, groups, warnings) = groups_of(&found);
        self.warnings.extend(warnings);
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
                .claim(&format!("{}Error", stem(&builder_name)));
            // Inline types are named after the operation in the shared models module, where
            // `create` of two groups would meet; such stems are prefixed with their group.
            let type_stem = if shared_stems.contains(&camel_ident(&item.method_stem)) {
                format!("{}{}", groups[group].type_name, stem(&builder_name))
            } else {
                stem(&builder_name).to_owned()
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
            name_outcome_types(&mut operation, &mut group_names.types);
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
        let mut first_seen: FxHashMap<String, Pointer> = FxHashMap::default();
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
                // Without an id, one made of method and path, which names no group.
                let given_id = operation.operation_id.as_deref();
                let operation_id = given_id.map_or_else(
                    || format!("{method_key}{}", path.replace(['{', '}'], "")),
                    str::to_owned,
                );
                if let Some(first) = first_seen.get(&operation_id) {
                    self.diagnostics.error(
                        &pointer.push("operationId"),
                        format!("duplicate operationId `{operation_id}` (first used at {first})"),
                    );
                    continue;
                }
                first_seen.insert(operation_id.clone(), pointer.clone());
                let (group, method_stem) = match given_id {
                    Some(given) => group_and_method(given, &operation.tags, path),
                    None => {
                        group_and_method(&operation_id.replace('/', "_"), &operation.tags, path)
                    }
                };
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
        let (parameters, refused_path_names) = self.lower_parameters(found, &stem);
        let path_parts = self.lower_path_template(found, &parameters, &refused_path_names);
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
        let server = servers::operation_server(
            self.spec,
            [
                (&operation.servers, &found.pointer),
                (&found.item.servers, &found.item_pointer),
            ],
            &mut self.warnings,
        );
        doc.push(match &server {
            Some(server) => format!(
                "`{} {}`, sent to `{server}`",
                found.method.as_str(),
                found.path
            ),
            None => format!("`{} {}`", found.method.as_str(), found.path),
        });
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
            server,
            conditional,
            origin: found.pointer.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_split_into_group_and_method() {
        let split = |id, tags: &[&str], path| {
            let tags: Vec<String> = tags.iter().map(|tag| (*tag).to_owned()).collect();
            group_and_method(id, &tags, path)
        };
        let pair = |group: &str, method: &str| (group.to_owned(), method.to_owned());
        assert_eq!(split("pets/list", &[], "/x"), pair("pets", "list"));
        assert_eq!(
            split("listThings", &["things"], "/x"),
            pair("things", "listThings")
        );
        assert_eq!(split("x", &[], "/"), pair("default", "x"));
        assert_eq!(split("x", &[], "/{id}"), pair("default", "x"));
        assert_eq!(
            split("GetCustomersCustomer", &[], "/v1/customers/{customer}"),
            pair("customers", "GetCustomersCustomer")
        );
    }

    #[test]
    fn untagged_paths_are_grouped_by_their_first_resource_segment() {
        for (path, group) in [
            ("/v1/customers/{customer}", Some("customers")),
            ("/api/v2beta1/projects", Some("projects")),
            ("/rest/api/3/issue/{key}", Some("issue")),
            ("/2.0/repositories", Some("repositories")),
            ("/{tenant}/users", Some("users")),
            ("/V3/Orders", Some("Orders")),
            ("/v1", None),
            ("/{id}", None),
            ("/", None),
            ("/vault/secrets", Some("vault")),
            ("/video/{id}", Some("video")),
            ("/2fa/codes", Some("2fa")),
            ("/profiles{ext}", Some("profiles")),
            ("/{a}x/{b}", None),
        ] {
            assert_eq!(path_group(path), group, "{path}");
        }
    }
}
