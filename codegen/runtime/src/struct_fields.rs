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
/// its fields' names, as a derived impl does.
///
/// The key is lent as the input holds it when it can be (JSON read from bytes, without
/// escapes). An input that only shows a key for a moment (a reader, a key with escapes) has it
/// copied into `buffer`, which the struct's `decode_map` keeps for all its keys: a derived impl
/// allocates for none of these, and neither should a generated struct, key after key.
///
/// A plain `&str` rather than a type of its own that could also hold the copy: every key of
/// every object passes through here, and moving, matching and dropping a 56-byte key cost
/// about 3 % of decoding the client's benchmark page (BENCHMARKS.md).
#[inline]
pub fn next_key<'de: 'k, 'k, A: MapAccess<'de>>(
    map: &mut A,
    buffer: &'k mut KeyBuffer,
) -> Result<Option<&'k str>, A::Error> {
    map.next_key_seed(KeyVisitor { buffer })
}

/// Where [`next_key`] copies a key the input cannot lend: within the buffer itself when the
/// key is at most [`KeyBuffer::INLINE`] bytes, as every field name of a typical description is,
/// and beyond that into a `String` the next long key reuses.
#[derive(Debug, Default)]
pub struct KeyBuffer {
    short: ArrayString<{ KeyBuffer::INLINE }>,
    long: String,
}

impl KeyBuffer {
    /// The longest key, in bytes, copied without an allocation.
    pub const INLINE: usize = 48;

    /// An empty buffer; it allocates nothing until it is given a key longer than
    /// [`Self::INLINE`] bytes.
    #[inline]
    pub fn new() -> Self {
        Self::default()
    }

    /// `key`, copied into the buffer.
    fn copy(&mut self, key: &str) -> &str {
        self.short.clear();
        if self.short.try_push_str(key).is_ok() {
            return &self.short;
        }
        self.long.clear();
        self.long.push_str(key);
        &self.long
    }

    /// `key`, kept in the buffer (it is already allocated).
    fn keep(&mut self, key: String) -> &str {
        self.long = key;
        &self.long
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

/// A key, borrowed from the input where it can be and copied into `buffer` where not.
struct KeyVisitor<'k> {
    buffer: &'k mut KeyBuffer,
}

impl<'de: 'k, 'k> DeserializeSeed<'de> for KeyVisitor<'k> {
    type Value = &'k str;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de: 'k, 'k> Visitor<'de> for KeyVisitor<'k> {
    type Value = &'k str;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(key)
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.buffer.copy(key))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Self::Value, E> {
        Ok(self.buffer.keep(key))
    }

    fn visit_borrowed_bytes<E: de::Error>(self, key: &'de [u8]) -> Result<Self::Value, E> {
        Ok(match String::from_utf8_lossy(key) {
            Cow::Borrowed(key) => key,
            Cow::Owned(key) => self.buffer.keep(key),
        })
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(match String::from_utf8_lossy(key) {
            Cow::Borrowed(key) => self.buffer.copy(key),
            Cow::Owned(key) => self.buffer.keep(key),
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
            let mut buffer = KeyBuffer::new();
            while let Some(key) = next_key(&mut map, &mut buffer)? {
                match key {
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
    fn keys_are_lent_when_the_input_can_and_copied_into_the_buffer_when_not() {
        type Visit = fn(KeyVisitor<'_>) -> Result<&str, serde_json::Error>;
        /// The key `visit` gives, and whether it is held by the buffer.
        fn key(visit: Visit) -> (String, bool) {
            let mut buffer = KeyBuffer::new();
            let key = visit(KeyVisitor {
                buffer: &mut buffer,
            })
            .expect("every key is accepted")
            .to_owned();
            let held = [buffer.short.as_str(), buffer.long.as_str()].contains(&key.as_str());
            (key, held)
        }
        let lent = key(|v| Visitor::visit_borrowed_str(v, "type"));
        assert_eq!(lent, ("type".to_owned(), false));
        let lent_bytes = key(|v| Visitor::visit_borrowed_bytes(v, b"type"));
        assert_eq!(lent_bytes, ("type".to_owned(), false));
        let copied = key(|v| Visitor::visit_str(v, "type"));
        assert_eq!(copied, ("type".to_owned(), true));
        let given = key(|v| Visitor::visit_string(v, "given".to_owned()));
        assert_eq!(given, ("given".to_owned(), true));
        let bytes = key(|v| Visitor::visit_bytes(v, b"type"));
        assert_eq!(bytes, ("type".to_owned(), true));
        let invalid = key(|v| Visitor::visit_bytes(v, b"\xfftype"));
        assert_eq!(invalid, ("\u{fffd}type".to_owned(), true));
    }

    #[test]
    fn a_short_key_is_copied_into_the_buffer_and_a_long_one_into_its_reused_string() {
        let mut buffer = KeyBuffer::new();
        let longest = "k".repeat(KeyBuffer::INLINE);
        assert_eq!(buffer.copy(&longest), longest);
        assert_eq!(
            buffer.long.capacity(),
            0,
            "{} bytes are held inline",
            KeyBuffer::INLINE
        );
        let longer = format!("{longest}é");
        assert_eq!(buffer.copy(&longer), longer);
        let capacity = buffer.long.capacity();
        assert!(capacity >= longer.len());
        let pointer = buffer.long.as_ptr();
        assert_eq!(buffer.copy(&longer[1..]), &longer[1..]);
        assert_eq!(
            (buffer.long.as_ptr(), buffer.long.capacity()),
            (pointer, capacity),
            "the next long key reuses the string"
        );
        assert_eq!(buffer.copy("type"), "type", "a short key after a long one");
    }

    #[test]
    fn decodes_from_a_reader_what_a_derived_impl_decodes() {
        // A reader shows each key for a moment only: the keys are copied, short or long.
        let long_key = "k".repeat(KeyBuffer::INLINE + 1);
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
