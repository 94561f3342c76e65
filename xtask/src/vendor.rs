//! `cargo xtask vendor --from PATH`: cut `spec/codespaces.yaml` out of GitHub's full REST description.
//!
//! The full description holds more than a thousand operations and changes in places this client
//! never touches. Vendoring keeps only the operations chosen by [`SELECTION`] and the components
//! they reach through `$ref`, writes them in a canonical order so that a rerun on the same input
//! is byte-identical, and records where the cut came from in `spec/PROVENANCE.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// The vendored description, inside the spec directory.
const SPEC_FILE: &str = "codespaces.yaml";

/// The record of where the vendored description came from, inside the spec directory.
const PROVENANCE_FILE: &str = "PROVENANCE.md";

/// The keys of a path item that hold operations, in the order the OpenAPI 3.0 specification lists them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Which operations are vendored: those GitHub files under one `x-github` category and subcategory.
struct Selection {
    /// Required value of the operation's `x-github.category`.
    category: &'static str,
    /// Required value of the operation's `x-github.subcategory`.
    subcategory: &'static str,
}

/// The selection rule, also written in words into `PROVENANCE.md`.
///
/// The `codespaces` tag alone would be too wide (it also covers organisation, secrets and machine
/// endpoints); this pair is exactly GitHub's "Codespaces" REST page plus the permissions check.
const SELECTION: Selection = Selection {
    category: "codespaces",
    subcategory: "codespaces",
};

impl Selection {
    /// Whether an operation object falls under the rule.
    fn matches(&self, operation: &Value) -> bool {
        let x_github = operation.get("x-github");
        let field = |name: &str| x_github.and_then(|x| x.get(name)).and_then(Value::as_str);
        field("category") == Some(self.category) && field("subcategory") == Some(self.subcategory)
    }

    /// The rule in words, for `PROVENANCE.md` and the no-match error.
    fn describe(&self) -> String {
        format!(
            "every operation under `paths/<path>/<method>` whose `x-github.category` is `{}` \
             and whose `x-github.subcategory` is `{}`",
            self.category, self.subcategory
        )
    }
}

/// One kept operation, as listed in `PROVENANCE.md`.
struct OperationRow {
    path: String,
    method: &'static str,
    operation_id: Option<String>,
}

/// A `$ref` (or a name that acts as one) and the JSON pointer of the place it was found.
struct Reference {
    target: String,
    found_at: String,
}

/// What the input document is and where it came from, as shown in the outputs.
struct Source {
    /// The input's file name without its directory, so the outputs do not depend on the machine.
    file_name: String,
    sha256: String,
    openapi: String,
    title: String,
    version: String,
}

/// Components kept, by kind then name; both levels sorted for a canonical output.
type Components = BTreeMap<String, BTreeMap<String, Value>>;

/// The selected part of the upstream document.
struct Cut {
    /// Kept path items by path, each with only its selected operations left.
    paths: BTreeMap<String, Map<String, Value>>,
    operations: Vec<OperationRow>,
    components: Components,
}

/// Both output files, fully rendered before anything is written.
struct Vendored {
    yaml: String,
    provenance: String,
    summary: String,
}

/// Vendors the Codespaces part of the description at `from` into `spec_dir`.
///
/// Everything is computed before the first write, so on error `spec_dir` is left as it was.
pub fn run(from: &Path, spec_dir: &Path) -> Result<(), String> {
    let vendored = vendor(from)?;
    write_all_or_nothing(
        spec_dir,
        &[
            (SPEC_FILE, vendored.yaml.as_str()),
            (PROVENANCE_FILE, vendored.provenance.as_str()),
        ],
    )?;
    println!(
        "{} into {}",
        vendored.summary,
        spec_dir.join(SPEC_FILE).display()
    );
    Ok(())
}

/// Reads, checks and cuts the document at `from`, returning the rendered outputs.
fn vendor(from: &Path) -> Result<Vendored, String> {
    let file_name = display_file_name(from)?;
    let bytes = read_document_bytes(from)?;
    let in_file = |message: String| format!("{}: {message}", from.display());
    let document = parse_document(&bytes).map_err(in_file)?;
    let source = describe_source(&document, file_name, &bytes).map_err(in_file)?;
    let cut = cut(&document).map_err(in_file)?;
    let yaml = render_yaml(&build_document(&document, &cut), &source.file_name)?;
    Ok(Vendored {
        provenance: render_provenance(&source, &cut),
        summary: format!(
            "vendored {} operations and {} components from {} ({} {})",
            cut.operations.len(),
            count_components(&cut.components),
            source.file_name,
            source.title,
            source.version
        ),
        yaml,
    })
}

