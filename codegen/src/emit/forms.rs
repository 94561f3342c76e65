//! Form request bodies: the struct a caller fills (declared in the group module beside the
//! builder) and the statements that write it field by field into the runtime's `Multipart` or
//! `FormFields`, exactly as [`FormField::encoding`] says; nothing is decided here.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, doc_or, ident, type_tokens};
use crate::ir::{
    Api, Doc, FormDef, FormField, FormFieldEncoding, FormShape, FormValue, FormVariant, Passing,
    RequestBody, RequestBodyKind, all_optional,
};

/// The type of one value of a field.
fn value_type(
    api: &Api,
    value: &FormValue,
    models: &TokenStream,
    runtime: &TokenStream,
) -> TokenStream {
    match value {
        FormValue::Text(ty) | FormValue::Json(ty) => type_tokens(api, ty, models),
        FormValue::File => quote! { #runtime::FilePart },
    }
}

/// The form type of a form body: its struct, or its enum and the struct of each variant.
pub fn form_struct(
    api: &Api,
    body: &RequestBody,
    models: &TokenStream,
    runtime: &TokenStream,
) -> Option<TokenStream> {
    let (form, media) = match &body.kind {
        RequestBodyKind::Single(_) => return None,
        RequestBodyKind::Multipart(form) => (form, "multipart/form-data"),
        RequestBodyKind::FormUrlEncoded(form) => (form, "application/x-www-form-urlencoded"),
    };
    let mut doc = form.doc.clone();
    match &form.shape {
        FormShape::Fields(fields) => {
            doc.push(format!("Sent as `{media}`, one field at a time."));
            Some(struct_tokens(
                api, &form.name, &doc, fields, models, runtime,
            ))
        }
        FormShape::OneOf(variants) => {
            doc.push(format!(
                "Sent as `{media}`: the fields of the one form a variant holds."
            ));
            Some(enum_tokens(
                api, &form.name, &doc, variants, models, runtime,
            ))
        }
    }
}

/// A form enum, the `From` of each variant's struct, and the structs.
fn enum_tokens(
    api: &Api,
    name: &str,
    doc: &Doc,
    variants: &[FormVariant],
    models: &TokenStream,
    runtime: &TokenStream,
) -> TokenStream {
    let name = ident(name);
    let doc = doc_attrs(doc);
    let variant_items = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let struct_name = ident(&variant.struct_name);
        let variant_doc = format!(" Sends the fields of [`{}`].", variant.struct_name);
        quote! {
            #[doc = #variant_doc]
            #variant_name(#struct_name),
        }
    });
    let conversions = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let struct_name = ident(&variant.struct_name);
        quote! {
            impl From<#struct_name> for #name {
                fn from(form: #struct_name) -> Self {
                    Self::#variant_name(form)
                }
            }
        }
    });
    let structs = variants.iter().map(|variant| {
        let mut struct_doc = variant.doc.clone();
        struct_doc.push(format!("One of the forms of [`{name}`]."));
        struct_tokens(
            api,
            &variant.struct_name,
            &struct_doc,
            &variant.fields,
            models,
            runtime,
        )
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variant_items)*
        }
        #(#conversions)*
        #(#structs)*
    }
}

/// A form struct of `fields`.
fn struct_tokens(
    api: &Api,
    name: &str,
    doc: &Doc,
    fields: &[FormField],
    models: &TokenStream,
    runtime: &TokenStream,
) -> TokenStream {
    let name = ident(name);
    let doc = doc_attrs(doc);
    let field_items = fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let mut ty = value_type(api, &field.value, models, runtime);
        if field.repeated {
            ty = quote! { Vec<#ty> };
        }
        if !field.required {
            ty = quote! { Option<#ty> };
        }
        let field_doc = doc_or(&field.doc, || field_fallback_doc(field));
        quote! {
            #field_doc
            pub #field_name: #ty,
        }
    });
    let default = all_optional(fields).then(|| quote! { Default, });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#field_items)*
        }
    }
}

fn field_fallback_doc(field: &FormField) -> String {
    let what = match (&field.value, field.repeated) {
        (FormValue::File, false) => "The file",
        (FormValue::File, true) => "The files",
        (_, true) => "The values",
        (_, false) => "The value",
    };
    let absent = if field.required {
        ""
    } else {
        "; nothing is sent when `None`"
    };
    format!("{what} sent as `{}`{absent}.", field.wire_name)
}

