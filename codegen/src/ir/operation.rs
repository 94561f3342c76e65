//! Operations in the IR: groups, each operation's method and path, parameters, request body,
//! responses, pagination, and the decisions the emitter renders (argument or setter, the 304
//! policy, the success enum's accessors).

use super::{TypeDef, TypeId, TypeRef, resolve_aliases};
use crate::diagnostics::Pointer;
use crate::ir::Doc;

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
    /// Index into [`Api::groups`](crate::ir::Api::groups).
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
    /// Where its requests go in place of the base URL (its own or its path's first server,
    /// absolute or relative to the base URL); `None` for the base URL.
    pub server: Option<String>,
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
    /// The types the caller sends: parameters and the request body's values.
    pub fn request_types(&self) -> impl Iterator<Item = &TypeRef> {
        let parameters = self.parameters.iter().map(|parameter| &parameter.ty);
        parameters.chain(self.body.iter().flat_map(RequestBody::value_types))
    }

    /// The types the server returns: every response body.
    pub fn response_types(&self) -> impl Iterator<Item = &TypeRef> {
        self.responses.iter().filter_map(|case| case.body.as_ref())
    }

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
    /// (`into_body`): `{Created(Order), Accepted(Order)}` holds an `Order` either way.
    /// The flag says whether every success outcome carries it (no 204 or 304 among them).
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

/// How a parameter's list or object value is written, from its `style` and `explode`. A value
/// that is neither is written the same way in every style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterStyle {
    /// A query parameter's default (`form` with `explode`): a list is one `name=item` pair per
    /// item, an object one `property=value` pair per property. In a path or a header (`simple`
    /// with `explode`): a list joined by `,`, an object as `property=value,property=value`.
    Exploded,
    /// One value: a list's items, or an object's property names and values, joined by this
    /// separator. `,` for path and header parameters (`simple` without `explode`, their
    /// default) and for `form` without
    /// `explode`; ` ` for `spaceDelimited`; `|` for `pipeDelimited`.
    Delimited(char),
    /// `deepObject`: one `name[property]=value` pair per property of an object.
    DeepObject,
    /// Given as `content: {application/json: ...}` rather than a `schema`: the whole value is
    /// written as JSON text (`{"a":1}`, a string with its quotes).
    Json,
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
    /// How a list or an object is written there.
    pub style: ParameterStyle,
    /// Whether it must be given (path parameters always are).
    pub required: bool,
    /// How the caller gives it: an argument when required, else a setter.
    pub passing: Passing,
    /// Its type.
    pub ty: TypeRef,
    /// A path parameter whose value may span several segments (`x-multi-segment: true`): each
    /// segment is encoded, the `/` between them is kept.
    pub multi_segment: bool,
    /// A query parameter with `allowReserved: true` (never set elsewhere): the reserved
    /// characters a query may hold
    /// (`:/?@!$()*,;`) and percent-encoded triples are sent as they are.
    pub allow_reserved: bool,
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
    /// The body type (`String` for text, `Bytes` for binary bodies). A form's body is its
    /// [`FormDef`] struct instead, and this is [`TypeRef::Any`], unused.
    pub ty: TypeRef,
    /// The schema also allows `null`. The builder sends values of `ty` only (an explicit `null`
    /// cannot be sent, as for fields); the recorded-body check accepts `null`.
    pub nullable: bool,
    /// How the body is written: decided once, in lowering (`lower/media.rs` picks the media
    /// type, `lower/operation/form.rs` each form field's encoding).
    pub kind: RequestBodyKind,
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

impl RequestBody {
    /// The types the caller's value holds: the body type, or a form's field types. The one
    /// place that says so, for every pass that follows types from operations.
    pub fn value_types(&self) -> Vec<&TypeRef> {
        match &self.kind {
            RequestBodyKind::Single(_) => vec![&self.ty],
            RequestBodyKind::Multipart(form) | RequestBodyKind::FormUrlEncoded(form) => form
                .all_fields()
                .filter_map(|field| match &field.value {
                    FormValue::Text(ty) | FormValue::Json(ty) => Some(ty),
                    FormValue::File => None,
                })
                .collect(),
        }
    }
}

/// How a request body is written on the wire.
#[derive(Debug, Clone)]
pub enum RequestBodyKind {
    /// One value of [`RequestBody::ty`], written with this encoding.
    Single(BodyEncoding),
    /// `multipart/form-data`: one part per field (per item of a list field).
    Multipart(FormDef),
    /// `application/x-www-form-urlencoded`: `name=value` pairs.
    FormUrlEncoded(FormDef),
}