/// The file name of `from`, made safe to put on one line of a comment.
fn display_file_name(from: &Path) -> Result<String, String> {
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
fn read_document_bytes(from: &Path) -> Result<Vec<u8>, String> {
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
fn parse_document(bytes: &[u8]) -> Result<Value, String> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    let document = if first == Some(&b'{') {
        serde_json::from_slice(text).map_err(|e| format!("invalid JSON: {e}"))?
    } else {
        let mut yaml: serde_yaml::Value =
            serde_yaml::from_slice(text).map_err(|e| format!("invalid YAML: {e}"))?;
        yaml.apply_merge()
            .map_err(|e| format!("invalid YAML merge key: {e}"))?;
        yaml_to_json(yaml)?
    };
    if !document.is_object() {
        return Err("the document is not a JSON or YAML object".to_owned());
    }
    Ok(document)
}

/// Converts a YAML value into a JSON value.
///
/// Deserializing YAML straight into `serde_json::Value` rejects unquoted response codes such as
/// `200:` (integer keys), which hand-written OpenAPI YAML uses all the time.
fn yaml_to_json(yaml: serde_yaml::Value) -> Result<Value, String> {
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

/// Checks the OpenAPI version and gathers what the outputs say about the source.
fn describe_source(document: &Value, file_name: String, bytes: &[u8]) -> Result<Source, String> {
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
    Err(format!("only OpenAPI 3.0.x is supported (found: {found})"))
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
fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Selects the operations and closes over the components they reference.
fn cut(document: &Value) -> Result<Cut, String> {
    let paths = select_paths(document)?;
    if paths.is_empty() {
        return Err(format!(
            "the selection rule matched no operation (rule: {})",
            SELECTION.describe()
        ));
    }
    let operations = operation_rows(&paths);
    let components = collect_components(document, root_references(document, &paths))?;
    Ok(Cut {
        paths,
        operations,
        components,
    })
}

/// Path items that hold at least one selected operation, stripped of the other operations.
fn select_paths(document: &Value) -> Result<BTreeMap<String, Map<String, Value>>, String> {
    let paths = document
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("the document has no `paths` object")?;
    Ok(paths
        .iter()
        .filter_map(|(path, item)| {
            let kept = keep_selected_operations(item.as_object()?)?;
            Some((path.clone(), kept))
        })
        .collect())
}

/// A path item with only its selected operations, or `None` when it has none.
///
/// Non-operation keys (`parameters`, `summary`, `servers`, extensions) are kept: they apply to
/// the kept operations too.
fn keep_selected_operations(item: &Map<String, Value>) -> Option<Map<String, Value>> {
    let is_dropped = |key: &str, value: &Value| METHODS.contains(&key) && !SELECTION.matches(value);
    let kept: Map<String, Value> = item
        .iter()
        .filter(|(key, value)| !is_dropped(key, value))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let has_operation = METHODS.iter().any(|method| kept.contains_key(*method));
    has_operation.then_some(kept)
}

/// The kept operations sorted by path, then by the specification's method order.
fn operation_rows(paths: &BTreeMap<String, Map<String, Value>>) -> Vec<OperationRow> {
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS.iter().filter_map(move |&method| {
                let operation = item.get(method)?;
                Some(OperationRow {
                    path: path.clone(),
                    method,
                    operation_id: operation
                        .get("operationId")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                })
            })
        })
        .collect()
}

/// Every reference made directly by what is kept outside `components`.
fn root_references(
    document: &Value,
    paths: &BTreeMap<String, Map<String, Value>>,
) -> Vec<Reference> {
    let mut found = Vec::new();
    for (path, item) in paths {
        let at = format!("#/paths/{}", escape_pointer_segment(path));
        for (key, value) in item {
            let value_at = format!("{at}/{}", escape_pointer_segment(key));
            find_references(value, &value_at, &mut found);
            if METHODS.contains(&key.as_str()) {
                security_references(
                    value.get("security"),
                    &format!("{value_at}/security"),
                    &mut found,
                );
            }
        }
    }
    security_references(document.get("security"), "#/security", &mut found);
    found
}

/// References to `components/securitySchemes` made by name from a security requirement list.
///
/// These are not `$ref`s, yet dropping the schemes they name would leave the output invalid.
fn security_references(requirements: Option<&Value>, at: &str, found: &mut Vec<Reference>) {
    let Some(Value::Array(requirements)) = requirements else {
        return;
    };
    for (index, requirement) in requirements.iter().enumerate() {
        for name in requirement.as_object().into_iter().flat_map(Map::keys) {
            found.push(Reference {
                target: format!(
                    "#/components/securitySchemes/{}",
                    escape_pointer_segment(name)
                ),
                found_at: format!("{at}/{index}"),
            });
        }
    }
}

/// Collects the references inside `value`, which sits at the JSON pointer `at`.
///
/// Example payloads are walked like everything else: OpenAPI 3.0 gives no reliable way to tell
/// a literal `$ref` key in example data from a reference without knowing every object's type.
fn find_references(value: &Value, at: &str, found: &mut Vec<Reference>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_at = format!("{at}/{}", escape_pointer_segment(key));
                match (key.as_str(), child) {
                    ("$ref", Value::String(target)) => found.push(Reference {
                        target: target.clone(),
                        found_at: at.to_owned(),
                    }),
                    ("discriminator", Value::Object(discriminator)) => {
                        discriminator_references(discriminator, &child_at, found);
                    }
                    _ => find_references(child, &child_at, found),
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                find_references(item, &format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// References made by a discriminator's `mapping`, whose values are refs or bare schema names.
fn discriminator_references(
    discriminator: &Map<String, Value>,
    at: &str,
    found: &mut Vec<Reference>,
) {
    let Some(Value::Object(mapping)) = discriminator.get("mapping") else {
        return;
    };
    for (key, value) in mapping {
        let Value::String(target) = value else {
            continue;
        };
        // The specification reads a value without `/` as a name in `components/schemas`.
        let target = if target.contains('/') || target.starts_with('#') {
            target.clone()
        } else {
            format!("#/components/schemas/{}", escape_pointer_segment(target))
        };
        found.push(Reference {
            target,
            found_at: format!("{at}/mapping/{}", escape_pointer_segment(key)),
        });
    }
}

/// The transitive closure of `roots` over `components`.
fn collect_components(document: &Value, roots: Vec<Reference>) -> Result<Components, String> {
    let mut kept = Components::new();
    let mut pending = roots;
    while let Some(reference) = pending.pop() {
        let (kind, name) = component_of(&reference)?;
        if kept
            .get(&kind)
            .is_some_and(|entries| entries.contains_key(&name))
        {
            continue;
        }
        let dangling = || {
            format!(
                "dangling reference `{}` (found at `{}`)",
                reference.target, reference.found_at
            )
        };
        // The whole pointer must resolve, not only its component part, for deep refs.
        resolve(document, &reference.target).ok_or_else(dangling)?;
        let entry = document
            .get("components")
            .and_then(|components| components.get(&kind))
            .and_then(|entries| entries.get(&name))
            .ok_or_else(dangling)?;
        let entry_at = format!(
            "#/components/{}/{}",
            escape_pointer_segment(&kind),
            escape_pointer_segment(&name)
        );
        find_references(entry, &entry_at, &mut pending);
        kept.entry(kind).or_default().insert(name, entry.clone());
    }
    Ok(kept)
}

/// The `(kind, name)` of the component a reference points into.
fn component_of(reference: &Reference) -> Result<(String, String), String> {
    let segments = pointer_segments(&reference.target).ok_or_else(|| {
        format!(
            "reference `{}` (found at `{}`) is not local: only `#/...` references are supported",
            reference.target, reference.found_at
        )
    })?;
    match segments.as_slice() {
        [root, kind, name, ..] if root == "components" => Ok((kind.clone(), name.clone())),
        _ => Err(format!(
            "reference `{}` (found at `{}`) does not point into `#/components/<kind>/<name>`",
            reference.target, reference.found_at
        )),
    }
}

/// The unescaped segments of a local reference `#/a/b`, or `None` when it is not local.
fn pointer_segments(target: &str) -> Option<Vec<String>> {
    let pointer = target.strip_prefix('#')?;
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(unescape_pointer_segment).collect())
}

/// The value a local reference points to, if any.
fn resolve<'a>(document: &'a Value, target: &str) -> Option<&'a Value> {
    pointer_segments(target)?
        .iter()
        .try_fold(document, |value, segment| match value {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
}

/// RFC 6901 unescaping; `~1` goes first so that `~01` becomes `~1`, not `/`.
fn unescape_pointer_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// RFC 6901 escaping; `~` goes first so that the `~` of a new `~1` is not escaped again.
fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The number of kept components of all kinds.
fn count_components(components: &Components) -> usize {
    components.values().map(BTreeMap::len).sum()
}

/// The vendored document, with top-level keys in a fixed order.
fn build_document(document: &Value, cut: &Cut) -> Value {
    let mut out = Map::new();
    for key in ["openapi", "info", "servers", "externalDocs", "security"] {
        if let Some(value) = document.get(key) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    let tags = used_tags(document, &cut.paths);
    if !tags.is_empty() {
        out.insert("tags".to_owned(), Value::Array(tags));
    }
    let paths = cut
        .paths
        .iter()
        .map(|(path, item)| (path.clone(), Value::Object(item.clone())))
        .collect();
    out.insert("paths".to_owned(), Value::Object(paths));
    if !cut.components.is_empty() {
        out.insert("components".to_owned(), components_value(&cut.components));
    }
    Value::Object(out)
}

/// The upstream tag objects that a kept operation uses, in upstream order.
fn used_tags(document: &Value, paths: &BTreeMap<String, Map<String, Value>>) -> Vec<Value> {
    let used: BTreeSet<&str> = paths
        .values()
        .flat_map(|item| METHODS.iter().filter_map(|method| item.get(*method)))
        .filter_map(|operation| operation.get("tags").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    document
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|tag| {
            tag.get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| used.contains(name))
        })
        .cloned()
        .collect()
}

/// The kept components as a `components` object, kinds and names in sorted order.
fn components_value(components: &Components) -> Value {
    Value::Object(
        components
            .iter()
            .map(|(kind, entries)| {
                let entries = entries
                    .iter()
                    .map(|(name, entry)| (name.clone(), entry.clone()))
                    .collect();
                (kind.clone(), Value::Object(entries))
            })
            .collect(),
    )
}

/// The YAML file: a do-not-edit header, then the document.
fn render_yaml(document: &Value, file_name: &str) -> Result<String, String> {
    let body = serde_yaml::to_string(document)
        .map_err(|e| format!("cannot serialize the vendored document as YAML: {e}"))?;
    Ok(format!(
        "# Generated by `cargo xtask vendor --from {file_name}`; see {PROVENANCE_FILE}. \
         Do not edit by hand.\n{body}"
    ))
}

/// `PROVENANCE.md`: the input, the rule, the counts and the kept operations, with no timestamp.
fn render_provenance(source: &Source, cut: &Cut) -> String {
    let mut md = format!(
        "# Provenance of `{SPEC_FILE}`\n\n\
         `{SPEC_FILE}` is generated by `cargo xtask vendor`; do not edit it or this file by hand.\n\n\
         ## Source\n\n\
         | | |\n|---|---|\n\
         | file | `{}` |\n\
         | `info.title` | {} |\n\
         | `info.version` (package version) | {} |\n\
         | `openapi` | {} |\n\
         | sha256 of the uncompressed document | `{}` |\n\n\
         ## Selection rule\n\n\
         Keep {}, with its path item's non-operation fields (such as path-level `parameters`); \
         then keep every component reachable from what is kept through `$ref` (followed \
         transitively), discriminator mappings and security requirements. Nothing else from \
         `components` is kept, and of the top-level `tags` only those the kept operations use.\n\n\
         ## Counts\n\n\
         - operations kept: {}\n\
         - components kept: {}\n",
        source.file_name,
        table_cell(&source.title),
        table_cell(&source.version),
        table_cell(&source.openapi),
        source.sha256,
        SELECTION.describe(),
        cut.operations.len(),
        count_components(&cut.components),
    );
    for (kind, entries) in &cut.components {
        md.push_str(&format!("  - {kind}: {}\n", entries.len()));
    }
    md.push_str(
        "\n## Operations\n\nSorted by path, then by method in the OpenAPI specification's order.\n\n\
         | method | path | operationId |\n|---|---|---|\n",
    );
    for row in &cut.operations {
        md.push_str(&format!(
            "| {} | `{}` | {} |\n",
            row.method.to_uppercase(),
            table_cell(&row.path),
            row.operation_id
                .as_deref()
                .map_or("(none)".to_owned(), |id| format!("`{}`", table_cell(id)))
        ));
    }
    md.push_str(&format!(
        "\n## Rebuild\n\n\
         With a copy of the source file whose sha256 matches the one above:\n\n\
         ```sh\ncargo xtask vendor --from path/to/{}\n```\n",
        source.file_name
    ));
    md
}

/// Text made safe for one Markdown table cell.
fn table_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Writes every `(name, contents)` into `dir` via temp files and renames.
///
/// Files whose contents are already right are not rewritten, so their modification time does
/// not trigger rebuilds. All temp files are written before the first rename so that a failed
/// write (disk full, permissions) leaves the old files in place.
fn write_all_or_nothing(dir: &Path, files: &[(&str, &str)]) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (name, contents) in files {
        let target = dir.join(name);
        if fs::read(&target).is_ok_and(|old| old == contents.as_bytes()) {
            continue;
        }
        let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        if let Err(e) = fs::write(&temp, contents) {
            remove_temp_files(staged.iter().map(|(t, _)| t).chain([&temp]));
            return Err(format!("cannot write {}: {e}", temp.display()));
        }
        staged.push((temp, target));
    }
    for (index, (temp, target)) in staged.iter().enumerate() {
        if let Err(e) = fs::rename(temp, target) {
            remove_temp_files(staged[index..].iter().map(|(t, _)| t));
            return Err(format!(
                "cannot rename {} to {}: {e}",
                temp.display(),
                target.display()
            ));
        }
    }
    Ok(())
}

/// Best-effort cleanup on a failed write; the original error is the one worth reporting.
fn remove_temp_files<'a>(temps: impl IntoIterator<Item = &'a PathBuf>) {
    for temp in temps {
        let _ = fs::remove_file(temp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::io::Write;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A fresh directory under the system temp dir, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(label: &str) -> Self {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let unique = format!(
                "xtask-vendor-{}-{}-{label}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            );
            let dir = std::env::temp_dir().join(unique);
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }

        fn path(&self, name: &str) -> PathBuf {
            self.0.join(name)
        }

        fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
            let path = self.path(name);
            fs::write(&path, bytes).unwrap();
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn codespaces_op(operation_id: &str, response_ref: &str) -> Value {
        json!({
            "tags": ["codespaces"],
            "operationId": operation_id,
            "x-github": {"category": "codespaces", "subcategory": "codespaces"},
            "responses": {"200": {"$ref": response_ref}}
        })
    }

    /// A small 3.0 document: two kept operations on one path (next to a dropped one), a kept
    /// operation elsewhere, an unrelated path, a schema chain, a cycle and unreached components.
    fn sample_spec() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"version": "1.2.3", "title": "Sample API"},
            "tags": [
                {"name": "actions", "description": "Actions"},
                {"name": "codespaces", "description": "Codespaces"}
            ],
            "servers": [{"url": "https://api.example.com"}],
            "externalDocs": {"url": "https://docs.example.com"},
            "paths": {
                "/user/codespaces": {
                    "get": codespaces_op("codespaces/list", "#/components/responses/list"),
                    "post": {
                        "tags": ["codespaces"],
                        "operationId": "codespaces/secret-thing",
                        "x-github": {"category": "codespaces", "subcategory": "secrets"},
                        "responses": {"200": {"$ref": "#/components/responses/unreached"}}
                    },
                    "delete": codespaces_op("codespaces/delete", "#/components/responses/list")
                },
                "/repos/{owner}/codespaces": {
                    "parameters": [{"$ref": "#/components/parameters/owner"}],
                    "get": codespaces_op("codespaces/in-repo", "#/components/responses/weird~1name")
                },
                "/actions": {
                    "get": {
                        "tags": ["actions"],
                        "operationId": "actions/list",
                        "x-github": {"category": "actions", "subcategory": "runs"},
                        "responses": {"200": {"$ref": "#/components/responses/unreached"}}
                    }
                }
            },
            "x-webhooks": {"ping": {}},
            "components": {
                "schemas": {
                    "unreached": {"type": "string"},
                    "codespace": {
                        "type": "object",
                        "properties": {
                            "owner": {"$ref": "#/components/schemas/simple-user"},
                            "parent": {"$ref": "#/components/schemas/codespace"}
                        }
                    },
                    "simple-user": {"type": "object", "properties": {"id": {"type": "integer"}}},
                    "tilde~name": {"type": "boolean"}
                },
                "responses": {
                    "list": {
                        "description": "A list",
                        "content": {"application/json": {
                            "schema": {"type": "array", "items": {"$ref": "#/components/schemas/codespace"}},
                            "examples": {"default": {"$ref": "#/components/examples/list"}}
                        }}
                    },
                    "weird/name": {
                        "description": "Pointer escaping",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/tilde~0name"}}}
                    },
                    "unreached": {"description": "never kept"}
                },
                "parameters": {
                    "owner": {"name": "owner", "in": "path", "required": true, "schema": {"type": "string"}}
                },
                "examples": {
                    "list": {"value": [{"id": 1}]},
                    "unreached": {"value": 2}
                }
            }
        })
    }

    fn json_bytes(spec: &Value) -> Vec<u8> {
        serde_json::to_vec_pretty(spec).unwrap()
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap()
    }

    /// Parses the generated YAML back, skipping the header comment.
    fn vendored_document(spec_dir: &Path) -> Value {
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&read(&spec_dir.join(SPEC_FILE))).unwrap();
        yaml_to_json(yaml).unwrap()
    }

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    /// Runs the vendor step on `spec` written as `name` and expects it to fail without touching
    /// an existing spec directory.
    fn expect_failure(name: &str, bytes: &[u8]) -> String {
        let dir = TempDir::new("failure");
        let input = dir.write(name, bytes);
        let spec_dir = dir.path("spec");
        fs::create_dir_all(&spec_dir).unwrap();
        fs::write(spec_dir.join(SPEC_FILE), "old yaml").unwrap();
        let error = run(&input, &spec_dir).unwrap_err();
        let entries: Vec<_> = fs::read_dir(&spec_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(entries, [SPEC_FILE], "spec dir changed on error");
        assert_eq!(read(&spec_dir.join(SPEC_FILE)), "old yaml");
        assert!(
            !error.ends_with('.'),
            "error ends with a full stop: {error}"
        );
        error
    }

    #[test]
    fn keeps_selected_operations_and_their_closure() {
        let dir = TempDir::new("closure");
        let input = dir.write("sample.json", &json_bytes(&sample_spec()));
        let spec_dir = dir.path("spec");
        run(&input, &spec_dir).unwrap();
        let doc = vendored_document(&spec_dir);

        assert_eq!(
            keys(&doc),
            [
                "openapi",
                "info",
                "servers",
                "externalDocs",
                "tags",
                "paths",
                "components"
            ]
        );
        assert_eq!(
            doc["tags"],
            json!([{"name": "codespaces", "description": "Codespaces"}])
        );
        assert_eq!(
            keys(&doc["paths"]),
            ["/repos/{owner}/codespaces", "/user/codespaces"]
        );
        assert_eq!(keys(&doc["paths"]["/user/codespaces"]), ["get", "delete"]);
        assert_eq!(
            keys(&doc["paths"]["/repos/{owner}/codespaces"]),
            ["parameters", "get"]
        );

        let components = &doc["components"];
        assert_eq!(
            keys(components),
            ["examples", "parameters", "responses", "schemas"]
        );
        assert_eq!(
            keys(&components["schemas"]),
            ["codespace", "simple-user", "tilde~name"]
        );
        assert_eq!(keys(&components["responses"]), ["list", "weird/name"]);
        assert_eq!(keys(&components["parameters"]), ["owner"]);
        assert_eq!(keys(&components["examples"]), ["list"]);
        // Upstream key order inside a component survives.
        assert_eq!(
            keys(&components["schemas"]["codespace"]),
            ["type", "properties"]
        );
    }

    #[test]
    fn yaml_starts_with_machine_independent_header() {
        let dir = TempDir::new("header");
        let input = dir.write("sample.json", &json_bytes(&sample_spec()));
        run(&input, &dir.path("spec")).unwrap();
        let yaml = read(&dir.path("spec").join(SPEC_FILE));
        let first_line = yaml.lines().next().unwrap();
        assert_eq!(
            first_line,
            "# Generated by `cargo xtask vendor --from sample.json`; see PROVENANCE.md. Do not edit by hand."
        );
        assert!(yaml.lines().nth(1).unwrap().starts_with("openapi:"));
    }

    #[test]
    fn provenance_records_source_rule_counts_and_operations() {
        let dir = TempDir::new("provenance");
        let bytes = json_bytes(&sample_spec());
        let input = dir.write("sample.json", &bytes);
        run(&input, &dir.path("spec")).unwrap();
        let md = read(&dir.path("spec").join(PROVENANCE_FILE));
        assert!(md.contains("| file | `sample.json` |"));
        assert!(md.contains("| `info.title` | Sample API |"));
        assert!(md.contains("| `info.version` (package version) | 1.2.3 |"));
        assert!(md.contains(&sha256_hex(&bytes)));
        assert!(md.contains(&SELECTION.describe()));
        assert!(md.contains("- operations kept: 3\n"));
        assert!(md.contains("- components kept: 7\n"));
        assert!(md.contains("  - schemas: 3\n"));
        assert!(md.contains("cargo xtask vendor --from path/to/sample.json"));
        let rows: Vec<&str> = md
            .lines()
            .filter(|l| l.starts_with("| GET") || l.starts_with("| DELETE"))
            .collect();
        assert_eq!(
            rows,
            [
                "| GET | `/repos/{owner}/codespaces` | `codespaces/in-repo` |",
                "| GET | `/user/codespaces` | `codespaces/list` |",
                "| DELETE | `/user/codespaces` | `codespaces/delete` |",
            ]
        );
    }

    #[test]
    fn output_is_byte_identical_across_runs() {
        let dir = TempDir::new("deterministic");
        let input = dir.write("sample.json", &json_bytes(&sample_spec()));
        let (first, second) = (dir.path("first"), dir.path("second"));
        run(&input, &first).unwrap();
        run(&input, &second).unwrap();
        run(&input, &second).unwrap();
        for name in [SPEC_FILE, PROVENANCE_FILE] {
            assert_eq!(
                fs::read(first.join(name)).unwrap(),
                fs::read(second.join(name)).unwrap()
            );
        }
        let leftovers = fs::read_dir(&second).unwrap().count();
        assert_eq!(leftovers, 2, "temp files left behind");
    }

    #[test]
    fn gzip_input_gives_the_same_output_as_plain_json() {
        let dir = TempDir::new("gzip");
        let bytes = json_bytes(&sample_spec());
        // Same file name, so the header and provenance can be compared byte for byte.
        fs::create_dir_all(dir.path("plain")).unwrap();
        fs::create_dir_all(dir.path("gz")).unwrap();
        let plain = dir.write("plain/sample.json", &bytes);
        let gz = dir.write("gz/sample.json", &gzip(&bytes));
        run(&plain, &dir.path("out-plain")).unwrap();
        run(&gz, &dir.path("out-gz")).unwrap();
        for name in [SPEC_FILE, PROVENANCE_FILE] {
            assert_eq!(
                read(&dir.path("out-plain").join(name)),
                read(&dir.path("out-gz").join(name))
            );
        }
        // The checksum is of the decompressed document, not of the gzip stream.
        assert!(read(&dir.path("out-gz").join(PROVENANCE_FILE)).contains(&sha256_hex(&bytes)));
    }

    #[test]
    fn yaml_input_gives_the_same_document_as_json() {
        let dir = TempDir::new("yaml");
        let spec = sample_spec();
        let json_input = dir.write("sample.json", &json_bytes(&spec));
        let yaml_input = dir.write(
            "sample.yaml",
            serde_yaml::to_string(&spec).unwrap().as_bytes(),
        );
        run(&json_input, &dir.path("from-json")).unwrap();
        run(&yaml_input, &dir.path("from-yaml")).unwrap();
        assert_eq!(
            vendored_document(&dir.path("from-json")),
            vendored_document(&dir.path("from-yaml"))
        );
    }

    #[test]
    fn yaml_input_accepts_unquoted_response_codes() {
        let dir = TempDir::new("yaml-int-keys");
        let yaml = "\
openapi: 3.0.0
info: {title: T, version: '1'}
paths:
  /user/codespaces:
    get:
      x-github: {category: codespaces, subcategory: codespaces}
      responses:
        200: {description: ok}
";
        let input = dir.write("t.yml", yaml.as_bytes());
        run(&input, &dir.path("spec")).unwrap();
        let doc = vendored_document(&dir.path("spec"));
        assert_eq!(
            keys(&doc["paths"]["/user/codespaces"]["get"]["responses"]),
            ["200"]
        );
    }

    #[test]
    fn rejects_swagger_2() {
        let spec = json!({"swagger": "2.0", "info": {"title": "T", "version": "1"}, "paths": {}});
        let error = expect_failure("swagger.json", &json_bytes(&spec));
        assert!(
            error.contains("only OpenAPI 3.0.x is supported (found: swagger 2.0)"),
            "{error}"
        );
    }

    #[test]
    fn rejects_openapi_3_1() {
        let mut spec = sample_spec();
        spec["openapi"] = json!("3.1.0");
        let error = expect_failure("v31.json", &json_bytes(&spec));
        assert!(
            error.contains("only OpenAPI 3.0.x is supported (found: openapi 3.1.0)"),
            "{error}"
        );
    }

    #[test]
    fn rejects_document_without_openapi_field() {
        let error = expect_failure("none.yaml", b"info: {title: T, version: '1'}\npaths: {}\n");
        assert!(
            error.contains("only OpenAPI 3.0.x is supported (found: no `openapi` field)"),
            "{error}"
        );
    }

    #[test]
    fn dangling_reference_names_the_ref_and_where_it_was_found() {
        let mut spec = sample_spec();
        spec["components"]["schemas"]["simple-user"]["properties"]["id"] =
            json!({"$ref": "#/components/schemas/missing"});
        let error = expect_failure("dangling.json", &json_bytes(&spec));
        assert!(error.contains("`#/components/schemas/missing`"), "{error}");
        assert!(
            error.contains("`#/components/schemas/simple-user/properties/id`"),
            "{error}"
        );
    }

    #[test]
    fn non_local_reference_is_rejected() {
        let mut spec = sample_spec();
        spec["paths"]["/user/codespaces"]["get"]["responses"]["404"] =
            json!({"$ref": "other.yaml#/NotFound"});
        let error = expect_failure("external.json", &json_bytes(&spec));
        assert!(error.contains("`other.yaml#/NotFound`"), "{error}");
        assert!(
            error.contains("`#/paths/~1user~1codespaces/get/responses/404`"),
            "{error}"
        );
    }

    #[test]
    fn no_match_is_an_error_and_writes_nothing() {
        let mut spec = sample_spec();
        spec["paths"]
            .as_object_mut()
            .unwrap()
            .retain(|path, _| path == "/actions");
        let error = expect_failure("nomatch.json", &json_bytes(&spec));
        assert!(
            error.contains("the selection rule matched no operation"),
            "{error}"
        );
    }

    #[test]
    fn missing_file_error_names_the_path() {
        let dir = TempDir::new("missing");
        let input = dir.path("does-not-exist.json.gz");
        let spec_dir = dir.path("spec");
        let error = run(&input, &spec_dir).unwrap_err();
        assert!(error.contains(&input.display().to_string()), "{error}");
        assert!(!spec_dir.exists());
    }

    #[test]
    fn security_requirements_keep_their_schemes() {
        let dir = TempDir::new("security");
        let mut spec = sample_spec();
        spec["paths"]["/user/codespaces"]["get"]["security"] = json!([{"oauth": ["codespace"]}]);
        spec["components"]["securitySchemes"] = json!({
            "oauth": {"type": "http", "scheme": "bearer"},
            "unused": {"type": "http", "scheme": "basic"}
        });
        let input = dir.write("security.json", &json_bytes(&spec));
        run(&input, &dir.path("spec")).unwrap();
        let doc = vendored_document(&dir.path("spec"));
        assert_eq!(keys(&doc["components"]["securitySchemes"]), ["oauth"]);
    }

    #[test]
    fn pointer_segments_are_unescaped() {
        assert_eq!(unescape_pointer_segment("a~1b~0c~01"), "a/b~c~1");
        assert_eq!(escape_pointer_segment("a/b~c~1"), "a~1b~0c~01");
        assert_eq!(
            pointer_segments("#/components/responses/weird~1name"),
            Some(vec![
                "components".to_owned(),
                "responses".to_owned(),
                "weird/name".to_owned()
            ])
        );
        assert_eq!(pointer_segments("other.yaml#/x"), None);
    }
}
