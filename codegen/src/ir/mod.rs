//! The intermediate representation: plain data that says exactly what Rust will be emitted.
//!
//! `lower` builds it from the parsed spec; `emit` only reads it. Every item keeps the JSON
//! pointer it came from, so later passes and diagnostics can point back into the spec.
//!
//! This file holds the API and its types; `ir/operation.rs` the operations, their
//! parameters, bodies and responses; `ir/client.rs` what the generated client starts from;
//! `ir/features.rs` the Cargo features of a generated crate.
//! Everything is re-exported here.

mod client;
mod features;
mod operation;

pub use client::*;
pub use features::*;
pub use operation::*;

use crate::diagnostics::Pointer;

/// Everything the emitter needs, for one spec.
#[derive(Debug, Clone)]
pub struct Api {
    /// `info.title` of the spec.
    pub title: String,
    /// `info.version` of the spec.
    pub version: String,
    /// Every type, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// Every operation, in the order of their groups and method names.
    pub operations: Vec<Operation>,
    /// The operation groups (one accessor each on the client), sorted by name.
    pub groups: Vec<Group>,
    /// What the generated `Client` and its builder start from: the base URL and the security
    /// schemes.
    pub client: ClientDef,
    /// Problems that were worked around by leaving something out, when the caller asked for
    /// that (`Config::skip_unsupported`).
    pub skipped: Vec<crate::diagnostics::Diagnostic>,
    /// What the caller should know although nothing failed: names that had to change, schemas
    /// that no finite value satisfies.
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
    /// A Cargo feature per group and what each type needs, when the generated crate has them
    /// (`Config::features_per_group`).
    pub features: Option<Features>,
}

impl Api {
    /// The type with this id.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

/// Index of a [`TypeDef`] in [`Api::types`]; handed out for every named schema before any schema
/// is converted, so references (also recursive ones) resolve without a second pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Documentation gathered from `title`, `description`, `summary` and `example`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    /// Paragraphs of Markdown, already cleaned for rustdoc.
    pub paragraphs: Vec<String>,
}

impl Doc {
    /// Adds a paragraph unless it is empty or repeats the previous one.
    pub fn push(&mut self, text: impl Into<String>) {
        let text = text.into();
        let trimmed = text.trim();
        if trimmed.is_empty() || self.paragraphs.last().is_some_and(|last| last == trimmed) {
            return;
        }
        self.paragraphs.push(trimmed.to_owned());
    }
}

/// A named Rust type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust identifier, unique among types.
    pub name: String,
    /// Rustdoc for the type.
    pub doc: Doc,
    /// Where the schema is.
    pub origin: Pointer,
    /// What the type is.
    pub kind: TypeKind,
    /// Where its values travel; filled in by `passes/usage.rs`, read by the emitter (which
    /// marks response-only structs `#[non_exhaustive]`).
    pub usage: Usage,
}

impl TypeDef {
    /// Whether the emitted type is `#[non_exhaustive]`: the one place this is decided, so that
    /// what `cargo xtask diff` calls non-breaking (a field added to a response-only struct, a
    /// value added to an open string enum) is non-breaking for the Rust compiler too.
    ///
    /// A struct only responses carry is read, never built by callers: marking it lets a later
    /// spec add fields without breaking code that names every field in a literal or a
    /// pattern (decoding and the `Default` or `new` the struct may have keep working). An open
    /// string enum already decodes values it does not list into its last variant; marking it
    /// makes every `match` outside the crate keep a `_` arm, so a value the spec adds later
    /// does not break it either. A struct that requests carry stays exhaustive: callers build
    /// it with a literal and `..Default::default()`, which `#[non_exhaustive]` would forbid.
    pub fn is_non_exhaustive(&self) -> bool {
        match &self.kind {
            TypeKind::Struct(_) => self.usage == Usage::RESPONSE,
            TypeKind::StringEnum(body) => body.other_variant.is_some(),
            TypeKind::Union(_) | TypeKind::Alias(_) | TypeKind::Newtype(_) => false,
        }
    }
}

/// Where a type's values travel: in what callers send (parameters, request bodies), in what
/// the server returns (response bodies), or both. A type no operation reaches has neither.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Usage {
    /// Reached from a parameter or a request body.
    pub request: bool,
    /// Reached from a response body.
    pub response: bool,
}

impl Usage {
    /// Only in responses.
    pub const RESPONSE: Usage = Usage {
        request: false,
        response: true,
    };
    /// Only in requests.
    pub const REQUEST: Usage = Usage {
        request: true,
        response: false,
    };
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(StructDef),
    /// A string enum; open ones keep unknown values.
    StringEnum(StringEnumDef),
    /// One of several shapes, tried in order when decoding (`oneOf`/`anyOf`).
    Union(UnionDef),
    /// A plain alias (`type X = ...;`), for named schemas that are not objects or enums.
    Alias(TypeRef),
    /// A transparent wrapper (`struct X(pub ...);`), for an alias that would contain itself
    /// (`type Tree = Vec<Tree>;` is not Rust).
    Newtype(NewtypeDef),
}

