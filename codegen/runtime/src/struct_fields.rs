//! Decoding and encoding the structs of generated models.
//!
//! A generated struct implements [`DecodeStruct`]: a loop over the object's keys that stores
//! each listed field in a slot, then the struct built from the slots. The work every struct
//! shares (telling which field a key names, the error for a duplicate or missing field, skipping
//! an unlisted key) lives here, compiled once per input format rather than once per struct:
//! deriving `Deserialize` writes all of it out again for every struct, with a visitor for the
//! struct-as-sequence form JSON never uses, and that volume is most of a client's build time.
//! Encoding goes through [`serialize_struct`] for the same reason (the derive's expansion
//! costs more to compile than the few calls it makes).
//!
//! What decodes is what `#[derive(Deserialize)]` accepts for the same struct from an object:
//! unlisted keys are skipped, a key given twice is an error, a missing field is an error unless
//! its type is an `Option` (then `None`). What encodes is what `#[derive(Serialize)]` writes
//! with `skip_serializing_if = "Option::is_none"` on the optional fields.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use arrayvec::ArrayString;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// A struct decoded from an object by [`deserialize_struct`].
pub trait DecodeStruct<'de>: Sized {
    /// The struct's name, for error messages (`expected struct NAME`).
    const NAME: &'static str;

    /// The keys of the struct's fields, as written on the wire, in declaration order.
    const FIELDS: &'static [&'static str];

    /// Reads the object's entries and builds the struct.
    fn decode_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes an object into `T`: what a generated struct's `Deserialize` impl calls.
pub fn deserialize_struct<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: DecodeStruct<'de>,
    D: Deserializer<'de>,
{
    deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: DecodeStruct<'de>> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::decode_map(map)
    }
}

/// The next key of `map`, `None` after the last entry; a generated struct matches it against
/// its fields' names, as a derived impl does. Telling the field costs no allocation unless the
/// key is longer than [`FieldKey::INLINE`] bytes (see [`FieldKey`]).
#[inline]
pub fn next_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<FieldKey<'de>>, A::Error> {
    map.next_key_seed(KeyVisitor)
}

/// A key of an object, as [`next_key`] gives it; it derefs to the key's text.
///
/// It is lent as the input holds it when it can be (JSON read from bytes, without escapes). An
/// input that only shows a key for a moment (a reader, a key with escapes) has it copied into
/// the key itself when it is short, as every field name of a typical description is, and into a
/// `String` only beyond that: a derived impl allocates for none of these, and neither should a
/// generated struct, key after key.
pub struct FieldKey<'de>(Held<'de>);

enum Held<'de> {
    Lent(&'de str),
    Inline(ArrayString<{ FieldKey::INLINE }>),
    Owned(String),
}

impl FieldKey<'_> {
    /// The longest key, in bytes, held without an allocation when the input cannot lend it.
    pub const INLINE: usize = 48;

    fn copied(key: &str) -> Self {
        match ArrayString::from(key) {
            Ok(inline) => Self(Held::Inline(inline)),
            Err(_) => Self(Held::Owned(key.to_owned())),
        }
    }
}

impl Deref for FieldKey<'_> {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        match &self.0 {
            Held::Lent(key) => key,
            Held::Inline(key) => key,
            Held::Owned(key) => key,
        }
    }
}

impl fmt::Debug for FieldKey<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, formatter)
    }
}

/// Decodes the value of the current entry into `slot`; a second value for the same field is an
/// error, as with a derived `Deserialize`.
///
/// Deliberately not `#[inline]`: inlined into every arm of a large struct's loop, the value's
/// decoding made `decode_map` several times the size of serde's derived code and slower (the
/// decode bench went from 1.0x to 1.3x of the derived structs); left to the compiler, it is
/// shared by the fields of one type.
pub fn next_field<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: de::Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of the current entry (a key the struct does not list).
#[inline]
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a field that must be present: its slot's value, or what its type decodes from
/// an absent value (`None` for an `Option`, a "missing field" error for everything else).
#[inline]
pub fn required<'de, T, E>(slot: Option<T>, name: &'static str) -> Result<T, E>
where
    T: de::Deserialize<'de>,
    E: de::Error,
{
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(MissingField {
            name,
            error: PhantomData,
        }),
    }
}

/// Starts encoding a struct of `len` fields (those that will be written) as an object: what a
/// generated struct's `Serialize` impl calls.
pub fn serialize_struct<S: Serializer>(
    serializer: S,
    name: &'static str,
    len: usize,
) -> Result<StructWriter<S::SerializeStruct>, S::Error> {
    serializer.serialize_struct(name, len).map(StructWriter)
}

