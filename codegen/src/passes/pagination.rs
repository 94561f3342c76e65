//! A post-pass on the IR: which operations are list operations, and where their items are.
//!
//! A list operation is a `GET` with a page query parameter (`page` or `per_page`, the
//! conventional names) whose one success body is a list: an array, or an object with exactly
//! one array property (a wrapper such as `{"total_count": 2, "items": [...]}`; the other
//! properties describe the list). Anything else with page parameters is left as a plain
//! operation: it still works page by page through its `page` setter.

use crate::ir::{
    HttpMethod, Operation, PageItems, Pagination, ParameterLocation, TypeDef, TypeKind, TypeRef,
    resolve_aliases,
};

/// Query parameters that mark an operation as paginated.
pub const PAGE_PARAMETERS: [&str; 2] = ["page", "per_page"];

/// Sets [`Operation::pagination`] on every list operation.
pub fn detect(types: &[TypeDef], operations: &mut [Operation]) {
    for operation in operations {
        operation.pagination = pagination(types, operation);
    }
}

fn pagination(types: &[TypeDef], operation: &Operation) -> Option<Pagination> {
    if operation.method != HttpMethod::Get {
        return None;
    }
    let paged = operation.parameters.iter().any(|parameter| {
        parameter.location == ParameterLocation::Query
            && PAGE_PARAMETERS.contains(&parameter.wire_name.as_str())
    });
    if !paged {
        return None;
    }
    let mut with_body = operation.successes().filter(|case| case.body.is_some());
    let case = with_body.next()?;
    if with_body.next().is_some() {
        // Two success bodies: which one is the page is not clear.
        return None;
    }
    let (item, items) = match resolve_aliases(types, case.body.as_ref()?) {
        TypeRef::Array(item) => ((**item).clone(), PageItems::Body),
        TypeRef::Named(id) => {
            let TypeKind::Struct(def) = &types.get(id.0)?.kind else {
                return None;
            };
            let mut arrays =
                def.fields
                    .iter()
                    .filter_map(|field| match resolve_aliases(types, &field.ty) {
                        TypeRef::Array(item) => Some((field, item)),
                        _ => None,
                    });
            let (field, item) = arrays.next()?;
            if arrays.next().is_some() {
                return None;
            }
            let items = PageItems::Field {
                rust_name: field.rust_name.clone(),
                optional: field.is_option(),
            };
            ((**item).clone(), items)
        }
        _ => return None,
    };
    Some(Pagination {
        item,
        items,
        success_variant: operation.has_success_enum().then(|| case.variant.clone()),
    })
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, PageItems, TypeRef};

    fn lower(yaml: &str) -> Api {
        let spec = crate::parse::parse(yaml).expect("the test spec parses");
        let config = crate::Config::for_tests(false);
        crate::lower::lower(&spec, &config).expect("the test spec lowers")
    }

    fn spec(parameter: &str, schema: &str) -> String {
        format!(
            r##"
openapi: 3.0.3
info: {{title: t, version: "1"}}
paths:
  /things:
    get:
      operationId: things/list
      parameters:
        - {{name: {parameter}, in: query, schema: {{type: integer}}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {schema}
        "304":
          description: not modified
components:
  schemas:
    thing: {{type: object, properties: {{id: {{type: integer}}}}}}
    things: {{type: array, items: {{$ref: "#/components/schemas/thing"}}}}
"##
        )
    }

    #[test]
    fn finds_arrays_aliases_and_wrapper_objects() {
        let array = lower(&spec(
            "per_page",
            r##"{type: array, items: {$ref: "#/components/schemas/thing"}}"##,
        ));
        let pagination = array.operations[0]
            .pagination
            .clone()
            .expect("a list operation");
        assert_eq!(pagination.items, PageItems::Body);
        assert_eq!(pagination.success_variant.as_deref(), Some("Ok"));
        assert!(matches!(pagination.item, TypeRef::Named(_)));

        let alias = lower(&spec("page", r##"{$ref: "#/components/schemas/things"}"##));
        assert_eq!(
            alias.operations[0].pagination.as_ref().map(|p| &p.items),
            Some(&PageItems::Body)
        );

        let wrapper = lower(&spec(
            "page",
            r##"{type: object, required: [total_count, things], properties: {total_count: {type: integer}, things: {$ref: "#/components/schemas/things"}}}"##,
        ));
        assert_eq!(
            wrapper.operations[0].pagination.as_ref().map(|p| &p.items),
            Some(&PageItems::Field {
                rust_name: "things".to_owned(),
                optional: false
            })
        );
    }

    #[test]
    fn leaves_other_operations_alone() {
        let two_arrays = lower(&spec(
            "page",
            r##"{type: object, properties: {a: {type: array, items: {type: string}}, b: {type: array, items: {type: string}}}}"##,
        ));
        assert_eq!(two_arrays.operations[0].pagination, None);
        let not_a_list = lower(&spec("page", r##"{$ref: "#/components/schemas/thing"}"##));
        assert_eq!(not_a_list.operations[0].pagination, None);
        let no_page_parameter = lower(&spec("sort", r##"{type: array, items: {type: string}}"##));
        assert_eq!(no_page_parameter.operations[0].pagination, None);
    }
}
