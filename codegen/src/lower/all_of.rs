//! `allOf` as real descriptions write it.
//!
//! Most `allOf`s in the wild are not merges of objects: they attach a description to a
//! reference (`allOf: [{$ref: '#/components/schemas/SomeString'}, {description: ...}]`, every
//! AWS description does this), or add constraints to a primitive (`maxLength`, `minimum`).
//! So the members are sorted first: a member that only annotates (title, description, example,
//! default, deprecated, readOnly/writeOnly, nullable, constraints) constrains no type; what is
//! left decides the plan ([`AllOfPlan`]):
//!
//! - no typed member: any JSON value;
//! - one typed member, or several that agree (the same primitive, an enum and a plain string,
//!   an integer and a number): that member's type, so a primitive stays a primitive and an enum
//!   stays that enum, with the annotations' docs;
//! - several object members: one struct with every property, as before;
//! - members of different kinds (a string and an object): no value is both, a diagnostic at
//!   the member that contradicts an earlier one.
//!
//! Properties or `required` (with `additionalProperties`) beside the `allOf` are one more
//! object member, merged last ([`Shape::AllOf::own`](super::shape::Shape)): descriptions converted
//! from Swagger 2 extend a base that way (`allOf: [{$ref: Base}], properties: {...}`).
//!
//! **`nullable` in an annotation member.** OpenAPI 3.0.3 says `nullable` only counts beside a
//! `type`, so `allOf: [{$ref: X}, {nullable: true}]` would strictly admit no `null`. Writers use
//! it for exactly one thing, a nullable reference (3.0 ignores siblings of `$ref`), so the
//! generator reads it that way: the position becomes an `Option`. Decoding stays lenient where
//! the description's author clearly meant `null` to come back.

use openapiv3::{Schema, SchemaKind};

use super::refs::{SchemaView, resolve_reference};
use super::schema::MAX_INLINE_DEPTH;
use super::shape::{ObjectShape, Shape, classify, schema_nullable};
use super::{Lowered, Lowerer};
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::{TypeKind, TypeRef};

/// What an `allOf` lowers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum AllOfPlan {
    /// Several members are objects (or a union is among several members, which the merge
    /// reports): one struct of all their properties.
    Merge,
    /// The member at this index is the type; the others only annotate or agree with it.
    One(usize),
    /// Every member only annotates: any JSON value.
    Open,
    /// Member `at` contradicts an earlier one.
    Contradiction { at: usize, message: String },
}

/// What kind of value a member allows, as far as the Rust type goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// No type constraint: annotations, `{}`, `not`.
    Open,
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    Union,
}

impl Kind {
    pub(super) fn described(self) -> &'static str {
        match self {
            Kind::Open => "any value",
            Kind::Object => "an object",
            Kind::Array => "an array",
            Kind::String => "a string",
            Kind::Integer => "an integer",
            Kind::Number => "a number",
            Kind::Boolean => "a boolean",
            Kind::Union => "a oneOf/anyOf",
        }
    }
}

/// A member's kind, and whether it is the most specific way to write it (an enum).
#[derive(Debug, Clone, Copy)]
pub(super) struct MemberKind {
    pub(super) kind: Kind,
    is_enum: bool,
}

impl MemberKind {
    const OPEN: MemberKind = MemberKind {
        kind: Kind::Open,
        is_enum: false,
    };
}

/// Whether an inline member only annotates: it names no type, no structure and no
/// composition, so whatever it says (docs, `nullable`, constraints the Rust type cannot hold)
/// adds no shape.
pub(super) fn is_annotation(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.one_of.is_empty()
                && any.all_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
        }
        _ => false,
    }
}

/// Whether `schema` is an annotation that lists `required` properties (`{required: [name]}`):
/// beside an object it makes a type of its own, with those properties required.
pub(super) fn names_required(schema: &Schema) -> bool {
    is_annotation(schema)
        && matches!(&schema.schema_kind, SchemaKind::Any(any) if !any.required.is_empty())
}

/// Whether an annotation member of `members` says `nullable: true` (see the module docs).
pub(super) fn annotation_says_nullable(members: &[SchemaView<'_>]) -> bool {
    members.iter().any(|member| {
        matches!(member, SchemaView::Item(schema) if schema.schema_data.nullable && is_annotation(schema))
    })
}

pub(super) fn inline_members(schema: &Schema) -> &[openapiv3::ReferenceOr<Schema>] {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) => &any.all_of,
        _ => &[],
    }
}

