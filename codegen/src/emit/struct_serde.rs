//! `Serialize` and `Deserialize` for generated structs, written out rather than derived.
//!
//! serde's derives expand to several times the code of these impls (a field visitor per
//! struct, the struct-as-sequence form JSON never uses), and that expansion was most of what a
//! generated client cost to compile. These impls call the runtime's `struct_fields` module for
//! everything structs share; they accept and write exactly what the derives would with the
//! attributes the generator used to put on fields (`rename`, `default`,
//! `skip_serializing_if = "Option::is_none"`). Structs that collect unlisted keys (`flatten`)
//! or have no fields keep the derives (see `types::struct_codes_through_runtime`).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::ir::{Presence, StructDef};

/// `Serialize` through the runtime's `serialize_struct`: every field in order, an unset optional
/// one left out (as the derive with `skip_serializing_if = "Option::is_none"` writes it).
pub(super) fn encode_struct(
    runtime: &TokenStream,
    name: &proc_macro2::Ident,
    body: &StructDef,
) -> TokenStream {
    let type_name = name.to_string();
    let always = body
        .fields
        .iter()
        .filter(|field| field.presence != Presence::Optional)
        .count();
    let mut len: Vec<TokenStream> = body
        .fields
        .iter()
        .filter(|field| field.presence == Presence::Optional)
        .map(|field| {
            let name = ident(&field.rust_name);
            quote! { usize::from(self.#name.is_some()) }
        })
        .collect();
    if always > 0 || len.is_empty() {
        let always = proc_macro2::Literal::usize_unsuffixed(always);
        len.insert(0, quote! { #always });
    }
    let writes = body.fields.iter().map(|field| {
        let name = ident(&field.rust_name);
        let wire = &field.wire_name;
        if field.presence == Presence::Optional {
            quote! { object.optional(#wire, &self.#name)?; }
        } else {
            quote! { object.field(#wire, &self.#name)?; }
        }
    });
    quote! {
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let len = #(#len)+*;
                let mut object = #runtime::serialize_struct(serializer, #type_name, len)?;
                #(#writes)*
                object.end()
            }
        }
    }
}

/// The names of the locals of `decode_map` besides the slots, named apart from every field's
/// slot.
pub(super) struct DecodeLocals {
    /// The map being read.
    pub(super) map: String,
    /// Where keys the input cannot lend are copied.
    pub(super) buffer: String,
    /// The current key.
    pub(super) key: String,
}

/// See [`DecodeLocals`].
pub(super) fn decode_locals(body: &StructDef) -> DecodeLocals {
    let taken: Vec<&str> = body
        .fields
        .iter()
        .map(|field| crate::names::unraw(&field.rust_name))
        .collect();
    let free = |base: &str| {
        let mut local = base.to_owned();
        while taken.contains(&local.as_str()) {
            local.push('_');
        }
        local
    };
    DecodeLocals {
        map: free("map"),
        buffer: free("buffer"),
        key: free("key"),
    }
}

/// `Deserialize` through the runtime's `DecodeStruct`: a slot per field filled by a loop over
/// the object's keys. It accepts what serde's derive accepts from an object, and is a fraction
/// of the code the derive expands to (no per-struct field visitor, no sequence form), which is
/// most of what a generated client costs to compile.
pub(super) fn decode_struct(
    runtime: &TokenStream,
    name: &proc_macro2::Ident,
    body: &StructDef,
) -> TokenStream {
    let locals = decode_locals(body);
    let (map, buffer, key) = (
        ident(&locals.map),
        ident(&locals.buffer),
        ident(&locals.key),
    );
    let type_name = name.to_string();
    let wires: Vec<&str> = body
        .fields
        .iter()
        .map(|field| field.wire_name.as_str())
        .collect();
    let slots: Vec<_> = body
        .fields
        .iter()
        .map(|field| ident(&field.rust_name))
        .collect();
    let arms = body.fields.iter().zip(&slots).map(|(field, slot)| {
        let wire = &field.wire_name;
        quote! { #wire => #runtime::next_field(&mut #map, &mut #slot, #wire), }
    });
    let values = body.fields.iter().zip(&slots).map(|(field, slot)| {
        let wire = &field.wire_name;
        if field.is_option() {
            quote! { #slot: #slot.flatten(), }
        } else {
            quote! { #slot: #runtime::required(#slot, #wire)?, }
        }
    });
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #runtime::deserialize_struct(deserializer)
            }
        }

        impl<'de> #runtime::DecodeStruct<'de> for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];

            fn decode_map<A: serde::de::MapAccess<'de>>(mut #map: A) -> Result<Self, A::Error> {
                #( let mut #slots = None; )*
                let mut #buffer = #runtime::KeyBuffer::new();
                while let Some(#key) = #runtime::next_key(&mut #map, &mut #buffer)? {
                    match #key {
                        #(#arms)*
                        _ => #runtime::skip_value(&mut #map),
                    }?;
                }
                Ok(Self { #(#values)* })
            }
        }
    }
}
