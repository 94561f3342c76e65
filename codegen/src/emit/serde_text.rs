//! A struct's `Serialize`, `Deserialize` and `DecodeStruct` impls written straight as text, in
//! exactly the layout prettyplease gives the tokens of `struct_serde.rs`.
//!
//! Why: they are the largest items of a large description's models (about 60 % of the text of
//! the models of the largest description in the benches), and building their tokens, parsing
//! those into a syntax tree and printing it back was the largest share of emitting them. Their
//! shape is fixed and only names vary, so the few layouts prettyplease chooses between are
//! written here, each where prettyplease chooses it (whether a line fits in its margin of 89
//! columns). When a line would need a layout not written here (a name so long that prettyplease
//! breaks a line this does not), the functions say so and the caller formats the tokens
//! instead: the text is always prettyplease's. The tests compare the two on each layout and on
//! both sides of every width where the layout changes.

use super::layout::{STRUCT_LITERAL_WIDTH, Text};
use super::struct_serde::decode_locals;
use super::tokens::string_literal;
use crate::ir::{Field, Presence, StructDef};

/// The `Deserialize` and `DecodeStruct` impls of struct `name` decoding through the runtime
/// module `runtime`, as prettyplease prints them, each after `attributes` (formatted lines, or
/// nothing), separated by a blank line and ending with a newline; `None` when a line needs a
/// layout this module does not write.
pub(super) fn decode_struct_text(
    runtime: &str,
    name: &str,
    body: &StructDef,
    attributes: &str,
) -> Option<String> {
    let locals = decode_locals(body);
    let mut text = Text::default();
    let (map, buffer, key) = (
        locals.map.as_str(),
        locals.buffer.as_str(),
        locals.key.as_str(),
    );

    text.push_str(attributes);
    deserialize_impl(
        &mut text,
        name,
        &format!("{runtime}::deserialize_struct(deserializer)"),
    )?;
    text.blank();

    let type_name = string_literal(name);
    text.push_str(attributes);
    text.impl_header(&format!("impl<'de> {runtime}::DecodeStruct<'de>"), name);
    // prettyplease never breaks a constant whose value is a literal.
    text.line_unchecked(1, format_args!("const NAME: &'static str = {type_name};"));
    text.blank();
    let wires: Vec<String> = body
        .fields
        .iter()
        .map(|field| string_literal(&field.wire_name))
        .collect();
    fields_const(&mut text, &wires)?;
    text.blank();
    text.line(
        1,
        format_args!(
            "fn decode_map<A: serde::de::MapAccess<'de>>(mut {map}: A) -> Result<Self, A::Error> {{"
        ),
    )?;
    for field in &body.fields {
        text.line(2, format_args!("let mut {} = None;", field.rust_name))?;
    }
    text.line(
        2,
        format_args!("let mut {buffer} = {runtime}::KeyBuffer::new();"),
    )?;
    text.line(
        2,
        format_args!("while let Some({key}) = {runtime}::next_key(&mut {map}, &mut {buffer})? {{"),
    )?;
    text.line(3, format_args!("match {key} {{"))?;
    for (field, wire) in body.fields.iter().zip(&wires) {
        field_arm(&mut text, runtime, map, &field.rust_name, wire)?;
    }
    text.line(4, format_args!("_ => {runtime}::skip_value(&mut {map}),"))?;
    text.lines_unchecked(&["            }?;", "        }"]);

    struct_literal(&mut text, runtime, body, &wires)?;
    text.lines_unchecked(&["    }", "}"]);
    Some(text.into_string())
}

/// `impl<'de> Deserialize<'de> for {name}` whose body is the expression `body`.
pub(super) fn deserialize_impl(text: &mut Text, name: &str, body: &str) -> Option<()> {
    text.impl_header("impl<'de> Deserialize<'de>", name);
    text.lines_unchecked(&[
        "    fn deserialize<D: serde::Deserializer<'de>>(",
        "        deserializer: D,",
        "    ) -> Result<Self, D::Error> {",
    ]);
    text.line(2, format_args!("{body}"))?;
    text.lines_unchecked(&["    }", "}"]);
    Some(())
}

