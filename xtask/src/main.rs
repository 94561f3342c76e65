//! Project automation, run as `cargo xtask <command>` (the alias lives in `.cargo/config.toml`).
//!
//! - `cargo xtask vendor --from PATH` (or `--version X`, `--latest`: from the npm registry) cuts
//!   `spec/codespaces.yaml` from a full GitHub description and records its provenance and API
//!   version next to it; `--check-latest` says whether a newer description is published.
//! - `cargo xtask codegen` regenerates `client/src/generated/` from `spec/codespaces.yaml`.
//! - `cargo xtask codegen --check` writes nothing and fails when a generated file is stale.
//! - `cargo xtask diff [--old FILE] [--new FILE] [--format json]` reports what changed between
//!   two fragments and whether each change breaks users of the generated client.
//! - `cargo xtask generate --spec FILE --out DIR` writes a standalone crate from any OpenAPI 3.0,
//!   3.1 or 3.2 document.
//! - `cargo xtask check-corpus --real [--sample N] [--seed S]` generates every description of
//!   the real-world corpus pinned in `xtask/corpus/real.toml` and compiles a seeded sample.
//! - `cargo xtask check-large` compiles the crates of large real descriptions and decodes every
//!   example of them.
//! - `cargo xtask semver-check` checks `diff`'s verdicts against `cargo-semver-checks`, on
//!   crates generated from two fragments, in both directions.
//! - `cargo xtask bench-build [--runs N]` times cold, incremental and `check` builds of the
//!   generated client; `--whole-api` the check of GitHub's whole REST API crate, with all its
//!   groups and with one (see BENCHMARKS.md).

mod bench_build;
mod check_large;
mod diff;
mod document;
mod generate;
mod real_corpus;
mod regenerate;
mod semver_check;
mod vendor;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  cargo xtask vendor (--from PATH | --version X | --latest) [--description NAME] [--report FILE] [--spec-dir DIR]
                                     cut spec/codespaces.yaml from a full description: a file (JSON or YAML, .gz
                                     accepted) or generated/NAME.json (default api.github.com) of a version of
                                     @octokit/openapi from the npm registry (npm_config_registry);
                                     --report also writes the change report to FILE
  cargo xtask vendor --check-latest  print the vendored and the newest version; fail when they differ
  cargo xtask codegen [--check]      regenerate client/src/generated/ (--check: fail if stale, write nothing)
  cargo xtask diff [--old FILE] [--new FILE] [--format markdown|json]
                                     report the changes between two fragments (default: the committed
                                     spec/codespaces.yaml and the working tree's) with a verdict each
  cargo xtask diff --rules           print the rules that classify a change as breaking or not
  cargo xtask generate --spec FILE --out DIR [--name CRATE] [--skip-unsupported]
                                     write a standalone crate generated from any OpenAPI 3.0, 3.1 or 3.2
                                     document
  cargo xtask check-corpus           compile, without a warning, the code generated from every spec of
                                     codegen/tests (fixtures, features, hostile names, and the broken ones
                                     that generate with --skip-unsupported)
  cargo xtask check-corpus --real [--sample N] [--seed S] [--list FILE] [--work-dir DIR]
                                     generate every OpenAPI 3.x description of the pinned npm packages
                                     (xtask/corpus/real.toml), strictly and with --skip-unsupported, and
                                     compile a seeded sample of N crates (default 20) with -D warnings;
                                     downloads and builds go to DIR (default target/real-corpus)
  cargo xtask check-large [--only NAME]
                                     generate, compile and decode every example of codegen/benches/data/*.json.gz
  cargo xtask semver-check [--old FILE --new FILE]
                                     generate both fragments (default: xtask/testdata 14.0.0 and 23.0.2) and check,
                                     both ways, that what cargo-semver-checks finds breaking our report calls breaking
  cargo xtask bench-build [--runs N] time cold, touched and check builds of the client (median of N, default 3)
  cargo xtask bench-build --whole-api [--group NAME] [--runs N]
                                     time `cargo check` of GitHub's whole REST API crate, all groups and one
                                     (default issues), with the compiler's peak memory
  cargo xtask help                   this text (also --help or -h after any command)";

fn main() -> ExitCode {
    xtask_allocator::configure();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if matches!(args.as_slice(), ["help"]) || args.iter().any(|arg| matches!(*arg, "--help" | "-h"))
    {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let outcome = match args.as_slice() {
        ["vendor", rest @ ..] => vendor::options::parse(rest)
            .map_err(|message| format!("{message}\n{USAGE}"))
            .and_then(|options| vendor::run_options(&workspace_root(), &options)),
        ["codegen"] => regenerate::run(&workspace_root(), regenerate::Mode::Write),
        ["codegen", "--check"] => regenerate::run(&workspace_root(), regenerate::Mode::Check),
        ["diff", rest @ ..] => diff::run(&workspace_root(), rest),
        ["check-corpus"] => check_large::run_corpus(&workspace_root()),
        ["check-corpus", "--real", rest @ ..] => real_corpus::parse_options(rest)
            .map_err(|message| format!("{message}\n{USAGE}"))
            .and_then(|options| real_corpus::run(&workspace_root(), &options)),
        ["check-large"] => check_large::run(&workspace_root(), None),
        ["check-large", "--only", name] => check_large::run(&workspace_root(), Some(name)),
        ["generate", rest @ ..] => {
            generate_options(rest).and_then(|options| generate::run(&workspace_root(), &options))
        }
        ["semver-check", rest @ ..] => semver_check::run(&workspace_root(), rest),
        ["bench-build", rest @ ..] => bench_build::parse(rest)
            .and_then(|options| bench_build::run_options(&workspace_root(), &options)),
        _ => Err(USAGE.to_owned()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// `--spec FILE --out DIR [--name CRATE] [--skip-unsupported]`, in any order.
fn generate_options<'a>(args: &[&'a str]) -> Result<generate::Options<'a>, String> {
    let (mut spec, mut out, mut name, mut skip_unsupported) = (None, None, None, false);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || {
            rest.next()
                .copied()
                .ok_or_else(|| format!("{arg} needs a value\n{USAGE}"))
        };
        match *arg {
            "--spec" => spec = Some(Path::new(value()?)),
            "--out" => out = Some(Path::new(value()?)),
            "--name" => name = Some(value()?),
            "--skip-unsupported" => skip_unsupported = true,
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    match (spec, out) {
        (Some(spec), Some(out)) => Ok(generate::Options {
            spec,
            out,
            name,
            skip_unsupported,
        }),
        _ => Err(format!("generate needs --spec and --out\n{USAGE}")),
    }
}

/// The workspace root, found from this crate's manifest so the commands work from any directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}
