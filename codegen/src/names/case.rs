//! heck's `to_upper_camel_case` and `to_snake_case`, for ASCII text, without heck's formatting
//! machinery: heck writes each character through `fmt` (`write!(f, "{}", c.to_lowercase())`),
//! and converting the names of a large description that way was a tenth of lowering it. The
//! algorithm is heck's `transform`, step for step; text that is not ASCII goes to heck itself,
//! and the tests compare the two on every kind of character boundary.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// `name.to_upper_camel_case()`.
pub(super) fn upper_camel(name: &str) -> String {
    if !name.is_ascii() {
        return name.to_upper_camel_case();
    }
    let mut out = String::with_capacity(name.len());
    transform(name, |word| {
        if let Some(first) = word.chars().next() {
            out.push(first.to_ascii_uppercase());
            push_lowercase(&mut out, &word[1..]);
        }
    });
    out
}

/// `name.to_snake_case()`.
pub(super) fn snake(name: &str) -> String {
    if !name.is_ascii() {
        return name.to_snake_case();
    }
    let mut out = String::with_capacity(name.len() + 4);
    let mut first = true;
    transform(name, |word| {
        if !first {
            out.push('_');
        }
        first = false;
        push_lowercase(&mut out, word);
    });
    out
}

/// Appends ASCII `word` to `out` in lowercase, copied at once rather than a character at a time.
fn push_lowercase(out: &mut String, word: &str) {
    let start = out.len();
    out.push_str(word);
    out[start..].make_ascii_lowercase();
}

/// The case of the last cased character of the word being read (heck's `WordMode`).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// None since the last boundary.
    Boundary,
    Lowercase,
    Uppercase,
}

/// Calls `word` with each word of ASCII `name`, as heck's `transform` cuts it: at every
/// character that is not alphanumeric, between a lowercase letter (or what follows one) and an
/// uppercase one, and before the last of several uppercase letters followed by a lowercase
/// one. Like heck, it may give empty words (a word that starts with such a boundary).
fn transform(name: &str, mut word: impl FnMut(&str)) {
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = part.as_bytes();
        let mut start = 0;
        let mut mode = Mode::Boundary;
        for (index, &current) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(index + 1) else {
                word(&part[start..]);
                break;
            };
            let next_mode = if current.is_ascii_lowercase() {
                Mode::Lowercase
            } else if current.is_ascii_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_ascii_uppercase() {
                word(&part[start..=index]);
                start = index + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase
                && current.is_ascii_uppercase()
                && next.is_ascii_lowercase()
            {
                word(&part[start..index]);
                start = index;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use heck::{ToSnakeCase, ToUpperCamelCase};

    use super::{snake, upper_camel};

    /// Every string of up to five characters from an alphabet with each kind of character
    /// heck tells apart (lowercase, uppercase, digit, separator), and longer ones built from
    /// them: both conversions give what heck gives.
    #[test]
    fn conversions_are_heck_s() {
        let alphabet = ['a', 'b', 'A', 'B', '1', '_', ' ', '-'];
        let mut names = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|prefix| alphabet.iter().map(move |c| format!("{prefix}{c}")))
                .collect();
            names.extend(last.iter().cloned());
        }
        names.extend(
            [
                "ABItem",
                "nullable-simple-user",
                "HTTPServer2FA",
                "x-api-version",
                "__proto__",
                "café au lait",
                "ΣΑΣ",
            ]
            .map(str::to_owned),
        );
        for name in &names {
            assert_eq!(upper_camel(name), name.to_upper_camel_case(), "{name:?}");
            assert_eq!(snake(name), name.to_snake_case(), "{name:?}");
        }
        assert!(names.len() > 37_000);
    }
}
