//! The models module: one item per [`TypeDef`], sorted by name.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::Chunk;
use super::features::{AttributeTexts, cfg, gated_items, type_cfg};
use super::model_text::{alias_text, constructor_text, open_enum_text, struct_declaration_text};
use super::serde_text::{decode_struct_text, encode_struct_text};
use super::struct_serde;
use super::tokens::{doc_attrs, ident, type_tokens};
use super::unions::union_item;
use crate::ir::{
    Api, Construction, Doc, Field, Gate, Presence, StringEnumDef, StructDef, TypeDef, TypeId,
    TypeKind,
};

/// The module the models call the runtime by (`use {runtime_path};` in the models).
const RUNTIME: &str = "runtime";

/// Every type of the API, ordered by name so that output does not depend on discovery order;
/// each under the Cargo features that need it, if the crate has them.
pub fn models(api: &Api, runtime_path: &TokenStream) -> Vec<Chunk> {
    let defs = by_name(api);
    models_part(api, &defs, runtime_path, 0, &[0, defs.len()])
}

/// Every type with its id, in name order: the order of the models module, computed once and
/// shared by the parts.
pub fn by_name(api: &Api) -> Vec<(TypeId, &TypeDef)> {
    let mut defs: Vec<(TypeId, &TypeDef)> = api
        .types
        .iter()
        .enumerate()
        .map(|(index, def)| (TypeId(index), def))
        .collect();
    defs.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    defs
}

