//! Form request bodies (`multipart/form-data`, `application/x-www-form-urlencoded`): the struct
//! a caller fills, and how each of its fields is written. Every encoding decision is made here
//! and recorded in the IR ([`FormField::encoding`]); the emitter only reads it.
//!
//! The body's schema must be an object (inline or a `$ref`), or an `allOf` of objects, merged
//! as for a struct; each property is a field. A `oneOf` or `anyOf` of such schemas is an enum
//! whose variants each hold a form struct of their own (`form_variants.rs`). Each property is:
//!
//! - a string with `format: binary` or `byte` is a file (`FilePart`), an array of them repeats
//!   the part (multipart only: a urlencoded form cannot carry a file);
//! - strings, numbers, booleans and string enums are sent as text; an array of them repeats the
//!   part or pair (urlencoded: `explode: false` joins them with `,`, `spaceDelimited` with a
//!   space, `pipeDelimited` with `|`);
//! - anything else (objects, unions, arrays of objects) is sent as JSON: a multipart part of
//!   `application/json` (OpenAPI 3.0's default for complex values), a urlencoded value of JSON
//!   text, except that `style: deepObject` writes one pair per value inside the field's value,
//!   named by the path to it (`field[property]=value`, `field[list][0]=value`; the runtime's
//!   `FormFields::deep`).
//!
//! A multipart part's media type is `encoding.{field}.contentType` (the first of a list), else
//! OpenAPI's default: none for text (which means `text/plain`), `application/json`,
//! `application/octet-stream` for files (a file's own media type wins).

use openapiv3::{Encoding, MediaType, QueryStyle, Schema};

use super::super::Lowerer;
use super::super::docs;
use super::super::media::{FormKind, is_json};
use super::super::refs::{SchemaView, component_entry, resolve};
use super::super::shape::{ObjectShape, Shape, classify};
use crate::diagnostics::Pointer;
use crate::ir::{Doc, FormDef, FormField, FormFieldEncoding, FormShape, FormValue};
use crate::names::{Namespace, camel_ident, snake_ident, unraw};

/// The media type entry a form is lowered from, which every field consults.
pub(super) struct FormInput<'a, 's> {
    kind: FormKind,
    media: &'a MediaType,
    /// The operation's type-name stem, for the hints of inline types.
    stem: &'s str,
    /// The media type entry's pointer (its `encoding` is under it).
    pointer: &'s Pointer,
}

/// Whether a schema is a form body's own, or one alternative of a form that is one of several
/// (which may not be one of several in turn).
#[derive(Clone, Copy)]
pub(super) enum FormPart {
    Whole,
    Alternative,
}

/// What a property is, before its encoding is decided.
struct Property {
    value: FormValue,
    repeated: bool,
}

impl<'a> Lowerer<'a> {
    /// The form type of a form body whose media type entry is `media` (at `pointer`), its names
    /// left for the operation's namespace to give; `None` after a diagnostic.
    pub(super) fn lower_form(
        &mut self,
        kind: FormKind,
        media: &'a MediaType,
        stem: &str,
        pointer: &Pointer,
    ) -> Option<FormDef> {
        let schema_pointer = pointer.push("schema");
        let Some(schema) = &media.schema else {
            self.diagnostics.error(
                pointer,
                "a form body needs a schema: an object whose properties are its fields",
            );
            return None;
        };
        let resolved = match resolve(self.spec, schema, &schema_pointer) {
            Ok(resolved) => resolved,
            Err(message) => {
                self.diagnostics.error(&schema_pointer, message);
                return None;
            }
        };
        let form = FormInput {
            kind,
            media,
            stem,
            pointer,
        };
        let shape = match classify(resolved.item) {
            Shape::Union {
                members, keyword, ..
            } => FormShape::OneOf(self.form_variants(
                &form,
                resolved.item,
                &members,
                &resolved.pointer,
                keyword,
            )?),
            shape => {
                let object = self.form_object(shape, &resolved.pointer, FormPart::Whole)?;
                FormShape::Fields(self.form_fields(&form, object)?)
            }
        };
        Some(FormDef {
            name: String::new(),
            doc: docs::schema_doc(resolved.item),
            shape,
        })
    }

