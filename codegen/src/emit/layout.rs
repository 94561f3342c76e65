//! Writing Rust text in the layout prettyplease gives it, for the items the emitter writes as
//! text rather than tokens (`serde_text.rs`, `model_text.rs`): lines at an indentation, and
//! whether a line fits in prettyplease's margin, which is what decides where it breaks one.

use std::fmt::Write;

use super::tokens::push_doc_line;
use crate::ir::Doc;

/// prettyplease's line width (`MARGIN` in its source): a line that fits in it is not broken.
const MARGIN: usize = 89;

/// The widest struct literal prettyplease keeps on one line (its `end_with_max_width(34)`,
/// measured from the path to the space before the closing brace).
pub(super) const STRUCT_LITERAL_WIDTH: usize = 34;

/// One level of indentation.
const INDENT: usize = 4;

/// Whether `line` fits in the margin at indentation `level`.
pub(super) fn fits(level: usize, line: &str) -> bool {
    level * INDENT + line.len() <= MARGIN
}

/// What a function returns, for [`Text::signature`].
#[derive(Clone, Copy)]
pub(super) enum Returns<'a> {
    /// A type prettyplease does not break (`Self`, `Builder<'a>`).
    Plain(&'a str),
    /// `Result<ok, error>`, whose arguments go one per line when the line is too wide.
    Result(TypeText<'a>, TypeText<'a>),
    /// Another generic type, whose arguments go one per line when the line is too wide.
    Generic(TypeText<'a>),
}

/// A type as a signature writer may break it: `path` or `path<arguments>`, the latter broken
/// as `path<`, the arguments one per line, `>` when too wide for its line.
#[derive(Clone, Copy)]
pub(super) struct TypeText<'a> {
    /// The type, or the generic type holding the arguments (`runtime::Response`).
    pub(super) path: &'a str,
    /// The generic arguments, separated by `, `.
    pub(super) argument: Option<&'a str>,
}

impl std::fmt::Display for TypeText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.argument {
            Some(argument) => write!(f, "{}<{argument}>", self.path),
            None => f.write_str(self.path),
        }
    }
}

/// What a function returns, as written on one line.
struct ReturnsText<'a>(Returns<'a>);

impl std::fmt::Display for ReturnsText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Returns::Plain(ty) => f.write_str(ty),
            Returns::Result(ok, error) => write!(f, "Result<{ok}, {error}>"),
            Returns::Generic(ty) => ty.fmt(f),
        }
    }
}

/// Texts separated by `, `, written without joining them into a string first.
struct Joined<'a>(&'a [String]);

impl std::fmt::Display for Joined<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (index, text) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            f.write_str(text)?;
        }
        Ok(())
    }
}

/// The generic arguments of `arguments` (`A, B<C, D>` is `A` and `B<C, D>`); `None` when its
/// angle brackets do not pair.
fn top_level_arguments(arguments: &str) -> Option<Vec<String>> {
    let mut depth = 0usize;
    let mut start = 0;
    let mut split = Vec::new();
    for (index, c) in arguments.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.checked_sub(1)?,
            ',' if depth == 0 => {
                split.push(arguments[start..index].trim().to_owned());
                start = index + 1;
            }
            _ => {}
        }
    }
    split.push(arguments[start..].trim().to_owned());
    (depth == 0).then_some(split)
}

/// Whether prettyplease has nowhere to break `element` (a type or an expression of a list): a
/// path such as `models::Item` or a plain name, without brackets of any kind.
fn unbreakable(element: &str) -> bool {
    !element.contains(['<', '(', '[', '{', ' '])
}

/// Text being written line by line.
#[derive(Default)]
pub(super) struct Text(String);

impl Text {
    /// Whether `line` fits in the margin at indentation `level`.
    pub(super) fn fits(&self, level: usize, line: &str) -> bool {
        fits(level, line)
    }

    /// Writes `line` at indentation `level` if it fits; `None` if prettyplease would break it.
    pub(super) fn line(&mut self, level: usize, line: std::fmt::Arguments<'_>) -> Option<()> {
        let start = self.0.len();
        self.line_unchecked(level, line);
        // The line's width, without its newline.
        (self.0.len() - start - 1 <= MARGIN).then_some(())
    }

