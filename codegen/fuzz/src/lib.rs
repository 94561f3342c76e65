//! A grammar of OpenAPI 3.0 documents for structure-aware fuzzing: `arbitrary` turns the fuzzer's
//! bytes into a [`Document`], which renders to JSON text. Names come from a list of hostile ones
//! (keywords, names that collide after case conversion, names the generated code uses itself,
//! non-ASCII) or are arbitrary strings; references may dangle, point outside the document or
//! cycle; every schema shape and parameter place appears.

use arbitrary::Arbitrary;
use serde_json::{Map, Value, json};

/// Names chosen to collide, to be keywords, to shadow what generated code uses, or to lose
/// characters on the way to an identifier.
const NAMES: &[&str] = &[
    "id",
    "name",
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "_",
    "",
    "r#type",
    "async",
    "match",
    "+1",
    "-1",
    "1",
    "2fa",
    "foo-bar",
    "foo_bar",
    "fooBar",
    "FooBar",
    "FOO_BAR",
    "café",
    "名前",
    "ö",
    "String",
    "string",
    "Option",
    "Vec",
    "Box",
    "Result",
    "Serialize",
    "Deserialize",
    "From",
    "Into",
    "Default",
    "ToString",
    "builder",
    "headers",
    "new",
    "url",
    "execute",
    "base_url",
    "send",
    "decode",
    "body",
    "client",
    "media_type",
    "additional_properties",
    "Other",
    "default",
    "models",
    "runtime",
    "operations",
    "std",
    "core",
    "serde",
    "a/b",
    "~",
    "{x}",
    "%",
    "Ok",
    "Error",
    "Success",
    "Request",
    "Response",
    "items",
    "value",
    "Value",
];

const MEDIA_TYPES: &[&str] = &[
    "application/json",
    "application/merge-patch+json",
    "application/vnd.x+json; charset=utf-8",
    "text/plain",
    "text/html",
    "text/x-markdown",
    "application/octet-stream",
    "application/zip",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "*/*",
    "",
];

const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "int32",
    "int64",
    "float",
    "double",
    "binary",
    "byte",
    "uri",
    "",
];

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "object", "array", "null", "file", "",
];

/// A name: one of [`NAMES`], or any text.
#[derive(Debug, Arbitrary)]
pub enum Name {
    Listed(u8),
    Text(String),
}

impl Name {
    fn text(&self) -> String {
        match self {
            Name::Listed(index) => NAMES[usize::from(*index) % NAMES.len()].to_owned(),
            Name::Text(text) => text.clone(),
        }
    }
}

fn pick(list: &[&str], index: u8) -> String {
    list[usize::from(index) % list.len()].to_owned()
}

/// `additionalProperties`.
#[derive(Debug, Arbitrary)]
pub enum Additional {
    Absent,
    Flag(bool),
    Schema(Box<Schema>),
}

/// A scalar for `enum` lists and examples.
#[derive(Debug, Arbitrary)]
pub enum Scalar {
    Text(Name),
    Integer(i64),
    Float(f64),
    Flag(bool),
    Null,
}

impl Scalar {
    fn value(&self) -> Value {
        match self {
            Scalar::Text(name) => Value::String(name.text()),
            Scalar::Integer(number) => json!(number),
            Scalar::Float(number) => {
                serde_json::Number::from_f64(*number).map_or(Value::Null, Value::Number)
            }
            Scalar::Flag(flag) => json!(flag),
            Scalar::Null => Value::Null,
        }
    }
}

/// A schema or a reference.
#[derive(Debug, Arbitrary)]
pub enum Schema {
    /// `#/components/schemas/<name>`: may dangle, may cycle.
    Ref(Name),
    /// Any `$ref` text (external, malformed, into other sections).
    RawRef(String),
    String {
        format: u8,
        values: Vec<Name>,
        nullable: bool,
    },
    Integer {
        format: u8,
        values: Vec<i64>,
    },
    Number {
        format: u8,
    },
    Boolean,
    Array(Option<Box<Schema>>),
    Object {
        properties: Vec<(Name, Schema)>,
        required: Vec<Name>,
        additional: Additional,
        nullable: bool,
    },
    OneOf(Vec<Schema>),
    AnyOf(Vec<Schema>),
    AllOf(Vec<Schema>),
    Not(Box<Schema>),
    Empty,
    NullOnly,
    Enum(Vec<Scalar>),
    /// A `type` (possibly wrong) next to keywords of other types.
    Mixed {
        type_name: u8,
        inner: Box<Schema>,
    },
}

