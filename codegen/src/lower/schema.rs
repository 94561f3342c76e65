//! Schema positions to types: every schema becomes a [`TypeRef`] (and whether `null` is
//! allowed there); those that need a name (objects, string enums, unions, merged `allOf`s)
//! also become a [`TypeDef`](crate::ir::TypeDef), built in `named.rs` (structs and enums),
//! `one_of.rs` (unions) and `all_of.rs` (`allOf`s). What a schema is comes from `shape.rs`.

use openapiv3::{ReferenceOr, Schema};

use super::docs::schema_doc;
use super::refs::{SchemaView, component_entry, resolve};
use super::shape::{Additional, Shape, classify, is_null_only, schema_nullable};
use super::{Lowered, Lowerer};
use crate::diagnostics::Pointer;
use crate::ir::{TypeKind, TypeRef};
use crate::names::{camel_ident, unraw};

/// How deep inline schemas may nest (real descriptions stay under 10: the deepest seen is 9).
/// The bound keeps every recursive step after it (lowering, emitting, formatting the nested
/// types) within the generator's stack ([`crate::STACK_SIZE`]), whatever the input. It was 32
/// while the generator ran on the caller's stack; on its own 64 MB thread, 256 levels (a
/// `Vec` nested 256 deep) need about 16 MB in a debug build, and a valid schema nested 150
/// levels generates (`tests/fixtures/deep_nesting_150.json`).
pub(super) const MAX_INLINE_DEPTH: usize = 256;
impl<'a> Lowerer<'a> {
    /// Whether the component schema `key` admits `null` (seen through reference chains, and
    /// through an `allOf` that stands for one of its members).
    pub(super) fn component_nullable(&mut self, key: &str) -> bool {
        let Some(entry) = self
            .spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(key))
        else {
            return false;
        };
        match resolve(self.spec, entry, &Pointer::root()) {
            Ok(resolved) => self.admits_null(resolved.item, MAX_INLINE_DEPTH),
            Err(_) => false,
        }
    }

    /// Gives the component schema `key`, whose id and name exist already, its definition.
    pub(super) fn define_component(
        &mut self,
        key: &str,
        entry: &'a ReferenceOr<Schema>,
        pointer: &Pointer,
    ) {
        let id = self.component_types[key];
        let name = self.types[id.0].name.clone();
        let kind = match entry {
            ReferenceOr::Reference { reference } => match resolve(self.spec, entry, pointer) {
                Ok(_) => TypeKind::Alias(self.lower_ref(reference, pointer).ty),
                Err(message) => {
                    self.diagnostics.error(pointer, message);
                    TypeKind::Alias(TypeRef::Any)
                }
            },
            ReferenceOr::Item(schema) => {
                self.types[id.0].doc = schema_doc(schema);
                match self.inheritance_union(key, schema, &name, pointer) {
                    Some(union) => union,
                    None => self.component_kind(schema, &name, pointer),
                }
            }
        };
        self.types[id.0].kind = kind;
    }

    /// The definition of the component named `name` whose schema is `schema`, at `pointer`.
    pub(super) fn component_kind(
        &mut self,
        schema: &'a Schema,
        name: &str,
        pointer: &Pointer,
    ) -> TypeKind {
        let shape = classify(schema);
        // With properties of its own beside it that apply, an `allOf` is a merge.
        if let Shape::AllOf { members, own } = &shape
            && !self.own_applies(members, own.as_ref())
        {
            self.ignored_own(own.as_ref(), pointer);
            if let Some(kind) = self.all_of_component(members, name, pointer) {
                return kind;
            }
        }
        if shape.needs_name() {
            self.build_kind(shape, name, pointer)
        } else {
            TypeKind::Alias(self.lower_unnamed(shape, name, pointer))
        }
    }

    /// Lowers a schema position; `hint` names the type if one must be made.
    pub(super) fn lower_view(
        &mut self,
        view: SchemaView<'a>,
        hint: &str,
        pointer: &Pointer,
    ) -> Lowered {
        match view {
            SchemaView::Ref(reference) => self.lower_ref(reference, pointer),
            SchemaView::Item(schema) => self.lower_inline(schema, hint, pointer),
        }
    }

    pub(super) fn lower_ref(&mut self, reference: &str, pointer: &Pointer) -> Lowered {
        match component_entry::<Schema>(self.spec, reference) {
            Ok((key, _)) => match self.component_types.get(key) {
                Some(&id) => Lowered {
                    ty: TypeRef::Named(id),
                    nullable: self.nullable_components.get(key).copied().unwrap_or(false),
                },
                None => Lowered::any(),
            },
            Err(message) => {
                self.diagnostics.error(pointer, message);
                Lowered::any()
            }
        }
    }

    /// Lowers an inline schema. Results are cached by pointer, so a schema reached twice (a
    /// shared parameter or response) yields one type.
    pub(super) fn lower_inline(
        &mut self,
        schema: &'a Schema,
        hint: &str,
        pointer: &Pointer,
    ) -> Lowered {
        if let Some(cached) = self.inline_cache.get(pointer) {
            return cached.clone();
        }
        if self.inline_depth >= MAX_INLINE_DEPTH {
            self.report_too_deep(pointer);
            return Lowered::any();
        }
        self.inline_depth += 1;
        let lowered = self.lower_inline_shape(schema, hint, pointer);
        self.inline_depth -= 1;
        self.inline_cache.insert(pointer.clone(), lowered.clone());
        lowered
    }

    /// Reports an inline schema past [`MAX_INLINE_DEPTH`].
    pub(super) fn report_too_deep(&mut self, pointer: &Pointer) {
        self.diagnostics.error(
            pointer,
            format!(
                "inline schemas nested more than {MAX_INLINE_DEPTH} levels deep are not supported"
            ),
        );
    }

    fn lower_inline_shape(&mut self, schema: &'a Schema, hint: &str, pointer: &Pointer) -> Lowered {
        let shape = classify(schema);
        if let Shape::AllOf { members, own } = &shape
            && !self.own_applies(members, own.as_ref())
        {
            self.ignored_own(own.as_ref(), pointer);
            if let Some(lowered) = self.lower_inline_all_of(schema, members, hint, pointer) {
                return lowered;
            }
        }
        let ty = if let Shape::Union {
            members, keyword, ..
        } = &shape
        {
            // A union with one real member (the others only say "null") is that member.
            let real: Vec<_> = members
                .iter()
                .enumerate()
                .filter(
                    |(_, member)| !matches!(member, SchemaView::Item(inner) if is_null_only(inner)),
                )
                .collect();
            if let [(index, member)] = real.as_slice() {
                self.lower_view(
                    **member,
                    hint,
                    &pointer.push(keyword).push(index.to_string()),
                )
                .ty
            } else {
                self.lower_shape(shape, schema, hint, pointer)
            }
        } else {
            self.lower_shape(shape, schema, hint, pointer)
        };
        Lowered {
            ty,
            nullable: schema_nullable(schema),
        }
    }

    pub(super) fn lower_shape(
        &mut self,
        shape: Shape<'a>,
        schema: &'a Schema,
        hint: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        if !shape.needs_name() {
            return self.lower_unnamed(shape, hint, pointer);
        }
        let name = self.type_names.claim(&camel_ident(hint));
        let id = self.new_type(name.clone(), schema_doc(schema), pointer.clone());
        let kind = self.build_kind(shape, &name, pointer);
        self.types[id.0].kind = kind;
        TypeRef::Named(id)
    }

    /// Types that need no name of their own: scalars, arrays, maps, free-form values.
    pub(super) fn lower_unnamed(
        &mut self,
        shape: Shape<'a>,
        hint: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        match shape {
            Shape::String { .. }
            | Shape::Integer { .. }
            | Shape::Number { .. }
            | Shape::Boolean => shape.primitive().map_or(TypeRef::Any, TypeRef::Primitive),
            Shape::Array { items: Some(items) } => {
                let item = self.lower_view(
                    items,
                    &format!("{}Item", unraw(hint)),
                    &pointer.push("items"),
                );
                TypeRef::Array(Box::new(item.into_standalone()))
            }
            Shape::Array { items: None } => TypeRef::Array(Box::new(TypeRef::Any)),
            Shape::Object(object) => match object.additional {
                Additional::Values(values) => {
                    let value = self.lower_view(
                        values,
                        &format!("{}Value", unraw(hint)),
                        &pointer.push("additionalProperties"),
                    );
                    TypeRef::Map(Box::new(value.into_standalone()))
                }
                Additional::Anything => TypeRef::Map(Box::new(TypeRef::Any)),
                Additional::Closed => TypeRef::AnyObject,
            },
            Shape::Union {
                members, keyword, ..
            } if members.len() == 1 => {
                self.lower_view(members[0], hint, &pointer.push(keyword).push("0"))
                    .ty
            }
            Shape::Union { .. } | Shape::AllOf { .. } | Shape::Any => TypeRef::Any,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use crate::ir::{Api, Presence, TypeKind, TypeRef};

    /// Lowers a document whose component schemas are `schemas` (no passes: no merging).
    fn lower(schemas: Value) -> Api {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": schemas}
        });
        let spec = crate::parse::parse(&document.to_string()).expect("the document parses");
        let config = crate::Config {
            command: "test".to_owned(),
            spec_path: "test.json".to_owned(),
            runtime_path: "runtime".to_owned(),
            builder_hook: None,
            skip_unsupported: false,
            features_per_group: false,
        };
        super::super::lower_schemas_and_operations(&spec, &config)
            .expect("the document lowers")
            .0
    }

    fn type_name(api: &Api, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => api.types[id.0].name.clone(),
            TypeRef::Primitive(primitive) => format!("{primitive:?}"),
            TypeRef::Array(item) => format!("Vec<{}>", type_name(api, item)),
            TypeRef::Map(value) => format!("Map<{}>", type_name(api, value)),
            TypeRef::Nullable(inner) => format!("Option<{}>", type_name(api, inner)),
            TypeRef::Any => "Any".to_owned(),
            TypeRef::AnyObject => "AnyObject".to_owned(),
        }
    }

    fn kind(api: &Api, name: &str) -> String {
        let def = api
            .types
            .iter()
            .find(|def| def.name == name)
            .unwrap_or_else(|| panic!("no type {name}"));
        match &def.kind {
            TypeKind::Struct(_) => "struct".to_owned(),
            TypeKind::StringEnum(_) => "enum".to_owned(),
            TypeKind::Union(_) => "union".to_owned(),
            TypeKind::Alias(target) => format!("alias of {}", type_name(api, target)),
            TypeKind::Newtype(_) => "newtype".to_owned(),
        }
    }

    #[test]
    fn component_schemas_become_the_type_their_shape_asks_for() {
        let api = lower(json!({
            "thing": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "color": {"type": "string", "enum": ["red", "green"]},
            "when": {"type": "string", "format": "date-time"},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}},
            "free": {"type": "object"},
            "anything": {},
            "things": {"type": "array", "items": {"$ref": "#/components/schemas/thing"}},
            "pet": {"oneOf": [{"$ref": "#/components/schemas/thing"}, {"$ref": "#/components/schemas/color"}]},
            "merged": {"allOf": [
                {"$ref": "#/components/schemas/thing"},
                {"type": "object", "properties": {"name": {"type": "string"}}}
            ]},
            "documented": {"allOf": [{"$ref": "#/components/schemas/thing"}, {"description": "A thing."}]},
            "renamed": {"$ref": "#/components/schemas/thing"},
            "nullable-thing": {"allOf": [{"$ref": "#/components/schemas/thing"}, {"nullable": true}]}
        }));
        let cases = [
            ("Thing", "struct"),
            ("Color", "enum"),
            ("When", "alias of DateTime"),
            ("Labels", "alias of Map<String>"),
            ("Free", "alias of AnyObject"),
            ("Anything", "alias of Any"),
            ("Things", "alias of Vec<Thing>"),
            ("Pet", "union"),
            ("Merged", "struct"),
            ("Documented", "alias of Thing"),
            ("Renamed", "alias of Thing"),
            ("NullableThing", "alias of Thing"),
        ];
        for (name, expected) in cases {
            assert_eq!(kind(&api, name), expected, "{name}");
        }
    }

    /// Each field's type and whether it is nullable: `nullable` beside the type, on the
    /// referenced component, in a union member or in an `allOf` annotation member.
    #[test]
    fn fields_carry_their_type_and_nullability() {
        let api = lower(json!({
            "thing": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "nullable-thing": {"allOf": [{"$ref": "#/components/schemas/thing"}, {"nullable": true}]},
            "holder": {"type": "object", "required": ["plain"], "properties": {
                "plain": {"type": "string"},
                "nullable": {"type": "string", "nullable": true},
                "by_component": {"$ref": "#/components/schemas/nullable-thing"},
                "by_union": {"oneOf": [{"$ref": "#/components/schemas/thing"}, {"nullable": true}]},
                "by_all_of": {"allOf": [{"$ref": "#/components/schemas/thing"}, {"nullable": true}]},
                "inline": {"type": "object", "properties": {"a": {"type": "boolean"}}},
                "items": {"type": "array", "items": {"type": "integer", "format": "int32", "nullable": true}}
            }}
        }));
        let holder = api
            .types
            .iter()
            .find(|def| def.name == "Holder")
            .expect("Holder");
        let TypeKind::Struct(holder) = &holder.kind else {
            panic!("Holder is a struct");
        };
        let fields: Vec<(String, String, bool, bool)> = holder
            .fields
            .iter()
            .map(|field| {
                (
                    field.rust_name.clone(),
                    type_name(&api, &field.ty),
                    field.presence == Presence::Required,
                    field.nullable,
                )
            })
            .collect();
        let expected = [
            ("plain", "String", true, false),
            ("nullable", "String", false, true),
            ("by_component", "NullableThing", false, true),
            ("by_union", "Thing", false, true),
            ("by_all_of", "Thing", false, true),
            ("inline", "HolderInline", false, false),
            ("items", "Vec<Option<I32>>", false, false),
        ];
        let expected: Vec<(String, String, bool, bool)> = expected
            .into_iter()
            .map(|(name, ty, required, nullable)| {
                (name.to_owned(), ty.to_owned(), required, nullable)
            })
            .collect();
        assert_eq!(fields, expected);
    }
}
