//! Reading the tree into `openapiv3`'s model on two threads.
//!
//! The component schemas are most of a large description (two thirds of the time `openapiv3`
//! takes to read the largest one of the benches), and parsing runs before there is other work
//! for a second thread. So the schemas are taken out of the tree and shared with another thread
//! (`sharing.rs`), which starts on them while this one reads the rest of the document, then put
//! back in their order: the same value `OpenAPI::deserialize` gives for the whole tree (the
//! derive reads the field `schemas` as a map, entry by entry, just so).
//!
//! Only a document that reads is read this way. When any part fails, the tree is put back as
//! it was and the caller reads it the usual way, which finds every place that does not read.
//! Runs after `deep_schemas::check`, like every reading of the tree.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde::Deserialize;
use serde_json::{Map, Value};

/// The component schemas as `openapiv3` reads them.
type Schemas = IndexMap<String, ReferenceOr<Schema>>;

/// `OpenAPI::deserialize(json)`, with the component schemas read on two threads; `None` if any
/// part of the document does not read (or it has no component schemas), with the tree as it
/// was.
pub(super) fn read(json: &mut Value) -> Option<OpenAPI> {
    // Anything but a map is left where it is, for the usual reading to report.
    let Value::Object(slot) = json.get_mut("components")?.get_mut("schemas")? else {
        return None;
    };
    // An empty map in its place while the rest is read.
    let schemas = std::mem::take(slot);
    let spec = read_apart(json, &schemas);
    if let Some(Value::Object(slot)) = json
        .get_mut("components")
        .and_then(|components| components.get_mut("schemas"))
    {
        *slot = schemas;
    }
    spec
}

/// The document without its component schemas, and `schemas`, read apart.
fn read_apart(json: &Value, schemas: &Map<String, Value>) -> Option<OpenAPI> {
    let mut entries: Vec<(&String, &Value)> = schemas.iter().collect();
    let (spec, runs) = super::sharing::share(
        &mut entries,
        || OpenAPI::deserialize(json).ok(),
        |run| read_schemas(run),
    );
    let mut spec = spec?;
    let mut schemas = Schemas::with_capacity(entries.len());
    for run in runs {
        schemas.extend(run?);
    }
    spec.components.as_mut()?.schemas = schemas;
    Some(spec)
}

/// Each entry read as a schema, in order; `None` at the first that does not read.
fn read_schemas(entries: &[(&String, &Value)]) -> Option<Schemas> {
    entries
        .iter()
        .map(|&(name, value)| {
            ReferenceOr::<Schema>::deserialize(value)
                .ok()
                .map(|schema| (name.clone(), schema))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use openapiv3::OpenAPI;
    use serde::Deserialize;
    use serde_json::Value;

    fn tree(text: &str) -> Value {
        serde_yaml::from_str(text).expect("a YAML or JSON document")
    }

    /// Every fixture and the vendored description: the same value as reading the whole tree at
    /// once, and the tree left as it was.
    #[test]
    fn reads_what_the_whole_tree_reads_and_leaves_it_as_it_was() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut specs: Vec<_> = std::fs::read_dir(root.join("tests/fixtures"))
            .expect("fixtures")
            .map(|entry| entry.expect("a fixture").path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "yaml")
            })
            .collect();
        specs.push(root.join("../spec/codespaces.yaml"));
        let mut read = 0;
        for path in specs {
            let original = tree(&std::fs::read_to_string(&path).expect("readable"));
            let Ok(whole) = OpenAPI::deserialize(&original) else {
                continue;
            };
            let mut json = original.clone();
            match super::read(&mut json) {
                Some(spec) => {
                    assert_eq!(spec, whole, "{}", path.display());
                    read += 1;
                }
                None => assert!(
                    whole
                        .components
                        .as_ref()
                        .is_none_or(|components| components.schemas.is_empty()),
                    "{} has schemas and was not read",
                    path.display()
                ),
            }
            assert_eq!(json, original, "{}", path.display());
        }
        assert!(read > 10, "only {read} documents read on two threads");
    }

    /// A schema that does not read, in either half, a broken rest of the document, or schemas
    /// that are not a map: `None`, and the tree as it was for the usual reading to report.
    #[test]
    fn a_part_that_does_not_read_gives_none_and_the_tree_back() {
        let document = |rest: &str, first: &str, last: &str| {
            tree(&format!(
                r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}{rest},
                "paths": {{}}, "components": {{"schemas": {{
                "A": {first}, "B": {{"type": "string"}}, "C": {{"type": "integer"}}, "D": {last}}}}}}}"#
            ))
        };
        let valid = r#"{"type": "boolean"}"#;
        let broken = r#"{"type": "string", "pattern": 0}"#;
        let not_a_map = tree(
            r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": 5}}"#,
        );
        let cases = [
            document("", broken, valid),
            document("", valid, broken),
            document(r#", "servers": 5"#, valid, valid),
            not_a_map,
        ];
        for original in cases {
            let mut json = original.clone();
            assert!(super::read(&mut json).is_none(), "{original}");
            assert_eq!(json, original);
        }
        let mut json = document("", valid, valid);
        let spec = super::read(&mut json).expect("reads");
        let names: Vec<&String> = spec
            .components
            .as_ref()
            .expect("components")
            .schemas
            .keys()
            .collect();
        assert_eq!(names, ["A", "B", "C", "D"]);
    }
}
