//! Parameter values written as text into a path, a query or a header: `Display` where the Rust
//! type has it, RFC 3339 for timestamps, and the runtime's serde-based `parameter_text` for the
//! rest (unions, objects, free-form values), which have no `Display`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Primitive, TypeKind, TypeRef, resolve_aliases};

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

/// An expression that is `Display` and writes `binding` (a reference to the value) as the API
/// expects it.
pub fn value_text(
    api: &Api,
    ty: &TypeRef,
    binding: TokenStream,
    runtime: &TokenStream,
) -> TokenStream {
    match ty {
        TypeRef::Primitive(Primitive::DateTime) => {
            quote! { &#binding.to_rfc3339_opts(::chrono::SecondsFormat::Secs, true) }
        }
        TypeRef::Array(item) if displays(api, item) => {
            quote! { &#binding.iter().map(ToString::to_string).collect::<Vec<_>>().join(",") }
        }
        _ if displays(api, ty) => binding,
        _ => quote! { &#runtime::parameter_text(#binding) },
    }
}

/// A `&str` expression for a path parameter held in `place` (such as `self.name`).
pub fn path_text(
    api: &Api,
    ty: &TypeRef,
    place: TokenStream,
    runtime: &TokenStream,
) -> TokenStream {
    match ty {
        TypeRef::Primitive(Primitive::String) => quote! { &#place },
        _ if displays(api, ty) => quote! { &#place.to_string() },
        // Every other form `value_text` makes is a `&String` already.
        _ => value_text(api, ty, quote! { &#place }, runtime),
    }
}