/// `const FIELDS` of a `DecodeStruct` impl: the wire names on one line, or one per line.
fn fields_const(text: &mut Text, wires: &[String]) -> Option<()> {
    let fields_start = "const FIELDS: &'static [&'static str] = &[";
    let one_line = format!("{fields_start}{}];", wires.join(", "));
    if text.fits(1, &one_line) {
        return text.line(1, format_args!("{one_line}"));
    }
    text.line(1, format_args!("{fields_start}"))?;
    for wire in wires {
        text.line_unchecked(2, format_args!("{wire},"));
    }
    text.line(1, format_args!("];"))
}

/// The arm of `decode_map`'s `match` that fills `slot` from the key `wire`: on one line, or
/// as a block, or as a block with the call's arguments one per line.
fn field_arm(text: &mut Text, runtime: &str, map: &str, slot: &str, wire: &str) -> Option<()> {
    // The comma after an arm is written only when the arm is not broken, and prettyplease does
    // not count it.
    let call = format_args!("{runtime}::next_field(&mut {map}, &mut {slot}, {wire})");
    if text.line_if_fits(4, format_args!("{wire} => {call}"), ",") {
        return Some(());
    }
    text.line(4, format_args!("{wire} => {{"))?;
    if !text.line_if_fits(5, call, "") {
        text.line(5, format_args!("{runtime}::next_field("))?;
        for argument in [&format!("&mut {map}"), &format!("&mut {slot}"), wire] {
            text.line_unchecked(6, format_args!("{argument},"));
        }
        text.line(5, format_args!(")"))?;
    }
    text.line(4, format_args!("}}"))
}

/// `Ok(Self { ... })` at the end of `decode_map`: each slot's value, on one line when the
/// literal is narrow enough, else one field per line, each broken as prettyplease breaks it.
fn struct_literal(
    text: &mut Text,
    runtime: &str,
    body: &StructDef,
    wires: &[String],
) -> Option<()> {
    let values: Vec<String> = body
        .fields
        .iter()
        .zip(wires)
        .map(|(field, wire)| {
            let slot = &field.rust_name;
            if field.is_option() {
                format!("{slot}: {slot}.flatten()")
            } else {
                format!("{slot}: {runtime}::required({slot}, {wire})?")
            }
        })
        .collect();
    let literal = format!("Self {{ {} }}", values.join(", "));
    let one_line = format!("Ok({literal})");
    if literal.len() - 1 <= STRUCT_LITERAL_WIDTH && text.fits(2, &one_line) {
        text.line(2, format_args!("{one_line}"))?;
    } else {
        text.line(2, format_args!("Ok(Self {{"))?;
        let last = values.len() - 1;
        let fields = values.iter().zip(&body.fields).zip(wires);
        for (index, ((value, field), wire)) in fields.enumerate() {
            // The comma after the last field is written only when the literal is broken, and
            // prettyplease does not count it; the others' it does.
            let comma = if index == last { "" } else { "," };
            let slot = &field.rust_name;
            if text.fits(3, &format!("{value}{comma}")) {
                text.line_unchecked(3, format_args!("{value},"));
            } else if field.is_option() {
                // `slot: slot.flatten()`, broken before the method.
                text.line_unchecked(3, format_args!("{slot}: {slot}"));
                text.line_unchecked(4, format_args!(".flatten(),"));
            } else {
                // `slot: runtime::required(slot, "wire")?`, its arguments one per line.
                text.line(3, format_args!("{slot}: {runtime}::required("))?;
                text.line_unchecked(4, format_args!("{slot},"));
                text.line_unchecked(4, format_args!("{wire},"));
                text.line(3, format_args!(")?,"))?;
            }
        }
        text.line(2, format_args!("}})"))?;
    }
    Some(())
}

/// The `Serialize` impl of struct `name` encoding through the runtime module `runtime`, as
/// prettyplease prints it, after `attributes` (formatted lines, or nothing) and ending with a
/// newline; `None` when a line needs a layout this module does not write.
pub(super) fn encode_struct_text(
    runtime: &str,
    name: &str,
    body: &StructDef,
    attributes: &str,
) -> Option<String> {
    let mut text = Text::default();
    text.push_str(attributes);
    text.impl_header("impl Serialize", name);
    text.lines_unchecked(&[
        "    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {",
    ]);

    len_statement(&mut text, body)?;
    let type_name = string_literal(name);
    let open = format!("let mut object = {runtime}::serialize_struct(");
    let one_line = format!("{open}serializer, {type_name}, len)?;");
    if text.fits(2, &one_line) {
        text.line_unchecked(2, format_args!("{one_line}"));
    } else {
        text.line(2, format_args!("{open}"))?;
        for argument in ["serializer", &type_name, "len"] {
            text.line_unchecked(3, format_args!("{argument},"));
        }
        text.line_unchecked(2, format_args!(")?;"));
    }

    for field in &body.fields {
        field_write(&mut text, field)?;
    }
    text.lines_unchecked(&["        object.end()", "    }", "}"]);
    Some(text.into_string())
}