    /// The fields of a form, or of one of its alternatives, one per property of `object`
    /// (each property written at its pointer); `None` after a diagnostic.
    pub(super) fn form_fields(
        &mut self,
        form: &FormInput<'a, '_>,
        (object, property_pointers): (ObjectShape<'a>, Vec<Pointer>),
    ) -> Option<Vec<FormField>> {
        let mut names = Namespace::default();
        let mut fields = Vec::with_capacity(object.properties.len());
        let mut failed = false;
        for ((wire_name, view), property_pointer) in object.properties.iter().zip(property_pointers)
        {
            let encoding = form.media.encoding.get(*wire_name);
            let encoding_pointer = form.pointer.push("encoding").push(wire_name);
            let wanted = snake_ident(wire_name);
            let rust_name = names.claim(&wanted);
            self.note_name(&property_pointer, wire_name, &wanted, &rust_name);
            let hint = format!("{}{}", form.stem, unraw(&camel_ident(wire_name)));
            let Some((property, nullable)) = self.form_property(*view, &hint, &property_pointer)
            else {
                failed = true;
                continue;
            };
            let field_encoding = match form.kind {
                FormKind::Multipart => self.part_encoding(&property, encoding, &encoding_pointer),
                FormKind::UrlEncoded => {
                    self.pair_encoding(&property, encoding, &encoding_pointer, &property_pointer)
                }
            };
            let Some(field_encoding) = field_encoding else {
                failed = true;
                continue;
            };
            fields.push(FormField {
                rust_name,
                wire_name: (*wire_name).to_owned(),
                required: object.required.contains(wire_name) && !nullable,
                repeated: property.repeated,
                value: property.value,
                encoding: field_encoding,
                doc: self.form_field_doc(*view),
            });
        }
        (!failed).then_some(fields)
    }

    /// The object whose properties are the fields of a form body of `shape` (its schema at
    /// `pointer`), and where each property is written; `None` after a diagnostic. An `allOf` of
    /// objects is the one object its members' properties make, merged as for a struct.
    pub(super) fn form_object(
        &mut self,
        shape: Shape<'a>,
        pointer: &Pointer,
        part: FormPart,
    ) -> Option<(ObjectShape<'a>, Vec<Pointer>)> {
        match shape {
            Shape::Object(object) => {
                let properties = pointer.push("properties");
                let pointers = object
                    .properties
                    .iter()
                    .map(|(wire_name, _)| properties.push(wire_name))
                    .collect();
                Some((object, pointers))
            }
            Shape::AllOf { members, own } => {
                let problems_before = self.diagnostics.len();
                let merged = self.merged_object(&members, own, pointer);
                (self.diagnostics.len() == problems_before).then_some(merged)
            }
            _ => {
                let message = match part {
                    FormPart::Whole => {
                        "a form body's schema must be an object whose properties are its \
                         fields, an allOf of such objects, or a oneOf or anyOf of them"
                    }
                    FormPart::Alternative => {
                        "an alternative of a form body must be an object whose properties are \
                         its fields, or an allOf of such objects"
                    }
                };
                self.diagnostics.error(pointer, message);
                None
            }
        }
    }

    /// The schema a position stands for, through references; `None` after a diagnostic.
    fn form_schema(&mut self, view: SchemaView<'a>, pointer: &Pointer) -> Option<&'a Schema> {
        match view {
            SchemaView::Item(schema) => Some(schema),
            SchemaView::Ref(reference) => {
                let found = component_entry::<Schema>(self.spec, reference)
                    .and_then(|(_, entry)| resolve(self.spec, entry, pointer));
                match found {
                    Ok(resolved) => Some(resolved.item),
                    Err(message) => {
                        self.diagnostics.error(pointer, message);
                        None
                    }
                }
            }
        }
    }

    /// What one property is (a file, text, JSON; repeated or not), with whether it admits
    /// `null` (then it is optional: nothing is sent for `None`).
    fn form_property(
        &mut self,
        view: SchemaView<'a>,
        hint: &str,
        pointer: &Pointer,
    ) -> Option<(Property, bool)> {
        let schema = self.form_schema(view, pointer)?;
        let nullable = schema.schema_data.nullable;
        let property = match classify(schema) {
            shape if is_file(&shape) => Property {
                value: FormValue::File,
                repeated: false,
            },
            Shape::Array { items: Some(items) } => {
                let items_pointer = pointer.push("items");
                let item_schema = self.form_schema(items, &items_pointer)?;
                let item_shape = classify(item_schema);
                if is_file(&item_shape) {
                    Property {
                        value: FormValue::File,
                        repeated: true,
                    }
                } else if is_text(&item_shape) {
                    let item_hint = format!("{hint}Item");
                    let lowered = self.lower_view(items, &item_hint, &items_pointer);
                    Property {
                        value: FormValue::Text(lowered.ty),
                        repeated: true,
                    }
                } else {
                    let lowered = self.lower_view(view, hint, pointer);
                    Property {
                        value: FormValue::Json(lowered.ty),
                        repeated: false,
                    }
                }
            }
            shape => {
                let lowered = self.lower_view(view, hint, pointer);
                let value = if is_text(&shape) {
                    FormValue::Text(lowered.ty)
                } else {
                    FormValue::Json(lowered.ty)
                };
                Property {
                    value,
                    repeated: false,
                }
            }
        };
        Some((property, nullable))
    }

    /// A multipart field's part media type.
    fn part_encoding(
        &mut self,
        property: &Property,
        encoding: Option<&Encoding>,
        pointer: &Pointer,
    ) -> Option<FormFieldEncoding> {
        let given = encoding
            .and_then(|encoding| encoding.content_type.as_deref())
            .and_then(|listed| listed.split(',').map(str::trim).find(|one| !one.is_empty()))
            .map(str::to_owned);
        let content_type = match (&property.value, given) {
            (FormValue::Json(_), Some(given)) if !is_json(&given) => {
                self.diagnostics.error(
                    &pointer.push("contentType"),
                    format!(
                        "this field is an object or a list of objects, which the client sends as JSON, not as `{given}`"
                    ),
                );
                return None;
            }
            // A range (`image/*`) names no type to send: the default stands.
            (FormValue::File, Some(given)) if given.contains('*') => {
                Some("application/octet-stream".to_owned())
            }
            (_, Some(given)) => Some(given),
            (FormValue::Text(_), None) => None,
            (FormValue::Json(_), None) => Some("application/json".to_owned()),
            (FormValue::File, None) => Some("application/octet-stream".to_owned()),
        };
        Some(FormFieldEncoding::Part { content_type })
    }

    /// A urlencoded field's pairs, from `encoding.{field}.style` and `explode`.
    fn pair_encoding(
        &mut self,
        property: &Property,
        encoding: Option<&Encoding>,
        encoding_pointer: &Pointer,
        property_pointer: &Pointer,
    ) -> Option<FormFieldEncoding> {
        let style = encoding.and_then(|encoding| encoding.style.clone());
        // `openapiv3` reads a missing `explode` as `false`; parsing writes the default (`true`
        // for the form style) into the document first (`parse/encodings.rs`).
        let explode = encoding.is_none_or(|encoding| encoding.explode);
        let refuse = |lowerer: &mut Self, message: &str| {
            lowerer
                .diagnostics
                .error(encoding_pointer, message.to_owned());
            None
        };
        match (&property.value, property.repeated, style) {
            (FormValue::File, ..) => {
                self.diagnostics.error(
                    property_pointer,
                    "a file cannot be sent in an application/x-www-form-urlencoded body (multipart/form-data can)",
                );
                None
            }
            (FormValue::Text(_), false, Some(QueryStyle::DeepObject)) => {
                refuse(self, "`deepObject` applies to an object or list field only")
            }
            (_, _, Some(QueryStyle::DeepObject)) => Some(FormFieldEncoding::DeepObject),
            (FormValue::Text(_), true, Some(QueryStyle::SpaceDelimited)) => {
                Some(FormFieldEncoding::Joined(" ".to_owned()))
            }
            (FormValue::Text(_), true, Some(QueryStyle::PipeDelimited)) => {
                Some(FormFieldEncoding::Joined("|".to_owned()))
            }
            (_, _, Some(QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited)) => refuse(
                self,
                "`spaceDelimited` and `pipeDelimited` apply to a list of strings, numbers or booleans only",
            ),
            (FormValue::Text(_), true, _) if !explode => {
                Some(FormFieldEncoding::Joined(",".to_owned()))
            }
            _ => Some(FormFieldEncoding::Pairs),
        }
    }

    fn form_field_doc(&self, view: SchemaView<'a>) -> Doc {
        match view {
            SchemaView::Item(schema) => docs::property_doc(schema),
            SchemaView::Ref(_) => Doc::default(),
        }
    }
}

/// A file: `type: string` with `format: binary` or `byte`.
fn is_file(shape: &Shape<'_>) -> bool {
    matches!(shape, Shape::String { format: Some(format), .. } if format == "binary" || format == "byte")
}

/// A value sent as its text: a string, number, boolean or string enum.
fn is_text(shape: &Shape<'_>) -> bool {
    matches!(
        shape,
        Shape::String { .. } | Shape::Integer { .. } | Shape::Number { .. } | Shape::Boolean
    )
}
