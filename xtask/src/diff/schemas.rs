//! Comparing two schemas side by side: properties, types and formats, required and nullable,
//! enum values, alternatives, documentation and constraints.
//!
//! Two references to the same component are not followed: the component is compared once, as
//! a subject of its own, so a change is reported where it is made rather than at every use.
//! What a reference does decide at the place of use (whether the field is an `Option`) is
//! checked there.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::place::Place;
use super::report::{Change, Subject};
use super::rules::Rule;
use codegen::ir::Construction;

use super::shape::{Shape, composite_keyword, format_of};
use super::spec::{Spec, Usage, reference, schema_name};

/// Keywords that only change the generated docs.
const DOC_KEYWORDS: [&str; 7] = [
    "title",
    "description",
    "summary",
    "example",
    "externalDocs",
    "deprecated",
    "default",
];

/// Keywords this module compares in their own way; every other non-extension keyword is a
/// constraint the generated types do not check. (`enum` only on an enum and `discriminator`
/// only on a union, a base that others extend included: the generator reads them nowhere
/// else.)
const STRUCTURAL_KEYWORDS: [&str; 13] = [
    "$ref",
    "type",
    "format",
    "properties",
    "required",
    "nullable",
    "enum",
    "items",
    "additionalProperties",
    "oneOf",
    "anyOf",
    "allOf",
    "discriminator",
];

/// Compares schemas of one subject and collects the changes.
pub(super) struct Walker<'a, 'r> {
    pub(super) old: Spec<'a>,
    pub(super) new: Spec<'a>,
    pub(super) subject: Subject,
    /// Where the subject's values travel, for the rules that depend on it.
    pub(super) usage: Usage,
    pub(super) changes: &'r mut Vec<Change>,
}