/// `let len = ...;` of a `Serialize` impl: the fields always written, plus one per optional
/// field that is set.
fn len_statement(text: &mut Text, body: &StructDef) -> Option<()> {
    let always = body
        .fields
        .iter()
        .filter(|field| field.presence != Presence::Optional)
        .count();
    let mut terms: Vec<String> = body
        .fields
        .iter()
        .filter(|field| field.presence == Presence::Optional)
        .map(|field| format!("usize::from(self.{}.is_some())", field.rust_name))
        .collect();
    if always > 0 || terms.is_empty() {
        terms.insert(0, always.to_string());
    }
    // prettyplease fills the lines of a sum: each `+ term` goes on the current line if it fits
    // there (the last with its `;`), else starts the next one, one level deeper.
    let last = terms.len() - 1;
    let (mut line, mut level) = (format!("let len = {}", terms[0]), 2);
    for (index, term) in terms.iter().enumerate().skip(1) {
        let end = if index == last { ";" } else { "" };
        let joined = format!("{line} + {term}{end}");
        if text.fits(level, &joined) {
            line = joined;
        } else {
            text.line(level, format_args!("{line}"))?;
            (line, level) = (format!("+ {term}{end}"), 3);
        }
    }
    if last == 0 {
        line.push(';');
    }
    text.line(level, format_args!("{line}"))?;

    Some(())
}

