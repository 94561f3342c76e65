//! What Rust type a schema becomes, and whether it admits `null`, asked of the generator itself:
//! each fragment is lowered with `codegen` (before its IR passes: no merged copies, no boxing),
//! and a schema the walker compares is looked up by its JSON pointer among the schemas lowering
//! typed. The verdicts
//! therefore follow the generator's own classification; when this module re-implemented
//! `codegen/src/lower/schema.rs` instead, it drifted (an explicit `type` beside object
//! keywords, a `oneOf` with one real member, enums with values that are not strings:
//! `tests/drift.rs`).

use std::collections::HashMap;
use std::fmt;

use codegen::ir::{Construction, Primitive, TypeDef, TypeKind, TypeRef};
use codegen::lower::SchemaType;
use serde_json::Value;

use super::spec::{reference, schema_name};

/// The kind of Rust type a schema becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Shape {
    /// The generated type of a component schema, by component name (a `$ref`, or a schema
    /// lowering turned into that type, such as a `oneOf` with one real member).
    Named(String),
    /// A scalar, by the Rust type it becomes.
    Scalar(&'static str),
    /// A string enum: a generated enum of its own.
    Enum,
    /// An object with properties, or a merged `allOf`: a generated struct of its own.
    Struct,
    /// A `oneOf` or `anyOf` of several alternatives: a generated enum of its own.
    Union,
    /// `Vec<_>`.
    Array,
    /// A string-keyed map (`additionalProperties` without properties).
    Map,
    /// Any JSON object (`type: object` and nothing more).
    AnyObject,
    /// Any JSON value.
    Any,
    /// No Rust type of its own: a part the generator merges into its parent (an `allOf`
    /// member) or a schema it never reads (under `not`).
    Part,
}

/// One fragment as the generator lowered it.
pub(super) struct Lowered {
    /// The JSON pointer of every object and array of the fragment, by address, so that a
    /// schema the walker holds (a reference into the fragment) finds its pointer.
    pointers: HashMap<*const Value, String>,
    /// What lowering made of each schema it typed (its type, whether it admits `null`), by
    /// pointer.
    schema_types: HashMap<String, SchemaType>,
    /// The types those refer to.
    types: Vec<TypeDef>,
    /// Where each operation's requests go in place of the base URL, by the operation's
    /// pointer, as the generated client sends them.
    servers: HashMap<String, String>,
}

impl Lowered {
    /// Lowers `document` with the generator (leaving out what it does not support, as
    /// `--skip-unsupported` would); `label` names the side in an error.
    pub(super) fn of(document: &Value, label: &str) -> Result<Lowered, String> {
        let text = serde_json::to_string(document).map_err(|error| error.to_string())?;
        let refused = |diagnostics: codegen::Diagnostics| {
            format!("the generator cannot read the {label} fragment:\n{diagnostics}")
        };
        let spec = codegen::parse::parse(&text).map_err(refused)?;
        let config = codegen::Config {
            command: "cargo xtask diff".to_owned(),
            spec_path: label.to_owned(),
            runtime_path: "crate::runtime".to_owned(),
            builder_hook: None,
            skip_unsupported: true,
            features_per_group: false,
        };
        let (api, schema_types) =
            codegen::lower::lower_schemas_and_operations(&spec, &config).map_err(refused)?;
        let mut pointers = HashMap::new();
        index_pointers(document, "#".to_owned(), &mut pointers);
        let servers = api
            .operations
            .iter()
            .filter_map(|operation| {
                let server = operation.server.clone()?;
                Some((operation.origin.as_str().to_owned(), server))
            })
            .collect();
        Ok(Lowered {
            servers,
            pointers,
            schema_types: schema_types
                .into_iter()
                .map(|(pointer, ty)| (pointer.as_str().to_owned(), ty))
                .collect(),
            types: api.types,
        })
    }

    /// The server the operation at `pointer` is sent to in place of the base URL, if any.
    pub(super) fn server(&self, pointer: &str) -> Option<&str> {
        self.servers.get(pointer).map(String::as_str)
    }

    /// The shape of `schema`, a value inside this fragment.
    pub(super) fn shape(&self, schema: &Value) -> Shape {
        // A reference is the component's type, in the generator as here.
        if let Some(target) = reference(schema) {
            return Shape::Named(schema_name(target).unwrap_or_else(|| target.to_owned()));
        }
        match self.lowered(schema) {
            // The type this schema defines (a component's, or an inline type's): its kind.
            Some((
                pointer,
                SchemaType {
                    ty: TypeRef::Named(id),
                    ..
                },
            )) if self.types[id.0].origin.as_str() == pointer => {
                self.kind_shape(&self.types[id.0].kind)
            }
            // A type defined elsewhere (a `oneOf` with one real member that is a reference).
            Some((_, schema_type)) => self.shape_of(&schema_type.ty),
            None => Shape::Part,
        }
    }

