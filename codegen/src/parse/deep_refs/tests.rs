use serde_json::{Value, json};

use super::{Moved, RefSource, rewrite};
use crate::diagnostics::{Diagnostic, Pointer};

fn rewritten(mut document: Value) -> (Value, Moved) {
    let text = document.to_string();
    let moved = rewrite(&mut document, &RefSource::new(&text));
    (document, moved)
}

#[test]
fn a_schema_inside_a_component_moves_into_one_of_its_own_that_both_places_name() {
    let (document, moved) = rewritten(json!({"components": {"schemas": {
        "gateway": {"properties": {
            "rules": {"type": "array", "items": {"properties": {"name": {"type": "string"}}}},
            "state": {"type": "string", "enum": ["on", "off"]}
        }},
        "pool": {"properties": {
            "rules": {"$ref": "#/components/schemas/gateway/properties/rules"},
            "rule": {"$ref": "#/components/schemas/gateway/properties/rules/items"},
            "state": {"$ref": "#/components/schemas/gateway/properties/state"}
        }}
    }}}));
    let schemas = &document["components"]["schemas"];
    assert_eq!(
        schemas["gateway"]["properties"],
        json!({
            "rules": {"$ref": "#/components/schemas/gateway-rules"},
            "state": {"$ref": "#/components/schemas/gateway-state"}
        })
    );
    assert_eq!(
        schemas["pool"]["properties"],
        json!({
            "rules": {"$ref": "#/components/schemas/gateway-rules"},
            "rule": {"$ref": "#/components/schemas/gateway-rules-item"},
            "state": {"$ref": "#/components/schemas/gateway-state"}
        })
    );
    // The deeper one moved first, so the list names it.
    assert_eq!(
        schemas["gateway-rules"],
        json!({"type": "array", "items": {"$ref": "#/components/schemas/gateway-rules-item"},
            "x-codegen-moved-from": "#/components/schemas/gateway/properties/rules"})
    );
    assert_eq!(
        schemas["gateway-rules-item"],
        json!({"properties": {"name": {"type": "string"}},
            "x-codegen-moved-from": "#/components/schemas/gateway/properties/rules/items"})
    );
    let mut diagnostic = Diagnostic {
        pointer: Pointer::from_local_ref("#/components/schemas/gateway-rules-item/properties/name")
            .unwrap(),
        message: String::new(),
    };
    moved.restore(&mut diagnostic);
    assert_eq!(
        diagnostic.pointer.as_str(),
        "#/components/schemas/gateway/properties/rules/items/properties/name"
    );
}

#[test]
fn a_schema_that_refers_to_its_own_place_moves_and_refers_to_its_component() {
    let (document, _) = rewritten(json!({"components": {"schemas": {
        "server": {"properties": {"config": {"properties": {
            "parent": {"$ref": "#/components/schemas/server/properties/config"}
        }}}}
    }}}));
    let schemas = &document["components"]["schemas"];
    assert_eq!(
        schemas["server"]["properties"]["config"],
        json!({"$ref": "#/components/schemas/server-config"})
    );
    assert_eq!(
        schemas["server-config"]["properties"]["parent"],
        json!({"$ref": "#/components/schemas/server-config"})
    );
}

#[test]
fn a_place_that_only_refers_to_a_component_and_a_path_through_a_reference() {
    let (document, _) = rewritten(json!({"components": {"schemas": {
        "resource": {"properties": {"id": {"type": "string", "enum": ["x"]}}},
        "gateway": {"allOf": [{"$ref": "#/components/schemas/resource"}]},
        "alias": {"$ref": "#/components/schemas/gateway"},
        "pool": {"properties": {
            "base": {"$ref": "#/components/schemas/gateway/allOf/0"},
            "id": {"$ref": "#/components/schemas/alias/allOf/0/properties/id"}
        }}
    }}}));
    let schemas = &document["components"]["schemas"];
    assert_eq!(
        schemas["pool"]["properties"],
        json!({
            "base": {"$ref": "#/components/schemas/resource"},
            "id": {"$ref": "#/components/schemas/resource-id"}
        })
    );
    assert_eq!(
        schemas["resource-id"],
        json!({"type": "string", "enum": ["x"],
            "x-codegen-moved-from": "#/components/schemas/resource/properties/id"})
    );
}

#[test]
fn a_taken_key_gets_a_suffix() {
    let (document, _) = rewritten(json!({"components": {"schemas": {
        "a-b": {"type": "integer"},
        "a": {"properties": {"b": {"type": "array", "items": {"type": "string"}}}},
        "c": {"$ref": "#/components/schemas/a/properties/b"}
    }}}));
    assert_eq!(
        document["components"]["schemas"]["c"],
        json!({"$ref": "#/components/schemas/a-b-2"})
    );
}

