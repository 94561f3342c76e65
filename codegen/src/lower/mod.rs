//! Stage 2: the parsed spec to the [IR](crate::ir).
//!
//! Order of work: every component schema gets its id and name first (so references, also
//! recursive ones, resolve at once), then the schemas are defined, then the operations are
//! lowered (naming the inline types they use after their place), then the IR passes of
//! [`passes`](crate::passes) run (merging repeated types, boxing recursion, ordering union
//! alternatives, finding list operations). Problems are collected, never thrown.

mod all_of;
mod docs;
mod inheritance;
mod media;
mod merge;
mod named;
mod one_of;
mod operation;
mod refs;
mod schema;
mod security;
mod servers;
mod shape;

pub use media::json_media_type;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use openapiv3::OpenAPI;

use crate::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};
use crate::ir::{Api, ClientDef, Doc, TypeDef, TypeId, TypeKind, TypeRef, Usage};
use crate::names::{Idents, Namespace, USED_TYPE_NAMES, camel_ident};

/// Lowers a parsed spec, then runs the IR [`passes`](crate::passes); every problem found is
/// reported (or, with [`Config::skip_unsupported`], worked around and listed in
/// [`Api::skipped`]).
pub fn lower(spec: &OpenAPI, config: &Config) -> Result<Api, Diagnostics> {
    let (mut api, _) = lower_only(spec, config)?;
    crate::passes::run(&mut api, config);
    // A shared parameter is lowered once per operation that uses it: one warning is enough.
    let mut seen = std::collections::HashSet::new();
    api.warnings.retain(|warning| seen.insert(warning.clone()));
    Ok(api)
}

/// The type lowering gave each schema it typed, by the schema's pointer: a component schema's
/// named type, an inline schema's type (named or not). References are not listed: a `$ref`
/// is always the named type of the component it points to, nullable when that is.
pub type SchemaTypes = BTreeMap<Pointer, SchemaType>;

/// What lowering made of one schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaType {
    /// The Rust type, without the `Option` that `null` adds.
    pub ty: TypeRef,
    /// Whether the schema admits `null` (`nullable: true`, a union with a `null` member, an
    /// `allOf` with a nullable annotation member; for a component, also through the
    /// references and the `allOf` it stands for): a field or body holding it is an `Option`.
    pub nullable: bool,
}

/// Lowering alone, before the passes (no merged copies, no boxing), with the type of every
/// schema: for tools that ask what Rust a schema becomes (`cargo xtask diff` classifies changes
/// by it, so its verdicts follow the generator's own classification).
pub fn lower_schemas_and_operations(
    spec: &OpenAPI,
    config: &Config,
) -> Result<(Api, SchemaTypes), Diagnostics> {
    let (
        api,
        Typed {
            inline,
            components,
            nullable_components,
        },
    ) = lower_only(spec, config)?;
    Ok((api, schema_types(inline, components, &nullable_components)))
}

/// What lowering typed, from which [`SchemaTypes`] are made when asked for (making them is
/// 6 % of lowering the largest description of the benches, and generating never asks).
struct Typed {
    inline: FxHashMap<Pointer, Lowered>,
    components: FxHashMap<String, TypeId>,
    nullable_components: FxHashMap<String, bool>,
}

/// Lowering alone, before the passes, with what it typed.
fn lower_only(spec: &OpenAPI, config: &Config) -> Result<(Api, Typed), Diagnostics> {
    let mut lowerer = Lowerer {
        spec,
        skip_unsupported: config.skip_unsupported,
        skipped: Vec::new(),
        warnings: Vec::new(),
        diagnostics: Diagnostics::default(),
        types: Vec::new(),
        type_names: Namespace::with_reserved(USED_TYPE_NAMES),
        idents: Idents::default(),
        component_types: FxHashMap::default(),
        nullable_components: FxHashMap::default(),
        inline_cache: FxHashMap::default(),
        inline_depth: 0,
        client: ClientDef::default(),
        member_kinds: FxHashMap::default(),
        component_parents: None,
    };
    lowerer.client = security::client_def(spec, &mut lowerer.warnings);
    let schemas = Pointer::root().push("components").push("schemas");
    if let Some(components) = &spec.components {
        for key in components.schemas.keys() {
            let wanted = camel_ident(key);
            let name = lowerer.type_names.claim(&wanted);
            lowerer.note_name(&schemas.push(key), key, &wanted, &name);
            let id = lowerer.new_type(name, Doc::default(), schemas.push(key));
            lowerer.component_types.insert(key.clone(), id);
        }
        for key in components.schemas.keys() {
            let nullable = lowerer.component_nullable(key);
            lowerer.nullable_components.insert(key.clone(), nullable);
        }
        for (key, entry) in &components.schemas {
            lowerer.define_component(key, entry, &schemas.push(key));
        }
    }
    let (operations, groups) = lowerer.lower_operations();
    lowerer.client.operation_servers = servers::every_server(&operations);
    let Lowerer {
        types,
        mut diagnostics,
        mut skipped,
        warnings,
        skip_unsupported,
        client,
        component_types,
        nullable_components,
        inline_cache,
        ..
    } = lowerer;
    let typed = Typed {
        inline: inline_cache,
        components: component_types,
        nullable_components,
    };
    // What is left was found in schemas (which stand in as any JSON value already) or in the
    // list of operations (whose duplicates were left out); all of it came before the operations.
    if skip_unsupported {
        let mut earlier = diagnostics.split_off(0);
        earlier.append(&mut skipped);
        skipped = earlier;
    }
    let api = Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        types,
        operations,
        groups,
        client,
        skipped,
        warnings,
        features: None,
    };
    diagnostics.into_result((api, typed))
}