/// The fields of a struct being encoded; see [`serialize_struct`].
pub struct StructWriter<W>(W);

impl<W: SerializeStruct> StructWriter<W> {
    /// Writes a field that is always sent (`null` included).
    #[inline]
    pub fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), W::Error> {
        self.0.serialize_field(key, value)
    }

    /// Writes an optional field if it is set, and leaves the key out if not.
    #[inline]
    pub fn optional<T: Serialize>(
        &mut self,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), W::Error> {
        match value {
            Some(_) => self.0.serialize_field(key, value),
            None => self.0.skip_field(key),
        }
    }

    /// Finishes the object.
    #[inline]
    pub fn end(self) -> Result<W::Ok, W::Error> {
        self.0.end()
    }
}

/// A key, borrowed from the input where it can be.
struct KeyVisitor;

impl<'de> DeserializeSeed<'de> for KeyVisitor {
    type Value = FieldKey<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = FieldKey<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(FieldKey(Held::Lent(key)))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(FieldKey::copied(key))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Self::Value, E> {
        Ok(FieldKey(Held::Owned(key)))
    }

    fn visit_borrowed_bytes<E: de::Error>(self, key: &'de [u8]) -> Result<Self::Value, E> {
        Ok(match String::from_utf8_lossy(key) {
            Cow::Borrowed(key) => FieldKey(Held::Lent(key)),
            Cow::Owned(key) => FieldKey(Held::Owned(key)),
        })
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(match String::from_utf8_lossy(key) {
            Cow::Borrowed(key) => FieldKey::copied(key),
            Cow::Owned(key) => FieldKey(Held::Owned(key)),
        })
    }
}

