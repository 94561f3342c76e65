//! The intermediate representation: plain data that says exactly what Rust will be emitted.
//!
//! `lower` builds it from the parsed spec; `emit` only reads it. Every item keeps the JSON
//! pointer it came from, so later passes and diagnostics can point back into the spec.

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
    /// union's alternative, see `lower/unions.rs`).
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

/// An untagged union.
#[derive(Debug, Clone)]
pub struct UnionDef {
    /// The alternatives in the order they are tried: the spec's, except that an alternative
    /// whose properties include all of another's comes first.
    pub variants: Vec<UnionVariant>,
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

/// A group of operations, reached through one accessor on the client.
#[derive(Debug, Clone)]
pub struct Group {
    /// The accessor method name (`pets`).
    pub accessor: String,
    /// The struct name (`Pets`).
    pub type_name: String,
    /// Model types re-exported by the group's module, so that one `use` of it is enough to
    /// call its operations: each operation's request body type and the types named after the
    /// operation (inline bodies, their parts, enums of parameters), where no name of the
    /// module's own is in the way. Sorted by name.
    pub reexports: Vec<TypeId>,
}

/// HTTP methods OpenAPI 3.0 knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl HttpMethod {
    /// Every method, in the OpenAPI specification's order.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// The keys a path item holds operations under (`get`, ..., `trace`): the one list of them,
    /// which the parser, the lowering and the `xtask` tools read.
    pub const KEYS: [&'static str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];

    /// The method a path item key stands for (`get` → `Get`).
    pub fn from_key(key: &str) -> Option<HttpMethod> {
        let at = HttpMethod::KEYS.iter().position(|known| *known == key)?;
        Some(HttpMethod::ALL[at])
    }

    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId` as written in the spec.
    pub operation_id: String,
    /// Index into [`Api::groups`].
    pub group: usize,
    /// The method on the group (`list_for_owner`).
    pub method_name: String,
    /// The request builder type (`ListForOwner`).
    pub builder_name: String,
    /// The success type when several outcomes exist (`ListForOwnerSuccess`).
    pub success_name: String,
    /// The error body type (`ListForOwnerError`).
    pub error_name: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// The path template as written (`/pets/{pet_id}`).
    pub path: String,
    /// The path template, parsed.
    pub path_parts: Vec<PathPart>,
    /// Path, query and header parameters, in spec order.
    pub parameters: Vec<Parameter>,
    /// The request body.
    pub body: Option<RequestBody>,
    /// Every documented response.
    pub responses: Vec<ResponseCase>,
    /// How to walk the operation page by page, for list operations.
    pub pagination: Option<Pagination>,
    /// `summary`.
    pub summary: Option<String>,
    /// Rustdoc (description, method and path, external docs).
    pub doc: Doc,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The `Accept` header the operation sends.
    pub accept: Accept,
    /// Which credentials the operation sends.
    pub security: OperationSecurity,
    /// Whether the builder offers conditional headers, and what a 304 becomes.
    pub conditional: Conditional,
    /// Where the operation is.
    pub origin: Pointer,
}

/// Conditional requests (`If-None-Match`, `If-Modified-Since`): offered where the method only
/// reads (`GET`, `HEAD`), since a 304 means nothing to a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conditional {
    /// No conditional setters; a 304 is whatever the responses say (an undocumented status,
    /// unless documented).
    NotOffered,
    /// Conditional setters; the operation documents 304 (or `3XX`), so a 304 is that success
    /// outcome.
    Documented,
    /// Conditional setters; the operation does not document 304, so a 304 becomes the runtime's
    /// `Error::NotModified` rather than an unexpected status.
    NotModifiedError,
}

impl Conditional {
    /// Whether the builder has `if_none_match` and `if_modified_since`.
    pub fn is_offered(self) -> bool {
        self != Conditional::NotOffered
    }
}

impl Operation {
    /// The documented success outcomes.
    pub fn successes(&self) -> impl Iterator<Item = &ResponseCase> {
        self.responses.iter().filter(|case| case.is_success)
    }

    /// The documented error outcomes.
    pub fn errors(&self) -> impl Iterator<Item = &ResponseCase> {
        self.responses.iter().filter(|case| !case.is_success)
    }

    /// Whether several success outcomes exist, so the result is an enum.
    pub fn has_success_enum(&self) -> bool {
        self.successes().count() > 1
    }

    /// The body type that every success outcome with a body carries, when there is one such
    /// type (seen through aliases) and a success enum, so the enum has accessors for it
    /// (`into_body`): `{Created(Codespace), Accepted(Codespace)}` holds a `Codespace` either
    /// way. The flag says whether every success outcome carries it (no 204 or 304 among them).
    pub fn shared_success_body<'a>(&'a self, types: &[TypeDef]) -> Option<(&'a TypeRef, bool)> {
        if !self.has_success_enum() {
            return None;
        }
        let mut bodies = self.successes().filter_map(|case| case.body.as_ref());
        let first = bodies.next()?;
        let same = resolve_aliases(types, first);
        if !bodies.all(|body| resolve_aliases(types, body) == same) {
            return None;
        }
        let always = self.successes().all(|case| case.body.is_some());
        Some((first, always))
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

/// A list operation: one that takes page parameters and answers with a list, which is walked
/// by following the `Link: <...>; rel="next"` response header (RFC 8288).
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The type of one item.
    pub item: TypeRef,
    /// Where the items are in the success body.
    pub items: PageItems,
    /// The success variant that carries the list, when the operation has a success enum
    /// (other variants, such as a 304, carry no items).
    pub success_variant: Option<String>,
}

/// Where the items of a page are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageItems {
    /// The body is the list.
    Body,
    /// The body is an object whose one array property is the list (the other properties,
    /// such as a total count, describe it).
    Field {
        /// The field's Rust name.
        rust_name: String,
        /// Whether the field is an `Option` (a missing list is an empty page).
        optional: bool,
    },
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text, sent as is.
    Literal(String),
    /// A parameter, by index into [`Operation::parameters`].
    Parameter(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    /// A segment of the path (`in: path`).
    Path,
    /// A query parameter (`in: query`).
    Query,
    /// A request header (`in: header`).
    Header,
}

/// One parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust identifier.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParameterLocation,
    /// Whether it must be given (path parameters always are).
    pub required: bool,
    /// How the caller gives it: an argument when required, else a setter.
    pub passing: Passing,
    /// Its type.
    pub ty: TypeRef,
    /// A path parameter whose value may span several segments (`x-multi-segment: true`): each
    /// segment is encoded, the `/` between them is kept.
    pub multi_segment: bool,
    /// The spec's default, as JSON, for the docs.
    pub default: Option<serde_json::Value>,
    /// Rustdoc.
    pub doc: Doc,
}

/// How a caller gives a parameter or a request body to an operation. Both forms take
/// `impl Into<T>`, so `"main"` is as good as `"main".to_owned()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passing {
    /// A positional argument of the method that starts the request (what is required).
    Argument,
    /// A setter on the request builder (what is optional).
    Setter,
}

impl Passing {
    /// Required values are arguments, optional ones setters.
    pub fn for_required(required: bool) -> Passing {
        if required {
            Passing::Argument
        } else {
            Passing::Setter
        }
    }
}

/// How a body is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON (`application/json`, `*/*+json`), typed by its schema.
    Json,
    /// Text (`text/*`): a `String`.
    Text,
    /// Anything else (`application/octet-stream`, ...): the bytes as they are.
    Binary,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// The body type (`String` for text, `Bytes` for binary bodies).
    pub ty: TypeRef,
    /// The schema also allows `null`. The builder sends values of `ty` only (an explicit `null`
    /// cannot be sent, as for fields); the recorded-body check accepts `null`.
    pub nullable: bool,
    /// How the body is written.
    pub encoding: BodyEncoding,
    /// The media types the body may be sent as, all with this encoding; the first is the
    /// default `Content-Type`.
    pub media_types: Vec<String>,
    /// The enum that picks one of several media types (`{Operation}MediaType`), when there are
    /// several.
    pub media_type_enum: Option<MediaTypeEnum>,
    /// Whether the body must be sent.
    pub required: bool,
    /// How the caller gives it: an argument when required, else a setter.
    pub passing: Passing,
    /// Rustdoc.
    pub doc: Doc,
}

/// A choice among the media types of a request body.
#[derive(Debug, Clone)]
pub struct MediaTypeEnum {
    /// The type name, unique in the operation's group.
    pub name: String,
    /// Variant names, one per entry of [`RequestBody::media_types`].
    pub variants: Vec<String>,
}

/// Which statuses a response case matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class such as `4XX` (the first digit).
    Range(u16),
    /// `default`: any status no other case matches.
    Default,
}

