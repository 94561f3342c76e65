//! The cut: which operations are kept, the components they reach, and the fragment built from them.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::pointer;
use super::read::parse_yaml;

/// The keys of a path item that hold operations, in the order the OpenAPI 3.0 specification lists them.
const METHODS: [&str; 8] = codegen::ir::HttpMethod::KEYS;

/// Which operations are vendored: the rule read from `spec/selection.yaml`.
///
/// The rule is data, reviewed like the overrides, so that widening or narrowing the client is a
/// change to one small file rather than to this code:
///
/// ```yaml
/// keep:
/// - category: codespaces          # x-github.category must be `codespaces`
///   subcategory: machines         # optional: x-github.subcategory must be `machines` too
/// ```
///
/// An operation is kept when its `x-github` extension matches at least one entry of `keep`.
pub(super) struct Selection {
    /// The entries of `keep`, in file order; never empty.
    entries: Vec<Match>,
    /// The file the rule was read from, named in the no-match error.
    source: PathBuf,
}

/// One entry of `keep`: the `x-github` values an operation must have.
struct Match {
    /// Required value of the operation's `x-github.category`.
    category: String,
    /// Required value of the operation's `x-github.subcategory`, when given.
    subcategory: Option<String>,
}

/// The keys an entry of `keep` may have.
const MATCH_KEYS: [&str; 2] = ["category", "subcategory"];

impl Selection {
    /// Reads the rule file at `path`. A missing file is an error: without a rule nothing says
    /// what to vendor.
    pub(super) fn load(path: &Path) -> Result<Self, String> {
        let bytes = fs::read(path)
            .map_err(|e| format!("cannot read the selection rule {}: {e}", path.display()))?;
        let entries =
            parse_rule(&bytes).map_err(|message| format!("{}: {message}", path.display()))?;
        Ok(Self {
            entries,
            source: path.to_path_buf(),
        })
    }

    /// Whether an operation object falls under the rule.
    fn matches(&self, operation: &Value) -> bool {
        let x_github = operation.get("x-github");
        let field = |name: &str| x_github.and_then(|x| x.get(name)).and_then(Value::as_str);
        self.entries.iter().any(|entry| {
            field("category") == Some(entry.category.as_str())
                && entry
                    .subcategory
                    .as_deref()
                    .is_none_or(|subcategory| field("subcategory") == Some(subcategory))
        })
    }

    /// The rule in words, for `PROVENANCE.md` and the no-match error.
    pub(super) fn describe(&self) -> String {
        let conditions: Vec<String> = self
            .entries
            .iter()
            .map(|entry| match &entry.subcategory {
                None => format!("whose `x-github.category` is `{}`", entry.category),
                Some(subcategory) => format!(
                    "whose `x-github.category` is `{}` and whose `x-github.subcategory` is \
                     `{subcategory}`",
                    entry.category
                ),
            })
            .collect();
        format!(
            "every operation under `paths/<path>/<method>` {}",
            conditions.join(", or ")
        )
    }
}

/// Parses and checks the text of a selection file: a mapping whose only key is `keep`, a
/// non-empty list of entries with a `category` and an optional `subcategory`, both strings.
fn parse_rule(bytes: &[u8]) -> Result<Vec<Match>, String> {
    const SHAPE: &str = "expected a mapping whose only key is `keep`, holding a non-empty list \
                         of entries such as `{category: codespaces}`";
    let Value::Object(mut file) = parse_yaml(bytes)? else {
        return Err(SHAPE.to_owned());
    };
    let keep = file.remove("keep");
    if let Some(key) = file.keys().next() {
        return Err(format!("unknown top-level key `{key}`; {SHAPE}"));
    }
    let Some(Value::Array(keep)) = keep else {
        return Err(SHAPE.to_owned());
    };
    if keep.is_empty() {
        return Err(format!(
            "`keep` is empty, so nothing would be vendored; {SHAPE}"
        ));
    }
    keep.into_iter()
        .enumerate()
        .map(|(index, entry)| parse_match(index + 1, entry))
        .collect()
}

/// Parses entry `number` (counting from 1) of `keep`.
fn parse_match(number: usize, entry: Value) -> Result<Match, String> {
    let Value::Object(entry) = entry else {
        return Err(format!(
            "entry {number} of `keep` is not a mapping with a `category` (and optionally a \
             `subcategory`)"
        ));
    };
    if let Some(key) = entry.keys().find(|key| !MATCH_KEYS.contains(&key.as_str())) {
        return Err(format!(
            "entry {number} of `keep` has the unknown key `{key}` (known: `{}`)",
            MATCH_KEYS.join("`, `")
        ));
    }
    let text = |name: &str| match entry.get(name) {
        None => Ok(None),
        Some(Value::String(text)) if !text.is_empty() => Ok(Some(text.clone())),
        Some(_) => Err(format!(
            "entry {number} of `keep`: `{name}` must be a non-empty string"
        )),
    };
    let category =
        text("category")?.ok_or_else(|| format!("entry {number} of `keep` has no `category`"))?;
    Ok(Match {
        category,
        subcategory: text("subcategory")?,
    })
}

/// One kept operation, as listed in `PROVENANCE.md`.
pub(super) struct OperationRow {
    pub(super) path: String,
    pub(super) method: &'static str,
    pub(super) operation_id: Option<String>,
}

