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
            // An indented block after a blank line would be a doctest; keep its text unindented.
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
