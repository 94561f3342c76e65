//! The classification rules: which spec changes break code written against the generated client.
//!
//! The reader the verdicts are for is a user of the generated Rust API, not of the HTTP API: a
//! change is breaking when code that compiled and worked against the previous generated client
//! may stop compiling or decode differently. Two assumptions, both what the README teaches:
//! request types are built with `..Default::default()` or `Type::new(..)` (which the generator
//! provides when a struct has optional fields), and response types are read, not built.
//!
//! [`Rule::ALL`] is the one table of rules; the README's copy is checked against it by a test.
//!
//! | change | verdict | why |
//! |---|---|---|
//! | operation added | non-breaking | a new method on the client |
//! | operation removed | breaking | its method is gone |
//! | operation moved to another path or HTTP method | non-breaking | the same method now sends the new request line |
//! | operation's own server changed (`servers` of the operation or its path) | breaking | its requests go elsewhere, and a `replace_server` naming the old server fails to build |
//! | required parameter added | breaking | a new positional argument |
//! | optional parameter added | non-breaking | a new setter on the request builder |
//! | parameter removed | breaking | its argument or setter is gone |
//! | parameter becomes required or optional | breaking | it moves between positional argument and setter |
//! | parameter `style`, `explode` or `allowReserved` changed | non-breaking | the same argument or setter; the request writes a list, an object or reserved characters differently |
//! | required request body added | breaking | a new positional argument |
//! | optional request body added | non-breaking | a new setter on the request builder |
//! | request body removed | breaking | its argument or setter is gone |
//! | request body becomes required or optional | breaking | it moves between positional argument and setter |
//! | response status added or removed | breaking | the operation's success or error enum gains or loses a variant (a single success becomes an enum), so exhaustive matches stop compiling |
//! | response body added or removed | breaking | the status's variant gains or loses its payload |
//! | schema added | non-breaking | a new type |
//! | schema removed | breaking | its type is gone |
//! | required, non-nullable field added to a request type | breaking | every value must now set it, and `new` gains an argument |
//! | optional field added to a request type that has `Default` or `new` | non-breaking | `..Default::default()` and `Type::new(..)` keep compiling |
//! | optional field added to a request type with neither | breaking | struct literals must name every field |
//! | field added to a response-only type | non-breaking | the struct is `#[non_exhaustive]`: callers read it and cannot name every field, so a new field breaks no code |
//! | field removed | breaking | code that reads or sets it stops compiling |
//! | type changed | breaking | the Rust type changes |
//! | format changed, same Rust type | non-breaking | the Rust type stays the same (`integer` and `int64` are both `i64`) |
//! | required or nullable changed so that `T` becomes `Option<T>` or back | breaking | the Rust type changes |
//! | required or nullable changed, still `Option<T>` | non-breaking | the Rust type stays `Option<T>` |
//! | enum value added | non-breaking | the enum is `#[non_exhaustive]` and unknown values already decode into `Other(String)` |
//! | enum value removed | breaking | its variant is gone |
//! | enum values reordered | non-breaking | the same variants, listed in another order |
//! | alternatives of a `oneOf`, `anyOf` or `allOf`, or schemas extending a base with a `discriminator`, added or removed | breaking | the union's variants or the merged struct's fields change |
//! | `discriminator` of a `oneOf` or `anyOf` changed | breaking | the same variants, but a value may now decode into another of them |
//! | `additionalProperties` changed | breaking | the map type or the struct's extra-properties field changes |
//! | documentation changed (title, description, summary, example, default, deprecated) | non-breaking | only the rustdoc changes |
//! | constraint changed (pattern, minimum, maxLength, ...) | non-breaking | the generated types do not check constraints |
//!
//! A schema used both in requests and in responses gets the stricter verdict. The two
//! `#[non_exhaustive]` rows hold because the generator marks exactly those types
//! (`codegen::ir::TypeDef::is_non_exhaustive`); `cargo xtask semver-check` checks the verdicts
//! against `cargo-semver-checks`.

/// One row of the rules table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rule {
    OperationAdded,
    OperationRemoved,
    OperationMoved,
    ServerChanged,
    RequiredParameterAdded,
    OptionalParameterAdded,
    ParameterRemoved,
    ParameterPresenceChanged,
    ParameterStyleChanged,
    RequiredRequestBodyAdded,
    OptionalRequestBodyAdded,
    RequestBodyRemoved,
    RequestBodyPresenceChanged,
    StatusChanged,
    ResponseBodyChanged,
    SchemaAdded,
    SchemaRemoved,
    RequiredRequestFieldAdded,
    OptionalFieldAddedToBuildableRequest,
    OptionalFieldAddedToLiteralOnlyRequest,
    ResponseFieldAdded,
    FieldRemoved,
    TypeChanged,
    FormatChangedSameType,
    OptionChanged,
    PresenceChangedStillOption,
    EnumValueAdded,
    EnumValueRemoved,
    EnumValuesReordered,
    AlternativesChanged,
    DiscriminatorChanged,
    AdditionalPropertiesChanged,
    Documentation,
    Constraint,
}

