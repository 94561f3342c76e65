//! Form request bodies: the struct a caller fills (declared in the group module beside the
//! builder) and the statements that write it field by field into the runtime's `Multipart` or
//! `FormFields`, exactly as [`FormField::encoding`] says; nothing is decided here.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, doc_or, ident, type_tokens};
use crate::ir::{
    Api, FormDef, FormField, FormFieldEncoding, FormValue, Passing, RequestBody, RequestBodyKind,
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

/// The form struct of a form body.
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
    let name = ident(&form.name);
    let mut doc = form.doc.clone();
    doc.push(format!("Sent as `{media}`, one field at a time."));
    let doc = doc_attrs(&doc);
    let fields = form.fields.iter().map(|field| {
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
    let default = form.all_optional().then(|| quote! { Default, });
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }
    })
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
    let writes = form.fields.iter().map(field_statements);
    // A form without fields (an object schema without properties) is sent empty: nothing reads
    // `body`, and `form` is never added to.
    let empty = form.fields.is_empty();
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
    let statements = quote! { #start #(#writes)* #finish };
    match passing {
        Passing::Argument if empty => {
            // Says, and has the compiler check, that the form has nothing to read.
            let name = ident(&form.name);
            quote! {
                let #name {} = &self.body;
                #statements
            }
        }
        Passing::Argument => quote! {
            let body = &self.body;
            #statements
        },
        Passing::Setter if empty => quote! {
            if self.body.is_some() {
                #statements
            }
        },
        Passing::Setter => quote! {
            if let Some(body) = &self.body {
                #statements
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
