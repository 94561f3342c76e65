//! Project automation, run as `cargo xtask <command>` (the alias lives in `.cargo/config.toml`).
//!
//! - `cargo xtask vendor --from PATH` cuts `spec/codespaces.yaml` from a full GitHub description.
//! - `cargo xtask codegen` regenerates `client/src/generated/` from `spec/codespaces.yaml`.
//! - `cargo xtask codegen --check` writes nothing and fails when a generated file is stale.
//! - `cargo xtask bench-build [--runs N]` times cold, incremental and `check` builds of the
//!   generated client (see BENCHMARKS.md).

mod bench_build;
mod codegen;
mod vendor;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  cargo xtask vendor --from PATH     cut spec/codespaces.yaml from a full description (JSON or YAML, .gz accepted)
  cargo xtask codegen [--check]      regenerate client/src/generated/ (--check: fail if stale, write nothing)
  cargo xtask bench-build [--runs N] time cold, touched and check builds of the client (median of N, default 3)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = match args.as_slice() {
        ["vendor", "--from", from] => vendor::run(Path::new(from), &workspace_root().join("spec")),
        ["codegen"] => codegen::run(&workspace_root(), codegen::Mode::Write),
        ["codegen", "--check"] => codegen::run(&workspace_root(), codegen::Mode::Check),
        ["bench-build", rest @ ..] => {
            bench_build::parse_runs(rest).and_then(|runs| bench_build::run(&workspace_root(), runs))
        }
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

/// The workspace root, found from this crate's manifest so the commands work from any directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}
