//! Comparing operations: added and removed ones, then for each kept one its request line,
//! server, docs, parameters, request body and responses.

use std::collections::BTreeSet;

use serde_json::Value;

use super::parts::parameter_required;
use super::place::Place;
use super::report::{Change, Subject};
use super::rules::Rule;
use super::schemas::Walker;
use super::spec::{OperationEntry, Spec, Usage, child, reference};

/// The keywords of an operation that only change the generated docs.
const OPERATION_DOC_KEYWORDS: [&str; 4] = ["summary", "description", "externalDocs", "deprecated"];

/// Compares every operation of `old` with the one of the same key in `new`.
pub(super) fn compare(old: Spec<'_>, new: Spec<'_>, changes: &mut Vec<Change>) {
    let (old_operations, new_operations) = (old.operations(), new.operations());
    let keys: BTreeSet<&String> = old_operations.keys().chain(new_operations.keys()).collect();
    for key in keys {
        let mut walker = Walker {
            old,
            new,
            subject: Subject::Operation(key.clone()),
            usage: Usage::REQUEST,
            changes: &mut *changes,
        };
        match (old_operations.get(key), new_operations.get(key)) {
            (None, Some(added)) => {
                let what = format!("operation added: `{}`", added.request_line());
                walker.push(
                    &Place::new(added.pointer.clone(), ""),
                    what,
                    Rule::OperationAdded,
                );
            }
            (Some(removed), None) => {
                let what = format!("operation removed: `{}`", removed.request_line());
                let place = Place::new(removed.pointer.clone(), "");
                walker.push(&place, what, Rule::OperationRemoved);
            }
            (Some(old_entry), Some(new_entry)) => walker.operation(old_entry, new_entry),
            (None, None) => {}
        }
    }
}

/// A parameter as the operation sees it: declared on the operation or its path item.
struct EffectiveParameter<'a> {
    /// `(in, name)`, which identifies a parameter.
    key: (String, String),
    declared: &'a Value,
    resolved: &'a Value,
    /// Where it is: the reference's target, or where it is declared.
    pointer: String,
}

