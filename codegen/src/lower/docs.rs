//! Rustdoc text from spec prose.
//!
//! Spec descriptions are Markdown written for a web page. Rustdoc compiles and runs any code
//! block it takes for Rust, so fenced blocks without a language and indented blocks are turned
//! into `text` blocks; everything else is kept.

use openapiv3::Schema;

use crate::ir::Doc;

/// Builds docs from a schema's `title` and `description`.
pub fn from_title_and_description(title: Option<&str>, description: Option<&str>) -> Doc {
    let mut doc = Doc::default();
    if let Some(title) = title {
        doc.push(clean(title));
    }
    if let Some(description) = description {
        doc.push(clean(description));
    }
    doc
}

/// A short "Example: `...`" paragraph, when the example is small enough to help.
pub fn example_paragraph(example: &serde_json::Value) -> Option<String> {
    let text = example.to_string();
    (text.len() <= 100 && !text.contains('`') && !text.contains('\n'))
        .then(|| format!("Example: `{text}`"))
}

/// Makes Markdown safe for rustdoc (see the module docs).
pub fn clean(text: &str) -> String {
    // `lines` alone would leave the `\r` of `\r\r\n`, which the replacement does not.
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    // The lines joined by `\n`, written into one string rather than collected and joined.
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_fence = false;
    let mut previous_blank = true;
    for (index, line) in text.lines().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            out.push_str("```");
            if !in_fence {
                let language = info.trim();
                out.push_str(if language.is_empty() || language == "rust" {
                    "text"
                } else {
                    language
                });
            }
            in_fence = !in_fence;
            previous_blank = false;
            continue;
        }
        if !in_fence && previous_blank && is_indented_code(line) {
            // An indented block after a blank line would be a doctest; keep its text unindented.
            out.push_str(trimmed);
        } else {
            out.push_str(line.trim_end());
        }
        previous_blank = trimmed.is_empty();
    }
    if in_fence {
        out.push_str("\n```");
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    let start = out.len() - out.trim_start().len();
    out.drain(..start);
    out
}

/// The docs of a schema: its `title` and `description`, or, when it has neither and is an
/// `allOf`, those of its inline members (`allOf: [{$ref: ...}, {description: ...}]`).
pub(super) fn schema_doc(schema: &Schema) -> Doc {
    let documented = super::all_of::documenting_schema(schema);
    from_title_and_description(
        documented.schema_data.title.as_deref(),
        documented.schema_data.description.as_deref(),
    )
}

/// The docs of a property: [`schema_doc`] and its example, when short.
pub(super) fn property_doc(schema: &Schema) -> Doc {
    let mut doc = schema_doc(schema);
    if let Some(paragraph) = super::all_of::example_of(schema).and_then(example_paragraph) {
        doc.push(paragraph);
    }
    doc
}

fn is_indented_code(line: &str) -> bool {
    line.starts_with("    ") || line.starts_with('\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `clean` as it was first written, line by line into a `Vec` then joined: what the
    /// one-string version must give.
    fn clean_by_lines(text: &str) -> String {
        let mut out = Vec::new();
        let mut in_fence = false;
        let mut previous_blank = true;
        for line in text.replace("\r\n", "\n").lines() {
            let trimmed = line.trim_start();
            if let Some(info) = trimmed.strip_prefix("```") {
                if in_fence {
                    in_fence = false;
                    out.push("```".to_owned());
                } else {
                    in_fence = true;
                    let language = info.trim();
                    let safe = if language.is_empty() || language == "rust" {
                        "text"
                    } else {
                        language
                    };
                    out.push(format!("```{safe}"));
                }
                previous_blank = false;
                continue;
            }
            if !in_fence && previous_blank && is_indented_code(line) {
                out.push(trimmed.to_owned());
            } else {
                out.push(line.trim_end().to_owned());
            }
            previous_blank = trimmed.is_empty();
        }
        if in_fence {
            out.push("```".to_owned());
        }
        out.join("\n").trim().to_owned()
    }

    /// Every text of up to four lines of each kind `clean` tells apart, with each line ending.
    #[test]
    fn clean_gives_what_cleaning_line_by_line_gives() {
        let lines = [
            "",
            "  ",
            "a",
            "  a b ",
            "    code",
            "\tcode",
            "```",
            "```rust",
            " ``` json ",
            "x\r",
            "\r",
        ];
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|text| {
                    lines.iter().flat_map(move |line| {
                        ["\n", "\r\n", "\r\r\n"].map(|end| format!("{text}{line}{end}"))
                    })
                })
                .collect();
            texts.extend(last.iter().cloned());
        }
        for text in &texts {
            assert_eq!(clean(text), clean_by_lines(text), "{text:?}");
            let unended = text.trim_end_matches(['\r', '\n']);
            assert_eq!(clean(unended), clean_by_lines(unended), "{unended:?}");
        }
        assert!(texts.len() > 1_000_000);
    }

    #[test]
    fn bare_and_rust_fences_become_text() {
        assert_eq!(clean("a\n```\nx\n```"), "a\n```text\nx\n```");
        assert_eq!(clean("```rust\nx\n```"), "```text\nx\n```");
        assert_eq!(clean("```json\n{}\n```"), "```json\n{}\n```");
    }

    #[test]
    fn unclosed_fences_are_closed() {
        assert_eq!(clean("```\nx"), "```text\nx\n```");
    }

    #[test]
    fn indented_blocks_lose_their_indent() {
        assert_eq!(clean("a\n\n    code"), "a\n\ncode");
    }

    #[test]
    fn examples_are_inline_code_when_short() {
        assert_eq!(
            example_paragraph(&serde_json::json!(42)).as_deref(),
            Some("Example: `42`")
        );
        assert_eq!(example_paragraph(&serde_json::json!("a`b")), None);
    }
}