/// `object.field(...)?;` or `object.optional(...)?;` for one field.
fn field_write(text: &mut Text, field: &Field) -> Option<()> {
    let method = if field.presence == Presence::Optional {
        "optional"
    } else {
        "field"
    };
    let wire = string_literal(&field.wire_name);
    let slot = &field.rust_name;
    let call = format_args!(".{method}({wire}, &self.{slot})?;");
    // On one line; else the method on the next; else its arguments one per line too.
    if text.line_if_fits(2, format_args!("object{call}"), "") {
        return Some(());
    }
    text.line_unchecked(2, format_args!("object"));
    if !text.line_if_fits(3, call, "") {
        text.line(3, format_args!(".{method}("))?;
        text.line_unchecked(4, format_args!("{wire},"));
        // Wider, prettyplease breaks `&self` from the field (the comma is counted here
        // whether prettyplease counts it or not: too wide either way is left to it).
        text.line(4, format_args!("&self.{slot},"))?;
        text.line_unchecked(3, format_args!(")?;"));
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use proc_macro2::{Ident, Span};
    use quote::quote;

    use super::{decode_struct_text, encode_struct_text};
    use crate::emit::format_tokens;
    use crate::emit::struct_serde::{decode_struct, encode_struct};
    use crate::ir::{Doc, Field, Presence, Primitive, StructDef, TypeRef};

    fn field(rust_name: &str, wire_name: &str, presence: Presence) -> Field {
        Field {
            rust_name: rust_name.to_owned(),
            wire_name: wire_name.to_owned(),
            ty: TypeRef::Primitive(Primitive::String),
            presence,
            nullable: false,
            boxed: false,
            doc: Doc::default(),
        }
    }

    /// What prettyplease prints for the tokens of the `Serialize` impl, and of the other two.
    fn formatted(name: &str, body: &StructDef) -> (String, String) {
        let runtime = quote! { runtime };
        let name = Ident::new(name, Span::call_site());
        (
            format_tokens(encode_struct(&runtime, &name, body)).expect("the impl parses"),
            format_tokens(decode_struct(&runtime, &name, body)).expect("the impls parse"),
        )
    }

    /// Each text is prettyplease's whenever there is one; returns whether both were written.
    fn same_as_prettyplease(name: &str, body: &StructDef) -> bool {
        let (encode, decode) = formatted(name, body);
        let encode_text = encode_struct_text("runtime", name, body, "");
        if let Some(text) = &encode_text {
            assert_eq!(text, &encode, "{name} {body:?}");
        }
        let decode_text = decode_struct_text("runtime", name, body, "");
        if let Some(text) = &decode_text {
            assert_eq!(text, &decode, "{name} {body:?}");
        }
        encode_text.is_some() && decode_text.is_some()
    }

    /// A name of `len` letters (at least one) starting with `start`.
    fn name(start: char, len: usize) -> String {
        let mut name = start.to_string();
        name.extend(std::iter::repeat_n('x', len.saturating_sub(1)));
        name
    }

    #[test]
    fn one_field_of_every_width_is_written_as_prettyplease_writes_it() {
        // Every width from a short field to one whose lines prettyplease breaks past what this
        // module writes: each layout of an arm, of `FIELDS`, of the struct literal and of the
        // calls that write a field, and both sides of each width where the layout changes.
        for len in 1..=80 {
            for presence in [Presence::Required, Presence::Optional] {
                let body = StructDef {
                    fields: vec![field(&name('f', len), &name('w', len), presence)],
                    additional_properties: None,
                };
                let written = same_as_prettyplease("Thing", &body);
                // Names of up to 41 letters are always written as text; only longer ones may
                // need a layout left to prettyplease.
                assert!(
                    written || len > 41,
                    "{len} letters, {presence:?}: not written"
                );
            }
        }
    }

    #[test]
    fn type_names_of_every_width_are_written_as_prettyplease_writes_them() {
        let body = StructDef {
            fields: vec![field("id", "id", Presence::Required)],
            additional_properties: None,
        };
        let mut written = 0;
        for len in 1..=80 {
            written += usize::from(same_as_prettyplease(&name('T', len), &body));
        }
        assert!(written >= 70, "written as text: {written} of 80");
    }

    #[test]
    fn several_fields_of_every_width_are_written_as_prettyplease_writes_them() {
        // Each field but the last is followed by a comma that counts towards its width.
        let mut written = 0;
        let widths = (1..=50).flat_map(|len| [(len, len), (len, len + 1), (len, len + 2)]);
        for (len, wire_len) in widths {
            for presences in [
                [Presence::Required, Presence::Required, Presence::Required],
                [Presence::Optional, Presence::Optional, Presence::Optional],
                [Presence::Optional, Presence::Required, Presence::Optional],
            ] {
                let body = StructDef {
                    fields: (0..3)
                        .map(|index| {
                            let rust = format!("{}{index}", name('f', len));
                            field(&rust, &name('w', wire_len), presences[index])
                        })
                        .collect(),
                    additional_properties: None,
                };
                written += usize::from(same_as_prettyplease("Thing", &body));
            }
        }
        assert!(written >= 400, "written as text: {written} of 450");
    }

    #[test]
    fn several_fields_type_names_and_wire_names_of_many_widths() {
        let mut written = 0;
        let mut cases = 0;
        for type_len in [1, 20, 45, 60] {
            for fields in 2..=6 {
                for len in (1..=40).step_by(3) {
                    let body = StructDef {
                        fields: (0..fields)
                            .map(|index| {
                                let presence = if index % 2 == 0 {
                                    Presence::Required
                                } else {
                                    Presence::Optional
                                };
                                let rust = name('f', len + index);
                                field(&rust, &name('w', len + 2 * index), presence)
                            })
                            .collect(),
                        additional_properties: None,
                    };
                    cases += 1;
                    written += usize::from(same_as_prettyplease(&name('T', type_len), &body));
                }
            }
        }
        assert!(
            written * 10 >= cases * 9,
            "written as text: {written} of {cases}"
        );
    }

    #[test]
    fn raw_names_escaped_wire_names_and_taken_locals() {
        let body = StructDef {
            fields: vec![
                field("r#type", "type", Presence::Required),
                field("map", "map", Presence::Optional),
                field("buffer", "buffer", Presence::Optional),
                field("key", "k\"e\\y\n", Presence::Required),
                field(
                    "unicode",
                    "ünïcödé_wïth_wïde_lëttërs_ünïcödé_wïth",
                    Presence::Required,
                ),
            ],
            additional_properties: None,
        };
        assert!(same_as_prettyplease("Raw", &body));
        let nullable = StructDef {
            fields: vec![Field {
                nullable: true,
                ..field("id", "id", Presence::Required)
            }],
            additional_properties: None,
        };
        assert!(same_as_prettyplease("N", &nullable));
    }
}
