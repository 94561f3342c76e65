//! Rustdoc where the spec gives none, from what the IR knows, and never a placeholder:
//!
//! - a field or union alternative without a description that holds a named type takes the
//!   first paragraph of that type's documentation (`owner: Person` reads "A person.");
//! - a type without a description is documented by where it is used, in Rust terms: "Request
//!   body of `POST /pets`.", "The `geo` property of \[`CreatePetRequest`\].";
//!   a definition that merging shares lists each place (see [`names`](super::names)).
//!
//! What still has nothing to say stays undocumented rather than saying "The `x` property.".

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use crate::ir::{Api, Doc, TypeDef, TypeId, TypeKind, TypeRef};

/// Most places listed for one shared definition.
const MAX_PLACES: usize = 5;

/// Fills in the docs; `classes` are the merged copies, each starting with its definition.
pub fn run(api: &mut Api, classes: &[Vec<TypeId>]) {
    borrow_target_docs(&mut api.types);
    let places = Places::new(api);
    let mut docs: Vec<(usize, Doc)> = Vec::new();
    for (index, def) in api.types.iter().enumerate() {
        if !def.doc.paragraphs.is_empty() {
            continue;
        }
        if let Some(phrase) = places.phrase(index) {
            let mut doc = Doc::default();
            doc.push(capitalised(&phrase));
            docs.push((index, doc));
        }
    }
    for class in classes {
        let definition = class[0].0;
        if !api.types[definition].doc.paragraphs.is_empty() {
            continue;
        }
        let phrases: BTreeSet<String> = class
            .iter()
            .filter_map(|member| places.phrase(member.0))
            .collect();
        if phrases.len() > 1 {
            docs.push((definition, used_in(&phrases)));
        }
    }
    for (index, doc) in docs {
        api.types[index].doc = doc;
    }
}

/// Fields and alternatives without docs take the first paragraph of the named type they hold.
fn borrow_target_docs(types: &mut [TypeDef]) {
    let first_paragraph = |types: &[TypeDef], ty: &TypeRef| -> Option<String> {
        let mut ty = ty;
        while let TypeRef::Nullable(inner) = ty {
            ty = inner;
        }
        let TypeRef::Named(id) = ty else {
            return None;
        };
        let own = summary(&types[id.0].doc);
        let through = match crate::ir::resolve_aliases(types, ty) {
            TypeRef::Named(target) => summary(&types[target.0].doc),
            _ => None,
        };
        own.or(through).map(str::to_owned)
    };
    let mut borrowed: Vec<(usize, usize, String)> = Vec::new();
    for (index, def) in types.iter().enumerate() {
        match &def.kind {
            TypeKind::Struct(object) => {
                for (at, field) in object.fields.iter().enumerate() {
                    if field.doc.paragraphs.is_empty()
                        && let Some(text) = first_paragraph(types, &field.ty)
                    {
                        borrowed.push((index, at, text));
                    }
                }
            }
            TypeKind::Union(union) => {
                for (at, variant) in union.variants.iter().enumerate() {
                    if variant.doc.paragraphs.is_empty()
                        && let Some(text) = first_paragraph(types, &variant.ty)
                    {
                        borrowed.push((index, at, text));
                    }
                }
            }
            _ => {}
        }
    }
    for (index, at, text) in borrowed {
        match &mut types[index].kind {
            TypeKind::Struct(object) => object.fields[at].doc.push(text),
            TypeKind::Union(union) => union.variants[at].doc.push(text),
            _ => {}
        }
    }
}

/// What a type's docs say first: its description's first paragraph, a sentence ("A person."),
/// rather than a title ("Person"), when there is one.
fn summary(doc: &Doc) -> Option<&str> {
    doc.paragraphs
        .iter()
        .find(|paragraph| paragraph.trim_end().ends_with('.'))
        .or(doc.paragraphs.first())
        .map(String::as_str)
}

/// "Used as the `geo` property of [`A`]; the `geo` property of [`B`]."
fn used_in(phrases: &BTreeSet<String>) -> Doc {
    let listed: Vec<&str> = phrases
        .iter()
        .take(MAX_PLACES)
        .map(String::as_str)
        .collect();
    let mut text = format!("Used as {}", listed.join("; "));
    if phrases.len() > MAX_PLACES {
        text.push_str(&format!(
            "; and in {} more places",
            phrases.len() - MAX_PLACES
        ));
    }
    text.push('.');
    let mut doc = Doc::default();
    doc.push(text);
    doc
}

fn capitalised(phrase: &str) -> String {
    let mut chars = phrase.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// Where each type is used, as the IR knows it: types by origin (to find the type a nested
/// one sits in) and the parameters that hold a named type.
struct Places<'a> {
    types: &'a [TypeDef],
    by_origin: FxHashMap<&'a str, usize>,
    parameters: FxHashMap<usize, String>,
}