    /// Whether a place holding `schema` (a value inside this fragment) admits `null`, as the
    /// generator decided: a reference as its component does, any other schema as lowering
    /// found it. A schema lowering did not type has no Rust place, so it admits nothing.
    pub(super) fn nullable(&self, schema: &Value) -> bool {
        let lowered = match reference(schema) {
            Some(target) => schema_name(target).and_then(|name| {
                let pointer = super::spec::child("#/components/schemas", &name);
                self.schema_types.get(&pointer)
            }),
            None => self.lowered(schema).map(|(_, schema_type)| schema_type),
        };
        lowered.is_some_and(|schema_type| schema_type.nullable)
    }

    /// How the struct `schema` became is built, when it became a struct.
    pub(super) fn construction(&self, schema: &Value) -> Option<Construction> {
        match &self.lowered(schema)?.1.ty {
            TypeRef::Named(id) => match &self.types[id.0].kind {
                TypeKind::Struct(object) => Some(object.construction()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The schemas that extend `schema` (a value inside this fragment), by pointer, when the
    /// generator made it a base that others extend (a `discriminator` without `oneOf` or
    /// `anyOf`): its union's alternatives but the base's own struct.
    pub(super) fn extensions(&self, schema: &Value) -> Option<Vec<&str>> {
        let (pointer, schema_type) = self.lowered(schema)?;
        let TypeRef::Named(id) = &schema_type.ty else {
            return None;
        };
        let TypeKind::Union(union) = &self.types[id.0].kind else {
            return None;
        };
        union.unknown_tags_alternative()?;
        Some(
            union
                .variants
                .iter()
                .map(|variant| variant.origin.as_str())
                .filter(|origin| *origin != pointer)
                .collect(),
        )
    }

    /// The schema's pointer and what lowering made of it.
    fn lowered(&self, schema: &Value) -> Option<(&str, &SchemaType)> {
        let pointer = self.pointers.get(&std::ptr::from_ref(schema))?;
        Some((pointer.as_str(), self.schema_types.get(pointer)?))
    }

    fn kind_shape(&self, kind: &TypeKind) -> Shape {
        match kind {
            TypeKind::Struct(_) => Shape::Struct,
            TypeKind::StringEnum(_) => Shape::Enum,
            TypeKind::Union(_) => Shape::Union,
            TypeKind::Alias(target) => self.shape_of(target),
            TypeKind::Newtype(newtype) => self.shape_of(&newtype.ty),
        }
    }

    /// The shape of a use of a type: a component's type by name, an inline one by its kind.
    fn shape_of(&self, ty: &TypeRef) -> Shape {
        match ty {
            TypeRef::Named(id) => {
                let def = &self.types[id.0];
                match def.origin.tokens().as_slice() {
                    [components, schemas, key]
                        if components == "components" && schemas == "schemas" =>
                    {
                        Shape::Named(key.clone())
                    }
                    _ => self.kind_shape(&def.kind),
                }
            }
            TypeRef::Primitive(primitive) => Shape::Scalar(match primitive {
                Primitive::String => "String",
                Primitive::Bool => "bool",
                Primitive::I32 => "i32",
                Primitive::I64 => "i64",
                Primitive::U64 => "u64",
                Primitive::F32 => "f32",
                Primitive::F64 => "f64",
                Primitive::DateTime => "DateTime<Utc>",
                Primitive::Date => "NaiveDate",
                Primitive::Bytes => "Bytes",
            }),
            TypeRef::Array(_) => Shape::Array,
            TypeRef::Map(_) => Shape::Map,
            TypeRef::Nullable(inner) => self.shape_of(inner),
            TypeRef::Any => Shape::Any,
            TypeRef::AnyObject => Shape::AnyObject,
        }
    }
}

/// Records the pointer of every object and array under `value`.
fn index_pointers(value: &Value, pointer: String, out: &mut HashMap<*const Value, String>) {
    let mut pending = vec![(value, pointer)];
    while let Some((value, pointer)) = pending.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    pending.push((child, super::spec::child(&pointer, key)));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    pending.push((child, format!("{pointer}/{index}")));
                }
            }
            _ => continue,
        }
        out.insert(std::ptr::from_ref(value), pointer);
    }
}