impl<'a> Walker<'a, '_> {
    /// Records a change at `place`.
    pub(super) fn push(&mut self, place: &Place, what: String, rule: Rule) {
        self.changes.push(Change {
            subject: self.subject.clone(),
            place: place.label(),
            pointer: place.pointer.clone(),
            what,
            rule,
        });
    }

    /// Compares the schema `old` with the schema `new` at `place`.
    pub(super) fn schema(&mut self, old: &'a Value, new: &'a Value, place: &Place) {
        if let (Some(old_target), Some(new_target)) = (reference(old), reference(new))
            && old_target == new_target
        {
            return;
        }
        let (old_shape, new_shape) = (self.old.shape(old), self.new.shape(new));
        if old_shape != new_shape {
            let what = format!("type changed: {old_shape} → {new_shape}");
            self.push(place, what, Rule::TypeChanged);
            return;
        }
        self.documentation(old, new, place, &DOC_KEYWORDS);
        // The same Rust type on both sides: what is inside is compared as written.
        let composite = (composite_keyword(old), composite_keyword(new));
        match (&new_shape, composite) {
            (Shape::Scalar(rust), _) => self.format(old, new, place, rust),
            (Shape::Enum, _) => self.enum_values(old, new, place),
            (Shape::Struct | Shape::Union | Shape::Part, (Some(old_keyword), Some(keyword))) => {
                self.members(old, new, place, (old_keyword, keyword));
                // Properties beside an `allOf` are one more member of the merge.
                if new_shape == Shape::Struct && (old_keyword, keyword) == ("allOf", "allOf") {
                    self.object(old, new, place);
                }
                if new_shape == Shape::Union {
                    self.discriminator(old, new, place);
                    self.extensions(old, new, place);
                }
            }
            // A base that others extend (a `discriminator` without `oneOf` or `anyOf`): its
            // own fields, its discriminator, and which schemas extend it.
            (Shape::Union, (None, None)) => {
                self.object(old, new, place);
                self.discriminator(old, new, place);
                self.extensions(old, new, place);
            }
            (Shape::Struct | Shape::Part, _) => self.object(old, new, place),
            (Shape::Map, _) => self.additional_properties(old, new, place),
            (Shape::Array, _) => {
                self.nested(old.get("items"), new.get("items"), &place.items(), "items")
            }
            (Shape::Union | Shape::Named(_) | Shape::AnyObject | Shape::Any, _) => {}
        }
        self.constraints(old, new, place, &new_shape);
    }

    /// Which schemas extend a base (see [`Lowered::extensions`](super::shape::Lowered)): a
    /// value they tell apart decodes as another alternative when that changes.
    fn extensions(&mut self, old: &Value, new: &Value, place: &Place) {
        let (Some(mut before), Some(mut after)) = (
            self.old.lowered.extensions(old),
            self.new.lowered.extensions(new),
        ) else {
            return;
        };
        // Moving a component in the document changes nothing a value decodes as.
        before.sort_unstable();
        after.sort_unstable();
        if before == after {
            return;
        }
        let names = |pointers: Vec<&str>| {
            let names: Vec<String> = pointers
                .into_iter()
                .map(|pointer| format!("`{}`", pointer.rsplit('/').next().unwrap_or(pointer)))
                .collect();
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            }
        };
        let what = format!(
            "schemas that extend it changed: {} → {}",
            names(before),
            names(after)
        );
        self.push(place, what, Rule::AlternativesChanged);
    }

    /// The `discriminator` of a union: which property tells the alternatives apart, and which
    /// of its values names which alternative.
    fn discriminator(&mut self, old: &Value, new: &Value, place: &Place) {
        let (old, new) = (old.get("discriminator"), new.get("discriminator"));
        if old == new {
            return;
        }
        let property = |discriminator: Option<&Value>| {
            discriminator
                .and_then(|discriminator| discriminator.get("propertyName"))
                .and_then(Value::as_str)
                .map_or_else(|| "none".to_owned(), |name| format!("`{name}`"))
        };
        let (old_property, new_property) = (property(old), property(new));
        let what = if old_property == new_property {
            format!("`discriminator` mapping of {new_property} changed")
        } else {
            format!("`discriminator` changed: {old_property} → {new_property}")
        };
        self.push(place, what, Rule::DiscriminatorChanged);
    }

    /// Reports the `keywords` whose values differ, as one documentation change.
    pub(super) fn documentation(
        &mut self,
        old: &Value,
        new: &Value,
        place: &Place,
        keywords: &[&str],
    ) {
        let changed: Vec<&str> = keywords
            .iter()
            .copied()
            .filter(|keyword| old.get(keyword) != new.get(keyword))
            .collect();
        if !changed.is_empty() {
            let what = format!("documentation changed: {}", changed.join(", "));
            self.push(place, what, Rule::Documentation);
        }
    }

    fn format(&mut self, old: &Value, new: &Value, place: &Place, rust: &str) {
        let (old_format, new_format) = (format_of(old), format_of(new));
        if old_format != new_format {
            let what = format!(
                "format changed: {} → {}; still `{rust}`",
                format_text(old_format),
                format_text(new_format)
            );
            self.push(place, what, Rule::FormatChangedSameType);
        }
    }

    fn enum_values(&mut self, old: &Value, new: &Value, place: &Place) {
        let (old_values, new_values) = (enum_texts(old), enum_texts(new));
        for value in new_values.iter().filter(|v| !old_values.contains(v)) {
            self.push(
                place,
                format!("enum value added: `{value}`"),
                Rule::EnumValueAdded,
            );
        }
        for value in old_values.iter().filter(|v| !new_values.contains(v)) {
            let what = format!("enum value removed: `{value}`");
            self.push(place, what, Rule::EnumValueRemoved);
        }
        let same_set = old_values.iter().collect::<BTreeSet<_>>()
            == new_values.iter().collect::<BTreeSet<_>>();
        if same_set && old_values != new_values {
            let what = "enum values reordered".to_owned();
            self.push(place, what, Rule::EnumValuesReordered);
        }
    }

    /// Properties added, removed and changed, then `additionalProperties`.
    fn object(&mut self, old: &'a Value, new: &'a Value, place: &Place) {
        let (old_properties, new_properties) = (properties(old), properties(new));
        let (old_required, new_required) = (
            self.required_here(self.old, old),
            self.required_here(self.new, new),
        );
        for (name, new_property) in new_properties.into_iter().flatten() {
            let at = place.property(name);
            let now_required = new_required.contains(name.as_str());
            match old_properties.and_then(|map| map.get(name)) {
                None => self.property_added(old, new_property, now_required, &at),
                Some(old_property) => {
                    let was_required = old_required.contains(name.as_str());
                    self.presence(
                        (was_required, old_property),
                        (now_required, new_property),
                        &at,
                    );
                    self.schema(old_property, new_property, &at);
                }
            }
        }
        for name in old_properties.into_iter().flatten().map(|(name, _)| name) {
            if !new_properties.is_some_and(|map| map.contains_key(name)) {
                let what = "property removed".to_owned();
                self.push(&place.property(name), what, Rule::FieldRemoved);
            }
        }
        self.additional_properties(old, new, place);
    }

    /// The properties the struct of `schema` (a value of `spec`) requires where this walk's
    /// values travel: `required`, less the `readOnly` ones when requests carry it and the
    /// `writeOnly` ones when responses do, as the generator's usage pass decides.
    fn required_here(&self, spec: Spec<'a>, schema: &'a Value) -> BTreeSet<&'a str> {
        let properties = properties(schema);
        let mut names = required(schema);
        names.retain(|name| {
            let Some(property) = properties.and_then(|map| map.get(*name)) else {
                return true;
            };
            let property = spec.resolve(property).value;
            let flag = |key| property.get(key) == Some(&Value::Bool(true));
            match (flag("readOnly"), flag("writeOnly")) {
                (true, false) => !self.usage.request,
                (false, true) => !self.usage.response,
                _ => true,
            }
        });
        names
    }

    fn property_added(&mut self, old_parent: &Value, property: &Value, required: bool, at: &Place) {
        let nullable = self.new.nullable(property);
        let option = !required || nullable;
        let rule = if !self.usage.request {
            Rule::ResponseFieldAdded
        } else if !option {
            Rule::RequiredRequestFieldAdded
        } else if self.buildable(old_parent) {
            Rule::OptionalFieldAddedToBuildableRequest
        } else {
            Rule::OptionalFieldAddedToLiteralOnlyRequest
        };
        let presence = match (required, nullable) {
            (true, false) => "required",
            (true, true) => "required, nullable",
            (false, _) => "optional",
        };
        let what = format!("property added: {presence}, {}", self.describe(property));
        self.push(at, what, rule);
    }

    /// Whether the old generated struct for `schema` can be built without naming every field,
    /// as the generator decides it (`StructDef::construction`): it derives `Default` or has a
    /// `new` for its required fields. A schema that is no struct of its own (an `allOf` part)
    /// counts as not buildable, the stricter reading.
    fn buildable(&self, schema: &'a Value) -> bool {
        matches!(
            self.old.lowered.construction(schema),
            Some(Construction::Default | Construction::New)
        )
    }

    /// Required and nullable at a field, both of which decide whether its type is an `Option`.
    fn presence(
        &mut self,
        (was_required, old): (bool, &'a Value),
        (now_required, new): (bool, &'a Value),
        at: &Place,
    ) {
        let (was_nullable, now_nullable) = (self.old.nullable(old), self.new.nullable(new));
        if was_required == now_required && was_nullable == now_nullable {
            return;
        }
        let mut parts = Vec::new();
        if was_required != now_required {
            parts.push(if now_required {
                "now required"
            } else {
                "now optional"
            });
        }
        if was_nullable != now_nullable {
            parts.push(if now_nullable {
                "now nullable"
            } else {
                "no longer nullable"
            });
        }
        let mut what = parts.join(", ");
        if let Some(name) = reference(new).and_then(schema_name)
            && was_nullable != now_nullable
        {
            what.push_str(&format!(" (through `{name}`)"));
        }
        let (was_option, now_option) =
            (!was_required || was_nullable, !now_required || now_nullable);
        let rule = match (was_option, now_option) {
            (false, true) => {
                what.push_str("; `T` → `Option<T>`");
                Rule::OptionChanged
            }
            (true, false) => {
                what.push_str("; `Option<T>` → `T`");
                Rule::OptionChanged
            }
            _ => {
                what.push_str("; still `Option<T>`");
                Rule::PresenceChangedStillOption
            }
        };
        self.push(at, what, rule);
    }

    fn additional_properties(&mut self, old: &'a Value, new: &'a Value, place: &Place) {
        let (old_extra, new_extra) = (
            old.get("additionalProperties"),
            new.get("additionalProperties"),
        );
        match (extra_kind(old_extra), extra_kind(new_extra)) {
            (Extra::Values, Extra::Values) => {
                self.nested(old_extra, new_extra, &place.values(), "values")
            }
            (old_kind, new_kind) if old_kind != new_kind => {
                let what = format!(
                    "`additionalProperties` changed: {} → {}",
                    old_kind.describe(),
                    new_kind.describe()
                );
                self.push(place, what, Rule::AdditionalPropertiesChanged);
            }
            _ => {}
        }
    }

    /// Array items or map values: whether they may be `null`, then the schemas themselves.
    fn nested(
        &mut self,
        old: Option<&'a Value>,
        new: Option<&'a Value>,
        place: &Place,
        what: &str,
    ) {
        let (Some(old), Some(new)) = (old, new) else {
            // `items` without a schema is any value; the shapes already say what changed.
            return;
        };
        let (was_nullable, now_nullable) = (self.old.nullable(old), self.new.nullable(new));
        if was_nullable != now_nullable {
            let change = if now_nullable {
                format!("{what} now nullable; `T` → `Option<T>`")
            } else {
                format!("{what} no longer nullable; `Option<T>` → `T`")
            };
            self.push(place, change, Rule::OptionChanged);
        }
        self.schema(old, new, place);
    }

    /// The alternatives of a `oneOf`/`anyOf` or the parts of an `allOf`, pairwise by position
    /// (`oneOf` and `anyOf` both make a union, so one may replace the other).
    fn members(
        &mut self,
        old: &'a Value,
        new: &'a Value,
        place: &Place,
        (old_keyword, keyword): (&str, &str),
    ) {
        let members = |schema: &'a Value, keyword: &str| -> &'a [Value] {
            schema
                .get(keyword)
                .and_then(Value::as_array)
                .map_or(&[], Vec::as_slice)
        };
        let (old_members, new_members) = (members(old, old_keyword), members(new, keyword));
        if old_members.len() != new_members.len() {
            let what = format!(
                "`{keyword}` alternatives changed: {} → {}",
                old_members.len(),
                new_members.len()
            );
            self.push(place, what, Rule::AlternativesChanged);
            return;
        }
        for (index, (old_member, new_member)) in old_members.iter().zip(new_members).enumerate() {
            self.schema(old_member, new_member, &place.member(keyword, index));
        }
    }

    /// Every other keyword, extensions (`x-...`) aside: constraints the types do not check.
    fn constraints(&mut self, old: &Value, new: &Value, place: &Place, shape: &Shape) {
        let is_structural = |key: &str| match key {
            "enum" => *shape == Shape::Enum,
            "discriminator" => *shape == Shape::Union,
            _ => STRUCTURAL_KEYWORDS.contains(&key),
        };
        let is_constraint = |key: &str| {
            !key.starts_with("x-") && !DOC_KEYWORDS.contains(&key) && !is_structural(key)
        };
        let mut changed: Vec<&str> = Vec::new();
        for key in keys(old).chain(keys(new)) {
            if is_constraint(key) && !changed.contains(&key) && old.get(key) != new.get(key) {
                changed.push(key);
            }
        }
        if !changed.is_empty() {
            let what = format!("constraint changed: {}", changed.join(", "));
            self.push(place, what, Rule::Constraint);
        }
    }
}

/// What `additionalProperties` says, in the generator's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extra {
    /// Absent or `false`: no extra properties are kept.
    Closed,
    /// `true` or `{}`: any value.
    Anything,
    /// A schema for the values.
    Values,
}

