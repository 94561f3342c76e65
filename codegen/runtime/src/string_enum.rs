//! Decoding the string enums of generated models.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Decodes a string into a generated enum through `decode`, which maps a value to its variant
/// (`None`: not one of `values`, an error naming them). The text is lent to `decode` as the
/// input holds it, so a listed value costs no allocation (decoding into `String` first would
/// allocate one for every value, only to match on it and drop it).
pub fn deserialize_str_enum<'de, D, T>(
    deserializer: D,
    values: &'static [&'static str],
    decode: impl FnOnce(&str) -> Option<T>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_str(StrVisitor { values, decode })
}

struct StrVisitor<F> {
    values: &'static [&'static str],
    decode: F,
}

impl<'de, T, F> Visitor<'de> for StrVisitor<F>
where
    F: FnOnce(&str) -> Option<T>,
{
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        (self.decode)(value).ok_or_else(|| E::unknown_variant(value, self.values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Colour {
        Red,
        Other(String),
    }

    fn closed(json: &str) -> Result<Colour, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        deserialize_str_enum(&mut deserializer, &["red"], |value| {
            (value == "red").then_some(Colour::Red)
        })
    }

    fn open(json: &str) -> Result<Colour, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        deserialize_str_enum(&mut deserializer, &[], |value| {
            Some(match value {
                "red" => Colour::Red,
                other => Colour::Other(other.to_owned()),
            })
        })
    }

    #[test]
    fn listed_values_decode_borrowed_or_escaped() {
        assert_eq!(closed(r#""red""#).unwrap(), Colour::Red);
        assert_eq!(closed(r#""r\u0065d""#).unwrap(), Colour::Red);
        assert_eq!(
            open(r#""bl\u0075e""#).unwrap(),
            Colour::Other("blue".to_owned())
        );
    }

    #[test]
    fn unlisted_values_and_other_types_are_errors_naming_what_was_expected() {
        let unknown = closed(r#""blue""#).unwrap_err().to_string();
        assert!(
            unknown.contains("unknown variant `blue`, expected `red`"),
            "{unknown}"
        );
        let number = closed("5").unwrap_err().to_string();
        assert!(number.contains("expected a string"), "{number}");
    }
}
