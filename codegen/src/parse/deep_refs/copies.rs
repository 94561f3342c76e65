//! Copying places other than a component where references of their kind name them, for as
//! long as that ends and stays within bounds.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{
    COPY_ROUNDS, MAX_COPIED_VALUES, Moved, deep_references, kind, locate, node, node_mut,
    place_pointer, reference_tokens,
};

/// Replaces each reference to a place other than a component by a copy of that place, where
/// the place is what the reference stands for (a parameter for a parameter, a schema for a
/// schema) and copying it ends (see [`endless_places`]), for as many rounds as copies hold such
/// references (at most [`COPY_ROUNDS`]) and as long as copies have added at most
/// [`MAX_COPIED_VALUES`] values.
pub(super) fn copy_the_rest(document: &mut Value, moved: &mut Moved) {
    let mut copied_values = 0;
    for _ in 0..COPY_ROUNDS {
        let references: Vec<(Vec<String>, String, Vec<String>)> = deep_references(document)
            .into_iter()
            .filter_map(|(site, reference)| {
                let place = locate(document, &reference_tokens(&reference))?;
                (kind(&site).is_some() && kind(&site) == kind(&place))
                    .then_some((site, reference, place))
            })
            .collect();
        let endless = endless_places(&references);
        let mut copied_any = false;
        for (site, reference, place) in references {
            if endless.contains(&place) {
                continue;
            }
            let Some(copy) = node(document, &place).cloned() else {
                continue;
            };
            copied_values += size(&copy);
            if copied_values > MAX_COPIED_VALUES {
                return;
            }
            let Some(at) = node_mut(document, &site) else {
                continue;
            };
            // The site may have moved into an earlier copy; then that copy is rewritten.
            if at.get("$ref").and_then(Value::as_str) == Some(reference.as_str()) {
                *at = copy;
                copied_any = true;
                moved
                    .places
                    .push((place_pointer(&site), place_pointer(&place)));
            }
        }
        if !copied_any {
            break;
        }
    }
}

/// How many JSON values `value` holds, itself included.
pub(super) fn size(value: &Value) -> usize {
    let mut count = 0;
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        count += 1;
        match value {
            Value::Object(object) => pending.extend(object.values()),
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    count
}

/// The places among `references` whose copying would never end: those from which the
/// references inside them (and inside the places those lead to, and so on) reach a place
/// holding a reference back to itself or to a place before it on the way. Linear in the
/// references: each place's own references are read once.
fn endless_places(references: &[(Vec<String>, String, Vec<String>)]) -> BTreeSet<Vec<String>> {
    let places: BTreeSet<&Vec<String>> = references.iter().map(|(.., place)| place).collect();
    // Each place's successors: the places the references inside it lead to.
    let successors: BTreeMap<&Vec<String>, Vec<&Vec<String>>> = places
        .iter()
        .map(|&place| {
            let inside = references
                .iter()
                .filter(|(site, ..)| site.starts_with(place))
                .filter_map(|(.., target)| places.get(target).copied())
                .collect();
            (place, inside)
        })
        .collect();
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        OnTheWay,
        Ends,
        Endless,
    }
    let mut state: BTreeMap<&Vec<String>, State> = BTreeMap::new();
    for &root in &places {
        if state.contains_key(root) {
            continue;
        }
        state.insert(root, State::OnTheWay);
        let mut stack = vec![(root, 0)];
        while let Some((at, next)) = stack.last_mut() {
            let Some(&successor) = successors[*at].get(*next) else {
                let at = *at;
                stack.pop();
                let endless = successors[at]
                    .iter()
                    .any(|successor| state.get(successor) != Some(&State::Ends));
                state.insert(at, if endless { State::Endless } else { State::Ends });
                continue;
            };
            *next += 1;
            if !state.contains_key(successor) {
                state.insert(successor, State::OnTheWay);
                stack.push((successor, 0));
            }
        }
    }
    state
        .into_iter()
        .filter(|(_, state)| *state == State::Endless)
        .map(|(place, _)| place.clone())
        .collect()
}