impl RequestBodyKind {
    /// The encoding of a body that is one value, `None` for forms.
    pub fn single(&self) -> Option<BodyEncoding> {
        match self {
            RequestBodyKind::Single(encoding) => Some(*encoding),
            RequestBodyKind::Multipart(_) | RequestBodyKind::FormUrlEncoded(_) => None,
        }
    }

    /// The form struct of a form body.
    pub fn form(&self) -> Option<&FormDef> {
        match self {
            RequestBodyKind::Single(_) => None,
            RequestBodyKind::Multipart(form) | RequestBodyKind::FormUrlEncoded(form) => Some(form),
        }
    }
}

/// The type a form body is given as, declared in the operation's group module beside the
/// builder (it is not a model: it never travels as JSON, and a file field holds the runtime's
/// `FilePart`): a struct of fields, or an enum of such structs when the body's schema is a
/// `oneOf` or `anyOf` of objects.
#[derive(Debug, Clone)]
pub struct FormDef {
    /// The type's name, unique among the group's types (`{Operation}Form`).
    pub name: String,
    /// Rustdoc.
    pub doc: Doc,
    /// Its fields, or the forms a caller picks from.
    pub shape: FormShape,
}

/// What a form body is made of.
#[derive(Debug, Clone)]
pub enum FormShape {
    /// One field per property of the body's object schema, in spec order.
    Fields(Vec<FormField>),
    /// One variant per alternative of a `oneOf` or `anyOf`, in spec order: the caller sends
    /// exactly one of them, each with its own fields.
    OneOf(Vec<FormVariant>),
}

/// One alternative of a form that is a `oneOf` or `anyOf` of objects: a variant of the form's
/// enum, holding a struct of its own.
#[derive(Debug, Clone)]
pub struct FormVariant {
    /// The variant's name, unique within the enum.
    pub name: String,
    /// Its struct's name, unique among the group's types (`{Operation}{Variant}Form`).
    pub struct_name: String,
    /// Rustdoc of the struct.
    pub doc: Doc,
    /// One field per property of the alternative, in spec order.
    pub fields: Vec<FormField>,
}

impl FormDef {
    /// Every field of the form, of every variant.
    pub fn all_fields(&self) -> impl Iterator<Item = &FormField> {
        let (fields, variants): (&[FormField], &[FormVariant]) = match &self.shape {
            FormShape::Fields(fields) => (fields, &[]),
            FormShape::OneOf(variants) => (&[], variants),
        };
        fields
            .iter()
            .chain(variants.iter().flat_map(|variant| &variant.fields))
    }
}

/// Whether every field may be left out, so that a form struct of `fields` derives `Default`.
pub fn all_optional(fields: &[FormField]) -> bool {
    fields.iter().all(|field| !field.required)
}

/// One field of a form body.
#[derive(Debug, Clone)]
pub struct FormField {
    /// The Rust identifier.
    pub rust_name: String,
    /// The property name, the part's or the pair's name on the wire.
    pub wire_name: String,
    /// Listed in `required`; otherwise an `Option`, and nothing is sent for `None`.
    pub required: bool,
    /// A list (`Vec<...>` of the value).
    pub repeated: bool,
    /// What one value is.
    pub value: FormValue,
    /// How it is written.
    pub encoding: FormFieldEncoding,
    /// Rustdoc.
    pub doc: Doc,
}

/// What one value of a form field is.
#[derive(Debug, Clone, PartialEq)]
pub enum FormValue {
    /// A string, number, boolean or string enum, sent as its text.
    Text(TypeRef),
    /// A value sent as JSON (an object, a union, an array of objects).
    Json(TypeRef),
    /// A file (`type: string, format: binary` or `byte`): the runtime's `FilePart`.
    File,
}

/// How a form field is written.
#[derive(Debug, Clone, PartialEq)]
pub enum FormFieldEncoding {
    /// A multipart part per value, with this `Content-Type` (`None`: a text part without one,
    /// which means `text/plain`). For a file it is the default, which the file's own media
    /// type overrides.
    Part {
        /// The part's media type.
        content_type: Option<String>,
    },
    /// One pair per value (`style: form`, `explode: true`, the default), a list repeating the
    /// name; a JSON value is its JSON text.
    Pairs,
    /// One pair whose value is the items joined by this separator (`,` for `explode: false`,
    /// ` ` for `spaceDelimited`, `|` for `pipeDelimited`).
    Joined(String),
    /// `style: deepObject`: one pair per value inside the field's JSON value, named by the
    /// path to it (`field[property]`, `field[property][0]`); `null` is no pair.
    DeepObject,
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

/// Which credentials an operation sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperationSecurity {
    /// Neither the operation nor the document says: the client-wide token, if any.
    Unspecified,
    /// Alternatives of scheme keys (`security`, the operation's or else the document's); an
    /// empty list sends nothing.
    Requirements(Vec<Vec<String>>),
}
