//! Names that fit where go-to-definition lands. Lowering names inline types after their place
//! (`{Parent}{Property}`), which reads well until two things happen:
//!
//! - a union alternative named after the required property only it has (`PullRequest`) holds
//!   that property, whose inline type is then named after the alternative and the property:
//!   `...RequestPullRequestPullRequest`. Such alternatives are named `{Union}With{Property}`
//!   (the request *with* a pull request), which frees `{Union}{Property}` for the property;
//! - merging copies ([`dedup`](super::dedup)) keeps the definition under one copy's name, so a
//!   type shared by three operations is defined under the name of one of them
//!   (`CreateWithPrForAuthenticatedUserRequestGeo`) and the others' aliases point there. The
//!   definition is renamed after what all the copies' names share, their common first and last
//!   words (`CreateRequestGeo`), when that name is free; every copy keeps its name as an alias.

use std::collections::HashSet;

use crate::ir::{Field, Presence, TypeDef, TypeId, TypeKind, TypeRef};
use crate::names::{USED_TYPE_NAMES, camel_ident, unraw};

/// Renames union alternatives and merged definitions; `classes` are the merged copies from
/// [`dedup`](super::dedup), updated so that each class starts with the type that holds the
/// definition.
pub fn run(types: &mut Vec<TypeDef>, classes: &mut [Vec<TypeId>]) {
    let mut taken: HashSet<String> = types
        .iter()
        .map(|def| def.name.clone())
        .chain(USED_TYPE_NAMES.iter().map(|name| (*name).to_owned()))
        .collect();
    name_property_alternatives(types, &mut taken);
    for class in classes.iter_mut() {
        name_merged_definition(types, class, &mut taken);
    }
}

/// `{Union}{Property}` alternatives become `{Union}With{Property}`; a property type named
/// `{Union}{Property}{Property}` becomes `{Union}{Property}`.
fn name_property_alternatives(types: &mut [TypeDef], taken: &mut HashSet<String>) {
    for union_index in 0..types.len() {
        let TypeKind::Union(union) = &types[union_index].kind else {
            continue;
        };
        let union_name = unraw(&types[union_index].name).to_owned();
        let union_origin = types[union_index].origin.as_str().to_owned();
        let alternatives: Vec<(usize, String)> = union
            .variants
            .iter()
            .filter_map(|variant| match variant.ty {
                TypeRef::Named(id) => Some((id.0, unraw(&variant.name).to_owned())),
                _ => None,
            })
            .collect();
        for (alternative, variant) in alternatives {
            let def = &types[alternative];
            let TypeKind::Struct(object) = &def.kind else {
                continue;
            };
            let named_after_property = def.name == format!("{union_name}{variant}")
                && within(def.origin.as_str(), &union_origin)
                && object.fields.iter().any(|field| {
                    field.presence == Presence::Required && camel_ident(&field.wire_name) == variant
                });
            let renamed = format!("{union_name}With{variant}");
            if !named_after_property || taken.contains(&renamed) {
                continue;
            }
            let stutter = stuttering_property(types, alternative, &variant);
            let old = rename(types, alternative, renamed, taken);
            if let Some(property_type) = stutter {
                rename(types, property_type, old, taken);
            }
        }
    }
}

/// The inline type of the alternative's property `variant` when it is named
/// `{Alternative}{Variant}`.
fn stuttering_property(types: &[TypeDef], alternative: usize, variant: &str) -> Option<usize> {
    let def = &types[alternative];
    let TypeKind::Struct(object) = &def.kind else {
        return None;
    };
    let field: &Field = object
        .fields
        .iter()
        .find(|field| camel_ident(&field.wire_name) == variant)?;
    let mut ty = &field.ty;
    while let TypeRef::Nullable(inner) = ty {
        ty = inner;
    }
    let TypeRef::Named(id) = ty else {
        return None;
    };
    let property = &types[id.0];
    (property.name == format!("{}{variant}", unraw(&def.name))
        && within(property.origin.as_str(), def.origin.as_str()))
    .then_some(id.0)
}

/// Gives `types[index]` the name `new`, returning the old one (which becomes free).
fn rename(types: &mut [TypeDef], index: usize, new: String, taken: &mut HashSet<String>) -> String {
    taken.insert(new.clone());
    let old = std::mem::replace(&mut types[index].name, new);
    taken.remove(&old);
    old
}

