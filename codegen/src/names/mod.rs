//! Turning any name found in a spec into a valid, readable Rust identifier.
//!
//! Rules (each has a test below): heck case conversion; non-identifier characters become word
//! breaks; a leading `+`/`-` reads as `plus`/`minus` so that `+1` and `-1` stay distinct; a
//! leading digit gets a prefix; keywords become raw identifiers (`r#type`), except the few that
//! cannot be raw (`self`, `Self`, `super`, `crate`, `_`), which get a trailing underscore.

mod case;

use rustc_hash::{FxHashMap, FxHashSet};

const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// `name` as words for the case conversions: signs that carry meaning in enum values and
/// would otherwise vanish spelled out (`+` as `plus`, a leading `-` as `minus`), and every
/// other character that cannot be in an identifier a word break, non-ASCII letters too (heck
/// would keep them). One pass, where spelling out and dropping were two.
fn identifier_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    if name.is_ascii() {
        // The same, byte by byte (most names are ASCII).
        for (index, &byte) in name.as_bytes().iter().enumerate() {
            match byte {
                b'+' => out.push_str(if index == 0 { "plus " } else { " plus " }),
                b'-' if index == 0 => out.push_str("minus "),
                byte if byte.is_ascii_alphanumeric() => out.push(char::from(byte)),
                _ => out.push(' '),
            }
        }
        return out;
    }
    for (index, ch) in name.chars().enumerate() {
        match ch {
            '+' => out.push_str(if index == 0 { "plus " } else { " plus " }),
            '-' if index == 0 => out.push_str("minus "),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

fn finish(candidate: String, fallback: &str) -> String {
    let candidate = if candidate.trim_matches('_').is_empty() {
        fallback.to_owned()
    } else {
        candidate
    };
    if candidate.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{candidate}")
    } else {
        candidate
    }
}

/// A snake_case identifier for a field, argument or method (`"pull-number"` → `pull_number`).
/// Keywords are returned raw (`r#type`) or suffixed (`self_`).
pub fn snake_ident(name: &str) -> String {
    let base = finish(case::snake(&identifier_words(name)), "value");
    escape_keyword(base)
}

/// An UpperCamelCase identifier for a type or variant (`"nullable-simple-user"` →
/// `NullableSimpleUser`).
pub fn camel_ident(name: &str) -> String {
    let camel = case::upper_camel(&identifier_words(name));
    let base = finish(camel, "Value");
    let base = if base.starts_with('_') {
        format!("V{}", base.trim_start_matches('_'))
    } else {
        base
    };
    escape_keyword(base)
}

/// [`snake_ident`] and [`camel_ident`] with the identifiers already made kept by spec name:
/// a large description repeats the same property names thousands of times (`id`, `url`), and
/// converting a name costs more than looking it up.
#[derive(Debug, Default)]
pub struct Idents {
    snake: FxHashMap<String, String>,
    camel: FxHashMap<String, String>,
}

impl Idents {
    /// [`snake_ident`] of `name`.
    pub fn snake(&mut self, name: &str) -> String {
        converted(&mut self.snake, name, snake_ident)
    }

    /// [`camel_ident`] of `name`.
    pub fn camel(&mut self, name: &str) -> String {
        converted(&mut self.camel, name, camel_ident)
    }
}

fn converted(
    made: &mut FxHashMap<String, String>,
    name: &str,
    convert: fn(&str) -> String,
) -> String {
    if let Some(ident) = made.get(name) {
        return ident.clone();
    }
    let ident = convert(name);
    made.insert(name.to_owned(), ident.clone());
    ident
}

fn escape_keyword(ident: String) -> String {
    // Every keyword is a lowercase word but `Self` and `_`: the first character rules out most
    // identifiers (every UpperCamelCase one but those starting with `S`) without a search.
    if !matches!(ident.as_bytes().first(), Some(b'a'..=b'z' | b'S' | b'_')) {
        return ident;
    }
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// Whether turning `name` into an identifier drops letters or digits (non-ASCII ones: `café`
/// becomes `caf`), so that the Rust name no longer says what the spec says.
pub fn drops_characters(name: &str) -> bool {
    name.chars().any(|c| c.is_alphanumeric() && !c.is_ascii())
}

/// The identifier without a raw prefix, for building longer names from it.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// `ident` as the start of a longer identifier: without `r#`, and without the `_` that keeps a
/// keyword such as `Self` an identifier (`Self_` and `Error` make `SelfError`, not the
/// `Self_Error` rustc warns about).
pub fn stem(ident: &str) -> &str {
    let unraw = unraw(ident);
    match unraw.strip_suffix('_') {
        Some(stem) if !stem.is_empty() => stem,
        _ => unraw,
    }
}

/// Type names the generated modules use unqualified (prelude items, the variants of `Option` and
/// `Result`, and imports); a spec type
/// with one of these names would shadow them, so it gets a numbered name instead.
pub const USED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Default",
    "Deserialize",
    "Err",
    "From",
    "Into",
    "None",
    "Ok",
    "Option",
    "Result",
    "Serialize",
    "Some",
    "String",
    "ToString",
    "Vec",
];

/// What the generated `Client` defines besides its group accessors, and the trait methods it
/// has (`Clone`, `Debug`, `From`): a group with one of these names gets a numbered name
/// instead. The runtime's own items never share a namespace with spec names, because the
/// generated `Client` wraps the runtime's rather than adding methods to it; `emit/client.rs`
/// emits exactly these (a test there checks it).
pub const GENERATED_CLIENT_METHODS: &[&str] = &["builder", "clone", "fmt", "from", "runtime"];

/// What the generated `ClientBuilder` defines besides one method per security scheme, and the
/// trait methods it has: a scheme with one of these names gets a numbered method instead.
/// `emit/client.rs` emits exactly these (a test there checks it).
pub const GENERATED_BUILDER_METHODS: &[&str] = &[
    "base_url",
    "bearer_token",
    "build",
    "clock",
    "clone",
    "configure",
    "connect_timeout",
    "default",
    "default_header",
    "fmt",
    "http_client",
    "max_body_size",
    "new",
    "rate_limit_policy",
    "replace_server",
    "retry_policy",
    "timeout",
    "user_agent",
];

/// Hands out identifiers unique within one namespace: the first claim of a name gets it as is,
/// later claims get `2`, `3`, ... appended. Claims happen in document order, so the outcome
/// depends on the spec alone.
#[derive(Debug, Default)]
pub struct Namespace {
    /// Only ever asked whether it holds a name: its order, which a hash set does not keep,
    /// decides nothing.
    taken: FxHashSet<String>,
}

impl Namespace {
    /// A namespace in which `names` are taken already.
    pub fn with_reserved(names: &[&str]) -> Self {
        let mut namespace = Namespace::default();
        for name in names {
            namespace.reserve(name);
        }
        namespace
    }

    /// Claims `wanted`, or the first free numbered variant of it.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        // `Self_` + 2 would read `Self_2`, which is not UpperCamelCase (rustc warns).
        let stem = match unraw(wanted).trim_end_matches('_') {
            "" => unraw(wanted),
            trimmed => trimmed,
        };
        let separator = if stem.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{stem}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_else(|| wanted.to_owned())
    }

    /// Marks a name as used without claiming a variant of it.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_from_kebab_and_camel() {
        assert_eq!(snake_ident("pull-number"), "pull_number");
        assert_eq!(snake_ident("scimType"), "scim_type");
        assert_eq!(snake_ident("list-for-owner"), "list_for_owner");
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("ref"), "r#ref");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(camel_ident("Self"), "Self_");
        assert_eq!(snake_ident("crate"), "crate_");
        // Every keyword is escaped, whatever its first letter (which `escape_keyword` looks at
        // first).
        for keyword in KEYWORDS.iter().chain(NOT_RAW) {
            let escaped = escape_keyword((*keyword).to_owned());
            assert!(
                escaped == format!("r#{keyword}") || escaped == format!("{keyword}_"),
                "{keyword}"
            );
        }
    }

    #[test]
    fn leading_digits_get_a_prefix() {
        assert_eq!(snake_ident("1password"), "_1password");
        assert_eq!(camel_ident("2fa"), "V2fa");
    }

    #[test]
    fn signs_keep_values_apart() {
        assert_eq!(camel_ident("+1"), "Plus1");
        assert_eq!(camel_ident("-1"), "Minus1");
        assert_eq!(snake_ident("+1"), "plus_1");
    }

    #[test]
    fn empty_and_symbol_only_names_get_a_fallback() {
        assert_eq!(snake_ident(""), "value");
        assert_eq!(camel_ident("***"), "Value");
        assert_eq!(snake_ident("@"), "value");
    }

    #[test]
    fn non_ascii_letters_are_dropped() {
        assert_eq!(camel_ident("café-au-lait"), "CafAuLait");
        assert_eq!(snake_ident("naïve"), "na_ve");
    }

    #[test]
    fn non_ascii_letters_count_as_dropped() {
        assert!(drops_characters("café"));
        assert!(drops_characters("名前"));
        assert!(!drops_characters("foo-bar_2"));
    }

    #[test]
    fn namespace_numbers_collisions_in_claim_order() {
        let mut namespace = Namespace::default();
        assert_eq!(namespace.claim("Widget"), "Widget");
        assert_eq!(namespace.claim("Widget"), "Widget2");
        assert_eq!(namespace.claim("Widget"), "Widget3");
        assert_eq!(namespace.claim("Page1"), "Page1");
        assert_eq!(namespace.claim("Page1"), "Page1_2");
        assert_eq!(namespace.claim("r#type"), "r#type");
        assert_eq!(namespace.claim("r#type"), "type2");
        assert_eq!(namespace.claim("Self_"), "Self_");
        assert_eq!(namespace.claim("Self_"), "Self2");
    }

    #[test]
    fn reserved_names_are_never_handed_out() {
        let mut namespace = Namespace::with_reserved(USED_TYPE_NAMES);
        assert_eq!(namespace.claim(&camel_ident("string")), "String2");
        assert_eq!(namespace.claim(&camel_ident("option")), "Option2");
    }
}