impl Extra {
    fn describe(self) -> &'static str {
        match self {
            Extra::Closed => "none",
            Extra::Anything => "any value",
            Extra::Values => "typed values",
        }
    }
}

fn extra_kind(value: Option<&Value>) -> Extra {
    match value {
        None | Some(Value::Bool(false)) => Extra::Closed,
        Some(Value::Bool(true)) => Extra::Anything,
        Some(Value::Object(map)) if map.is_empty() => Extra::Anything,
        Some(_) => Extra::Values,
    }
}

fn properties(schema: &Value) -> Option<&Map<String, Value>> {
    schema.get("properties").and_then(Value::as_object)
}

fn required(schema: &Value) -> BTreeSet<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn keys(value: &Value) -> impl Iterator<Item = &str> {
    value
        .as_object()
        .into_iter()
        .flat_map(|map| map.keys().map(String::as_str))
}

/// The values of `enum` as text (strings as they are, anything else as JSON).
fn enum_texts(schema: &Value) -> Vec<String> {
    schema
        .get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|value| {
            value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned)
        })
        .collect()
}

fn format_text(format: Option<&str>) -> String {
    format.map_or_else(|| "none".to_owned(), |format| format!("`{format}`"))
}

impl Walker<'_, '_> {
    /// A schema of the new fragment in a few words: its shape, and the values of an enum.
    pub(super) fn describe(&self, schema: &Value) -> String {
        match self.new.shape(schema) {
            Shape::Enum => {
                let values: Vec<String> = enum_texts(schema)
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect();
                format!("string enum ({})", values.join(", "))
            }
            shape => shape.to_string(),
        }
    }
}