impl Schema {
    fn value(&self) -> Value {
        match self {
            Schema::Ref(name) => json!({"$ref": format!("#/components/schemas/{}", name.text())}),
            Schema::RawRef(text) => json!({ "$ref": text }),
            Schema::String {
                format,
                values,
                nullable,
            } => {
                let mut schema = json!({"type": "string", "nullable": nullable});
                let format = pick(FORMATS, *format);
                if !format.is_empty() {
                    schema["format"] = json!(format);
                }
                if !values.is_empty() {
                    schema["enum"] = values.iter().map(|name| json!(name.text())).collect();
                }
                schema
            }
            Schema::Integer { format, values } => {
                let mut schema = json!({"type": "integer", "format": pick(FORMATS, *format)});
                if !values.is_empty() {
                    schema["enum"] = json!(values);
                }
                schema
            }
            Schema::Number { format } => {
                json!({"type": "number", "format": pick(FORMATS, *format)})
            }
            Schema::Boolean => json!({"type": "boolean"}),
            Schema::Array(items) => match items {
                Some(items) => json!({"type": "array", "items": items.value()}),
                None => json!({"type": "array"}),
            },
            Schema::Object {
                properties,
                required,
                additional,
                nullable,
            } => object_value(properties, required, additional, *nullable),
            Schema::OneOf(members) => {
                json!({"oneOf": members.iter().map(Schema::value).collect::<Vec<_>>()})
            }
            Schema::AnyOf(members) => {
                json!({"anyOf": members.iter().map(Schema::value).collect::<Vec<_>>()})
            }
            Schema::AllOf(members) => {
                json!({"allOf": members.iter().map(Schema::value).collect::<Vec<_>>()})
            }
            Schema::Not(inner) => json!({ "not": inner.value() }),
            Schema::Empty => json!({}),
            Schema::NullOnly => json!({"nullable": true}),
            Schema::Enum(values) => {
                json!({"enum": values.iter().map(Scalar::value).collect::<Vec<_>>()})
            }
            Schema::Mixed { type_name, inner } => {
                let mut schema = inner.value();
                if let Some(object) = schema.as_object_mut() {
                    object.insert("type".to_owned(), json!(pick(TYPES, *type_name)));
                }
                schema
            }
        }
    }
}