#[test]
fn other_places_are_copied_where_they_are_referenced_also_inside_copies() {
    let (document, moved) = rewritten(json!({"paths": {
        "/keys": {"get": {
            "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "keys", "content": {"application/json": {
                "schema": {"type": "array", "items": {"type": "string"}}
            }}}, "401": {"$ref": "#/paths/~1keys/get/responses/200"}}
        }},
        "/other": {"get": {
            "parameters": [{"$ref": "#/paths/~1keys/get/parameters/0"}],
            "responses": {"200": {"$ref": "#/paths/~1keys/get/responses/401"}}
        }}
    }}));
    let keys = &document["paths"]["/keys"]["get"];
    let other = &document["paths"]["/other"]["get"];
    assert_eq!(other["parameters"][0], keys["parameters"][0]);
    assert_eq!(keys["responses"]["401"], keys["responses"]["200"]);
    assert_eq!(other["responses"]["200"], keys["responses"]["200"]);
    // A problem inside a copy is reported where the copied place is written.
    let mut diagnostic = Diagnostic {
        pointer: Pointer::from_local_ref("#/paths/~1other/get/responses/200/content").unwrap(),
        message: String::new(),
    };
    moved.restore(&mut diagnostic);
    assert_eq!(
        diagnostic.pointer.as_str(),
        "#/paths/~1keys/get/responses/200/content"
    );
}

