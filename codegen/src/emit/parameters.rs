//! Parameter values written as text into a path, a query or a header: `Display` where the Rust
//! type has it, RFC 3339 for timestamps, and the runtime's serde-based `parameter_text` for the
//! rest (unions, objects, free-form values), which have no `Display`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Parameter, ParameterStyle, Primitive, TypeKind, TypeRef, resolve_aliases};

/// Whether values of `ty` format correctly with `Display`.
fn displays(api: &Api, ty: &TypeRef) -> bool {
    match resolve_aliases(&api.types, ty) {
        TypeRef::Primitive(primitive) => {
            !matches!(primitive, Primitive::Bytes | Primitive::DateTime)
        }
        TypeRef::Named(id) => matches!(api.type_def(*id).kind, TypeKind::StringEnum(_)),
        _ => false,
    }
}

/// How a parameter's value is written as text, decided once for the tokens (`value_text`) and
/// the text (`request_text.rs`) of `build_request`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueForm {
    /// RFC 3339 with `Z`, and the fraction of a second when it is not zero (as many digits as
    /// it needs: milli-, micro- or nanoseconds).
    Rfc3339,
    /// An array of `Display` values, joined by commas.
    JoinedDisplay,
    /// `Display`.
    Display,
    /// The runtime's serde-based `parameter_text`.
    Serialized,
    /// The runtime's serde-based `exploded_parameter_text`: a path or header parameter in the
    /// `simple` style with `explode`, which writes an object as `key=value,key=value`.
    SerializedExploded,
    /// The runtime's `json_text`: a parameter given as `application/json` content.
    Json,
}

/// How values of `ty` are written as text.
pub fn value_form(api: &Api, ty: &TypeRef) -> ValueForm {
    match ty {
        TypeRef::Primitive(Primitive::DateTime) => ValueForm::Rfc3339,
        TypeRef::Array(item) if displays(api, item) => ValueForm::JoinedDisplay,
        _ if displays(api, ty) => ValueForm::Display,
        _ => ValueForm::Serialized,
    }
}

/// How the value of the path or header parameter `parameter` is written as text: as its type
/// says, an object exploded when its style says so.
pub fn parameter_form(api: &Api, parameter: &Parameter) -> ValueForm {
    if parameter.style == ParameterStyle::Json {
        return ValueForm::Json;
    }
    match value_form(api, &parameter.ty) {
        ValueForm::Serialized if parameter.style == ParameterStyle::Exploded => {
            ValueForm::SerializedExploded
        }
        form => form,
    }
}

/// How a query parameter is added to the request, decided once for the tokens
/// (`request::parameter_statements`) and the text (`request_text.rs`) of `build_request`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryCall {
    /// `query_required(name, text)`, the text as [`value_text`] writes it: a scalar, which
    /// every style writes the same way.
    Text(ValueForm),
    /// `query_exploded(name, value)`: a list or an object in the `form` style with `explode`.
    Exploded,
    /// `query_delimited(name, value, separator)`.
    Delimited(char),
    /// `query_deep_object(name, value)`.
    DeepObject,
}

impl QueryCall {
    /// The `Request` method.
    pub fn method(self) -> &'static str {
        match self {
            QueryCall::Text(_) => "query_required",
            QueryCall::Exploded => "query_exploded",
            QueryCall::Delimited(_) => "query_delimited",
            QueryCall::DeepObject => "query_deep_object",
        }
    }
}

/// How the query parameter `parameter` is added: lists and objects by the runtime, in the
/// parameter's style; scalars (bytes included, as their text) directly.
pub fn query_call(api: &Api, parameter: &Parameter) -> QueryCall {
    let form = value_form(api, &parameter.ty);
    let scalar = matches!(form, ValueForm::Display | ValueForm::Rfc3339)
        || matches!(
            resolve_aliases(&api.types, &parameter.ty),
            TypeRef::Primitive(_)
        );
    match parameter.style {
        ParameterStyle::Json => QueryCall::Text(ValueForm::Json),
        _ if scalar => QueryCall::Text(form),
        ParameterStyle::Exploded => QueryCall::Exploded,
        ParameterStyle::Delimited(separator) => QueryCall::Delimited(separator),
        ParameterStyle::DeepObject => QueryCall::DeepObject,
    }
}

/// An expression that is `Display` and writes `binding` (a reference to the value) as the API
/// expects it.
pub fn value_text(form: ValueForm, binding: TokenStream, runtime: &TokenStream) -> TokenStream {
    match form {
        ValueForm::Rfc3339 => {
            quote! { &#binding.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true) }
        }
        ValueForm::JoinedDisplay => {
            quote! { &#binding.iter().map(ToString::to_string).collect::<Vec<_>>().join(",") }
        }
        ValueForm::Display => binding,
        ValueForm::Serialized => quote! { &#runtime::parameter_text(#binding) },
        ValueForm::SerializedExploded => {
            quote! { &#runtime::exploded_parameter_text(#binding) }
        }
        ValueForm::Json => quote! { &#runtime::json_text(#binding) },
    }
}

/// A `&str` expression for the path parameter `parameter`, held in `place` (such as
/// `self.name`).
pub fn path_text(
    api: &Api,
    parameter: &Parameter,
    place: TokenStream,
    runtime: &TokenStream,
) -> TokenStream {
    match &parameter.ty {
        _ if parameter.style == ParameterStyle::Json => {
            value_text(ValueForm::Json, quote! { &#place }, runtime)
        }
        TypeRef::Primitive(Primitive::String) => quote! { &#place },
        ty if displays(api, ty) => quote! { &#place.to_string() },
        // Every other form `value_text` makes is a `&String` already.
        _ => value_text(parameter_form(api, parameter), quote! { &#place }, runtime),
    }
}