impl<'a> Walker<'a, '_> {
    fn operation(&mut self, old: &OperationEntry<'a>, new: &OperationEntry<'a>) {
        let place = Place::new(new.pointer.clone(), "");
        if old.request_line() != new.request_line() {
            let what = format!(
                "operation moved: `{}` → `{}`",
                old.request_line(),
                new.request_line()
            );
            self.push(&place, what, Rule::OperationMoved);
        }
        let servers = (
            self.old.lowered.server(&old.pointer),
            self.new.lowered.server(&new.pointer),
        );
        if servers.0 != servers.1 {
            let shown = |server: Option<&str>| server.unwrap_or("the base URL").to_owned();
            let what = format!(
                "server changed: {} → {}",
                shown(servers.0),
                shown(servers.1)
            );
            self.push(&place, what, Rule::ServerChanged);
        }
        self.documentation(
            old.operation,
            new.operation,
            &place,
            &OPERATION_DOC_KEYWORDS,
        );
        self.parameters(old, new);
        self.operation_request_body(old, new);
        self.responses(old, new);
    }

    fn parameters(&mut self, old: &OperationEntry<'a>, new: &OperationEntry<'a>) {
        let old_parameters = effective_parameters(self.old, old);
        let new_parameters = effective_parameters(self.new, new);
        for parameter in &new_parameters {
            let place = Place::new(parameter.pointer.clone(), parameter_label(&parameter.key));
            let Some(previous) = old_parameters.iter().find(|p| p.key == parameter.key) else {
                let (rule, what) = if parameter_required(parameter.resolved) {
                    (Rule::RequiredParameterAdded, "required parameter added")
                } else {
                    (Rule::OptionalParameterAdded, "optional parameter added")
                };
                self.push(&place, what.to_owned(), rule);
                continue;
            };
            if same_reference(previous.declared, parameter.declared) {
                continue;
            }
            self.parameter(previous.resolved, parameter.resolved, &place);
        }
        for parameter in &old_parameters {
            if !new_parameters.iter().any(|p| p.key == parameter.key) {
                let place = Place::new(parameter.pointer.clone(), parameter_label(&parameter.key));
                self.push(
                    &place,
                    "parameter removed".to_owned(),
                    Rule::ParameterRemoved,
                );
            }
        }
    }

    fn operation_request_body(&mut self, old: &OperationEntry<'a>, new: &OperationEntry<'a>) {
        let declared_at = child(&new.pointer, "requestBody");
        let old_declared = old.operation.get("requestBody");
        let new_declared = new.operation.get("requestBody");
        match (old_declared, new_declared) {
            (None, None) => {}
            (None, Some(added)) => {
                let required =
                    self.new.resolve(added).value.get("required") == Some(&Value::Bool(true));
                let (rule, what) = if required {
                    (
                        Rule::RequiredRequestBodyAdded,
                        "required request body added",
                    )
                } else {
                    (
                        Rule::OptionalRequestBodyAdded,
                        "optional request body added",
                    )
                };
                self.push(
                    &Place::new(declared_at, "request body"),
                    what.to_owned(),
                    rule,
                );
            }
            (Some(_), None) => {
                let place = Place::new(child(&old.pointer, "requestBody"), "request body");
                self.push(
                    &place,
                    "request body removed".to_owned(),
                    Rule::RequestBodyRemoved,
                );
            }
            (Some(old_body), Some(new_body)) => {
                if same_reference(old_body, new_body) {
                    return;
                }
                let (old_body, new_body) = (self.old.resolve(old_body), self.new.resolve(new_body));
                let place = Place::new(new_body.pointer(&declared_at), "request body");
                self.request_body(old_body.value, new_body.value, &place);
            }
        }
    }

    fn responses(&mut self, old: &OperationEntry<'a>, new: &OperationEntry<'a>) {
        let statuses = |entry: &OperationEntry<'a>| {
            entry
                .operation
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(status, response)| (status.as_str(), response))
                .collect::<Vec<_>>()
        };
        let (old_statuses, new_statuses) = (statuses(old), statuses(new));
        let responses_at = |entry: &OperationEntry<'a>, status: &str| {
            child(&child(&entry.pointer, "responses"), status)
        };
        for (status, new_response) in &new_statuses {
            let label = format!("response {status}");
            let declared_at = responses_at(new, status);
            let Some((_, old_response)) = old_statuses.iter().find(|(s, _)| s == status) else {
                let what = format!("status {status} added");
                self.push(&Place::new(declared_at, label), what, Rule::StatusChanged);
                continue;
            };
            if same_reference(old_response, new_response) {
                continue;
            }
            let (old_response, new_response) = (
                self.old.resolve(old_response),
                self.new.resolve(new_response),
            );
            let place = Place::new(new_response.pointer(&declared_at), label);
            self.response(old_response.value, new_response.value, &place);
        }
        for (status, _) in &old_statuses {
            if !new_statuses.iter().any(|(s, _)| s == status) {
                let place = Place::new(responses_at(old, status), format!("response {status}"));
                let what = format!("status {status} removed");
                self.push(&place, what, Rule::StatusChanged);
            }
        }
    }
}

/// The operation's parameters: the path item's, replaced by the operation's of the same
/// `(in, name)`, as OpenAPI defines them.
fn effective_parameters<'a>(
    spec: Spec<'a>,
    entry: &OperationEntry<'a>,
) -> Vec<EffectiveParameter<'a>> {
    let path_item_at = entry
        .pointer
        .rsplit_once('/')
        .map_or("", |(item, _)| item)
        .to_owned();
    let mut found: Vec<EffectiveParameter<'a>> = Vec::new();
    for (owner, owner_at) in [
        (entry.path_item, path_item_at),
        (entry.operation, entry.pointer.clone()),
    ] {
        let listed = owner.get("parameters").and_then(Value::as_array);
        for (index, declared) in listed.into_iter().flatten().enumerate() {
            let resolved = spec.resolve(declared);
            let text = |key: &str| {
                let value = resolved.value.get(key).and_then(Value::as_str);
                value.unwrap_or_default().to_owned()
            };
            let declared_at = child(&child(&owner_at, "parameters"), &index.to_string());
            let parameter = EffectiveParameter {
                key: (text("in"), text("name")),
                declared,
                resolved: resolved.value,
                pointer: resolved.pointer(&declared_at),
            };
            found.retain(|earlier| earlier.key != parameter.key);
            found.push(parameter);
        }
    }
    found
}

/// `parameter `per_page` (query)`.
fn parameter_label((location, name): &(String, String)) -> String {
    format!("parameter `{name}` ({location})")
}

/// Whether both sides are the same `$ref`: then the target is compared once, as its own subject.
fn same_reference(old: &Value, new: &Value) -> bool {
    matches!((reference(old), reference(new)), (Some(a), Some(b)) if a == b)
}
