//! Reading one side of the comparison. Unlike `cargo xtask vendor`, which takes GitHub's
//! OpenAPI 3.0 description only, the change report also reads OpenAPI 3.1 and 3.2: they go
//! through the generator's own rewrite into 3.0 shapes (`codegen::parse::openapi31`), so the
//! comparison sees what the generator sees, and a 3.0 fragment and its 3.1 rewrite compare
//! equal. References are percent-decoded, and those to places other than a component
//! resolved, as the generator does (`codegen::parse::local_refs`, `codegen::parse::deep_refs`).

use std::path::Path;

use serde_json::Value;

use crate::document::read;

/// Reads the file at `path` (gzip or not) as an OpenAPI document in 3.0 shapes.
pub(crate) fn read_file(path: &Path) -> Result<Value, String> {
    let bytes = read::read_document_bytes(path)?;
    read_bytes(&bytes).map_err(|message| format!("{}: {message}", path.display()))
}

/// Parses JSON or YAML bytes as an OpenAPI document in 3.0 shapes. What the rewrite drops
/// (webhooks, keywords without a 3.0 equivalent) is said on stderr; what it cannot rewrite
/// is an error.
pub(super) fn read_bytes(bytes: &[u8]) -> Result<Value, String> {
    let mut document = read_3_0_shapes(bytes)?;
    // References decoded, and those to places other than a component resolved, as the
    // generator does (after the 3.1 rewrite), so that a schema they name compares as the
    // component it becomes.
    let text = String::from_utf8_lossy(bytes);
    let source = codegen::parse::local_refs::RefSource::new(&text);
    codegen::parse::local_refs::decode(&mut document, &source);
    codegen::parse::deep_refs::rewrite(&mut document, &source);
    Ok(document)
}

/// The document of `bytes`, a 3.1 or 3.2 one rewritten into 3.0 shapes.
fn read_3_0_shapes(bytes: &[u8]) -> Result<Value, String> {
    let mut document = read::parse_document(bytes)?;
    let found = match (document.get("openapi"), document.get("swagger")) {
        (Some(Value::String(version)), _) if version.starts_with("3.0.") => return Ok(document),
        (Some(Value::String(version)), _)
            if codegen::parse::openapi31::is_rewritten(version.as_str()) =>
        {
            None
        }
        (Some(Value::String(version)), _) => Some(format!("openapi {version}")),
        (Some(other), _) => Some(format!("non-string `openapi` value {other}")),
        (None, Some(Value::String(version))) => Some(format!("swagger {version}")),
        (None, Some(other)) => Some(format!("swagger {other}")),
        (None, None) => Some("no `openapi` field".to_owned()),
    };
    if let Some(found) = found {
        return Err(format!(
            "the change report reads OpenAPI 3.0.x, 3.1.x and 3.2.x only (found: {found})"
        ));
    }
    let mut diagnostics = codegen::Diagnostics::default();
    let mut warnings = Vec::new();
    codegen::parse::openapi31::rewrite(&mut document, &mut diagnostics, &mut warnings);
    if !diagnostics.is_empty() {
        return Err(format!("cannot read it as OpenAPI 3.0:\n{diagnostics}"));
    }
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    Ok(document)
}