/// The schema whose `title` and `description` document `schema`: itself when it has either,
/// else, for an `allOf`, its first inline member that has one.
pub(super) fn documenting_schema(schema: &Schema) -> &Schema {
    let documented = |schema: &Schema| {
        schema.schema_data.title.is_some() || schema.schema_data.description.is_some()
    };
    if documented(schema) {
        return schema;
    }
    inline_members(schema)
        .iter()
        .filter_map(|member| member.as_item())
        .find(|member| documented(member))
        .unwrap_or(schema)
}

/// The `example` of `schema`, or of the first inline `allOf` member that has one.
pub(super) fn example_of(schema: &Schema) -> Option<&serde_json::Value> {
    schema.schema_data.example.as_ref().or_else(|| {
        inline_members(schema)
            .iter()
            .filter_map(|member| member.as_item())
            .find_map(|member| member.schema_data.example.as_ref())
    })
}

/// The plan, from the kinds of the members that are not annotations (`counted`, by index).
fn decide(members: &[SchemaView<'_>], counted: &[(usize, MemberKind)]) -> AllOfPlan {
    match counted {
        [] => return AllOfPlan::Open,
        [(index, _)] => return AllOfPlan::One(*index),
        _ => {}
    }
    let kinds: Vec<(usize, MemberKind)> = counted
        .iter()
        .copied()
        .filter(|(_, member)| member.kind != Kind::Open)
        .collect();
    let Some(&(first_index, first)) = kinds.first() else {
        // Several members, none with a type of its own (references to free-form schemas,
        // to themselves, or to nothing): merged as objects, which reports what is broken.
        return AllOfPlan::Merge;
    };
    if kinds.len() == 1 {
        return AllOfPlan::One(first_index);
    }
    if kinds.iter().all(|(_, member)| member.kind == Kind::Object)
        || kinds.iter().any(|(_, member)| member.kind == Kind::Union)
    {
        return AllOfPlan::Merge;
    }
    let numeric = |kind: Kind| matches!(kind, Kind::Integer | Kind::Number);
    for &(index, member) in &kinds[1..] {
        let agrees = member.kind == first.kind || (numeric(member.kind) && numeric(first.kind));
        if !agrees {
            return AllOfPlan::Contradiction {
                at: index,
                message: format!(
                    "contradictory allOf: member {index} is {} but member {first_index} is {}, and no value is both",
                    member.kind.described(),
                    first.kind.described()
                ),
            };
        }
    }
    // They agree: the most specific member is the type (an enum, then an integer over a
    // number, then a reference, which has a name, then the first).
    let pick = kinds
        .iter()
        .find(|(_, member)| member.is_enum)
        .or_else(|| {
            kinds
                .iter()
                .find(|(_, member)| member.kind == Kind::Integer)
        })
        .or_else(|| {
            kinds
                .iter()
                .find(|(index, _)| matches!(members[*index], SchemaView::Ref(_)))
        })
        .map_or(first_index, |(index, _)| *index);
    AllOfPlan::One(pick)
}

impl<'a> Lowerer<'a> {
    /// Decides what the `allOf` of `members` stands for (see the module docs).
    pub(super) fn all_of_plan(&mut self, members: &[SchemaView<'a>], depth: usize) -> AllOfPlan {
        self.plan_and_kind(members, depth).0
    }

    /// [`all_of_plan`](Self::all_of_plan), and the kind of value the whole `allOf` allows. Each
    /// member's kind is worked out once: asking again for the chosen one would double the work
    /// at every level of nested `allOf`s.
    fn plan_and_kind(
        &mut self,
        members: &[SchemaView<'a>],
        depth: usize,
    ) -> (AllOfPlan, MemberKind) {
        // A reference always counts, even to a schema that allows anything: it has a name.
        let counted: Vec<(usize, MemberKind)> = members
            .iter()
            .enumerate()
            .filter(
                |(_, member)| !matches!(member, SchemaView::Item(schema) if is_annotation(schema)),
            )
            .map(|(index, member)| (index, self.member_kind(*member, depth)))
            .collect();
        let mut plan = decide(members, &counted);
        // An object that another member makes some properties of required
        // (`[{$ref: Base}, {required: [name]}]`) is not that object: merged, `name` is required.
        if let AllOfPlan::One(index) = plan {
            let object = counted
                .iter()
                .any(|(at, member)| *at == index && member.kind == Kind::Object);
            let spec = self.spec;
            let requires = |member: &SchemaView<'_>| match member {
                SchemaView::Item(schema) => names_required(schema),
                SchemaView::Ref(reference) => resolve_reference::<Schema>(spec, reference)
                    .is_ok_and(|resolved| names_required(resolved.item)),
            };
            if object && members.iter().any(requires) {
                plan = AllOfPlan::Merge;
            }
        }
        let kind = match &plan {
            AllOfPlan::Merge => MemberKind {
                kind: Kind::Object,
                is_enum: false,
            },
            AllOfPlan::One(index) => counted
                .iter()
                .find(|(counted_index, _)| counted_index == index)
                .map_or(MemberKind::OPEN, |(_, kind)| *kind),
            AllOfPlan::Open | AllOfPlan::Contradiction { .. } => MemberKind::OPEN,
        };
        (plan, kind)
    }

    /// The kind of value `member` allows, through references and nested `allOf`s. Components
    /// are cached by pointer, and one being worked out counts as open, so shared and
    /// self-including members cost one visit each.
    pub(super) fn member_kind(&mut self, member: SchemaView<'a>, depth: usize) -> MemberKind {
        let open = MemberKind::OPEN;
        let (schema, component) = match member {
            SchemaView::Item(schema) => (schema, None),
            SchemaView::Ref(reference) => match resolve_reference::<Schema>(self.spec, reference) {
                Ok(resolved) => (resolved.item, Some(resolved.pointer)),
                // Reported where the reference is lowered.
                Err(_) => return open,
            },
        };
        if let Some(pointer) = &component {
            if let Some(known) = self.member_kinds.get(pointer) {
                return *known;
            }
            self.member_kinds.insert(pointer.clone(), open);
        }
        let kind = match classify(schema) {
            Shape::String { values, .. } => MemberKind {
                kind: Kind::String,
                is_enum: !values.is_empty(),
            },
            Shape::Integer { .. } => MemberKind {
                kind: Kind::Integer,
                is_enum: false,
            },
            Shape::Number { .. } => MemberKind {
                kind: Kind::Number,
                is_enum: false,
            },
            Shape::Boolean => MemberKind {
                kind: Kind::Boolean,
                is_enum: false,
            },
            Shape::Object(_) => MemberKind {
                kind: Kind::Object,
                is_enum: false,
            },
            Shape::Array { .. } => MemberKind {
                kind: Kind::Array,
                is_enum: false,
            },
            Shape::Union { .. } => MemberKind {
                kind: Kind::Union,
                is_enum: false,
            },
            Shape::AllOf { members, own } if depth < MAX_INLINE_DEPTH => {
                let kind = self.plan_and_kind(&members, depth + 1).1;
                if own.is_some() && kind.kind == Kind::Open {
                    MemberKind {
                        kind: Kind::Object,
                        is_enum: false,
                    }
                } else {
                    kind
                }
            }
            Shape::AllOf { .. } | Shape::Any => open,
        };
        if let Some(pointer) = component {
            self.member_kinds.insert(pointer, kind);
        }
        kind
    }

    /// Whether the properties or `required` beside an `allOf` (`own`) apply: only where the
    /// members make an object, or say nothing of the type. Beside a string or a union they
    /// cannot, and the members decide alone ([`ignored_own`](Self::ignored_own) warns).
    pub(super) fn own_applies(
        &mut self,
        members: &[SchemaView<'a>],
        own: Option<&ObjectShape<'a>>,
    ) -> bool {
        own.is_some()
            && matches!(
                self.plan_and_kind(members, 0).1.kind,
                Kind::Object | Kind::Open
            )
    }

    /// A warning for properties beside an `allOf` at `pointer` whose members are no object.
    pub(super) fn ignored_own(&mut self, own: Option<&ObjectShape<'a>>, pointer: &Pointer) {
        if own.is_some_and(|own| !own.properties.is_empty()) {
            self.warnings.push(Diagnostic {
                pointer: pointer.push("properties"),
                message: "properties beside an allOf whose members are no object are ignored"
                    .to_owned(),
            });
        }
    }

    /// Whether `schema` admits `null`: [`schema_nullable`], and for an `allOf` that stands for
    /// one member, whether that member does. `budget` bounds chains of references.
    pub(super) fn admits_null(&mut self, schema: &'a Schema, budget: usize) -> bool {
        if schema_nullable(schema) {
            return true;
        }
        let Shape::AllOf { members, own } = classify(schema) else {
            return false;
        };
        if self.own_applies(&members, own.as_ref()) {
            return false;
        }
        if budget == 0 {
            return false;
        }
        let AllOfPlan::One(index) = self.all_of_plan(&members, 0) else {
            return false;
        };
        let member = match members[index] {
            SchemaView::Item(member) => member,
            SchemaView::Ref(reference) => match resolve_reference::<Schema>(self.spec, reference) {
                Ok(resolved) => resolved.item,
                Err(_) => return false,
            },
        };
        self.admits_null(member, budget - 1)
    }

    /// Reports the references among `members` (but the one at `except`, which is lowered) that
    /// lead nowhere: a plan that leaves them out must not hide them.
    fn report_broken_references(
        &mut self,
        members: &[SchemaView<'a>],
        except: Option<usize>,
        pointer: &Pointer,
    ) {
        for (index, member) in members.iter().enumerate() {
            let SchemaView::Ref(reference) = member else {
                continue;
            };
            if Some(index) == except {
                continue;
            }
            let member_pointer = pointer.push("allOf").push(index.to_string());
            if let Err(message) = resolve_reference::<Schema>(self.spec, reference) {
                self.diagnostics.error(&member_pointer, message);
            }
        }
    }

    /// The plan for an `allOf` about to be lowered at `pointer`, with the references it leaves
    /// out checked.
    fn checked_plan(&mut self, members: &[SchemaView<'a>], pointer: &Pointer) -> AllOfPlan {
        let plan = self.all_of_plan(members, 0);
        match &plan {
            AllOfPlan::Merge => {}
            AllOfPlan::One(index) => self.report_broken_references(members, Some(*index), pointer),
            AllOfPlan::Open | AllOfPlan::Contradiction { .. } => {
                self.report_broken_references(members, None, pointer);
            }
        }
        plan
    }

    /// The definition of a component that is an `allOf`, unless it is a merge (`None`: the
    /// caller builds the struct).
    pub(super) fn all_of_component(
        &mut self,
        members: &[SchemaView<'a>],
        name: &str,
        pointer: &Pointer,
    ) -> Option<TypeKind> {
        match self.checked_plan(members, pointer) {
            AllOfPlan::Merge => None,
            AllOfPlan::Open => Some(TypeKind::Alias(TypeRef::Any)),
            AllOfPlan::Contradiction { at, message } => {
                let at = pointer.push("allOf").push(at.to_string());
                self.diagnostics.error(&at, message);
                Some(TypeKind::Alias(TypeRef::Any))
            }
            AllOfPlan::One(index) => {
                let member_pointer = pointer.push("allOf").push(index.to_string());
                Some(match members[index] {
                    SchemaView::Ref(reference) => {
                        TypeKind::Alias(self.lower_ref(reference, &member_pointer).ty)
                    }
                    // The component takes the member's shape and keeps its own name.
                    SchemaView::Item(member) => {
                        if self.inline_depth >= MAX_INLINE_DEPTH {
                            self.report_too_deep(&member_pointer);
                            return Some(TypeKind::Alias(TypeRef::Any));
                        }
                        self.inline_depth += 1;
                        let kind = self.component_kind(member, name, &member_pointer);
                        self.inline_depth -= 1;
                        kind
                    }
                })
            }
        }
    }

    /// Lowers an inline `allOf`, unless it is a merge (`None`: the caller names a struct).
    pub(super) fn lower_inline_all_of(
        &mut self,
        schema: &'a Schema,
        members: &[SchemaView<'a>],
        hint: &str,
        pointer: &Pointer,
    ) -> Option<Lowered> {
        let nullable = schema_nullable(schema);
        match self.checked_plan(members, pointer) {
            AllOfPlan::Merge => None,
            AllOfPlan::Open => Some(Lowered {
                ty: TypeRef::Any,
                nullable,
            }),
            AllOfPlan::Contradiction { at, message } => {
                let at = pointer.push("allOf").push(at.to_string());
                self.diagnostics.error(&at, message);
                Some(Lowered::any())
            }
            AllOfPlan::One(index) => {
                let member_pointer = pointer.push("allOf").push(index.to_string());
                let member = self.lower_view(members[index], hint, &member_pointer);
                Some(Lowered {
                    ty: member.ty,
                    nullable: nullable || member.nullable,
                })
            }
        }
    }
}
