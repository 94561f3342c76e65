//! The operation rules, and shared parts, on a small document with two operations.

use serde_json::{Value, json};

use super::set;
use crate::diff::compare;
use crate::diff::report::Subject;
use crate::diff::rules::Rule;

/// A fragment with two operations sharing the parameter `owner` and the response `not_found`.
fn two_operations() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": "1"},
        "paths": {
            "/things/{owner}": {
                "parameters": [{"$ref": "#/components/parameters/owner"}],
                "get": {
                    "operationId": "things/list",
                    "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}],
                    "responses": {
                        "200": {"description": "OK"},
                        "404": {"$ref": "#/components/responses/not_found"}
                    }
                },
                "delete": {
                    "operationId": "things/delete",
                    "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                    "responses": {"404": {"$ref": "#/components/responses/not_found"}}
                }
            }
        },
        "components": {
            "parameters": {"owner": {"name": "owner", "in": "path", "required": true, "schema": {"type": "string"}}},
            "responses": {"not_found": {
                "description": "Not found",
                "content": {"application/json": {"schema": {"type": "object", "properties": {"message": {"type": "string"}}}}}
            }}
        }
    })
}

/// `(subject, place, rule)` of every change from `old` to `new`.
fn subjects(old: &Value, new: &Value) -> Vec<(Subject, String, Rule)> {
    compare(old, new)
        .expect("both fragments lower")
        .changes
        .into_iter()
        .map(|change| (change.subject, change.place, change.rule))
        .collect()
}

#[test]
fn operations_and_their_parameters() {
    let old = two_operations();
    let mut new = old.clone();
    let list = "/paths/~1things~1{owner}/get";
    set(
        &mut new,
        &format!("{list}/parameters"),
        json!([
            {"name": "page", "in": "query", "required": true, "schema": {"type": "integer"}},
            {"name": "per_page", "in": "query", "schema": {"type": "integer"}},
            {"name": "sort", "in": "query", "required": true, "schema": {"type": "string"}}
        ]),
    );
    let delete = new["paths"]["/things/{owner}"]["delete"].take();
    new["paths"]["/things/{owner}"]
        .as_object_mut()
        .expect("path item")
        .remove("delete");
    new["paths"]["/gone/{owner}"] = json!({"post": delete});
    new["paths"]["/things/{owner}"]["put"] =
        json!({"operationId": "things/replace", "responses": {}});
    let operation = |id: &str| Subject::Operation(id.to_owned());
    assert_eq!(
        subjects(&old, &new),
        [
            (
                operation("things/delete"),
                String::new(),
                Rule::OperationMoved
            ),
            // The path item's `owner` is gone from the moved operation.
            (
                operation("things/delete"),
                "parameter `owner` (path)".to_owned(),
                Rule::ParameterRemoved
            ),
            (
                operation("things/list"),
                "parameter `page` (query)".to_owned(),
                Rule::ParameterPresenceChanged
            ),
            (
                operation("things/list"),
                "parameter `per_page` (query)".to_owned(),
                Rule::OptionalParameterAdded
            ),
            (
                operation("things/list"),
                "parameter `sort` (query)".to_owned(),
                Rule::RequiredParameterAdded
            ),
            (
                operation("things/replace"),
                String::new(),
                Rule::OperationAdded
            ),
        ]
    );
    let mut removed = old.clone();
    removed["paths"]["/things/{owner}"]
        .as_object_mut()
        .expect("path item")
        .remove("get");
    assert_eq!(
        subjects(&old, &removed),
        [(
            operation("things/list"),
            String::new(),
            Rule::OperationRemoved
        )]
    );
}

#[test]
fn a_parameter_written_another_way_is_reported_defaults_included() {
    let old = two_operations();
    let parameters = "/paths/~1things~1{owner}/get/parameters";
    let with = |style: Value| {
        let mut new = old.clone();
        let mut parameter = json!({"name": "page", "in": "query", "schema": {"type": "integer"}});
        for (key, value) in style.as_object().expect("an object") {
            parameter[key] = value.clone();
        }
        set(&mut new, parameters, json!([parameter]));
        new
    };
    // Spelling out the defaults changes nothing.
    let defaults = with(json!({"style": "form", "explode": true}));
    assert_eq!(subjects(&old, &defaults), []);
    let changes = compare(&old, &with(json!({"style": "pipeDelimited"})))
        .expect("both fragments lower")
        .changes;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].rule, Rule::ParameterStyleChanged);
    assert_eq!(
        changes[0].what,
        "written differently: `form` with `explode` → `pipeDelimited` without `explode`"
    );
    let unexploded = with(json!({"explode": false}));
    assert_eq!(
        subjects(&old, &unexploded),
        [(
            Subject::Operation("things/list".to_owned()),
            "parameter `page` (query)".to_owned(),
            Rule::ParameterStyleChanged
        )]
    );
    // `allowReserved: false` is the default; `true` changes how values are written.
    assert_eq!(subjects(&old, &with(json!({"allowReserved": false}))), []);
    let changes = compare(&old, &with(json!({"allowReserved": true})))
        .expect("both fragments lower")
        .changes;
    let what: Vec<(&str, Rule)> = changes
        .iter()
        .map(|change| (change.what.as_str(), change.rule))
        .collect();
    assert_eq!(
        what,
        [(
            "`allowReserved`: reserved characters now sent as they are",
            Rule::ParameterStyleChanged
        )]
    );
}