/// Whether a change can break code written against the previous generated client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verdict {
    Breaking,
    NonBreaking,
}

impl Verdict {
    /// `breaking` or `non-breaking`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Verdict::Breaking => "breaking",
            Verdict::NonBreaking => "non-breaking",
        }
    }
}

impl Rule {
    /// Every rule, in the order of the table.
    pub(crate) const ALL: [Rule; 34] = [
        Rule::OperationAdded,
        Rule::OperationRemoved,
        Rule::OperationMoved,
        Rule::ServerChanged,
        Rule::RequiredParameterAdded,
        Rule::OptionalParameterAdded,
        Rule::ParameterRemoved,
        Rule::ParameterPresenceChanged,
        Rule::ParameterStyleChanged,
        Rule::RequiredRequestBodyAdded,
        Rule::OptionalRequestBodyAdded,
        Rule::RequestBodyRemoved,
        Rule::RequestBodyPresenceChanged,
        Rule::StatusChanged,
        Rule::ResponseBodyChanged,
        Rule::SchemaAdded,
        Rule::SchemaRemoved,
        Rule::RequiredRequestFieldAdded,
        Rule::OptionalFieldAddedToBuildableRequest,
        Rule::OptionalFieldAddedToLiteralOnlyRequest,
        Rule::ResponseFieldAdded,
        Rule::FieldRemoved,
        Rule::TypeChanged,
        Rule::FormatChangedSameType,
        Rule::OptionChanged,
        Rule::PresenceChangedStillOption,
        Rule::EnumValueAdded,
        Rule::EnumValueRemoved,
        Rule::EnumValuesReordered,
        Rule::AlternativesChanged,
        Rule::DiscriminatorChanged,
        Rule::AdditionalPropertiesChanged,
        Rule::Documentation,
        Rule::Constraint,
    ];

    /// The row: what changed, the verdict, and why.
    fn row(self) -> (&'static str, Verdict, &'static str) {
        use Verdict::{Breaking, NonBreaking};
        match self {
            Rule::OperationAdded => ("operation added", NonBreaking, "a new method on the client"),
            Rule::OperationRemoved => ("operation removed", Breaking, "its method is gone"),
            Rule::OperationMoved => (
                "operation moved to another path or HTTP method",
                NonBreaking,
                "the same method now sends the new request line",
            ),
            Rule::ServerChanged => (
                "operation's own server changed (`servers` of the operation or its path)",
                Breaking,
                "its requests go elsewhere, and a `replace_server` naming the old server fails to build",
            ),
            Rule::RequiredParameterAdded => (
                "required parameter added",
                Breaking,
                "a new positional argument",
            ),
            Rule::OptionalParameterAdded => (
                "optional parameter added",
                NonBreaking,
                "a new setter on the request builder",
            ),
            Rule::ParameterRemoved => (
                "parameter removed",
                Breaking,
                "its argument or setter is gone",
            ),
            Rule::ParameterPresenceChanged => (
                "parameter becomes required or optional",
                Breaking,
                "it moves between positional argument and setter",
            ),
            Rule::ParameterStyleChanged => (
                "parameter `style`, `explode` or `allowReserved` changed",
                NonBreaking,
                "the same argument or setter; the request writes a list, an object or reserved characters differently",
            ),
            Rule::RequiredRequestBodyAdded => (
                "required request body added",
                Breaking,
                "a new positional argument",
            ),
            Rule::OptionalRequestBodyAdded => (
                "optional request body added",
                NonBreaking,
                "a new setter on the request builder",
            ),
            Rule::RequestBodyRemoved => (
                "request body removed",
                Breaking,
                "its argument or setter is gone",
            ),
            Rule::RequestBodyPresenceChanged => (
                "request body becomes required or optional",
                Breaking,
                "it moves between positional argument and setter",
            ),
            Rule::StatusChanged => (
                "response status added or removed",
                Breaking,
                "the operation's success or error enum gains or loses a variant (a single \
                 success becomes an enum), so exhaustive matches stop compiling",
            ),
            Rule::ResponseBodyChanged => (
                "response body added or removed",
                Breaking,
                "the status's variant gains or loses its payload",
            ),
            Rule::SchemaAdded => ("schema added", NonBreaking, "a new type"),
            Rule::SchemaRemoved => ("schema removed", Breaking, "its type is gone"),
            Rule::RequiredRequestFieldAdded => (
                "required, non-nullable field added to a request type",
                Breaking,
                "every value must now set it, and `new` gains an argument",
            ),
            Rule::OptionalFieldAddedToBuildableRequest => (
                "optional field added to a request type that has `Default` or `new`",
                NonBreaking,
                "`..Default::default()` and `Type::new(..)` keep compiling",
            ),
            Rule::OptionalFieldAddedToLiteralOnlyRequest => (
                "optional field added to a request type with neither",
                Breaking,
                "struct literals must name every field",
            ),
            Rule::ResponseFieldAdded => (
                "field added to a response-only type",
                NonBreaking,
                "the struct is `#[non_exhaustive]`: callers read it and cannot name every field, so a new field breaks no code",
            ),
            Rule::FieldRemoved => (
                "field removed",
                Breaking,
                "code that reads or sets it stops compiling",
            ),
            Rule::TypeChanged => ("type changed", Breaking, "the Rust type changes"),
            Rule::FormatChangedSameType => (
                "format changed, same Rust type",
                NonBreaking,
                "the Rust type stays the same (`integer` and `int64` are both `i64`)",
            ),
            Rule::OptionChanged => (
                "required or nullable changed so that `T` becomes `Option<T>` or back",
                Breaking,
                "the Rust type changes",
            ),
            Rule::PresenceChangedStillOption => (
                "required or nullable changed, still `Option<T>`",
                NonBreaking,
                "the Rust type stays `Option<T>`",
            ),
            Rule::EnumValueAdded => (
                "enum value added",
                NonBreaking,
                "the enum is `#[non_exhaustive]` and unknown values already decode into `Other(String)`",
            ),
            Rule::EnumValueRemoved => ("enum value removed", Breaking, "its variant is gone"),
            Rule::EnumValuesReordered => (
                "enum values reordered",
                NonBreaking,
                "the same variants, listed in another order",
            ),
            Rule::AlternativesChanged => (
                "alternatives of a `oneOf`, `anyOf` or `allOf`, or schemas extending a base with a `discriminator`, added or removed",
                Breaking,
                "the union's variants or the merged struct's fields change",
            ),
            Rule::DiscriminatorChanged => (
                "`discriminator` of a `oneOf` or `anyOf` changed",
                Breaking,
                "the same variants, but a value may now decode into another of them",
            ),
            Rule::AdditionalPropertiesChanged => (
                "`additionalProperties` changed",
                Breaking,
                "the map type or the struct's extra-properties field changes",
            ),
            Rule::Documentation => (
                "documentation changed (title, description, summary, example, default, deprecated)",
                NonBreaking,
                "only the rustdoc changes",
            ),
            Rule::Constraint => (
                "constraint changed (pattern, minimum, maxLength, ...)",
                NonBreaking,
                "the generated types do not check constraints",
            ),
        }
    }