/// One documented response.
#[derive(Debug, Clone)]
pub struct ResponseCase {
    /// The statuses it matches.
    pub status: StatusMatch,
    /// Success (1xx, 2xx, 3xx) or error (4xx, 5xx, default).
    pub is_success: bool,
    /// The variant name in the success or error enum (`Created`, `NotFound`).
    pub variant: String,
    /// The decoded body type, if the response has a body.
    pub body: Option<TypeRef>,
    /// How the body is decoded.
    pub encoding: BodyEncoding,
    /// The media type the body is decoded as, when the response documents one.
    pub media_type: Option<String>,
    /// Rustdoc (the response description).
    pub doc: Doc,
}

/// The `Accept` header of an operation: the media types of its success bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accept {
    /// No success response has a body: the client's default, if any, is sent.
    Default,
    /// JSON is among them (comma-separated media types): asked for unless the client has a
    /// default `Accept` of its own (a vendor media type for JSON, say).
    Json(String),
    /// None of them is JSON (comma-separated media types): sent instead of any default,
    /// because a JSON media type would get the wrong representation.
    Only(String),
}

/// What the generated client starts from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClientDef {
    /// `servers[0]` with its variables at their defaults, when that is an absolute URL.
    pub base_url: Option<String>,
    /// Where the base URL came from, or why there is none, for the client's rustdoc.
    pub base_url_doc: String,
    /// The security schemes the generated builder takes credentials for, in spec order.
    pub schemes: Vec<SecuritySchemeDef>,
}

/// One entry of `components/securitySchemes` that the client can send.
#[derive(Debug, Clone, PartialEq)]
pub struct SecuritySchemeDef {
    /// Its key in `components/securitySchemes`.
    pub key: String,
    /// The builder method that takes its credential.
    pub method_name: String,
    /// How the credential travels.
    pub kind: SchemeKindDef,
    /// What the spec says of it (`description`), and its type.
    pub doc: Doc,
    /// Where it is.
    pub origin: Pointer,
}

/// How a security scheme's credential travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKindDef {
    /// `Authorization: Bearer`: HTTP bearer, OAuth 2 and OpenID Connect.
    Bearer,
    /// `Authorization: Basic`.
    Basic,
    /// An API key in a header, a query parameter or a cookie.
    ApiKey {
        /// `header`, `query` or `cookie`.
        location: ApiKeyPlace,
        /// The header, parameter or cookie name.
        name: String,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyPlace {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// Which credentials an operation sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperationSecurity {
    /// Neither the operation nor the document says: the client-wide token, if any.
    Unspecified,
    /// Alternatives of scheme keys (`security`, the operation's or else the document's); an
    /// empty list sends nothing.
    Requirements(Vec<Vec<String>>),
}