/// An object schema: `type: object`, its properties, `required` and `additionalProperties`.
fn object_value(
    properties: &[(Name, Schema)],
    required: &[Name],
    additional: &Additional,
    nullable: bool,
) -> Value {
    let mut schema = Map::new();
    schema.insert("type".to_owned(), json!("object"));
    if nullable {
        schema.insert("nullable".to_owned(), json!(true));
    }
    let properties: Map<String, Value> = properties
        .iter()
        .map(|(name, property)| (name.text(), property.value()))
        .collect();
    schema.insert("properties".to_owned(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert(
            "required".to_owned(),
            required.iter().map(|name| json!(name.text())).collect(),
        );
    }
    match additional {
        Additional::Absent => {}
        Additional::Flag(flag) => {
            schema.insert("additionalProperties".to_owned(), json!(flag));
        }
        Additional::Schema(values) => {
            schema.insert("additionalProperties".to_owned(), values.value());
        }
    }
    Value::Object(schema)
}

/// A parameter, inline or through `#/components/parameters`.
#[derive(Debug, Arbitrary)]
pub struct Parameter {
    name: Name,
    place: u8,
    required: bool,
    multi_segment: bool,
    schema: Schema,
    shared: bool,
}

impl Parameter {
    fn value(&self) -> Value {
        let place = ["path", "query", "header", "cookie", "body"][usize::from(self.place) % 5];
        json!({
            "name": self.name.text(),
            "in": place,
            "required": self.required,
            "x-multi-segment": self.multi_segment,
            "schema": self.schema.value(),
        })
    }
}

/// A request body.
#[derive(Debug, Arbitrary)]
pub struct Body {
    media_types: Vec<u8>,
    schema: Schema,
    required: bool,
}

/// A response.
#[derive(Debug, Arbitrary)]
pub struct Response {
    status: Status,
    media_types: Vec<u8>,
    schema: Option<Schema>,
    shared: bool,
}

/// A response key.
#[derive(Debug, Arbitrary)]
pub enum Status {
    Code(u16),
    Range(u8),
    Default,
    Text(String),
}

impl Status {
    fn key(&self) -> String {
        match self {
            Status::Code(code) => code.to_string(),
            Status::Range(class) => format!("{}XX", class % 10),
            Status::Default => "default".to_owned(),
            Status::Text(text) => text.clone(),
        }
    }
}

/// An operation.
#[derive(Debug, Arbitrary)]
pub struct Operation {
    method: u8,
    group: Option<Name>,
    id: Option<Name>,
    tags: Vec<Name>,
    parameters: Vec<Parameter>,
    body: Option<Body>,
    responses: Vec<Response>,
    deprecated: bool,
}

/// A path template piece.
#[derive(Debug, Arbitrary)]
pub enum Segment {
    Literal(Name),
    Parameter(Name),
    Raw(String),
}

/// A path item.
#[derive(Debug, Arbitrary)]
pub struct Path {
    segments: Vec<Segment>,
    parameters: Vec<Parameter>,
    operations: Vec<Operation>,
}

/// A whole document.
#[derive(Debug, Arbitrary)]
pub struct Document {
    schemas: Vec<(Name, Schema)>,
    paths: Vec<Path>,
}

const METHODS: &[&str] = &codegen::ir::HttpMethod::KEYS;

impl Document {
    /// The document as JSON text.
    pub fn render(&self) -> String {
        let mut shared_parameters = Map::new();
        let mut shared_responses = Map::new();
        let mut paths = Map::new();
        for path in &self.paths {
            let template: String = path
                .segments
                .iter()
                .map(|segment| match segment {
                    Segment::Literal(name) => format!("/{}", name.text()),
                    Segment::Parameter(name) => format!("/{{{}}}", name.text()),
                    Segment::Raw(text) => text.clone(),
                })
                .collect();
            let mut item = Map::new();
            if !path.parameters.is_empty() {
                let parameters = path
                    .parameters
                    .iter()
                    .map(|parameter| parameter_value(parameter, &mut shared_parameters))
                    .collect();
                item.insert("parameters".to_owned(), Value::Array(parameters));
            }
            for operation in &path.operations {
                let method = METHODS[usize::from(operation.method) % METHODS.len()];
                item.insert(
                    method.to_owned(),
                    operation_value(operation, &mut shared_parameters, &mut shared_responses),
                );
            }
            paths.insert(template, Value::Object(item));
        }
        let schemas: Map<String, Value> = self
            .schemas
            .iter()
            .map(|(name, schema)| (name.text(), schema.value()))
            .collect();
        json!({
            "openapi": "3.0.3",
            "info": {"title": "fuzz", "version": "1"},
            "paths": paths,
            "components": {
                "schemas": schemas,
                "parameters": shared_parameters,
                "responses": shared_responses,
            },
        })
        .to_string()
    }
}

fn parameter_value(parameter: &Parameter, shared: &mut Map<String, Value>) -> Value {
    let value = parameter.value();
    if !parameter.shared {
        return value;
    }
    let key = parameter.name.text();
    shared.insert(key.clone(), value);
    json!({"$ref": format!("#/components/parameters/{key}")})
}

fn content(media_types: &[u8], schema: Option<&Schema>) -> Value {
    let content: Map<String, Value> = media_types
        .iter()
        .map(|index| {
            let media = match schema {
                Some(schema) => json!({ "schema": schema.value() }),
                None => json!({}),
            };
            (pick(MEDIA_TYPES, *index), media)
        })
        .collect();
    Value::Object(content)
}

fn operation_value(
    operation: &Operation,
    shared_parameters: &mut Map<String, Value>,
    shared_responses: &mut Map<String, Value>,
) -> Value {
    let mut value = Map::new();
    if let Some(id) = &operation.id {
        let id = match &operation.group {
            Some(group) => format!("{}/{}", group.text(), id.text()),
            None => id.text(),
        };
        value.insert("operationId".to_owned(), json!(id));
    }
    if !operation.tags.is_empty() {
        value.insert(
            "tags".to_owned(),
            operation.tags.iter().map(|tag| json!(tag.text())).collect(),
        );
    }
    if operation.deprecated {
        value.insert("deprecated".to_owned(), json!(true));
    }
    let parameters: Vec<Value> = operation
        .parameters
        .iter()
        .map(|parameter| parameter_value(parameter, shared_parameters))
        .collect();
    value.insert("parameters".to_owned(), Value::Array(parameters));
    if let Some(body) = &operation.body {
        value.insert(
            "requestBody".to_owned(),
            json!({
                "required": body.required,
                "content": content(&body.media_types, Some(&body.schema)),
            }),
        );
    }
    let mut responses = Map::new();
    for response in &operation.responses {
        let mut entry = json!({ "description": "a response" });
        if !response.media_types.is_empty() {
            entry["content"] = content(&response.media_types, response.schema.as_ref());
        }
        let key = response.status.key();
        if response.shared {
            let shared_key = format!("r{}", shared_responses.len());
            shared_responses.insert(shared_key.clone(), entry);
            entry = json!({"$ref": format!("#/components/responses/{shared_key}")});
        }
        responses.insert(key, entry);
    }
    value.insert("responses".to_owned(), Value::Object(responses));
    Value::Object(value)
}