#[test]
fn request_bodies_statuses_and_response_bodies() {
    let old = two_operations();
    let mut new = old.clone();
    let list = "/paths/~1things~1{owner}/get";
    let delete = "/paths/~1things~1{owner}/delete";
    new["paths"]["/things/{owner}"]["get"]["requestBody"] =
        json!({"required": true, "content": {"application/json": {"schema": {"type": "string"}}}});
    set(
        &mut new,
        &format!("{delete}/requestBody/required"),
        json!(true),
    );
    set(
        &mut new,
        &format!("{list}/responses/200"),
        json!({
            "description": "OK", "content": {"application/json": {"schema": {"type": "string"}}}
        }),
    );
    new["paths"]["/things/{owner}"]["delete"]["responses"]["204"] =
        json!({"description": "Deleted"});
    let operation = |id: &str| Subject::Operation(id.to_owned());
    assert_eq!(
        subjects(&old, &new),
        [
            (
                operation("things/delete"),
                "request body".to_owned(),
                Rule::RequestBodyPresenceChanged
            ),
            (
                operation("things/delete"),
                "response 204".to_owned(),
                Rule::StatusChanged
            ),
            (
                operation("things/list"),
                "request body".to_owned(),
                Rule::RequiredRequestBodyAdded
            ),
            (
                operation("things/list"),
                "response 200".to_owned(),
                Rule::ResponseBodyChanged
            ),
        ]
    );
    // And back: the body and the status go away, an optional body comes.
    let mut back = new.clone();
    back["paths"]["/things/{owner}"]["get"]["requestBody"]["required"] = json!(false);
    let found = subjects(&back, &old);
    assert!(found.contains(&(
        operation("things/list"),
        "request body".to_owned(),
        Rule::RequestBodyRemoved
    )));
    assert!(found.contains(&(
        operation("things/delete"),
        "response 204".to_owned(),
        Rule::StatusChanged
    )));
    let mut optional = old.clone();
    optional["paths"]["/things/{owner}"]["get"]["requestBody"] =
        back["paths"]["/things/{owner}"]["get"]["requestBody"].clone();
    assert_eq!(
        subjects(&old, &optional),
        [(
            operation("things/list"),
            "request body".to_owned(),
            Rule::OptionalRequestBodyAdded
        )]
    );
}

#[test]
fn a_shared_part_is_reported_once_as_its_own_subject() {
    let old = two_operations();
    let mut new = old.clone();
    set(
        &mut new,
        "/components/responses/not_found/description",
        json!("Gone"),
    );
    set(
        &mut new,
        "/components/responses/not_found/content/application~1json/schema/nullable",
        json!(true),
    );
    set(
        &mut new,
        "/components/parameters/owner/description",
        json!("The owner"),
    );
    let response = Subject::Response("not_found".to_owned());
    assert_eq!(
        subjects(&old, &new),
        [
            (
                Subject::Parameter("owner".to_owned()),
                String::new(),
                Rule::Documentation
            ),
            (response.clone(), String::new(), Rule::Documentation),
            (response, String::new(), Rule::OptionChanged),
        ]
    );
    let report = compare(&old, &new).expect("both fragments lower");
    assert_eq!(
        report.changes[2].what,
        "body now nullable; `T` → `Option<T>`"
    );
    assert_eq!(
        report.changes[2].pointer,
        "#/components/responses/not_found/content/application~1json/schema"
    );
}

#[test]
fn an_operation_sent_to_another_server_is_reported_as_the_client_sends_it() {
    let mut old = two_operations();
    old["servers"] = json!([{"url": "https://api.example.com"}]);
    let mut new = old.clone();
    // Its own server, and its path's (which the list operation now inherits).
    set(
        &mut new,
        "/paths/~1things~1{owner}/delete/servers",
        json!([{"url": "https://uploads.example.com/"}]),
    );
    set(
        &mut new,
        "/paths/~1things~1{owner}/servers",
        json!([{"url": "https://{host}", "variables": {"host": {"default": "api.example.com"}}}]),
    );
    let changes = compare(&old, &new).expect("both fragments lower").changes;
    let servers: Vec<(Subject, &str, Rule)> = changes
        .iter()
        .map(|change| (change.subject.clone(), change.what.as_str(), change.rule))
        .collect();
    // The path's server is the document's once its variable has its default: no change there.
    assert_eq!(
        servers,
        [(
            Subject::Operation("things/delete".to_owned()),
            "server changed: the base URL → https://uploads.example.com",
            Rule::ServerChanged
        )]
    );
    // And back.
    let back = compare(&new, &old).expect("both fragments lower").changes;
    assert_eq!(back.len(), 1);
    assert_eq!(
        back[0].what,
        "server changed: https://uploads.example.com → the base URL"
    );
}