/// A `$ref` (or a name that acts as one) and the JSON pointer of the place it was found.
pub(super) struct Reference {
    pub(super) target: String,
    pub(super) found_at: String,
}

/// Components kept, by kind then name; both levels sorted for a canonical output.
pub(super) type Components = BTreeMap<String, BTreeMap<String, Value>>;

/// The selected part of the upstream document.
pub(super) struct Cut {
    /// The selection rule in words, for `PROVENANCE.md`.
    pub(super) rule: String,
    /// Kept path items by path, each with only its selected operations left.
    paths: BTreeMap<String, Map<String, Value>>,
    pub(super) operations: Vec<OperationRow>,
    pub(super) components: Components,
}

/// Selects the operations and closes over the components they reference.
pub(super) fn cut(document: &Value, selection: &Selection) -> Result<Cut, String> {
    let paths = select_paths(document, selection)?;
    if paths.is_empty() {
        return Err(format!(
            "the selection rule matched no operation (rule: {}){}",
            selection.describe(),
            where_the_tag_went(document, selection)
        ));
    }
    let operations = operation_rows(&paths);
    let components = collect_components(document, root_references(document, &paths))?;
    Ok(Cut {
        rule: selection.describe(),
        paths,
        operations,
        components,
    })
}

/// A hint for an upstream that files the endpoints elsewhere: the `x-github` category and
/// subcategory of the operations tagged like one of the rule's categories, or nothing.
fn where_the_tag_went(document: &Value, selection: &Selection) -> String {
    let categories: BTreeSet<&str> = selection
        .entries
        .iter()
        .map(|entry| entry.category.as_str())
        .collect();
    let paths = document.get("paths").and_then(Value::as_object);
    let filed: BTreeSet<String> = paths
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| METHODS.iter().filter_map(|method| item.get(*method)))
        .filter(|operation| {
            let tags = operation.get("tags").and_then(Value::as_array);
            tags.into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .any(|tag| categories.contains(tag))
        })
        .map(|operation| {
            let field = |name: &str| {
                let value = operation.get("x-github").and_then(|x| x.get(name));
                value.and_then(Value::as_str).unwrap_or("(none)").to_owned()
            };
            format!("{}/{}", field("category"), field("subcategory"))
        })
        .collect();
    if filed.is_empty() {
        return String::new();
    }
    format!(
        "; operations tagged `{}` are filed under category/subcategory {}: if GitHub moved the \
         endpoints, update the selection rule in {}",
        categories.into_iter().collect::<Vec<_>>().join("`, `"),
        filed.into_iter().collect::<Vec<_>>().join(", "),
        selection.source.display()
    )
}

/// Path items that hold at least one selected operation, stripped of the other operations.
fn select_paths(
    document: &Value,
    selection: &Selection,
) -> Result<BTreeMap<String, Map<String, Value>>, String> {
    let paths = document
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("the document has no `paths` object")?;
    Ok(paths
        .iter()
        .filter_map(|(path, item)| {
            let kept = keep_selected_operations(item.as_object()?, selection)?;
            Some((path.clone(), kept))
        })
        .collect())
}

/// A path item with only its selected operations, or `None` when it has none.
///
/// Non-operation keys (`parameters`, `summary`, `servers`, extensions) are kept: they apply to
/// the kept operations too.
fn keep_selected_operations(
    item: &Map<String, Value>,
    selection: &Selection,
) -> Option<Map<String, Value>> {
    let is_dropped = |key: &str, value: &Value| METHODS.contains(&key) && !selection.matches(value);
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
        let at = format!("#/paths/{}", pointer::escape_segment(path));
        for (key, value) in item {
            let value_at = format!("{at}/{}", pointer::escape_segment(key));
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
                    pointer::escape_segment(name)
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
pub(super) fn find_references(value: &Value, at: &str, found: &mut Vec<Reference>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_at = format!("{at}/{}", pointer::escape_segment(key));
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
            format!("#/components/schemas/{}", pointer::escape_segment(target))
        };
        found.push(Reference {
            target,
            found_at: format!("{at}/mapping/{}", pointer::escape_segment(key)),
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
        pointer::resolve_local_ref(document, &reference.target).ok_or_else(dangling)?;
        let entry = document
            .get("components")
            .and_then(|components| components.get(&kind))
            .and_then(|entries| entries.get(&name))
            .ok_or_else(dangling)?;
        let entry_at = format!(
            "#/components/{}/{}",
            pointer::escape_segment(&kind),
            pointer::escape_segment(&name)
        );
        find_references(entry, &entry_at, &mut pending);
        kept.entry(kind).or_default().insert(name, entry.clone());
    }
    Ok(kept)
}

/// The `(kind, name)` of the component a reference points into.
fn component_of(reference: &Reference) -> Result<(String, String), String> {
    let segments = pointer::local_ref_segments(&reference.target).ok_or_else(|| {
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

/// The number of kept components of all kinds.
pub(super) fn count_components(components: &Components) -> usize {
    components.values().map(BTreeMap::len).sum()
}

/// The vendored document, with top-level keys in a fixed order.
pub(super) fn build_document(document: &Value, cut: &Cut) -> Value {
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