/// The [`SchemaTypes`] of the inline schemas and the components lowering typed.
fn schema_types(
    inline: FxHashMap<Pointer, Lowered>,
    components: FxHashMap<String, TypeId>,
    nullable_components: &FxHashMap<String, bool>,
) -> SchemaTypes {
    let mut schema_types: SchemaTypes = inline
        .into_iter()
        .map(|(pointer, Lowered { ty, nullable })| (pointer, SchemaType { ty, nullable }))
        .collect();
    schema_types.extend(components.into_iter().map(|(key, id)| {
        let nullable = nullable_components.get(&key).copied().unwrap_or(false);
        let pointer = Pointer::root()
            .push("components")
            .push("schemas")
            .push(&key);
        let ty = TypeRef::Named(id);
        (pointer, SchemaType { ty, nullable })
    }));
    schema_types
}

/// A lowered schema position: the type and whether `null` is allowed there.
#[derive(Debug, Clone)]
pub(crate) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

impl Lowered {
    /// The type, wrapped in `Option` when `null` is allowed and nothing else says so.
    fn into_standalone(self) -> TypeRef {
        match self.ty {
            TypeRef::Any => TypeRef::Any,
            ty if self.nullable => TypeRef::Nullable(Box::new(ty)),
            ty => ty,
        }
    }

    /// The stand-in after a reported problem: any JSON value.
    fn any() -> Self {
        Lowered {
            ty: TypeRef::Any,
            nullable: false,
        }
    }
}

pub(crate) struct Lowerer<'a> {
    spec: &'a OpenAPI,
    /// `Config::skip_unsupported`.
    skip_unsupported: bool,
    /// Problems worked around by leaving an operation out.
    skipped: Vec<Diagnostic>,
    /// Names that could not be kept as the spec writes them.
    warnings: Vec<Diagnostic>,
    diagnostics: Diagnostics,
    types: Vec<TypeDef>,
    type_names: Namespace,
    /// Identifiers made from spec names so far.
    idents: Idents,
    /// Component schema key to its type.
    component_types: FxHashMap<String, TypeId>,
    /// Component schema key to whether it admits `null`, computed once (references are many).
    nullable_components: FxHashMap<String, bool>,
    /// Inline schemas already lowered, by pointer.
    inline_cache: FxHashMap<Pointer, Lowered>,
    /// How many inline schemas enclose the one being lowered.
    inline_depth: usize,
    /// The base URL and security schemes, lowered before the operations that name them.
    client: ClientDef,
    /// What kind of value each component allows as an `allOf` member, once worked out.
    member_kinds: FxHashMap<Pointer, all_of::MemberKind>,
    /// Every component with the components its `allOf` refers to, made when the first base
    /// with a `discriminator` asks (`inheritance.rs`); a description has hundreds of bases.
    component_parents: Option<Vec<inheritance::ComponentParents<'a>>>,
}

impl Lowerer<'_> {
    /// Records a warning when the spec name `original` at `pointer` could not become the
    /// identifier `wanted` as it is (taken by another name that converts the same, or a name the
    /// generated code needs) or lost characters on the way; `got` is what it became.
    pub(crate) fn note_name(&mut self, pointer: &Pointer, original: &str, wanted: &str, got: &str) {
        if got != wanted {
            let becomes = if original == wanted {
                String::new()
            } else {
                format!(" becomes `{wanted}`, which")
            };
            self.warnings.push(Diagnostic {
                pointer: pointer.clone(),
                message: format!(
                    "`{original}`{becomes} is taken by an earlier name that converts the same or by the generated code; it is named `{got}`"
                ),
            });
        } else if crate::names::drops_characters(original) {
            self.warnings.push(Diagnostic {
                pointer: pointer.clone(),
                message: format!(
                    "`{original}` has characters a Rust identifier cannot hold; it is named `{got}`"
                ),
            });
        }
    }

    /// Adds a type whose definition is filled in later.
    fn new_type(&mut self, name: String, doc: Doc, origin: Pointer) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name,
            doc,
            origin,
            kind: TypeKind::Alias(TypeRef::Any),
            usage: Usage::default(),
        });
        id
    }
}