/// Part `part` of the models module: the types of `defs` (every type, from [`by_name`]) from
/// `bounds[part]` to `bounds[part + 1]`, the imports in the first part. Formatted apart and
/// joined with a blank line between them, the parts give the same text as the whole module
/// formatted at once (every part but the first starts with a type, never a `use`), so that
/// they can be formatted on several threads.
pub fn models_part(
    api: &Api,
    defs: &[(TypeId, &TypeDef)],
    runtime_path: &TokenStream,
    part: usize,
    bounds: &[usize],
) -> Vec<Chunk> {
    let imports = (part == 0).then(|| {
        // Aliases derive nothing; with only aliases (or no types) the import would be unused,
        // and under features it is needed by those of the types that derive.
        let deriving = defs
            .iter()
            .filter(|(_, def)| !matches!(def.kind, TypeKind::Alias(_)))
            .map(|(id, _)| *id);
        let serde = import(api, deriving, quote! { serde::{Deserialize, Serialize} });
        let decoding = defs
            .iter()
            .filter(|(_, def)| decodes_through_runtime(&def.kind))
            .map(|(id, _)| *id);
        let runtime = import(api, decoding, runtime_path.clone());
        quote! { #serde #runtime }
    });
    let (start, end) = (bounds[part], bounds[part + 1]);
    let runtime = ident(RUNTIME).into_token_stream();
    let mut chunks = Vec::new();
    let mut tokens = imports.unwrap_or_default();
    let mut attribute_texts = AttributeTexts::default();
    for (id, def) in &defs[start..end] {
        let cfg = type_cfg(api, *id);
        let attributes = attribute_texts.of_type(api, *id);
        for chunk in type_chunks(api, &runtime, def, cfg.as_ref(), &attributes) {
            match chunk {
                // Runs of tokens are formatted together: one parse instead of several.
                Chunk::Tokens(items) => tokens.extend(items),
                other => {
                    chunks.push(Chunk::Tokens(std::mem::take(&mut tokens)));
                    chunks.push(other);
                }
            }
        }
    }
    chunks.push(Chunk::Tokens(tokens));
    chunks
}

/// `use #path;` if one of `users` is generated, under the features that need it.
fn import(
    api: &Api,
    mut users: impl Iterator<Item = TypeId>,
    path: TokenStream,
) -> Option<TokenStream> {
    let gate = match &api.features {
        Some(features) => features.gate_of_types(users),
        None => users.next().map(|_| Gate::Always),
    };
    gate.map(|gate| {
        let gate = cfg(api, &gate);
        quote! { #gate use #path; }
    })
}

/// Whether the type's `Deserialize` calls the runtime: string enums, structs that decode
/// through `DecodeStruct` (see [`struct_serde`]) and unions a discriminator tells apart (see
/// [`unions`](super::unions)).
fn decodes_through_runtime(kind: &TypeKind) -> bool {
    match kind {
        TypeKind::StringEnum(_) => true,
        TypeKind::Struct(body) => struct_codes_through_runtime(body),
        TypeKind::Union(body) => body.discriminator.is_some(),
        TypeKind::Alias(_) | TypeKind::Newtype(_) => false,
    }
}

/// Collected unlisted keys (`flatten`) and field-less structs keep serde's derives; every other
/// struct encodes and decodes through the runtime.
fn struct_codes_through_runtime(body: &StructDef) -> bool {
    body.additional_properties.is_none() && !body.fields.is_empty()
}

/// The items of a type, each under `cfg`: as text where `model_text.rs` and `serde_text.rs`
/// can write them (structs that code through the runtime, open string enums, aliases),
/// everything else as tokens. `attributes` is the text of `cfg` (empty without one).
pub(super) fn type_chunks(
    api: &Api,
    runtime: &TokenStream,
    def: &TypeDef,
    cfg: Option<&TokenStream>,
    attributes: &str,
) -> Vec<Chunk> {
    let tokens = || {
        vec![Chunk::Tokens(gated_items(
            type_items(api, runtime, def),
            cfg.cloned(),
        ))]
    };
    // `attributes`, the attribute as prettyplease lays it out, goes on every item written as
    // text.
    let text = match &def.kind {
        TypeKind::Struct(body) => {
            return struct_chunks(api, def, body, cfg, attributes).unwrap_or_else(tokens);
        }
        TypeKind::StringEnum(body) => open_enum_text(RUNTIME, def, body, attributes),
        TypeKind::Alias(target) => alias_text(api, def, target, attributes),
        TypeKind::Union(_) | TypeKind::Newtype(_) => None,
    };
    match text {
        Some(text) => vec![Chunk::Text(text)],
        None => tokens(),
    }
}

/// A struct that codes through the runtime: its declaration and constructor (as text, or as
/// tokens when they cannot be) and its serde impls (text); `None` when the serde impls cannot
/// be written as text (then every item is tokens).
fn struct_chunks(
    api: &Api,
    def: &TypeDef,
    body: &StructDef,
    cfg: Option<&TokenStream>,
    attributes: &str,
) -> Option<Vec<Chunk>> {
    if !struct_codes_through_runtime(body) {
        return None;
    }
    let encode = encode_struct_text(RUNTIME, &def.name, body, attributes)?;
    let decode = decode_struct_text(RUNTIME, &def.name, body, attributes)?;
    let name = ident(&def.name);
    let declaration = match struct_declaration_text(api, def, body, attributes) {
        Some(text) => Chunk::Text(text),
        None => Chunk::Tokens(gated_items(
            struct_declaration(api, def, body),
            cfg.cloned(),
        )),
    };
    let constructor = constructor_text(api, &def.name, body, attributes)
        .map(Chunk::Text)
        .or_else(|| {
            constructor(api, &name, body).map(|new| Chunk::Tokens(gated_items(new, cfg.cloned())))
        });
    let serde = Chunk::Text(format!("{encode}\n{decode}"));
    Some(
        std::iter::once(declaration)
            .chain(constructor)
            .chain([serde])
            .collect(),
    )
}

/// Every item of a type, as tokens.
pub(super) fn type_items(api: &Api, runtime: &TokenStream, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let non_exhaustive = if def.is_non_exhaustive() {
        quote! { #[non_exhaustive] }
    } else {
        TokenStream::new()
    };
    match &def.kind {
        TypeKind::Struct(body) => struct_item(
            api,
            runtime,
            &doc_attrs(&def.doc),
            &non_exhaustive,
            (&name, body),
        ),
        TypeKind::StringEnum(body) => {
            string_enum_item(runtime, &def.doc, &non_exhaustive, &name, body)
        }
        TypeKind::Union(body) => union_item(api, runtime, &def.doc, &name, body),
        TypeKind::Alias(target) => {
            let doc = doc_attrs(&def.doc);
            let target = type_tokens(api, target, &TokenStream::new());
            quote! { #doc pub type #name = #target; }
        }
        TypeKind::Newtype(body) => {
            let mut target = type_tokens(api, &body.ty, &TokenStream::new());
            if body.boxed {
                target = quote! { Box<#target> };
            }
            let doc = doc_with_note(
                &def.doc,
                "A wrapper rather than an alias because the type contains itself; it encodes\n\
                 exactly as the value it wraps.",
            );
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #target);
            }
        }
    }
}

/// The spec's docs (if any), then a paragraph on how the generated type behaves.
pub(super) fn doc_with_note(doc: &Doc, note: &str) -> TokenStream {
    let mut doc = doc.clone();
    doc.push(note);
    doc_attrs(&doc)
}

fn struct_item(
    api: &Api,
    runtime: &TokenStream,
    doc: &TokenStream,
    non_exhaustive: &TokenStream,
    (name, body): (&proc_macro2::Ident, &StructDef),
) -> TokenStream {
    let default = (body.construction() == Construction::Default).then(|| quote! { Default, });
    let constructor = constructor(api, name, body);
    if !struct_codes_through_runtime(body) {
        let fields = body
            .fields
            .iter()
            .map(|field| field_tokens(api, field, FieldAttributes::Serde));
        let additional = body.additional_properties.as_ref().map(|value| {
            let value = type_tokens(api, value, &TokenStream::new());
            quote! {
                /// Properties not listed in the schema.
                #[serde(flatten)]
                pub additional_properties: ::std::collections::BTreeMap<String, #value>,
            }
        });
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
            #non_exhaustive
            pub struct #name {
                #(#fields)*
                #additional
            }
            #constructor
        };
    }
    let declaration = struct_declaration_tokens(api, doc, non_exhaustive, name, body);
    let encode = struct_serde::encode_struct(runtime, name, body);
    let decode = struct_serde::decode_struct(runtime, name, body);
    quote! {
        #declaration
        #constructor
        #encode
        #decode
    }
}

/// The declaration of a struct that codes through the runtime, with its docs.
fn struct_declaration(api: &Api, def: &TypeDef, body: &StructDef) -> TokenStream {
    let non_exhaustive = if def.is_non_exhaustive() {
        quote! { #[non_exhaustive] }
    } else {
        TokenStream::new()
    };
    let name = ident(&def.name);
    struct_declaration_tokens(api, &doc_attrs(&def.doc), &non_exhaustive, &name, body)
}

fn struct_declaration_tokens(
    api: &Api,
    doc: &TokenStream,
    non_exhaustive: &TokenStream,
    name: &proc_macro2::Ident,
    body: &StructDef,
) -> TokenStream {
    let default = (body.construction() == Construction::Default).then(|| quote! { Default, });
    let fields = body
        .fields
        .iter()
        .map(|field| field_tokens(api, field, FieldAttributes::None));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        #non_exhaustive
        pub struct #name {
            #(#fields)*
        }
    }
}

/// `new(required...)` where [`StructDef::construction`] says so, so callers name only what they
/// must.
fn constructor(api: &Api, name: &proc_macro2::Ident, body: &StructDef) -> Option<TokenStream> {
    if body.construction() != Construction::New {
        return None;
    }
    let required: Vec<&Field> = body
        .fields
        .iter()
        .filter(|field| !field.is_option())
        .collect();
    let arguments = required.iter().map(|field| {
        let name = ident(&field.rust_name);
        let mut ty = type_tokens(api, &field.ty, &TokenStream::new());
        if field.boxed {
            ty = quote! { Box<#ty> };
        }
        quote! { #name: #ty }
    });
    let inits = body.fields.iter().map(|field| {
        let name = ident(&field.rust_name);
        if field.is_option() {
            quote! { #name: None }
        } else {
            quote! { #name }
        }
    });
    let additional = body
        .additional_properties
        .as_ref()
        .map(|_| quote! { additional_properties: ::std::collections::BTreeMap::new(), });
    Some(quote! {
        impl #name {
            /// Creates a value from the required fields; every optional field is `None`.
            pub fn new(#(#arguments),*) -> Self {
                Self { #(#inits,)* #additional }
            }
        }
    })
}

/// Whether a field carries `#[serde(...)]` attributes: only for serde's derives.
#[derive(Clone, Copy, PartialEq)]
enum FieldAttributes {
    Serde,
    None,
}

fn field_tokens(api: &Api, field: &Field, attributes: FieldAttributes) -> TokenStream {
    let doc = doc_attrs(&field.doc);
    let name = ident(&field.rust_name);
    let mut ty = type_tokens(api, &field.ty, &TokenStream::new());
    if field.boxed {
        ty = quote! { Box<#ty> };
    }
    if field.is_option() {
        ty = quote! { Option<#ty> };
    }
    let serde = (attributes == FieldAttributes::Serde)
        .then(|| serde_attributes(field))
        .flatten();
    quote! {
        #doc
        #serde
        pub #name: #ty,
    }
}

fn serde_attributes(field: &Field) -> Option<TokenStream> {
    let rename = (crate::names::unraw(&field.rust_name) != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote! { rename = #wire, }
    });
    // An optional field is left out when unset; a required nullable one is sent as `null`.
    let optional = (field.presence == Presence::Optional)
        .then(|| quote! { default, skip_serializing_if = "Option::is_none", });
    (rename.is_some() || optional.is_some()).then(|| quote! { #[serde(#rename #optional)] })
}

/// The parts of a string enum's items that open and closed enums share.
struct EnumParts {
    variants: Vec<proc_macro2::Ident>,
    values: Vec<String>,
    variant_docs: Vec<String>,
    /// `Display` and `Serialize`, both through `as_str`.
    shared: TokenStream,
}

fn string_enum_item(
    runtime: &TokenStream,
    doc: &Doc,
    non_exhaustive: &TokenStream,
    name: &proc_macro2::Ident,
    body: &StringEnumDef,
) -> TokenStream {
    let variants: Vec<_> = body
        .variants
        .iter()
        .map(|variant| ident(&variant.name))
        .collect();
    let values: Vec<String> = body
        .variants
        .iter()
        .map(|variant| variant.value.clone())
        .collect();
    let variant_docs = values
        .iter()
        .map(|value| format!(" `{}`", super::tokens::doc_safe(value)))
        .collect();
    let shared = quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
    // The text is matched as the input lends it: decoding into a `String` first would allocate
    // for every value (the runtime's `deserialize_str_enum`).
    let (expected, decode) = match &body.other_variant {
        Some(_) => (quote! { &[] }, quote! { |value| Some(Self::from(value)) }),
        None => (
            quote! { &[#(#values),*] },
            quote! {
                |value| match value {
                    #( #values => Some(Self::#variants), )*
                    _ => None,
                }
            },
        ),
    };
    let shared = quote! {
        #shared

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #runtime::deserialize_str_enum(deserializer, #expected, #decode)
            }
        }
    };
    let parts = EnumParts {
        variants,
        values,
        variant_docs,
        shared,
    };
    match &body.other_variant {
        Some(other) => open_enum_item(doc, non_exhaustive, name, &ident(other), &parts),
        None => closed_enum_item(doc, name, &parts),
    }
}

/// A closed enum: unknown values do not decode.
fn closed_enum_item(doc: &Doc, name: &proc_macro2::Ident, parts: &EnumParts) -> TokenStream {
    let EnumParts {
        variants,
        values,
        variant_docs,
        shared,
    } = parts;
    let doc = doc_with_note(
        doc,
        "Closed: it tells an alternative of a union apart, so a value the spec does not\n\
             list does not decode into it (and decoding tries the next alternative).",
    );
    quote! {
            #doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name {
                #( #[doc = #variant_docs] #variants, )*
            }

            impl #name {
                /// The value as written on the wire.
                pub fn as_str(&self) -> &'static str {
                    match self {
                        #( Self::#variants => #values, )*
                    }
                }
            }

            #shared

    }
}

/// The paragraph an open enum's docs end with.
pub(super) const OPEN_ENUM_NOTE: &str = "Values the spec does not list decode into the last variant and encode back unchanged,\n\
     so a value added by the server later does not break decoding; the enum is\n\
     `#[non_exhaustive]`, so a `match` outside this crate keeps a `_` arm and a value added\n\
     to the spec later does not break it either.";

/// An open enum: a value the spec does not list decodes into `other` and encodes back.
fn open_enum_item(
    doc: &Doc,
    non_exhaustive: &TokenStream,
    name: &proc_macro2::Ident,
    other: &proc_macro2::Ident,
    parts: &EnumParts,
) -> TokenStream {
    let EnumParts {
        variants,
        values,
        variant_docs,
        shared,
    } = parts;
    let doc = doc_with_note(doc, OPEN_ENUM_NOTE);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #non_exhaustive
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value not listed in the spec.
            #other(String),
        }

        impl #name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::#other(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::#other(other.to_owned()),
                }
            }
        }

        #shared

    }
}