    /// Writes `line`, then `uncounted` (a comma prettyplease does not count in the width), at
    /// indentation `level` if `line` fits; writes nothing and gives `false` if it does not. No
    /// line is built apart to be measured first.
    pub(super) fn line_if_fits(
        &mut self,
        level: usize,
        line: std::fmt::Arguments<'_>,
        uncounted: &str,
    ) -> bool {
        let start = self.0.len();
        self.indent(level);
        // Writing to a String cannot fail.
        let _ = self.0.write_fmt(line);
        if self.0.len() - start > MARGIN {
            self.0.truncate(start);
            return false;
        }
        self.0.push_str(uncounted);
        self.0.push('\n');
        true
    }

    /// Writes `{element},` at indentation `level`: the last element of a list prettyplease
    /// broke, whose comma it adds only because the list is broken and does not count in the
    /// width. `None` if the element does not fit.
    pub(super) fn last_element(&mut self, level: usize, element: &str) -> Option<()> {
        (self.fits(level, element) || unbreakable(element)).then_some(())?;
        self.line_unchecked(level, format_args!("{element},"));
        Some(())
    }

    /// Writes the elements of a list prettyplease broke, one per line with a comma each (see
    /// [`Text::last_element`] for the last one's); an element it cannot break (a path) is
    /// written past the margin as prettyplease writes it.
    pub(super) fn elements(&mut self, level: usize, elements: &[String]) -> Option<()> {
        let (last, others) = elements.split_last()?;
        for element in others {
            if unbreakable(element) {
                self.line_unchecked(level, format_args!("{element},"));
            } else {
                self.line(level, format_args!("{element},"))?;
            }
        }
        self.last_element(level, last)
    }

    /// `{head}{ty}{end}` (a field, `pub name: Type,`) as prettyplease lays it out: on one line
    /// when it fits (`end` counted) or when `ty` has no angle brackets to break inside; else,
    /// when `ty` is a type of one generic argument (`Option<T>`, `Vec<T>`), broken inside its
    /// brackets. `None` for other types.
    pub(super) fn typed_line(
        &mut self,
        level: usize,
        head: &str,
        ty: &str,
        end: &str,
    ) -> Option<()> {
        if !ty.contains('<') {
            self.line_unchecked(level, format_args!("{head}{ty}{end}"));
            return Some(());
        }
        if self.line_if_fits(level, format_args!("{head}{ty}{end}"), "") {
            return Some(());
        }
        let (outer, argument) = ty.strip_suffix('>')?.split_once('<')?;
        // One argument: no comma outside its own brackets.
        (top_level_arguments(argument)?.len() == 1).then_some(())?;
        self.line(level, format_args!("{head}{outer}<"))?;
        self.last_element(level + 1, argument)?;
        self.line(level, format_args!(">{end}"))
    }

    /// A match arm `{pattern} => {body},` as prettyplease lays it out: on one line when it fits
    /// (the comma, which prettyplease writes only when it does not break the arm, not counted);
    /// else `{pattern} => {`, the body alone one level deeper, and `}` without a comma. `None`
    /// when a line of the latter does not fit either.
    pub(super) fn match_arm(&mut self, level: usize, pattern: &str, body: &str) -> Option<()> {
        if self.line_if_fits(level, format_args!("{pattern} => {body}"), ",") {
            return Some(());
        }
        self.line(level, format_args!("{pattern} => {{"))?;
        self.line(level + 1, format_args!("{body}"))?;
        self.line(level, format_args!("}}"))
    }

    /// Writes `line` at indentation `level`, however wide: a line prettyplease cannot break.
    pub(super) fn line_unchecked(&mut self, level: usize, line: std::fmt::Arguments<'_>) {
        self.indent(level);
        // Writing to a String cannot fail.
        let _ = self.0.write_fmt(line);
        self.0.push('\n');
    }

    /// Writes the indentation of `level`.
    fn indent(&mut self, level: usize) {
        const SPACES: &str = "                                ";
        let mut width = level * INDENT;
        while width > 0 {
            let step = width.min(SPACES.len());
            self.0.push_str(&SPACES[..step]);
            width -= step;
        }
    }

    /// `{trait_part} for {name} {`, broken before `for` when it does not fit.
    pub(super) fn impl_header(&mut self, trait_part: &str, name: &str) {
        if !self.line_if_fits(0, format_args!("{trait_part} for {name} {{"), "") {
            self.line_unchecked(0, format_args!("{trait_part}"));
            self.line_unchecked(0, format_args!("for {name} {{"));
        }
    }

