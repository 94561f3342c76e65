//! Decoding the unions of generated models that a discriminator property tells apart.
//!
//! The value is read once into a `serde_json::Value` (an untagged union buffers it too, to try
//! its alternatives one after the other). When its discriminator names an alternative, that
//! one alone decodes it, so an alternative that merely accepts the value is never taken for
//! another. A value that names none is refused when every alternative has a name (it is none of
//! them), and otherwise tried against the alternatives in order, as for an untagged union.

use serde::de::{DeserializeOwned, Error};
use serde_json::Value;

/// The string value of `property` when `value` is an object that has it.
pub fn union_tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.as_object()?.get(property)?.as_str()
}

/// `value` decoded as the alternative its discriminator names; a failure names the union and
/// the property that chose the alternative.
///
/// # Errors
///
/// When `value` does not decode as `T`.
pub fn decode_alternative<T: DeserializeOwned, E: Error>(
    value: Value,
    union: &str,
    property: &str,
) -> Result<T, E> {
    T::deserialize(value).map_err(|error| {
        E::custom(format_args!(
            "{error}, in the alternative of `{union}` that its `{property}` names"
        ))
    })
}

/// The error for a value whose discriminator `property` is `tag`, which names none of the
/// alternatives of `union` (their names are `expected`).
pub fn unknown_tag<E: Error>(tag: &str, union: &str, property: &str, expected: &[&str]) -> E {
    let expected: Vec<String> = expected.iter().map(|name| format!("`{name}`")).collect();
    E::custom(format_args!(
        "`{property}` is `{tag}`, which names no alternative of union `{union}`; expected one of {}",
        expected.join(", ")
    ))
}

/// What the first of `alternatives` that accepts `value` makes of it.
///
/// # Errors
///
/// When none accepts it.
pub fn first_alternative<T, E: Error>(
    value: &Value,
    union: &str,
    alternatives: &[fn(&Value) -> Option<T>],
) -> Result<T, E> {
    alternatives
        .iter()
        .find_map(|alternative| alternative(value))
        .ok_or_else(|| {
            E::custom(format_args!(
                "data did not match any variant of union `{union}`"
            ))
        })
}
