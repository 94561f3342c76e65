//! Resolving `$ref`s inside the document, with diagnostics for external, dangling and cyclic
//! references.

use openapiv3::{Components, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

use crate::diagnostics::Pointer;

/// A schema position seen through references: either a reference or the schema itself.
#[derive(Clone, Copy)]
pub enum SchemaView<'a> {
    /// `$ref: ...`.
    Ref(&'a str),
    /// An inline schema.
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaView<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaView::Ref(reference),
            ReferenceOr::Item(schema) => SchemaView::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaView<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaView::Ref(reference),
            ReferenceOr::Item(schema) => SchemaView::Item(schema),
        }
    }
}

/// Whether `schema` was moved into a component of its own by the parse stage
/// (`parse/deep_refs.rs`) because references name its place: it is no component the document
/// defines.
pub fn moved(schema: &Schema) -> bool {
    schema
        .schema_data
        .extensions
        .contains_key(crate::parse::deep_refs::MOVED_FROM)
}

/// The component kinds a reference can name, with the accessor for each.
pub trait ComponentKind: Sized {
    /// The key under `#/components` (`schemas`, `parameters`, ...).
    const SECTION: &'static str;
    /// The map of this kind in `components`.
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>>;
}

impl ComponentKind for Schema {
    const SECTION: &'static str = "schemas";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.schemas
    }
}

impl ComponentKind for Parameter {
    const SECTION: &'static str = "parameters";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.parameters
    }
}

impl ComponentKind for Response {
    const SECTION: &'static str = "responses";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.responses
    }
}

impl ComponentKind for RequestBody {
    const SECTION: &'static str = "requestBodies";
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
        &components.request_bodies
    }
}

/// A resolved component: the item, its key and where it is.
pub struct Resolved<'a, T> {
    /// The item.
    pub item: &'a T,
    /// Its key under `#/components/<section>`, when it came through a reference.
    pub key: Option<&'a str>,
    /// Its pointer.
    pub pointer: Pointer,
}

/// Follows references (also chains of them) to the item they name.
pub fn resolve<'a, T: ComponentKind>(
    spec: &'a OpenAPI,
    value: &'a ReferenceOr<T>,
    here: &Pointer,
) -> Result<Resolved<'a, T>, String> {
    let mut current = value;
    let mut pointer = here.clone();
    let mut key = None;
    // Bounded: a chain longer than the section itself must revisit an entry.
    let limit = spec
        .components
        .as_ref()
        .map_or(0, |components| T::section(components).len())
        + 1;
    for _ in 0..limit {
        match current {
            ReferenceOr::Item(item) => return Ok(Resolved { item, key, pointer }),
            ReferenceOr::Reference { reference } => {
                let (name, target) = component_entry::<T>(spec, reference)?;
                key = Some(name);
                pointer = Pointer::root()
                    .push("components")
                    .push(T::SECTION)
                    .push(name);
                current = target;
            }
        }
    }
    Err(format!(
        "the chain of references starting here loops without reaching a definition in #/components/{}",
        T::SECTION
    ))
}

/// What the reference `reference` leads to, through chains of references: the item, and
/// where it is (the last component on the way).
pub fn resolve_reference<'a, T: ComponentKind>(
    spec: &'a OpenAPI,
    reference: &str,
) -> Result<Resolved<'a, T>, String> {
    let (key, entry) = component_entry::<T>(spec, reference)?;
    let here = Pointer::root()
        .push("components")
        .push(T::SECTION)
        .push(key);
    let resolved = resolve(spec, entry, &here)?;
    Ok(Resolved {
        key: resolved.key.or(Some(key)),
        ..resolved
    })
}

/// The key and entry a `#/components/<section>/<key>` reference names.
pub fn component_entry<'a, T: ComponentKind>(
    spec: &'a OpenAPI,
    reference: &str,
) -> Result<(&'a str, &'a ReferenceOr<T>), String> {
    let Some(pointer) = Pointer::from_local_ref(reference) else {
        return Err(format!(
            "external reference `{reference}` is not supported: only references within the document"
        ));
    };
    let tokens = pointer.tokens();
    let [components, section, key] = tokens.as_slice() else {
        return Err(format!(
            "reference `{reference}` names no entry of #/components/{0}, and the place it names cannot stand in for one: it is missing, of another kind, leads back into itself, or its copies would outgrow a million values",
            T::SECTION
        ));
    };
    if components != "components" || section != T::SECTION {
        return Err(format!(
            "reference `{reference}` should point into #/components/{}",
            T::SECTION
        ));
    }
    spec.components
        .as_ref()
        .and_then(|components| T::section(components).get_key_value(key.as_str()))
        .map(|(name, entry)| (name.as_str(), entry))
        .ok_or_else(|| format!("reference `{reference}` points to nothing (dangling reference)"))
}