    /// `{head}({parameters}) -> {returns} {` at `level`, in the first of prettyplease's layouts
    /// that fits: on one line; the parameters one per line; then also the arguments of a
    /// generic return type one per line (a `Result`'s own arguments broken too when they do
    /// not fit). `None` when none fits.
    pub(super) fn signature(
        &mut self,
        level: usize,
        head: &str,
        parameters: &[String],
        returns: Returns<'_>,
    ) -> Option<()> {
        let returns_text = ReturnsText(returns);
        let parameters_text = Joined(parameters);
        if self.line_if_fits(
            level,
            format_args!("{head}({parameters_text}) -> {returns_text} {{"),
            "",
        ) {
            return Some(());
        }
        self.line(level, format_args!("{head}("))?;
        self.elements(level + 1, parameters)?;
        if self.line_if_fits(level, format_args!(") -> {returns_text} {{"), "") {
            return Some(());
        }
        match returns {
            Returns::Plain(_) => return None,
            Returns::Result(ok, error) => {
                self.line_unchecked(level, format_args!(") -> Result<"));
                self.type_element(level + 1, ok, false)?;
                self.type_element(level + 1, error, true)?;
            }
            Returns::Generic(ty) => {
                let arguments = top_level_arguments(ty.argument?)?;
                self.line(level, format_args!(") -> {}<", ty.path))?;
                self.elements(level + 1, &arguments)?;
            }
        }
        self.line_unchecked(level, format_args!("> {{"));
        Some(())
    }

    /// `ty` as an element of a broken list of generic arguments (the `last` one's comma not
    /// counted), itself broken over three lines when too wide.
    fn type_element(&mut self, level: usize, ty: TypeText<'_>, last: bool) -> Option<()> {
        let text = ty.to_string();
        let fits = if last {
            self.fits(level, &text)
        } else {
            self.fits(level, &format!("{text},"))
        };
        if fits || unbreakable(&text) {
            self.line_unchecked(level, format_args!("{text},"));
            return Some(());
        }
        let arguments = top_level_arguments(ty.argument?)?;
        self.line(level, format_args!("{}<", ty.path))?;
        self.elements(level + 1, &arguments)?;
        self.line_unchecked(level, format_args!(">,"));
        Some(())
    }

    /// Writes the `///` comment of `doc` at indentation `level` (prettyplease never breaks one):
    /// the lines of [`doc_lines`](super::tokens::doc_lines), written in place rather than
    /// built one `String` each (docs are much of the text of a model).
    pub(super) fn doc(&mut self, level: usize, doc: &Doc) {
        for (index, paragraph) in doc.paragraphs.iter().enumerate() {
            if index > 0 {
                self.line_unchecked(level, format_args!("///"));
            }
            for line in paragraph.lines() {
                self.indent(level);
                self.0.push_str("///");
                push_doc_line(&mut self.0, line);
                self.0.push('\n');
            }
        }
    }

    /// Writes lines whose width does not depend on any name.
    pub(super) fn lines_unchecked(&mut self, lines: &[&str]) {
        for line in lines {
            self.0.push_str(line);
            self.0.push('\n');
        }
    }

    /// Writes an empty line.
    pub(super) fn blank(&mut self) {
        self.0.push('\n');
    }

    /// Appends text already laid out (whole lines).
    pub(super) fn push_str(&mut self, lines: &str) {
        self.0.push_str(lines);
    }

    /// The text written.
    pub(super) fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Text;
    use crate::emit::tokens::doc_lines;
    use crate::ir::Doc;

    /// `Text::doc` writes the lines `doc_lines` gives, control characters, trailing spaces,
    /// empty lines and all.
    #[test]
    fn a_doc_is_written_as_its_lines() {
        let mut doc = Doc::default();
        for paragraph in [
            "One line.",
            "Two\nlines  ",
            "  indented\n\n\tafter a blank line\r\nand\u{1}control \u{7}",
            "   ",
            "ünïcödé\u{a0}",
        ] {
            doc.push(paragraph);
        }
        for level in [0, 2] {
            let mut text = Text::default();
            text.doc(level, &doc);
            let mut expected = Text::default();
            for line in doc_lines(&doc) {
                expected.line_unchecked(level, format_args!("///{line}"));
            }
            assert_eq!(text.into_string(), expected.into_string());
        }
    }
}
