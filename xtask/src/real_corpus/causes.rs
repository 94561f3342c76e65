//! Refusals grouped by cause: the class of each diagnostic's message (its words, with the names,
//! pointers and numbers of one document taken out), counted by the descriptions it refuses.

use std::collections::{BTreeMap, BTreeSet};

use codegen::Diagnostic;

/// What a class of refusals says about the documents it refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// The document is broken (a `$ref` to nothing or to the wrong kind of object, a path
    /// parameter the template does not have, an operation id used twice): refusing it is right.
    Broken,
    /// Form and multipart request bodies: being built on another branch.
    FormBodies,
    /// An idiom the generator does not handle yet.
    Unsupported,
}

impl Verdict {
    pub fn describe(self) -> &'static str {
        match self {
            Verdict::Broken => "broken document, refusal is right",
            Verdict::FormBodies => "form/multipart bodies, not supported yet",
            Verdict::Unsupported => "not supported",
        }
    }
}

/// The verdict on a message class.
pub fn verdict(class: &str) -> Verdict {
    const BROKEN: [&str; 5] = [
        "points to nothing (dangling reference)",
        // A schema's `$ref` to a response or a parameter.
        "should point into #…",
        "does not appear in the path template",
        "has no matching `…` parameter",
        "duplicate operationId",
    ];
    if BROKEN.iter().any(|words| class.contains(words)) {
        Verdict::Broken
    } else if class.contains("form and multipart bodies") {
        Verdict::FormBodies
    } else {
        Verdict::Unsupported
    }
}

/// The class of a message: text in backticks or double quotes becomes `…` or "…", JSON pointers
/// `#…`, and runs of digits `N`, so that the same problem in two documents reads the same.
pub fn class(message: &str) -> String {
    let mut class = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' | '"' => {
                let mut closed = false;
                for inner in chars.by_ref() {
                    if inner == c {
                        closed = true;
                        break;
                    }
                }
                class.push(c);
                class.push('…');
                if closed {
                    class.push(c);
                }
            }
            '#' if chars.peek() == Some(&'/') => {
                while chars
                    .peek()
                    .is_some_and(|next| !next.is_whitespace() && *next != ',' && *next != ')')
                {
                    chars.next();
                }
                class.push_str("#…");
            }
            // A version (`OpenAPI 3.0`) is part of the words, not of one document.
            digit if digit.is_ascii_digit() && class.ends_with("OpenAPI ") => {
                class.push(digit);
                while chars
                    .peek()
                    .is_some_and(|next| next.is_ascii_digit() || *next == '.')
                {
                    class.extend(chars.next());
                }
            }
            digit if digit.is_ascii_digit() => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
                class.push('N');
            }
            other => class.push(other),
        }
    }
    class
}

/// One cause: how many descriptions it refuses, how many diagnostics it accounts for, and the
/// first place it was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause {
    pub class: String,
    pub verdict: Verdict,
    pub specs: usize,
    pub diagnostics: usize,
    /// `file: pointer: message` of the first diagnostic of this class.
    pub example: String,
}

/// Groups the diagnostics of every refused description (`(file, diagnostics)`) by class, most
/// descriptions first, then most diagnostics, then by class.
pub fn group<'a>(refused: impl IntoIterator<Item = (&'a str, &'a [Diagnostic])>) -> Vec<Cause> {
    let mut causes: BTreeMap<String, (BTreeSet<&str>, usize, String)> = BTreeMap::new();
    for (file, diagnostics) in refused {
        for diagnostic in diagnostics {
            let entry = causes
                .entry(class(&diagnostic.message))
                .or_insert_with(|| (BTreeSet::new(), 0, format!("{file}: {diagnostic}")));
            entry.0.insert(file);
            entry.1 += 1;
        }
    }
    let mut causes: Vec<Cause> = causes
        .into_iter()
        .map(|(class, (files, diagnostics, example))| Cause {
            verdict: verdict(&class),
            class,
            specs: files.len(),
            diagnostics,
            example,
        })
        .collect();
    causes.sort_by(|a, b| {
        (b.specs, b.diagnostics)
            .cmp(&(a.specs, a.diagnostics))
            .then_with(|| a.class.cmp(&b.class))
    });
    causes
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::Pointer;

    fn diagnostic(message: &str) -> Diagnostic {
        Diagnostic {
            pointer: Pointer::root().push("paths"),
            message: message.to_owned(),
        }
    }

    #[test]
    fn names_pointers_and_numbers_leave_the_class() {
        assert_eq!(
            class("reference `#/components/schemas/Pet` points to nothing (dangling reference)"),
            "reference `…` points to nothing (dangling reference)"
        );
        assert_eq!(
            class("duplicate operationId `get` (first used at #/paths/~1a/get)"),
            "duplicate operationId `…` (first used at #…)"
        );
        assert_eq!(
            class(
                "not a valid OpenAPI 3.0 document: invalid type: string \"x\", expected u16 at line 12 column 3"
            ),
            "not a valid OpenAPI 3.0 document: invalid type: string \"…\", expected uN at line N column N"
        );
        assert_eq!(class("an unclosed `quote"), "an unclosed `…");
        assert_eq!(class("C# is not #/a pointer"), "C# is not #… pointer");
    }

    #[test]
    fn causes_count_descriptions_and_diagnostics() {
        let dangling = [
            diagnostic("reference `#/a` points to nothing (dangling reference)"),
            diagnostic("reference `#/b` points to nothing (dangling reference)"),
        ];
        let template = [
            diagnostic("path parameter `id` does not appear in the path template `/pets`"),
            diagnostic("reference `#/c` points to nothing (dangling reference)"),
        ];
        let cookie = [diagnostic("cookie parameter `session` is not supported")];
        let causes = group([
            ("a.json", &dangling[..]),
            ("b.yaml", &template[..]),
            ("c.json", &cookie[..]),
        ]);
        let summary: Vec<(&str, Verdict, usize, usize)> = causes
            .iter()
            .map(|cause| {
                (
                    cause.class.as_str(),
                    cause.verdict,
                    cause.specs,
                    cause.diagnostics,
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "reference `…` points to nothing (dangling reference)",
                    Verdict::Broken,
                    2,
                    3
                ),
                (
                    "cookie parameter `…` is not supported",
                    Verdict::Unsupported,
                    1,
                    1
                ),
                (
                    "path parameter `…` does not appear in the path template `…`",
                    Verdict::Broken,
                    1,
                    1
                ),
            ]
        );
        assert_eq!(
            causes[0].example,
            "a.json: #/paths: reference `#/a` points to nothing (dangling reference)"
        );
    }

    #[test]
    fn form_bodies_are_told_apart() {
        let message = "request body media type(s) `multipart/form-data` are not supported: form and multipart bodies need an encoder the client does not have";
        assert_eq!(verdict(&class(message)), Verdict::FormBodies);
        assert_eq!(
            verdict(&class(
                "path template parameter `{id}` has no matching `in: path` parameter"
            )),
            Verdict::Broken
        );
    }
}
