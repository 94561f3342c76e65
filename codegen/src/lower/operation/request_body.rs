//! An operation's request body: the media type the client speaks, its type (or its form,
//! `form.rs`) and docs.

use openapiv3::{ReferenceOr, RequestBody};

use super::super::Lowerer;
use super::super::media::{FormKind, RequestKind};
use super::super::refs::{SchemaView, resolve};
use super::super::{docs, media};
use crate::diagnostics::Pointer;
use crate::ir::{
    BodyEncoding, Doc, Passing, Primitive, RequestBody as IrRequestBody, RequestBodyKind, TypeRef,
};
use crate::names::{camel_ident, unraw};

impl<'a> Lowerer<'a> {
    pub(super) fn lower_request_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        stem: &str,
        pointer: &Pointer,
    ) -> Option<IrRequestBody> {
        let resolved = match resolve(self.spec, body, pointer) {
            Ok(resolved) => resolved,
            Err(message) => {
                self.diagnostics.error(pointer, message);
                return None;
            }
        };
        let picked = match media::pick_request(&resolved.item.content) {
            Ok(picked) => picked,
            Err(message) => {
                self.diagnostics
                    .error(&resolved.pointer.push("content"), message);
                return None;
            }
        };
        let (media_name, media) = picked.chosen;
        let mut nullable = false;
        let (ty, kind) = match picked.kind {
            RequestKind::Single(BodyEncoding::Text) => (
                TypeRef::Primitive(Primitive::String),
                RequestBodyKind::Single(BodyEncoding::Text),
            ),
            RequestKind::Single(BodyEncoding::Binary) => (
                TypeRef::Primitive(Primitive::Bytes),
                RequestBodyKind::Single(BodyEncoding::Binary),
            ),
            RequestKind::Single(BodyEncoding::Json) => {
                let schema_pointer = resolved
                    .pointer
                    .push("content")
                    .push(media_name)
                    .push("schema");
                let hint = match resolved.key {
                    Some(key) => format!("{}Request", unraw(&camel_ident(key))),
                    None => format!("{stem}Request"),
                };
                let ty = match &media.schema {
                    Some(schema) => {
                        let lowered =
                            self.lower_view(SchemaView::from(schema), &hint, &schema_pointer);
                        nullable = lowered.nullable;
                        lowered.ty
                    }
                    None => TypeRef::Any,
                };
                (ty, RequestBodyKind::Single(BodyEncoding::Json))
            }
            RequestKind::Form(form_kind) => {
                let media_pointer = resolved.pointer.push("content").push(media_name);
                let form = self.lower_form(form_kind, media, stem, &media_pointer)?;
                let kind = match form_kind {
                    FormKind::Multipart => RequestBodyKind::Multipart(form),
                    FormKind::UrlEncoded => RequestBodyKind::FormUrlEncoded(form),
                };
                (TypeRef::Any, kind)
            }
        };
        let mut doc = Doc::default();
        if let Some(description) = &resolved.item.description {
            doc.push(docs::clean(description));
        }
        Some(IrRequestBody {
            ty,
            nullable,
            kind,
            media_types: picked.all,
            media_type_enum: None,
            required: resolved.item.required,
            passing: Passing::for_required(resolved.item.required),
            doc,
        })
    }
}
