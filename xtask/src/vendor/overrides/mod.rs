//! `spec/overrides.yaml`: reviewed fixes for known inaccuracies upstream, set into the vendored
//! fragment after the cut. The format and the rules are described in the module docs of
//! [`super`] and in the header comment of the file itself.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use serde_json::{Map, Value};

use super::pointer;
use super::read::parse_yaml;
use super::select::find_references;

/// The keys an entry of the `overrides` list must have.
const REQUIRED_KEYS: [&str; 4] = ["pointer", "value", "reason", "upstream"];

/// The keys an entry of the `overrides` list may have.
const ENTRY_KEYS: [&str; 5] = ["pointer", "value", "reason", "upstream", "if_absent"];

/// One entry of the overrides file.
pub(crate) struct Override {
    /// Position in the file, counting from 1, for error messages.
    number: usize,
    /// The pointer as written in the file.
    pub(crate) pointer: String,
    /// The pointer's unescaped segments; never empty.
    segments: Vec<String>,
    value: Value,
    pub(crate) reason: String,
    pub(crate) upstream: String,
    /// What to do when the place does not exist in the version being vendored.
    if_absent: IfAbsent,
}

/// What an override does when the place it sets does not exist in the fragment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IfAbsent {
    /// Vendor fails: the pointer has a typo, or upstream moved what the override fixes. The
    /// default, because a fix that silently stops applying is worse than a failed refresh.
    Fail,
    /// The override is skipped and the report says so: for a fix of something that exists only
    /// in some upstream versions, so that vendoring works in both directions.
    Skip,
}

/// What an override did to the fragment of the version being vendored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Effect {
    /// The value was set.
    Applied,
    /// Upstream already holds the value, so nothing was set. Not an error: the fragment is what
    /// the override asks for, and an override that older versions still need must not stop a
    /// refresh to a newer one. The report shows it, so a fix that all versions now carry is
    /// noticed and removed.
    AlreadyUpstream,
    /// `if_absent: skip`, and the place does not exist in this version (the reason is given).
    SkippedAbsent(String),
}

impl Effect {
    /// The effect in words, for `PROVENANCE.md` and the change report.
    pub(crate) fn describe(&self) -> String {
        match self {
            Effect::Applied => "applied".to_owned(),
            Effect::AlreadyUpstream => "not needed: upstream already holds this value".to_owned(),
            Effect::SkippedAbsent(why) => format!("skipped: {why}"),
        }
    }
}

impl Override {
    /// How errors name this override: by position and pointer.
    fn label(&self) -> String {
        label(self.number, &self.pointer)
    }

    /// Whether `document` holds this override's value at its pointer.
    pub(crate) fn holds_in(&self, document: &Value) -> bool {
        self.segments
            .iter()
            .try_fold(document, |value, segment| match value {
                Value::Object(map) => map.get(segment),
                Value::Array(items) => pointer::array_index(segment).and_then(|i| items.get(i)),
                _ => None,
            })
            .is_some_and(|found| *found == self.value)
    }
}

fn label(number: usize, pointer: &str) -> String {
    format!("override {number} (`{pointer}`)")
}

/// The overrides in the file at `path`; a missing file means no overrides.
pub(crate) fn load(path: &Path) -> Result<Vec<Override>, String> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    parse(&bytes).map_err(|message| format!("{}: {message}", path.display()))
}

/// Parses and checks the text of an overrides file.
fn parse(bytes: &[u8]) -> Result<Vec<Override>, String> {
    const SHAPE: &str = "expected a mapping whose only key is `overrides`, holding a list \
                         (`overrides: []` for none)";
    let Value::Object(mut file) = parse_yaml(bytes)? else {
        return Err(SHAPE.to_owned());
    };
    let entries = file.remove("overrides");
    if let Some(key) = file.keys().next() {
        return Err(format!("unknown top-level key `{key}`; {SHAPE}"));
    }
    let Some(Value::Array(entries)) = entries else {
        return Err(SHAPE.to_owned());
    };
    let overrides = entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| parse_entry(index + 1, entry))
        .collect::<Result<Vec<_>, _>>()?;
    check_no_overlap(&overrides)?;
    Ok(overrides)
}

/// Parses one entry of the `overrides` list.
fn parse_entry(number: usize, entry: Value) -> Result<Override, String> {
    let Value::Object(mut entry) = entry else {
        return Err(format!(
            "override {number} is not a mapping with the keys `{}`",
            REQUIRED_KEYS.join("`, `")
        ));
    };
    let pointer = match entry.remove("pointer") {
        Some(Value::String(pointer)) => pointer,
        _ => return Err(format!("override {number} has no string `pointer`")),
    };
    let label = label(number, &pointer);
    if let Some(key) = entry.keys().find(|key| !ENTRY_KEYS.contains(&key.as_str())) {
        return Err(format!(
            "{label} has the unknown key `{key}` (expected `{}`)",
            ENTRY_KEYS.join("`, `")
        ));
    }
    let segments =
        pointer::parse(&pointer).map_err(|e| format!("{label} has a malformed pointer: {e}"))?;
    if segments.is_empty() {
        return Err(format!(
            "{label} has a malformed pointer: the empty pointer names the whole fragment, \
             which an override may not replace"
        ));
    }
    // `value: null` is a value; only a missing key is an error.
    let value = entry
        .remove("value")
        .ok_or_else(|| format!("{label} has no `value`"))?;
    let reason = required_text(&mut entry, "reason", &label)?;
    let upstream = required_text(&mut entry, "upstream", &label)?;
    if !upstream.starts_with("https://") && !upstream.starts_with("http://") {
        return Err(format!(
            "{label} has an `upstream` that is not a link: `{upstream}` (link the upstream \
             report, or the repository's issue list when none is filed)"
        ));
    }
    let if_absent = match entry.remove("if_absent") {
        None => IfAbsent::Fail,
        Some(Value::String(text)) if text == "fail" => IfAbsent::Fail,
        Some(Value::String(text)) if text == "skip" => IfAbsent::Skip,
        Some(other) => {
            return Err(format!(
                "{label} has `if_absent: {other}`; expected `fail` (the default) or `skip`"
            ));
        }
    };
    Ok(Override {
        number,
        pointer,
        segments,
        value,
        reason,
        upstream,
        if_absent,
    })
}

