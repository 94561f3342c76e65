//! The layout limits (ARCHITECTURE.md, "Layout"): no hand-written file under `codegen/src` is
//! longer than 600 lines, and no hand-written function or method anywhere in the repository is
//! longer than 80 lines, not counting the `quote!` template it ends with (a function that
//! binds the values it interpolates, then returns one template, reads as the code it emits), or
//! it is a table listed in [`ALLOWED`] with the reason. Every `.rs` file is parsed with `syn`; generated files (under
//! `generated/` folders, or opening with a "Do not edit" or `@generated` line) and `target/`
//! folders are skipped.

use std::fmt;
use std::path::{Path, PathBuf};

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::Visit;

/// The longest a hand-written file under `codegen/src` may be.
const MAX_FILE_LINES: usize = 600;

/// The longest a hand-written function may be, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 80;

/// Functions allowed past [`MAX_FN_LINES`], by file and name, each with the reason: tables,
/// whose length is their content (one row per case), not logic to split.
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "xtask/src/diff/rules.rs",
        "Rule::row",
        "the table of change rules: one row (what changed, verdict, why) per rule, which the \
         README's copy is checked against; splitting it would split the one table",
    ),
    (
        "codegen/runtime/src/error.rs",
        "Error::widen",
        "one arm per `Error` variant, moving its fields unchanged into the same variant of \
         another `Error<E>`: its length is the enum's",
    ),
];

/// A function past the limit.
#[derive(Debug, PartialEq, Eq)]
struct LongFunction {
    file: String,
    name: String,
    line: usize,
    lines: usize,
}

impl fmt::Display for LongFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {} is {} lines (at most {MAX_FN_LINES})",
            self.file, self.line, self.name, self.lines
        )
    }
}

/// Finds the functions of one file's syntax tree, with the type their `impl` is for.
struct Functions<'a> {
    file: &'a str,
    self_type: Vec<String>,
    found: Vec<LongFunction>,
}

impl Functions<'_> {
    fn check(&mut self, name: &syn::Ident, start: Span, block: &syn::Block) {
        let first = start.start().line;
        let lines = block.brace_token.span.close().end().line + 1 - first;
        if lines - final_template_lines(block) <= MAX_FN_LINES {
            return;
        }
        let name = match self.self_type.last() {
            Some(self_type) => format!("{self_type}::{name}"),
            None => name.to_string(),
        };
        self.found.push(LongFunction {
            file: self.file.to_owned(),
            name,
            line: first,
            lines,
        });
    }
}

impl<'ast> Visit<'ast> for Functions<'_> {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.check(&item.sig.ident, item.sig.fn_token.span(), &item.block);
        syn::visit::visit_item_fn(self, item);
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.check(&item.sig.ident, item.sig.fn_token.span(), &item.block);
        syn::visit::visit_impl_item_fn(self, item);
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        if let Some(block) = &item.default {
            self.check(&item.sig.ident, item.sig.fn_token.span(), block);
        }
        syn::visit::visit_trait_item_fn(self, item);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        let self_type = match &*item.self_ty {
            syn::Type::Path(path) => path
                .path
                .segments
                .last()
                .map(|segment| segment.ident.to_string()),
            _ => None,
        };
        self.self_type
            .push(self_type.unwrap_or_else(|| "impl".to_owned()));
        syn::visit::visit_item_impl(self, item);
        self.self_type.pop();
    }
}

/// The lines of the `quote!` template a body ends with, when everything before it only binds
/// values (`let`); 0 otherwise.
fn final_template_lines(block: &syn::Block) -> usize {
    let Some((last, before)) = block.stmts.split_last() else {
        return 0;
    };
    let mac = match last {
        syn::Stmt::Expr(syn::Expr::Macro(expr), None) => &expr.mac,
        syn::Stmt::Macro(stmt) if stmt.semi_token.is_none() => &stmt.mac,
        _ => return 0,
    };
    let only_bindings = before
        .iter()
        .all(|stmt| matches!(stmt, syn::Stmt::Local(_)));
    if !mac.path.is_ident("quote") || !only_bindings {
        return 0;
    }
    let span = mac.delimiter.span();
    span.close().end().line + 1 - span.open().start().line
}

/// The functions of `source` (the file `file`) past the limit.
fn long_functions(file: &str, source: &str) -> Result<Vec<LongFunction>, String> {
    let syntax = syn::parse_file(source).map_err(|error| format!("{file}: {error}"))?;
    let mut functions = Functions {
        file,
        self_type: Vec::new(),
        found: Vec::new(),
    };
    functions.visit_file(&syntax);
    Ok(functions.found)
}