impl<'a> Places<'a> {
    fn new(api: &'a Api) -> Self {
        let mut by_origin = FxHashMap::default();
        for (index, def) in api.types.iter().enumerate() {
            // The first type at an origin is the one lowering made there.
            by_origin.entry(def.origin.as_str()).or_insert(index);
        }
        let mut parameters = FxHashMap::default();
        for operation in &api.operations {
            for parameter in &operation.parameters {
                if let Some(id) = named(&parameter.ty) {
                    parameters.entry(id.0).or_insert_with(|| {
                        format!(
                            "the `{}` parameter of `{} {}`",
                            parameter.wire_name,
                            operation.method.as_str(),
                            operation.path
                        )
                    });
                }
            }
        }
        Places {
            types: &api.types,
            by_origin,
            parameters,
        }
    }

    /// Where type `index` is used, starting in lower case, or `None` when the IR cannot say.
    fn phrase(&self, index: usize) -> Option<String> {
        if let Some(parameter) = self.parameters.get(&index) {
            return Some(parameter.clone());
        }
        let def = &self.types[index];
        let tokens = def.origin.tokens();
        // The nearest enclosing type, by the longest origin that is a prefix of this one. An
        // escaped token holds no `/`, so the pointer of the first `cut` tokens is the text
        // before the `cut`-th `/` after `#`.
        let origin = def.origin.as_str();
        let slashes: Vec<usize> = origin.match_indices('/').map(|(at, _)| at).collect();
        for cut in (1..tokens.len()).rev() {
            let prefix = &origin[..slashes[cut]];
            if let Some(&parent) = self.by_origin.get(prefix)
                && parent != index
            {
                return Some(nested_phrase(&self.types[parent].name, &tokens[cut..]));
            }
        }
        top_level_phrase(&tokens)
    }
}

/// The named type `ty` holds directly or as a list's items.
fn named(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Nullable(inner) | TypeRef::Array(inner) => named(inner),
        _ => None,
    }
}

/// A place inside the type `parent`, from the pointer tokens between them: `properties/geo`
/// is "the `geo` property of [`Parent`]", `properties/tags/items` "an item of the `tags`
/// property of [`Parent`]".
fn nested_phrase(parent: &str, tokens: &[String]) -> String {
    let mut property = None;
    let mut role = None;
    let mut at = 0;
    while at < tokens.len() {
        match tokens[at].as_str() {
            "properties" if at + 1 < tokens.len() => {
                property = Some(tokens[at + 1].clone());
                role = None;
                at += 2;
                continue;
            }
            "items" => role = Some("an item of"),
            "additionalProperties" => role = Some("a value of"),
            "oneOf" | "anyOf" => role = Some("an alternative of"),
            _ => {}
        }
        at += 1;
    }
    let owner = match &property {
        Some(property) => format!("the `{property}` property of [`{parent}`]"),
        None if role == Some("a value of") => format!("the other properties of [`{parent}`]"),
        None => format!("[`{parent}`]"),
    };
    match role {
        Some(role) => format!("{role} {owner}"),
        None => owner,
    }
}

/// A place outside any type: an operation's request or response body, or a shared one.
fn top_level_phrase(tokens: &[String]) -> Option<String> {
    let strings: Vec<&str> = tokens.iter().map(String::as_str).collect();
    match strings.as_slice() {
        ["paths", path, method, "requestBody", "content", _, "schema"] => Some(format!(
            "the request body of `{} {path}`",
            method.to_ascii_uppercase()
        )),
        [
            "paths",
            path,
            method,
            "responses",
            status,
            "content",
            _,
            "schema",
        ] => Some(format!(
            "the response body of `{} {path}` for status {status}",
            method.to_ascii_uppercase()
        )),
        ["components", "requestBodies", key, "content", _, "schema"] => {
            Some(format!("the `{key}` request body"))
        }
        ["components", "responses", key, "content", _, "schema"] => {
            Some(format!("the body of the `{key}` response"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{nested_phrase, top_level_phrase};

    fn tokens(pointer: &str) -> Vec<String> {
        pointer.split('/').map(str::to_owned).collect()
    }

    #[test]
    fn places_read_in_rust_terms() {
        assert_eq!(
            nested_phrase("Order", &tokens("properties/shipping_status")),
            "the `shipping_status` property of [`Order`]"
        );
        assert_eq!(
            nested_phrase("Pet", &tokens("properties/tags/items")),
            "an item of the `tags` property of [`Pet`]"
        );
        assert_eq!(
            nested_phrase("Request", &tokens("oneOf/1")),
            "an alternative of [`Request`]"
        );
        assert_eq!(
            nested_phrase("Labels", &tokens("additionalProperties")),
            "a value of the other properties of [`Labels`]"
        );
        assert_eq!(
            nested_phrase("Merged", &tokens("allOf/0/properties/owner")),
            "the `owner` property of [`Merged`]"
        );
        assert_eq!(
            top_level_phrase(&[
                "paths".into(),
                "/stores/{store}/orders".into(),
                "post".into(),
                "requestBody".into(),
                "content".into(),
                "application/json".into(),
                "schema".into(),
            ]),
            Some("the request body of `POST /stores/{store}/orders`".to_owned())
        );
        assert_eq!(top_level_phrase(&tokens("components/schemas/pet")), None);
    }
}
