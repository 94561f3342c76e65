//! A Cargo feature per operation group ([`Features`]): which groups' operations reach each
//! type, through parameters, request and response bodies, re-exports, and then transitively
//! through fields, additional properties, union alternatives, aliases and newtypes. Types no
//! operation reaches get a feature of their own ([`UNREFERENCED_MODELS`]), found the same way
//! from them. A type every feature reaches is compiled always; the others under the features
//! that reach them.

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{Api, Features, TypeDef, TypeId, TypeRef, UNREFERENCED_MODELS};
use crate::names::{Namespace, unraw};

/// Cargo's own feature name, which no group may take.
const CARGO_DEFAULT: &str = "default";

/// Fills in [`Api::features`].
pub fn run(api: &mut Api) {
    let mut reached: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); api.types.len()];
    for (group, roots) in group_roots(api).into_iter().enumerate() {
        mark(&api.types, roots, group, &mut reached);
    }
    let mut names = feature_names(api);
    let unreferenced: Vec<TypeId> = (0..api.types.len())
        .filter(|&index| reached[index].is_empty())
        .map(TypeId)
        .collect();
    if !unreferenced.is_empty() {
        mark(&api.types, unreferenced, names.len(), &mut reached);
        names.push(UNREFERENCED_MODELS.to_owned());
    }
    let mut features = Features {
        names,
        types: Vec::with_capacity(reached.len()),
    };
    features.types = reached
        .into_iter()
        .map(|needed| features.gate_of(needed.into_iter().collect()))
        .collect();
    api.features = Some(features);
}

/// One feature per group, named after its accessor; `default` is Cargo's, so a group called so
/// gets a numbered name, with a warning.
fn feature_names(api: &mut Api) -> Vec<String> {
    let mut taken = Namespace::with_reserved(&[CARGO_DEFAULT, UNREFERENCED_MODELS]);
    let mut names = Vec::with_capacity(api.groups.len());
    for group in &api.groups {
        let wanted = unraw(&group.accessor);
        let name = taken.claim(wanted);
        if name != wanted {
            let pointer = api
                .operations
                .iter()
                .find(|op| api.groups[op.group].accessor == group.accessor)
                .map_or_else(Pointer::root, |op| op.origin.clone());
            api.warnings.push(Diagnostic {
                pointer,
                message: format!(
                    "the Cargo feature of group `{wanted}` is `{name}`: `{wanted}` is taken"
                ),
            });
        }
        names.push(name);
    }
    names
}

/// The types each group's operations name directly.
fn group_roots(api: &Api) -> Vec<Vec<TypeId>> {
    let mut roots: Vec<Vec<TypeId>> = api
        .groups
        .iter()
        .map(|group| group.reexports.clone())
        .collect();
    for op in &api.operations {
        let item = op.pagination.iter().map(|pagination| &pagination.item);
        let types = op.request_types().chain(op.response_types()).chain(item);
        roots[op.group].extend(types.filter_map(TypeRef::named));
    }
    roots
}

/// Marks `feature` on every type reachable from `roots` (a walk with a stack of its own: the
/// graph of types can be as deep as the description has types).
fn mark(types: &[TypeDef], roots: Vec<TypeId>, feature: usize, reached: &mut [BTreeSet<usize>]) {
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        let Some(needed) = reached.get_mut(id.0) else {
            continue;
        };
        if !needed.insert(feature) {
            continue;
        }
        let members = types[id.0].kind.member_types();
        stack.extend(members.into_iter().filter_map(TypeRef::named));
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, Gate, UNREFERENCED_MODELS};

    fn lower(yaml: &str, features_per_group: bool) -> Api {
        let spec = crate::parse::parse(yaml).expect("the test spec parses");
        let config = crate::Config::for_tests(features_per_group);
        crate::lower::lower(&spec, &config).expect("the test spec lowers")
    }

    /// The feature names that need the type called `name`; empty when it is always compiled.
    fn needed_by(api: &Api, name: &str) -> Vec<String> {
        let features = api.features.as_ref().expect("features are on");
        let index = api
            .types
            .iter()
            .position(|def| def.name == name)
            .unwrap_or_else(|| panic!("no type {name}"));
        match features.type_gate(crate::ir::TypeId(index)) {
            Gate::Always => Vec::new(),
            Gate::AnyOf(needed) => needed
                .iter()
                .map(|&feature| features.names[feature].clone())
                .collect(),
        }
    }

    const THREE_GROUPS: &str = include_str!("../../tests/features/three_groups.yaml");

    #[test]
    fn each_type_is_needed_by_the_groups_that_reach_it() {
        let api = lower(THREE_GROUPS, true);
        let features = api.features.as_ref().expect("features are on");
        assert_eq!(
            features.names,
            ["owners", "pets", "stores", UNREFERENCED_MODELS]
        );
        // Through fields, union alternatives, request and response bodies, parameters.
        assert!(needed_by(&api, "Money").is_empty());
        assert_eq!(needed_by(&api, "Address"), ["owners", "stores"]);
        assert_eq!(needed_by(&api, "Problem"), ["owners", "stores"]);
        assert_eq!(
            needed_by(&api, "Pet"),
            ["owners", "pets", UNREFERENCED_MODELS]
        );
        assert_eq!(
            needed_by(&api, "PetKind"),
            ["owners", "pets", UNREFERENCED_MODELS]
        );
        assert_eq!(needed_by(&api, "Store"), ["stores"]);
        assert_eq!(needed_by(&api, "StoreStatus"), ["stores"]);
        assert_eq!(needed_by(&api, "CreateRequest"), ["pets"]);
        assert_eq!(needed_by(&api, "PetEvent"), [UNREFERENCED_MODELS]);
        assert_eq!(needed_by(&api, "Orphan"), [UNREFERENCED_MODELS]);
        assert_eq!(features.group_gate(0), Gate::AnyOf(vec![0]));
        // An item several types need: always with one of them always, else any of theirs, even
        // when that is every feature.
        let id = |name: &str| {
            let index = api.types.iter().position(|def| def.name == name);
            crate::ir::TypeId(index.expect("the type exists"))
        };
        assert_eq!(
            features.gate_of_types([id("Money"), id("Store")]),
            Some(Gate::Always)
        );
        assert_eq!(
            features.gate_of_types([id("Store"), id("Orphan"), id("Owner"), id("CreateRequest")]),
            Some(Gate::AnyOf(vec![0, 1, 2, 3]))
        );
        assert_eq!(features.gate_of_types([]), None);
    }

    #[test]
    fn off_by_default_and_one_feature_gates_nothing() {
        assert!(lower(THREE_GROUPS, false).features.is_none());
        let one = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      operationId: pets/list
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
"##;
        let api = lower(one, true);
        let features = api.features.as_ref().expect("features are on");
        assert_eq!(features.names, ["pets"]);
        assert_eq!(features.group_gate(0), Gate::Always);
        assert!(needed_by(&api, "Pet").is_empty());
    }

    #[test]
    fn a_group_called_default_gets_another_feature_name() {
        let spec = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: default/get
      responses: {"204": {description: ok}}
  /b:
    get:
      operationId: other/get
      responses: {"204": {description: ok}}
"#;
        let api = lower(spec, true);
        let features = api.features.as_ref().expect("features are on");
        assert_eq!(features.names, ["default2", "other"]);
        assert!(
            api.warnings
                .iter()
                .any(|warning| warning.message.contains("`default2`")),
            "{:?}",
            api.warnings
        );
    }
}