/// Whether the file says it is generated, in a plain comment among its first lines (the
/// generator's header: "// Generated by `cargo xtask codegen` ... Do not edit by hand.").
fn is_generated(source: &str) -> bool {
    source.lines().take(3).any(|line| {
        let line = line.to_ascii_lowercase();
        let plain_comment =
            line.starts_with("//") && !line.starts_with("///") && !line.starts_with("//!");
        plain_comment && (line.contains("do not edit") || line.contains("@generated"))
    })
}

/// Every hand-written `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        if path.is_dir() {
            if !matches!(name, "target" | "generated") && !name.starts_with('.') {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the repository")
        .to_path_buf()
}

#[test]
fn hand_written_files_and_functions_stay_within_the_limits() {
    let root = repository();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in files {
        let source = std::fs::read_to_string(&path).expect("a readable source file");
        if is_generated(&source) {
            continue;
        }
        checked += 1;
        let file = path
            .strip_prefix(&root)
            .expect("under the repository")
            .to_string_lossy()
            .replace('\\', "/");
        let lines = source.lines().count();
        if file.starts_with("codegen/src/") && lines > MAX_FILE_LINES {
            problems.push(format!(
                "{file}: {lines} lines (at most {MAX_FILE_LINES} under codegen/src)"
            ));
        }
        match long_functions(&file, &source) {
            Ok(found) => problems.extend(
                found
                    .into_iter()
                    .filter(|long| {
                        !ALLOWED
                            .iter()
                            .any(|(file, name, _)| *file == long.file && *name == long.name)
                    })
                    .map(|long| long.to_string()),
            ),
            Err(error) => problems.push(error),
        }
    }
    assert!(checked > 100, "only {checked} files were found");
    assert!(
        problems.is_empty(),
        "split these along their seams (or, for a table, list it in ALLOWED with the reason):\n{}",
        problems.join("\n")
    );
}

/// Every entry of the allow-list still names a long function, so none outlives its reason.
#[test]
fn every_allowed_function_exists_and_is_long() {
    let root = repository();
    for (file, name, reason) in ALLOWED {
        assert!(!reason.is_empty(), "{file}: {name}: say why it is allowed");
        let source = std::fs::read_to_string(root.join(file)).expect("the allowed file exists");
        let found = long_functions(file, &source).expect("the allowed file parses");
        assert!(
            found.iter().any(|long| long.name == *name),
            "{file}: {name} is no longer over {MAX_FN_LINES} lines: remove it from ALLOWED"
        );
    }
}

/// The checker itself: a long function is found with its type and line, a short one and a
/// long `quote!` template are not.
#[test]
fn long_functions_are_found_by_name_and_line() {
    let body = "    let x = 1;\n".repeat(MAX_FN_LINES - 1);
    let template = "        struct S;\n".repeat(MAX_FN_LINES);
    let source = format!(
        "fn short() {{}}\n\nstruct S;\n\nimpl S {{\n    fn long() {{\n{body}    }}\n}}\n\n\
         fn edge() {{\n{}}}\n\nfn template() -> TokenStream {{\n    quote! {{\n{template}    }}\n}}\n",
        "    let x = 1;\n".repeat(MAX_FN_LINES - 2)
    );
    let found = long_functions("example.rs", &source).expect("the example parses");
    assert_eq!(
        found,
        [LongFunction {
            file: "example.rs".to_owned(),
            name: "S::long".to_owned(),
            line: 6,
            lines: MAX_FN_LINES + 1,
        }]
    );
    // Bindings before the template count; a statement that is not a binding makes the
    // template count too.
    let bindings = "    let x = 1;\n".repeat(MAX_FN_LINES - 3);
    let bound = format!("fn f() -> T {{\n{bindings}    quote! {{\n{template}    }}\n}}\n");
    assert_eq!(long_functions("bound.rs", &bound).expect("parses"), []);
    let effect =
        format!("fn f() -> T {{\n{bindings}    g();\n    quote! {{\n{template}    }}\n}}\n");
    assert_eq!(
        long_functions("effect.rs", &effect)
            .expect("parses")
            .iter()
            .map(|long| long.name.as_str())
            .collect::<Vec<_>>(),
        ["f"]
    );
    assert!(is_generated(
        "// Generated by `cargo xtask codegen`. Do not edit by hand.\n"
    ));
    assert!(!is_generated(
        "//! Writes files that say \"Do not edit\".\n\nfn f() {}\n"
    ));
}