/// Moves the definition of a class of merged copies to a type named after what their names
/// share, when the keeper is an inline type and that name is free.
fn name_merged_definition(
    types: &mut Vec<TypeDef>,
    class: &mut Vec<TypeId>,
    taken: &mut HashSet<String>,
) {
    let keeper = class[0].0;
    // A component schema's name is the spec's own: the best there is.
    if is_component_schema(&types[keeper]) {
        return;
    }
    let names: Vec<&str> = class.iter().map(|id| unraw(&types[id.0].name)).collect();
    // Through `camel_ident`, which leaves a name made of such words as it is, except one that is
    // a keyword: copies named `ConversationSelf` and `MemberSelf` share `Self`, which is `Self_`.
    let shared = match shared_words(&names) {
        words if words.is_empty() => words,
        words => camel_ident(&words),
    };
    if shared.is_empty() || shared == types[keeper].name || taken.contains(&shared) {
        return;
    }
    taken.insert(shared.clone());
    let definition = TypeId(types.len());
    let kept = &mut types[keeper];
    let moved = TypeDef {
        name: shared,
        doc: kept.doc.clone(),
        origin: kept.origin.clone(),
        kind: std::mem::replace(&mut kept.kind, TypeKind::Alias(TypeRef::Named(definition))),
        usage: kept.usage,
    };
    types.push(moved);
    for member in class.iter() {
        types[member.0].kind = TypeKind::Alias(TypeRef::Named(definition));
    }
    class.insert(0, definition);
}

fn is_component_schema(def: &TypeDef) -> bool {
    let tokens = def.origin.tokens();
    tokens.len() == 3 && tokens[0] == "components" && tokens[1] == "schemas"
}

/// The words all `names` start with, then the words they all end with (the two never
/// overlapping within a name): `CreateRequestGeo` for `CreateWithPrForAuthenticatedUserRequestGeo`
/// and `CreateForAuthenticatedUserRequestPullRequestGeo`.
fn shared_words(names: &[&str]) -> String {
    let words: Vec<Vec<&str>> = names.iter().map(|name| split_words(name)).collect();
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    let common = |nth: &dyn Fn(&Vec<&str>, usize) -> Option<String>| {
        (0..shortest)
            .take_while(|&at| {
                let first = nth(&words[0], at);
                words.iter().all(|name| nth(name, at) == first)
            })
            .count()
    };
    let prefix = common(&|name, at| name.get(at).map(|word| (*word).to_owned()));
    let suffix = common(&|name, at| name.iter().rev().nth(at).map(|word| (*word).to_owned()))
        .min(shortest - prefix);
    let first = &words[0];
    let mut shared: String = first[..prefix].concat();
    shared.push_str(&first[first.len() - suffix..].concat());
    shared
}

/// `CreateRequestGeo` → `[Create, Request, Geo]`: a word starts at each capital letter.
fn split_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (at, ch) in name.char_indices().skip(1) {
        if ch.is_ascii_uppercase() {
            words.push(&name[start..at]);
            start = at;
        }
    }
    if start < name.len() {
        words.push(&name[start..]);
    }
    words
}

/// Whether the pointer `inner` is `outer` or lies inside it.
fn within(inner: &str, outer: &str) -> bool {
    inner
        .strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::shared_words;

    #[test]
    fn a_shared_name_keeps_the_common_first_and_last_words() {
        assert_eq!(
            shared_words(&[
                "CreateWithPrForAuthenticatedUserRequestGeo",
                "CreateForAuthenticatedUserRequestPullRequestGeo",
                "CreateWithRepoForAuthenticatedUserRequestGeo",
            ]),
            "CreateRequestGeo"
        );
        assert_eq!(
            shared_words(&[
                "ListForAuthenticatedUserResponse",
                "ListInRepositoryForAuthenticatedUserResponse"
            ]),
            "ListForAuthenticatedUserResponse"
        );
        assert_eq!(
            shared_words(&[
                "SecurityAndAnalysisCodeSecurityStatus",
                "SecurityAndAnalysisSecretScanningStatus"
            ]),
            "SecurityAndAnalysisStatus"
        );
        // Nothing shared: no name.
        assert_eq!(shared_words(&["PetKind", "OwnerState"]), "");
        // One name inside another: the words do not overlap.
        assert_eq!(shared_words(&["GeoGeo", "Geo"]), "Geo");
    }
}
