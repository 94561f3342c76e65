//! Problems found in a spec, each tied to the JSON pointer of the place that caused it.
//!
//! The generator never stops at the first problem: every stage pushes into a [`Diagnostics`]
//! accumulator and the caller sees all of them at once (the model is serde_derive's `Ctxt`).

use std::fmt;

/// A JSON pointer into the input document, such as `#/paths/~1pets~1{pet_id}/post`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the whole document.
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Parses a local reference (`#/components/schemas/x`) into a pointer, if it is one.
    pub fn from_local_ref(reference: &str) -> Option<Self> {
        (reference == "#" || reference.starts_with("#/")).then(|| Pointer(reference.to_owned()))
    }

    /// This pointer extended by one reference token, escaped per RFC 6901.
    pub fn push(&self, token: impl AsRef<str>) -> Self {
        let token = token.as_ref();
        let mut pointer = String::with_capacity(self.0.len() + 1 + token.len());
        pointer.push_str(&self.0);
        pointer.push('/');
        // Most tokens (property names, `properties`) have nothing to escape.
        if !token.bytes().any(|byte| matches!(byte, b'~' | b'/')) {
            pointer.push_str(token);
            return Pointer(pointer);
        }
        for part in token.split_inclusive(['~', '/']) {
            match part.strip_suffix(['~', '/']) {
                Some(text) => {
                    pointer.push_str(text);
                    pointer.push_str(if part.ends_with('~') { "~0" } else { "~1" });
                }
                None => pointer.push_str(part),
            }
        }
        Pointer(pointer)
    }

    /// The unescaped reference tokens after `#`.
    pub fn tokens(&self) -> Vec<String> {
        self.0
            .trim_start_matches('#')
            .split('/')
            .skip(1)
            .map(|token| {
                if token.contains('~') {
                    token.replace("~1", "/").replace("~0", "~")
                } else {
                    token.to_owned()
                }
            })
            .collect()
    }

    /// How many reference tokens there are after `#` (`tokens().len()`, without making them).
    pub fn depth(&self) -> usize {
        self.0.bytes().filter(|&byte| byte == b'/').count()
    }

    /// The pointer as written, starting with `#`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// Where in the document the problem is.
    pub pointer: Pointer,
    /// What is wrong, in words, without a trailing full stop.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Every problem found, in the order the document was walked.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem at `pointer`.
    pub fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.items.push(Diagnostic {
            pointer: pointer.clone(),
            message: message.into(),
        });
    }

    /// Adds every problem of `other`, after those recorded already.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// How many problems were recorded.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Removes and returns the problems recorded after the first `keep`.
    pub fn split_off(&mut self, keep: usize) -> Vec<Diagnostic> {
        if keep >= self.items.len() {
            return Vec::new();
        }
        self.items.split_off(keep)
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The recorded problems.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Leaves out each diagnostic that repeats an earlier one (two copies of one place report
    /// its problem twice once pointed back at it).
    pub fn drop_repeats(&mut self) {
        drop_repeats(&mut self.items);
    }

    /// The diagnostics, to change where they point.
    pub fn items_mut(&mut self) -> &mut [Diagnostic] {
        &mut self.items
    }

    /// `Ok(value)` when nothing was recorded, otherwise every problem.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.items.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

/// Leaves out each of `diagnostics` that repeats an earlier one, keeping their order.
pub fn drop_repeats(diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|diagnostic| seen.insert(diagnostic.clone()));
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, item) in self.items.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {item}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        let pointer = Pointer::root().push("paths").push("/user/{a~b}");
        assert_eq!(pointer.as_str(), "#/paths/~1user~1{a~0b}");
        assert_eq!(pointer.tokens(), vec!["paths", "/user/{a~b}"]);
        assert_eq!(pointer.depth(), 2);
    }

    #[test]
    fn every_token_comes_back_as_pushed() {
        let tokens = ["", "~", "/", "~1", "~0", "a~/b", "//~~", "é~ü/", "plain"];
        let mut pointer = Pointer::root();
        assert_eq!(pointer.depth(), 0);
        for token in tokens {
            let escaped = token.replace('~', "~0").replace('/', "~1");
            let pushed = pointer.push(token);
            assert_eq!(pushed.as_str(), format!("{}/{escaped}", pointer.as_str()));
            pointer = pushed;
        }
        assert_eq!(pointer.tokens(), tokens);
        assert_eq!(pointer.depth(), tokens.len());
    }

    #[test]
    fn only_local_refs_become_pointers() {
        assert!(Pointer::from_local_ref("#/components/schemas/x").is_some());
        assert!(Pointer::from_local_ref("other.yaml#/x").is_none());
    }
}
