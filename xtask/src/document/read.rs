//! Reading the input: decompressing, parsing JSON or YAML, and checking the OpenAPI version.

use std::fs;
use std::io::Read;
use std::path::Path;

use flate2::read::MultiGzDecoder;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// What the input document is and where it came from, as shown in the outputs.
pub(crate) struct Source {
    /// The input's file name without its directory, so the outputs do not depend on the machine.
    pub(crate) file_name: String,
    pub(crate) sha256: String,
    pub(crate) openapi: String,
    pub(crate) title: String,
    pub(crate) version: String,
}

/// The file name of `from`, made safe to put on one line of a comment.
pub(crate) fn display_file_name(from: &Path) -> Result<String, String> {
    let name = from
        .file_name()
        .ok_or_else(|| format!("{}: not a file path", from.display()))?;
    // A control character (a newline above all) would break out of the YAML header comment.
    Ok(name
        .to_string_lossy()
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect())
}

/// The document's bytes, decompressed when the file is gzip (recognised by content, not by name).
pub(crate) fn read_document_bytes(from: &Path) -> Result<Vec<u8>, String> {
    let raw = fs::read(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    if !raw.starts_with(&[0x1f, 0x8b]) {
        return Ok(raw);
    }
    let mut decompressed = Vec::new();
    // MultiGzDecoder because `cat a.gz b.gz` is valid gzip and single-member decoders stop early.
    MultiGzDecoder::new(raw.as_slice())
        .read_to_end(&mut decompressed)
        .map_err(|e| format!("cannot decompress {}: {e}", from.display()))?;
    Ok(decompressed)
}

/// Parses JSON or YAML into a JSON value, keeping key order.
pub(crate) fn parse_document(bytes: &[u8]) -> Result<Value, String> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    let document = if first == Some(&b'{') {
        serde_json::from_slice(text).map_err(|e| format!("invalid JSON: {e}"))?
    } else {
        parse_yaml(text)?
    };
    if !document.is_object() {
        return Err("the document is not a JSON or YAML object".to_owned());
    }
    Ok(document)
}

/// Parses YAML (merge keys applied) into a JSON value, keeping key order.
pub(crate) fn parse_yaml(text: &[u8]) -> Result<Value, String> {
    let mut yaml: serde_yaml::Value =
        serde_yaml::from_slice(text).map_err(|e| format!("invalid YAML: {e}"))?;
    yaml.apply_merge()
        .map_err(|e| format!("invalid YAML merge key: {e}"))?;
    yaml_to_json(yaml)
}

/// Converts a YAML value into a JSON value.
///
/// Deserializing YAML straight into `serde_json::Value` rejects unquoted response codes such as
/// `200:` (integer keys), which hand-written OpenAPI YAML uses all the time.
pub(crate) fn yaml_to_json(yaml: serde_yaml::Value) -> Result<Value, String> {
    use serde_yaml::Value as Yaml;
    Ok(match yaml {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => yaml_number_to_json(&n)?,
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(yaml_to_json)
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Mapping(mapping) => Value::Object(
            mapping
                .into_iter()
                .map(|(key, value)| Ok((yaml_key(&key)?, yaml_to_json(value)?)))
                .collect::<Result<_, String>>()?,
        ),
        // OpenAPI gives custom tags no meaning, so the tagged value stands for itself.
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value)?,
    })
}

/// A YAML number as a JSON number; JSON has no NaN or infinity.
fn yaml_number_to_json(n: &serde_yaml::Number) -> Result<Value, String> {
    if let Some(i) = n.as_i64() {
        return Ok(Value::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Ok(Value::from(u));
    }
    n.as_f64()
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| format!("the number {n} has no JSON equivalent"))
}

/// A YAML mapping key as a JSON object key; scalars keep the spelling YAML gives them.
fn yaml_key(key: &serde_yaml::Value) -> Result<String, String> {
    use serde_yaml::Value as Yaml;
    match key {
        Yaml::String(s) => Ok(s.clone()),
        Yaml::Number(n) => Ok(n.to_string()),
        Yaml::Bool(b) => Ok(b.to_string()),
        Yaml::Null => Ok("null".to_owned()),
        Yaml::Tagged(tagged) => yaml_key(&tagged.value),
        Yaml::Sequence(_) | Yaml::Mapping(_) => {
            Err("a YAML mapping key is a sequence or mapping, which JSON cannot hold".to_owned())
        }
    }
}

/// Parses JSON or YAML bytes as an OpenAPI 3.0.x document.
pub(crate) fn parse_openapi(bytes: &[u8]) -> Result<Value, String> {
    let document = parse_document(bytes)?;
    check_openapi_version(&document)?;
    Ok(document)
}

/// Checks the OpenAPI version and gathers what the outputs say about the source.
pub(crate) fn describe_source(
    document: &Value,
    file_name: String,
    bytes: &[u8],
) -> Result<Source, String> {
    Ok(Source {
        file_name,
        sha256: sha256_hex(bytes),
        openapi: check_openapi_version(document)?,
        title: info_string(document, "title")?,
        version: info_string(document, "version")?,
    })
}

/// The `openapi` version string, when it is a 3.0.x one.
fn check_openapi_version(document: &Value) -> Result<String, String> {
    let found = match (document.get("openapi"), document.get("swagger")) {
        (Some(Value::String(v)), _) if v.starts_with("3.0.") => return Ok(v.clone()),
        (Some(Value::String(v)), _) => format!("openapi {v}"),
        (Some(other), _) => format!("non-string `openapi` value {other}"),
        (None, Some(Value::String(v))) => format!("swagger {v}"),
        (None, Some(other)) => format!("swagger {other}"),
        (None, None) => "no `openapi` field".to_owned(),
    };
    // GitHub publishes its description as OpenAPI 3.0; the generator also reads 3.1 and 3.2,
    // but the selection rule and the overrides are written for GitHub's 3.0 document.
    Err(format!(
        "vendoring takes GitHub's OpenAPI 3.0.x description only (found: {found})"
    ))
}

/// A required string of the `info` object.
fn info_string(document: &Value, field: &str) -> Result<String, String> {
    document
        .get("info")
        .and_then(|info| info.get(field))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("`info.{field}` is missing or not a string"))
}

/// Hex SHA-256 of the (decompressed) document bytes, so a reader can check which input was used.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