#[test]
fn references_that_lead_nowhere_or_into_themselves_stay() {
    let document = json!({"paths": {"/a": {"get": {"responses": {
        "200": {"description": "a", "content": {"application/json": {"schema": {
            "properties": {"self": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema"}}
        }}}},
        "404": {"$ref": "#/paths/~1a/get/responses/999"}
    }}}}});
    let (rewritten, _) = rewritten(document.clone());
    assert_eq!(rewritten, document);
}

#[test]
fn a_document_without_deep_references_is_not_walked() {
    let text = r##"{"a": {"$ref": "#/components/schemas/Pet"}, "b": "#/paths/x"}"##;
    let mut document: Value = serde_json::from_str(text).unwrap();
    document["a"]["$ref"] = json!("#/components/schemas/Pet/properties/x");
    rewrite(&mut document, &RefSource::new(text));
    assert_eq!(
        document["a"]["$ref"],
        json!("#/components/schemas/Pet/properties/x")
    );
}

#[test]
fn keys_follow_the_names_lowering_gives_and_union_alternatives_and_plain_scalars_are_copied() {
    let (document, _) = rewritten(json!({"components": {"schemas": {
        "pet": {"allOf": [{"type": "object"}, {"properties": {
            "tags": {"type": "object", "additionalProperties": {"enum": ["a"]}},
            "kind": {"oneOf": [{"type": "integer"}, {"properties": {"x": {}}}]},
            "id": {"type": "string", "format": "uuid"}
        }}]},
        "user": {"properties": {
            "pet": {"$ref": "#/components/schemas/pet/allOf/1"},
            "tag": {"$ref": "#/components/schemas/pet/allOf/1/properties/tags/additionalProperties"},
            "kind": {"$ref": "#/components/schemas/pet/allOf/1/properties/kind/oneOf/1"},
            "id": {"$ref": "#/components/schemas/pet/allOf/1/properties/id"}
        }}
    }}}));
    assert_eq!(
        document["components"]["schemas"]["user"]["properties"],
        json!({
            "pet": {"$ref": "#/components/schemas/pet-part-1"},
            "tag": {"$ref": "#/components/schemas/pet-tags-value"},
            "kind": {"properties": {"x": {}}},
            "id": {"type": "string", "format": "uuid"}
        })
    );
}

#[test]
fn a_place_is_copied_only_where_a_reference_stands_for_its_kind() {
    use super::{Kind, kind};
    let path = |text: &str| Pointer::from_local_ref(text).unwrap().tokens();
    for (place, expected) in [
        ("#/paths/~1a/get/parameters/0", Some(Kind::Parameter)),
        ("#/paths/~1a/parameters/1/schema/items", Some(Kind::Schema)),
        ("#/paths/~1a/post/requestBody", Some(Kind::RequestBody)),
        ("#/paths/~1a/get/responses/200", Some(Kind::Response)),
        (
            "#/paths/~1a/get/responses/200/headers/X-Rate/schema",
            Some(Kind::Schema),
        ),
        (
            "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/x",
            Some(Kind::Schema),
        ),
        ("#/components/parameters/page/schema", Some(Kind::Schema)),
        (
            "#/components/schemas/pet/definitions/tag",
            Some(Kind::Schema),
        ),
        (
            "#/paths/~1a/get/responses/200/content/application~1json",
            None,
        ),
        (
            "#/paths/~1a/get/responses/200/content/application~1json/example",
            None,
        ),
        ("#/paths/~1a", None),
        ("#/info", None),
    ] {
        assert_eq!(kind(&path(place)), expected, "{place}");
    }
}

#[test]
fn a_place_whose_references_lead_back_to_it_is_not_copied() {
    let document = json!({"paths": {"/a": {"get": {"responses": {"200": {
        "description": "a",
        "content": {"application/json": {"schema": {"properties": {
            "next": {"$ref": "#/paths/~1b/get/responses/200/content/application~1json/schema"}
        }}}}
    }}}}, "/b": {"get": {"responses": {"200": {
        "description": "b",
        "content": {"application/json": {"schema": {"properties": {
            "back": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema"}
        }}}}
    }}}}}});
    let (rewritten, _) = rewritten(document.clone());
    assert_eq!(rewritten, document);
}

#[test]
fn a_place_referring_inside_itself_is_copied() {
    let schema = json!({"properties": {
        "owner": {"properties": {"name": {"type": "string"}}},
        "previous_owner": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/owner"}
    }});
    let (document, _) = rewritten(json!({"paths": {
        "/a": {"get": {"responses": {"200": {"description": "a", "content": {"application/json": {
            "schema": schema
        }}}}}},
        "/b": {"get": {"responses": {"200": {"description": "b", "content": {"application/json": {
            "schema": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema"}
        }}}}}}
    }}));
    let owner = json!({"properties": {"name": {"type": "string"}}});
    for path in ["/a", "/b"] {
        let copied = &document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"]["properties"];
        assert_eq!(copied["previous_owner"], owner, "{path}");
    }
}

#[test]
fn the_text_tells_which_documents_hold_deep_references() {
    use super::may_hold_a_deep_ref;
    for (text, deep) in [
        (r##"{"$ref": "#/components/schemas/Pet"}"##, false),
        (
            r##"{"$ref":"#/components/schemas/Pet/properties/id"}"##,
            true,
        ),
        (
            "schema:\n  $ref: '#/paths/~1pets~1{id}/get/responses/200'\n",
            true,
        ),
        ("$ref: \"#/components/schemas/a}b/items\"\n", true),
        (
            "$ref: other.yaml#/components/schemas/Pet/properties/id\n",
            false,
        ),
        ("description: the $ref keyword\nx: '#/a/b/c/d'\n", false),
        ("$ref:\n  '#/components/schemas/X/properties/a'\n", true),
        ("$ref: >-\n  #/components/schemas/X/properties/a\n", true),
        // Escaped: every `/` (PHP's JSON), a `/` spelled by its code point, `$ref` itself.
        (r##"{"$ref": "#\/components\/schemas\/Pet"}"##, false),
        (
            r##"{"$ref": "#\/components\/schemas\/Pet\/properties\/id"}"##,
            true,
        ),
        (
            r##"{"$ref": "#/components/schemas/Pet\u002fproperties\u002fid"}"##,
            true,
        ),
        (
            r##"{"\u0024ref": "#/components/schemas/Pet/properties/id"}"##,
            true,
        ),
        (
            "\"\\x24ref\": '#/components/schemas/Pet/properties/id'\n",
            true,
        ),
        (
            r##"{"$\u0072ef": "#/components/schemas/Pet/properties/id"}"##,
            true,
        ),
    ] {
        assert_eq!(may_hold_a_deep_ref(&RefSource::new(text)), deep, "{text}");
    }
}

#[test]
fn a_discriminator_mapping_follows_the_moved_schemas() {
    let (document, _) = rewritten(json!({"components": {"schemas": {
        "x": {"properties": {"dog": {"properties": {"kind": {"type": "string"}}}}},
        "pet": {
            "oneOf": [{"$ref": "#/components/schemas/x/properties/dog"}],
            "discriminator": {"propertyName": "kind",
                "mapping": {"dog": "#/components/schemas/x/properties/dog"}}
        }
    }}}));
    assert_eq!(
        document["components"]["schemas"]["pet"]["discriminator"]["mapping"]["dog"],
        json!("#/components/schemas/x-dog")
    );
}

#[test]
fn long_chains_resolve_and_copies_that_multiply_stop() {
    // `/p0`'s schema refers to `/p1`'s, and so on: 300 levels, each copied into the one before.
    let schema = |index: usize| {
        format!("#/paths/~1p{index}/get/responses/200/content/application~1json/schema")
    };
    let response = |schema: Value| json!({"200": {"description": "d", "content": {"application/json": {"schema": schema}}}});
    let chain = |levels: usize, twice: bool| {
        let mut paths = serde_json::Map::new();
        for index in 0..levels {
            let next = json!({"$ref": schema(index + 1)});
            let inner = if twice {
                json!({"properties": {"a": next, "b": next}})
            } else {
                json!({"properties": {"next": next}})
            };
            paths.insert(
                format!("/p{index}"),
                json!({"get": {"responses": response(inner)}}),
            );
        }
        let last = json!({"get": {"responses": response(json!({"type": "integer"}))}});
        paths.insert(format!("/p{levels}"), last);
        json!({"paths": paths})
    };
    let (document, _) = rewritten(chain(300, false));
    assert!(!document.to_string().contains("$ref"));
    // Each level refers to the next twice: copying doubles per level, and stops at the bound.
    let (document, _) = rewritten(chain(40, true));
    assert!(super::copies::size(&document) < 2 * super::MAX_COPIED_VALUES);
    assert!(document.to_string().contains("$ref"));
}