/// An absent value: `None` to an `Option`, a "missing field" error to anything else (what serde's
/// derive does for a field without a default).
struct MissingField<E> {
    name: &'static str,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> Deserializer<'de> for MissingField<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.name))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    /// Written as the generator writes a struct, beside the same struct deriving `Deserialize`.
    #[derive(Debug, PartialEq)]
    struct Repo {
        name: String,
        r#type: Option<String>,
        stars: Option<u32>,
        topics: Vec<String>,
    }

    impl<'de> DecodeStruct<'de> for Repo {
        const NAME: &'static str = "Repo";
        const FIELDS: &'static [&'static str] = &["name", "type", "stars", "topics"];

        fn decode_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut name, mut r#type, mut stars, mut topics) = (None, None, None, None);
            while let Some(key) = next_key(&mut map)? {
                match &*key {
                    "name" => next_field(&mut map, &mut name, "name"),
                    "type" => next_field(&mut map, &mut r#type, "type"),
                    "stars" => next_field(&mut map, &mut stars, "stars"),
                    "topics" => next_field(&mut map, &mut topics, "topics"),
                    _ => skip_value(&mut map),
                }?;
            }
            Ok(Self {
                name: required(name, "name")?,
                r#type: r#type.flatten(),
                stars: required(stars, "stars")?,
                topics: required(topics, "topics")?,
            })
        }
    }

    impl<'de> Deserialize<'de> for Repo {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_struct(deserializer)
        }
    }

    impl Serialize for Repo {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let len = 3 + usize::from(self.r#type.is_some());
            let mut object = serialize_struct(serializer, "Repo", len)?;
            object.field("name", &self.name)?;
            object.optional("type", &self.r#type)?;
            object.field("stars", &self.stars)?;
            object.field("topics", &self.topics)?;
            object.end()
        }
    }

    /// The same struct deriving `Deserialize`, under the same name (which errors quote).
    mod derived {
        #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
        pub struct Repo {
            pub name: String,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub r#type: Option<String>,
            pub stars: Option<u32>,
            pub topics: Vec<String>,
        }
    }

    /// Both decodings of `json`, as `Ok` values compared field by field or as error texts.
    fn both(json: &str) -> (Result<Repo, String>, Result<derived::Repo, String>) {
        (
            serde_json::from_str(json).map_err(|error| error.to_string()),
            serde_json::from_str(json).map_err(|error| error.to_string()),
        )
    }

    fn same(json: &str) {
        match both(json) {
            (Ok(ours), Ok(derived)) => {
                let derived = Repo {
                    name: derived.name,
                    r#type: derived.r#type,
                    stars: derived.stars,
                    topics: derived.topics,
                };
                assert_eq!(ours, derived, "{json}");
            }
            (Err(ours), Err(derived)) => assert_eq!(ours, derived, "{json}"),
            (ours, derived) => panic!("{json}: ours {ours:?}, derived {derived:?}"),
        }
    }

    #[test]
    fn decodes_what_a_derived_impl_decodes() {
        same(r#"{"name":"a","type":"x","stars":3,"topics":["t"]}"#);
        same(r#"{"topics":[],"name":"a"}"#);
        same(r#"{"name":"a","stars":null,"type":null,"topics":[],"extra":{"deep":[1,2]}}"#);
        same(r#"{"n\u0061me":"escaped key","topics":[]}"#);
    }

    #[test]
    fn refuses_what_a_derived_impl_refuses_with_the_same_message() {
        same(r#"{"name":"a"}"#);
        same(r#"{"topics":[]}"#);
        same(r#"{"name":"a","name":"b","topics":[]}"#);
        same(r#"{"name":5,"topics":[]}"#);
        same(r#""text""#);
        same(r#"{"name":"a","topics":[]"#);
    }

    #[test]
    fn encodes_what_a_derived_impl_encodes() {
        let repos = [
            ("a", Some("x"), Some(3), vec!["t".to_owned()]),
            ("b", None, None, vec![]),
        ];
        for (name, r#type, stars, topics) in repos {
            let ours = Repo {
                name: name.to_owned(),
                r#type: r#type.map(str::to_owned),
                stars,
                topics: topics.clone(),
            };
            let derived = derived::Repo {
                name: name.to_owned(),
                r#type: r#type.map(str::to_owned),
                stars,
                topics,
            };
            assert_eq!(
                serde_json::to_string(&ours).unwrap(),
                serde_json::to_string(&derived).unwrap()
            );
        }
        // An unset optional field is left out; an unset required one is written as `null`.
        let value = serde_json::to_value(Repo {
            name: "c".to_owned(),
            r#type: None,
            stars: None,
            topics: vec![],
        })
        .unwrap();
        assert_eq!(
            value,
            serde_json::json!({"name": "c", "stars": null, "topics": []})
        );
    }

    #[test]
    fn an_array_is_not_a_struct() {
        // A derived impl also accepts the fields as a sequence, which JSON never means.
        let error = serde_json::from_str::<Repo>(r#"["a", null, null, []]"#).unwrap_err();
        assert!(
            error.to_string().contains("expected struct Repo"),
            "{error}"
        );
    }

    #[test]
    fn keys_are_lent_when_the_input_can_copied_inline_when_short_and_owned_beyond() {
        fn key(visited: Result<FieldKey<'_>, serde_json::Error>) -> Held<'_> {
            visited.expect("every key is accepted").0
        }
        let lent = key(Visitor::visit_borrowed_str(KeyVisitor, "type"));
        assert!(matches!(lent, Held::Lent("type")));
        let short = key(Visitor::visit_str(KeyVisitor, "type"));
        assert!(matches!(short, Held::Inline(key) if key.as_str() == "type"));
        let longest = "k".repeat(FieldKey::INLINE);
        let inline = key(Visitor::visit_str(KeyVisitor, &longest));
        assert!(matches!(inline, Held::Inline(key) if key.as_str() == longest));
        let longer = format!("{longest}é");
        let owned = key(Visitor::visit_str(KeyVisitor, &longer));
        assert!(matches!(owned, Held::Owned(key) if key == longer));
        let given = key(Visitor::visit_string(KeyVisitor, "type".to_owned()));
        assert!(matches!(given, Held::Owned(key) if key == "type"));
        let bytes = Visitor::visit_bytes::<serde_json::Error>(KeyVisitor, b"\xfftype").unwrap();
        assert_eq!(&*bytes, "\u{fffd}type");
        let valid = key(Visitor::visit_bytes(KeyVisitor, b"type"));
        assert!(matches!(valid, Held::Inline(key) if key.as_str() == "type"));
        let lent_bytes = key(Visitor::visit_borrowed_bytes(KeyVisitor, b"type"));
        assert!(matches!(lent_bytes, Held::Lent("type")));
    }

    #[test]
    fn decodes_from_a_reader_what_a_derived_impl_decodes() {
        // A reader shows each key for a moment only: the keys are copied, short or long.
        let long_key = "k".repeat(FieldKey::INLINE + 1);
        let json = format!(
            r#"{{"name":"a","{long_key}":1,"t\u0079pe":"escaped","topics":["x"],"stars":2}}"#
        );
        let ours: Repo = serde_json::from_reader(json.as_bytes()).unwrap();
        let derived: derived::Repo = serde_json::from_reader(json.as_bytes()).unwrap();
        assert_eq!(
            ours,
            Repo {
                name: derived.name,
                r#type: derived.r#type,
                stars: derived.stars,
                topics: derived.topics,
            }
        );
        assert_eq!(ours.r#type.as_deref(), Some("escaped"));
    }
}