/// A one-field tuple struct that (de)serialises as its field.
#[derive(Debug, Clone)]
pub struct NewtypeDef {
    /// The wrapped type.
    pub ty: TypeRef,
    /// Set by the recursion pass: the value lives behind a `Box`.
    pub boxed: bool,
}

/// A struct from an object schema (after `allOf` merging).
#[derive(Debug, Clone)]
pub struct StructDef {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// The value type of `additionalProperties`, kept in a flattened map.
    pub additional_properties: Option<TypeRef>,
}

/// Most positional arguments a struct's `new` takes (clippy's `too_many_arguments` limit).
pub const MAX_CONSTRUCTOR_ARGUMENTS: usize = 7;

/// How a caller builds a struct without naming every field: the one place this is decided,
/// read by the emitter (which derives `Default` or writes `new`) and by `cargo xtask diff`
/// (whether adding an optional field breaks callers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Construction {
    /// Every field is an `Option`: the struct derives `Default`.
    Default,
    /// Some fields are required, at most [`MAX_CONSTRUCTOR_ARGUMENTS`]: `new(required...)`
    /// sets them and leaves every optional field `None`.
    New,
    /// Only required fields, or too many for a constructor: a struct literal names every field.
    Literal,
}

impl StructDef {
    /// How callers build this struct.
    pub fn construction(&self) -> Construction {
        let required = self
            .fields
            .iter()
            .filter(|field| !field.is_option())
            .count();
        if required == 0 {
            Construction::Default
        } else if required < self.fields.len() && required <= MAX_CONSTRUCTOR_ARGUMENTS {
            Construction::New
        } else {
            Construction::Literal
        }
    }
}

/// Whether a field must be present on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Listed in `required`.
    Required,
    /// Not listed in `required`: `Option<T>`, omitted when `None`.
    Optional,
    /// Listed in `required` and `readOnly`: required in responses only, as OpenAPI says.
    /// Lowering gives it; the usage pass settles it as `Required` for a type no request
    /// carries and as `Optional` for the others, so the emitter never sees it.
    RequiredInResponses,
    /// Listed in `required` and `writeOnly`: required in requests only; settled the same way
    /// for a type no response carries.
    RequiredInRequests,
}

/// One struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// The Rust identifier (may be raw, `r#type`).
    pub rust_name: String,
    /// The property name on the wire.
    pub wire_name: String,
    /// The value type, without the `Option` that presence or nullability adds.
    pub ty: TypeRef,
    /// Required or optional.
    pub presence: Presence,
    /// `nullable: true` here or on the referenced schema.
    pub nullable: bool,
    /// Set by the recursion pass: the value lives behind a `Box`.
    pub boxed: bool,
    /// Rustdoc for the field.
    pub doc: Doc,
}

impl Field {
    /// Whether the Rust type is wrapped in `Option`.
    pub fn is_option(&self) -> bool {
        self.presence == Presence::Optional || self.nullable
    }
}

/// A string enum.
#[derive(Debug, Clone)]
pub struct StringEnumDef {
    /// Known values, in spec order.
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that holds any other value, so that a value the server adds later
    /// decodes; `None` for a closed enum, which refuses other values (the discriminator of a
    /// union's alternative, see `passes/unions.rs`).
    pub other_variant: Option<String>,
}

/// One known value of a string enum.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// The Rust identifier.
    pub name: String,
    /// The value on the wire.
    pub value: String,
}

/// A union: untagged, or told apart by a discriminator property.
#[derive(Debug, Clone)]
pub struct UnionDef {
    /// The alternatives in the order they are tried: the spec's, except that an alternative
    /// whose properties include all of another's comes first.
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the alternative (the schema's `discriminator`), when at
    /// least one alternative has a [tag](UnionVariant::tags). A value whose property names an
    /// alternative decodes as that one only; a value without the property (or not an object)
    /// is tried against the alternatives in order, as is one naming none unless
    /// [every alternative is named](UnionDef::every_alternative_named).
    pub discriminator: Option<String>,
}

impl UnionDef {
    /// Whether every alternative has a [tag](UnionVariant::tags): then a value whose
    /// discriminator names none of them is refused rather than tried in order, since it is
    /// none of the alternatives the document lists (a kind the API added since, say).
    pub fn every_alternative_named(&self) -> bool {
        self.discriminator.is_some() && self.variants.iter().all(|variant| !variant.tags.is_empty())
    }