/// Statements that write the form in `self.body` onto `request`.
pub fn write(
    form: &FormDef,
    multipart: bool,
    passing: Passing,
    runtime: &TokenStream,
) -> TokenStream {
    // What adds the fields of the form `body` refers to, and whether anything is ever added
    // (a form without fields, from an object schema without properties, is sent empty).
    let (fill, empty) = match &form.shape {
        FormShape::Fields(fields) => {
            let writes = fields.iter().map(field_statements);
            (quote! { #(#writes)* }, fields.is_empty())
        }
        FormShape::OneOf(variants) => {
            let name = ident(&form.name);
            let arms = variants.iter().map(|variant| {
                let variant_name = ident(&variant.name);
                if variant.fields.is_empty() {
                    quote! { #name::#variant_name(_) => {} }
                } else {
                    let writes = variant.fields.iter().map(field_statements);
                    quote! { #name::#variant_name(body) => { #(#writes)* } }
                }
            });
            let empty = variants.iter().all(|variant| variant.fields.is_empty());
            (quote! { match body { #(#arms)* } }, empty)
        }
    };
    let mutable = (!empty).then(|| quote! { mut });
    let (start, finish) = if multipart {
        (
            quote! { let #mutable form = #runtime::Multipart::new(); },
            quote! { request.multipart_body(form); },
        )
    } else {
        (
            quote! { let #mutable form = #runtime::FormFields::new(); },
            quote! { request.form_body(&form); },
        )
    };
    let fields_only = matches!(form.shape, FormShape::Fields(_));
    match passing {
        Passing::Argument if empty && fields_only => {
            // Says, and has the compiler check, that the form has nothing to read.
            let name = ident(&form.name);
            quote! {
                let #name {} = &self.body;
                #start
                #finish
            }
        }
        Passing::Argument => quote! {
            let body = &self.body;
            #start
            #fill
            #finish
        },
        Passing::Setter if empty && fields_only => quote! {
            if self.body.is_some() {
                #start
                #finish
            }
        },
        Passing::Setter => quote! {
            if let Some(body) = &self.body {
                #start
                #fill
                #finish
            }
        },
    }
}

/// Statements that write one field: for each value (the items of a list; nothing for `None`).
fn field_statements(field: &FormField) -> TokenStream {
    let name = ident(&field.rust_name);
    // A joined or deep-object list is one value: the whole list.
    let per_item = field.repeated
        && !matches!(
            field.encoding,
            FormFieldEncoding::Joined(_) | FormFieldEncoding::DeepObject
        );
    // Where one value is: a field of `body` read directly, or a binding (`value`, a reference).
    let reference = if field.required && !per_item {
        quote! { &body.#name }
    } else {
        quote! { value }
    };
    let one = value_statements(field, &reference);
    let each = if per_item {
        let items = if field.required {
            quote! { &body.#name }
        } else {
            quote! { values }
        };
        quote! {
            for value in #items {
                #one
            }
        }
    } else {
        one
    };
    if field.required {
        each
    } else {
        let binding = if per_item {
            quote! { values }
        } else {
            quote! { value }
        };
        quote! {
            if let Some(#binding) = &body.#name {
                #each
            }
        }
    }
}

/// Statements that write one value, given as a reference expression.
fn value_statements(field: &FormField, reference: &TokenStream) -> TokenStream {
    let wire = &field.wire_name;
    match &field.encoding {
        FormFieldEncoding::Joined(separator) => {
            quote! { form.joined(#wire, #reference, #separator); }
        }
        FormFieldEncoding::DeepObject => quote! { form.deep(#wire, #reference)?; },
        FormFieldEncoding::Part { content_type } => part(field, content_type.as_deref(), reference),
        FormFieldEncoding::Pairs => match field.value {
            FormValue::Json(_) => quote! { form.json(#wire, #reference)?; },
            _ => quote! { form.text(#wire, #reference); },
        },
    }
}

/// One multipart part of the value `reference` points to.
fn part(field: &FormField, content_type: Option<&str>, reference: &TokenStream) -> TokenStream {
    let wire = &field.wire_name;
    match (&field.value, content_type) {
        (FormValue::File, content_type) => {
            let default = content_type.unwrap_or("application/octet-stream");
            quote! { form.file(#wire, #reference, #default); }
        }
        (FormValue::Json(_), content_type) => {
            let content_type = content_type.unwrap_or("application/json");
            quote! { form.json(#wire, #reference, #content_type)?; }
        }
        (FormValue::Text(_), Some(content_type)) => {
            quote! { form.text_as(#wire, #reference, #content_type); }
        }
        (FormValue::Text(_), None) => quote! { form.text(#wire, #reference); },
    }
}