    /// The verdict of a change under this rule.
    pub(crate) fn verdict(self) -> Verdict {
        self.row().1
    }

    /// Why, in a few words.
    pub(crate) fn why(self) -> &'static str {
        self.row().2
    }

    /// A stable kebab-case name for the JSON report.
    pub(crate) fn slug(self) -> String {
        let name = format!("{self:?}");
        let mut slug = String::with_capacity(name.len() + 4);
        for (index, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && index > 0 {
                slug.push('-');
            }
            slug.push(c.to_ascii_lowercase());
        }
        slug
    }

    /// The whole table in Markdown, as the README and this module's docs show it.
    pub(crate) fn markdown_table() -> String {
        let mut table = String::from("| change | verdict | why |\n|---|---|---|\n");
        for rule in Rule::ALL {
            let (change, verdict, why) = rule.row();
            table.push_str(&format!("| {change} | {} | {why} |\n", verdict.as_str()));
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README and these module docs carry the table; both must say what the code does.
    #[test]
    fn readme_and_module_docs_show_the_rules_table_of_the_code() {
        let table = Rule::markdown_table();
        let readme = std::fs::read_to_string(crate::workspace_root().join("README.md"))
            .expect("README.md is readable");
        assert!(
            readme.contains(&table),
            "README.md does not contain the rules table; paste this:\n{table}"
        );
        let docs: String = include_str!("rules.rs")
            .lines()
            .filter_map(|line| line.strip_prefix("//! "))
            .filter(|line| line.starts_with('|'))
            .map(|line| format!("{line}\n"))
            .collect();
        assert_eq!(docs, table, "the module docs' table differs from the code");
    }

    #[test]
    fn the_table_lists_every_rule_in_declaration_order_with_distinct_slugs() {
        // A fieldless enum's discriminants count from 0, so no variant is skipped or repeated.
        for (index, rule) in Rule::ALL.iter().enumerate() {
            assert_eq!(*rule as usize, index, "{rule:?}");
        }
        assert_eq!(Rule::ALL[Rule::ALL.len() - 1], Rule::Constraint);
        let mut slugs: Vec<String> = Rule::ALL.iter().map(|rule| rule.slug()).collect();
        assert_eq!(slugs[0], "operation-added");
        assert_eq!(
            Rule::OptionalFieldAddedToBuildableRequest.slug(),
            "optional-field-added-to-buildable-request"
        );
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), Rule::ALL.len());
    }
}