/// A required, non-blank string field of an entry, trimmed.
fn required_text(entry: &mut Map<String, Value>, key: &str, label: &str) -> Result<String, String> {
    match entry.remove(key) {
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(text.trim().to_owned()),
        _ => Err(format!("{label} has no `{key}` text")),
    }
}

/// Rejects two overrides of the same place, or one inside what another sets: the second would
/// silently undo or patch the first, and "already holds that value upstream" would then lie.
fn check_no_overlap(overrides: &[Override]) -> Result<(), String> {
    for (index, later) in overrides.iter().enumerate() {
        for earlier in &overrides[..index] {
            let (short, long) = if earlier.segments.len() <= later.segments.len() {
                (&earlier.segments, &later.segments)
            } else {
                (&later.segments, &earlier.segments)
            };
            if long.starts_with(short) {
                return Err(format!(
                    "{} overlaps {}: merge them into one override",
                    later.label(),
                    earlier.label()
                ));
            }
        }
    }
    Ok(())
}

/// Sets every override into `fragment`, in order, then checks that the references the new values
/// make resolve in the patched fragment. Returns each override's effect, in the same order.
pub(crate) fn apply(overrides: &[Override], fragment: &mut Value) -> Result<Vec<Effect>, String> {
    let mut effects = Vec::with_capacity(overrides.len());
    for entry in overrides {
        let effect = match set(fragment, &entry.segments, &entry.value) {
            Ok(true) => Effect::Applied,
            Ok(false) => Effect::AlreadyUpstream,
            Err(absent) if entry.if_absent == IfAbsent::Skip => Effect::SkippedAbsent(absent),
            Err(absent) => {
                return Err(format!(
                    "{} no longer applies: {absent} (if the place exists only in some upstream \
                     versions, add `if_absent: skip` to the override)",
                    entry.label()
                ));
            }
        };
        effects.push(effect);
    }
    for (entry, effect) in overrides.iter().zip(&effects) {
        if *effect != Effect::Applied {
            continue;
        }
        let mut references = Vec::new();
        let at = format!("#{}", pointer::to_pointer(&entry.segments));
        find_references(&entry.value, &at, &mut references);
        if let Some(reference) = references
            .iter()
            .find(|reference| pointer::resolve_local_ref(fragment, &reference.target).is_none())
        {
            return Err(format!(
                "{} sets a dangling reference `{}` (at `{}`): the vendored fragment does not \
                 hold its target",
                entry.label(),
                reference.target,
                reference.found_at
            ));
        }
    }
    Ok(effects)
}

/// Sets `value` at `segments` (never empty) in `fragment`: `Ok(true)` when it was set,
/// `Ok(false)` when it was already there. The error says why the place does not exist.
fn set(fragment: &mut Value, segments: &[String], value: &Value) -> Result<bool, String> {
    let Some((last, parents)) = segments.split_last() else {
        return Err("the pointer is empty".to_owned());
    };
    let mut parent = fragment;
    for (depth, segment) in parents.iter().enumerate() {
        let child = match parent {
            Value::Object(map) => map.get_mut(segment),
            Value::Array(items) => pointer::array_index(segment).and_then(|i| items.get_mut(i)),
            other => return Err(not_a_container(&parents[..depth], other)),
        };
        parent = child.ok_or_else(|| {
            format!(
                "`{}` does not exist in the vendored fragment",
                pointer::to_pointer(&parents[..=depth])
            )
        })?;
    }
    match parent {
        Value::Object(map) => {
            if map.get(last) == Some(value) {
                return Ok(false);
            }
            map.insert(last.clone(), value.clone());
        }
        Value::Array(items) => {
            let len = items.len();
            let slot = pointer::array_index(last)
                .and_then(|i| items.get_mut(i))
                .ok_or_else(|| {
                    format!(
                        "the array at `{}` has no item `{last}` (it has {len}; an override \
                         replaces an existing item only)",
                        pointer::to_pointer(parents)
                    )
                })?;
            if *slot == *value {
                return Ok(false);
            }
            *slot = value.clone();
        }
        other => return Err(not_a_container(parents, other)),
    }
    Ok(true)
}

/// Why a pointer cannot go on below a value that has no children.
fn not_a_container(at: &[String], value: &Value) -> String {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    format!(
        "`{}` is {kind}, not an object or array",
        pointer::to_pointer(at)
    )
}

#[cfg(test)]
mod tests;