    /// The alternatives a value converts from into the union (`From`, so that a parameter
    /// taking `impl Into<Union>` takes the alternative itself): each whose type no other
    /// alternative holds (through aliases, as Rust sees them), since a value of a shared type
    /// does not say which one it is.
    pub fn convertible_variants<'a>(
        &'a self,
        types: &'a [TypeDef],
    ) -> impl Iterator<Item = &'a UnionVariant> {
        self.variants.iter().filter(move |variant| {
            self.variants
                .iter()
                .filter(|other| same_type(types, &other.ty, &variant.ty))
                .count()
                == 1
        })
    }

    /// The alternative a value whose discriminator names none decodes as, if one does.
    pub fn unknown_tags_alternative(&self) -> Option<&UnionVariant> {
        self.discriminator.as_ref()?;
        self.variants
            .iter()
            .find(|variant| variant.takes_unknown_tags)
    }
}

/// One alternative of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// The Rust identifier.
    pub name: String,
    /// What it holds.
    pub ty: TypeRef,
    /// Set by the recursion pass: the value lives behind a `Box`.
    pub boxed: bool,
    /// Rustdoc for the variant.
    pub doc: Doc,
    /// Where the alternative is in the spec (`…/oneOf/2`).
    pub origin: Pointer,
    /// The values of the union's discriminator property that select this alternative: the
    /// discriminator's mapping keys that name it, else the one value it allows for the property,
    /// else its component name; empty for an untagged union and for an alternative that has
    /// neither (an inline one that allows any value).
    pub tags: Vec<String>,
    /// Whether a value whose discriminator names no alternative decodes as this one: the
    /// base's own struct among the schemas that extend it (a kind added since, say).
    pub takes_unknown_tags: bool,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// A generated type.
    Named(TypeId),
    /// A built-in scalar.
    Primitive(Primitive),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// A string-keyed map.
    Map(Box<TypeRef>),
    /// `Option<T>`: a value that may be `null` where no field carries the nullability (array
    /// items, map values, bodies).
    Nullable(Box<TypeRef>),
    /// Any JSON value (an empty or unconstrained schema).
    Any,
    /// Any JSON object (`type: object` without properties).
    AnyObject,
}

impl TypeRef {
    /// The generated type this use names, through `Vec`, maps and `Option`
    /// (`Vec<Option<Pet>>` names `Pet`).
    pub fn named(&self) -> Option<TypeId> {
        let mut ty = self;
        loop {
            match ty {
                TypeRef::Named(id) => return Some(*id),
                TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                    ty = inner;
                }
                TypeRef::Primitive(_) | TypeRef::Any | TypeRef::AnyObject => return None,
            }
        }
    }
}

impl TypeKind {
    /// The uses of types a definition holds: its fields and extra properties, its
    /// alternatives, an alias's target, a wrapper's value. The passes that follow types from
    /// operations (`passes/usage.rs`, `passes/features.rs`) walk the type graph through this.
    pub fn member_types(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(body) => body
                .fields
                .iter()
                .map(|field| &field.ty)
                .chain(&body.additional_properties)
                .collect(),
            TypeKind::Union(body) => body.variants.iter().map(|variant| &variant.ty).collect(),
            TypeKind::Alias(target) => vec![target],
            TypeKind::Newtype(body) => vec![&body.ty],
            TypeKind::StringEnum(_) => Vec::new(),
        }
    }
}

/// Scalars and the Rust types they become.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32` (`format: int32`).
    I32,
    /// `i64` (`integer` without a narrower format).
    I64,
    /// `u64` (`format: uint64`, whose values an `i64` cannot all hold).
    U64,
    /// `f32` (`format: float`).
    F32,
    /// `f64` (`number`).
    F64,
    /// `chrono::DateTime<Utc>` (`format: date-time`).
    DateTime,
    /// `chrono::NaiveDate` (`format: date`).
    Date,
    /// `bytes::Bytes`: a body that is neither JSON nor text.
    Bytes,
}

/// Whether `a` and `b` are one Rust type: the same once every alias in them is followed.
pub fn same_type(types: &[TypeDef], a: &TypeRef, b: &TypeRef) -> bool {
    match (resolve_aliases(types, a), resolve_aliases(types, b)) {
        (TypeRef::Array(a), TypeRef::Array(b))
        | (TypeRef::Map(a), TypeRef::Map(b))
        | (TypeRef::Nullable(a), TypeRef::Nullable(b)) => same_type(types, a, b),
        (a, b) => a == b,
    }
}

/// The type `ty` stands for, through named aliases (`type Pets = Vec<Pet>;`, and the aliases
/// merging makes): the one place where alias chains are followed.
pub fn resolve_aliases<'a>(types: &'a [TypeDef], mut ty: &'a TypeRef) -> &'a TypeRef {
    // Alias chains are finite (lowering breaks cyclic ones); the bound only guards.
    for _ in 0..=types.len() {
        match ty {
            TypeRef::Named(id) => match types.get(id.0).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => ty = target,
                _ => break,
            },
            _ => break,
        }
    }
    ty
}