/// The keywords whose members make a composite, in the order the generator looks for them.
pub(super) const COMPOSITE_KEYWORDS: [&str; 3] = ["oneOf", "anyOf", "allOf"];

/// The composite keyword `schema` uses, if any.
pub(super) fn composite_keyword(schema: &Value) -> Option<&'static str> {
    COMPOSITE_KEYWORDS.into_iter().find(|keyword| {
        schema
            .get(keyword)
            .and_then(Value::as_array)
            .is_some_and(|members| !members.is_empty())
    })
}

/// `format`, when it is a string.
pub(super) fn format_of(schema: &Value) -> Option<&str> {
    schema.get("format").and_then(Value::as_str)
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::Named(name) => write!(f, "`{name}`"),
            Shape::Scalar(rust) => write!(f, "`{rust}`"),
            Shape::Enum => f.write_str("string enum"),
            Shape::Struct => f.write_str("object"),
            Shape::Union => f.write_str("union"),
            Shape::Array => f.write_str("array"),
            Shape::Map => f.write_str("map"),
            Shape::AnyObject => f.write_str("any object"),
            Shape::Any => f.write_str("any value"),
            Shape::Part => f.write_str("part of another type"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The shape of `schema` as a component schema and as a property; they agree for every
    /// case here.
    fn shape(schema: Value) -> String {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "s": schema,
                "holder": {"type": "object", "properties": {"p": schema}},
                "simple-user": {"type": "object"}
            }}
        });
        let lowered = Lowered::of(&document, "test").expect("the document lowers");
        let schemas = &document["components"]["schemas"];
        let as_component = lowered.shape(&schemas["s"]).to_string();
        let as_property = lowered.shape(&schemas["holder"]["properties"]["p"]);
        assert_eq!(as_component, as_property.to_string(), "{schema}");
        as_component
    }

    #[test]
    fn shapes_are_the_generators() {
        let cases = [
            (
                json!({"$ref": "#/components/schemas/simple-user"}),
                "`simple-user`",
            ),
            (json!({"type": "integer"}), "`i64`"),
            (json!({"type": "integer", "format": "int64"}), "`i64`"),
            (json!({"type": "integer", "format": "int32"}), "`i32`"),
            (json!({"type": "number", "format": "float"}), "`f32`"),
            (json!({"type": "number"}), "`f64`"),
            (json!({"type": "string", "format": "uri"}), "`String`"),
            (
                json!({"type": "string", "format": "date-time"}),
                "`DateTime<Utc>`",
            ),
            (json!({"type": "string", "format": "date"}), "`NaiveDate`"),
            (json!({"type": "boolean"}), "`bool`"),
            (json!({"type": "string", "enum": ["a"]}), "string enum"),
            (json!({"enum": ["a", "b"]}), "string enum"),
            (json!({"properties": {"a": {}}}), "object"),
            (json!({"type": "object"}), "any object"),
            (
                json!({"type": "object", "additionalProperties": true}),
                "map",
            ),
            (
                json!({"type": "object", "properties": {}, "additionalProperties": {"type": "string"}}),
                "map",
            ),
            (json!({"items": {"type": "string"}}), "array"),
            (
                json!({"oneOf": [{"type": "string"}, {"type": "integer"}]}),
                "union",
            ),
            (json!({}), "any value"),
            (json!({"description": "no type"}), "any value"),
            // The three places where a re-implementation drifted from the generator.
            (
                json!({"type": "string", "additionalProperties": true}),
                "`String`",
            ),
            (json!({"enum": ["a", 1]}), "any value"),
        ];
        for (schema, expected) in cases {
            assert_eq!(shape(schema.clone()), expected, "{schema}");
        }
    }

    /// A `oneOf` whose other members only say `null` is its one real member in a property, and
    /// a union of one alternative as a component schema: the generator decides, not a rule here.
    #[test]
    fn a_union_with_one_real_member_is_what_the_generator_makes_of_it() {
        let union =
            json!({"oneOf": [{"$ref": "#/components/schemas/simple-user"}, {"nullable": true}]});
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "s": union,
                "holder": {"type": "object", "properties": {"p": union}},
                "simple-user": {"type": "object"}
            }}
        });
        let lowered = Lowered::of(&document, "test").expect("the document lowers");
        let schemas = &document["components"]["schemas"];
        assert_eq!(lowered.shape(&schemas["s"]), Shape::Union);
        assert_eq!(
            lowered.shape(&schemas["holder"]["properties"]["p"]),
            Shape::Named("simple-user".to_owned())
        );
    }
}
