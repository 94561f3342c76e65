//! `cargo xtask check-corpus --real [--sample N] [--seed S]`: the generator on real public API
//! descriptions.
//!
//! The corpus is not in the repository: `xtask/corpus/real.toml` pins npm packages that ship
//! descriptions (name, version, integrity), and the command downloads them through the
//! registry client of `cargo xtask vendor` ([`crate::vendor::registry`]; `npm_config_registry`
//! chooses the registry) into `target/real-corpus/downloads/`, checking the integrity on every
//! use ([`download`]). Every OpenAPI 3.x description in them (JSON or YAML) goes through
//! [`generate::build_from_text`], the entry point of `cargo xtask generate`, strictly and with
//! `--skip-unsupported`, under `catch_unwind` ([`scan`]). The report gives the rates, the
//! refusals grouped by cause ([`causes`]), the panics, and whether a seeded sample of the
//! generated crates ([`sample`]) compiles without a warning ([`compile`]).
//!
//! It fails on any panic, any sampled crate that does not compile cleanly, fewer than 95 % of
//! the descriptions generating strictly, or any that `--skip-unsupported` cannot generate.

mod causes;
mod compile;
mod download;
mod list;
mod report;
mod sample;
mod scan;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::generate;
use crate::vendor::registry::tarball;
use compile::Compiled;
use list::Pinned;

/// The pinned list, relative to the workspace root.
pub const LIST: &str = "xtask/corpus/real.toml";

/// Where downloads, the sampled crates and their build output go, relative to the root.
const WORK_DIR: &str = "target/real-corpus";

/// The sample compiled when `--sample` is not given, and the seed when `--seed` is not.
const DEFAULT_SAMPLE: usize = 20;
const DEFAULT_SEED: u64 = 1;

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub sample: usize,
    pub seed: u64,
    /// Another pinned list than [`LIST`] (tests use a small one).
    pub list: Option<PathBuf>,
    /// Another folder than [`WORK_DIR`] for downloads, the sample and its build output.
    pub work: Option<PathBuf>,
}

/// `[--sample N] [--seed S] [--list FILE] [--work-dir DIR]`, after `--real`.
pub fn parse_options(args: &[&str]) -> Result<Options, String> {
    let mut options = Options {
        sample: DEFAULT_SAMPLE,
        seed: DEFAULT_SEED,
        list: None,
        work: None,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{arg} needs a value"))?;
        let number = |what: &str| {
            value
                .parse::<u64>()
                .map_err(|_| format!("{arg} takes {what}, not `{value}`"))
        };
        match *arg {
            "--sample" => options.sample = number("a count")? as usize,
            "--seed" => options.seed = number("a whole number")?,
            "--list" => options.list = Some(PathBuf::from(value)),
            "--work-dir" => options.work = Some(PathBuf::from(value)),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(options)
}

/// Runs the whole check.
pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let list_path = options.list.clone().unwrap_or_else(|| root.join(LIST));
    let text = fs::read_to_string(&list_path)
        .map_err(|error| format!("cannot read {}: {error}", list_path.display()))?;
    let packages = list::parse(&text, &list_path.display().to_string())?;
    let work = options.work.clone().unwrap_or_else(|| root.join(WORK_DIR));
    fs::create_dir_all(&work)
        .map_err(|error| format!("cannot create {}: {error}", work.display()))?;
    println!("==> the pinned packages ({})", list_path.display());
    let tarballs = download::tarballs(&work.join("downloads"), &packages)?;

    println!("==> generating every OpenAPI 3.x description, strictly and with --skip-unsupported");
    let scanned = Instant::now();
    let found = scan::scan(root, |send| {
        each_document(&packages, &tarballs, |file| {
            if send(file) {
                Ok(())
            } else {
                Err("the workers stopped".to_owned())
            }
        })
    })?;
    let scan_seconds = scanned.elapsed().as_secs_f64();
    let summary = report::Summary::of(&found);
    print!("{}", summary.render(&found));
    let refusals = work.join("refusals.txt");
    fs::write(&refusals, report::refusals(&found))
        .map_err(|error| format!("cannot write {}: {error}", refusals.display()))?;
    println!(
        "generation took {scan_seconds:.0} s; every refusal with its diagnostics: {}",
        refusals.display()
    );

    let mut failures = summary.failures();
    failures.extend(compile_sample(
        root, &work, options, &packages, &tarballs, &found,
    )?);
    println!("total: {:.0} s", started.elapsed().as_secs_f64());
    if failures.is_empty() {
        println!("ok: the real-world corpus holds");
        Ok(())
    } else {
        Err(format!(
            "check-corpus --real failed:\n{}",
            failures.join("\n")
        ))
    }
}

/// Calls `visit` with every `.json`, `.yaml` and `.yml` file of every package, named
/// `package/path/in/package`.
fn each_document(
    packages: &[Pinned],
    tarballs: &[Vec<u8>],
    mut visit: impl FnMut(scan::File) -> Result<(), String>,
) -> Result<(), String> {
    for (package, tgz) in packages.iter().zip(tarballs) {
        tarball::for_each_file(tgz, scan::is_document, |path, bytes| {
            visit(scan::File {
                name: format!("{}/{path}", package.name),
                bytes,
            })
        })
        .map_err(|error| format!("{}: {error}", package.label()))?;
    }
    Ok(())
}

/// Generates the seeded sample again (with `--skip-unsupported`, as every description
/// generates that way), compiles it, prints each result and returns the failures.
fn compile_sample(
    root: &Path,
    work: &Path,
    options: &Options,
    packages: &[Pinned],
    tarballs: &[Vec<u8>],
    found: &scan::Scan,
) -> Result<Vec<String>, String> {
    let generated: Vec<&str> = found
        .outcomes
        .iter()
        .filter(|outcome| outcome.skip_unsupported.generated())
        .map(|outcome| outcome.file.as_str())
        .collect();
    let chosen: BTreeSet<&str> = sample::choose(&generated, options.sample, options.seed)
        .into_iter()
        .collect();
    if chosen.is_empty() {
        println!("==> no crate sampled (--sample 0)");
        return Ok(Vec::new());
    }
    println!(
        "==> compiling a sample of {} generated crates (seed {}) with RUSTFLAGS=-D warnings",
        chosen.len(),
        options.seed
    );
    let mut crates = Vec::new();
    let mut names = Vec::new();
    each_document(packages, tarballs, |file| {
        if !chosen.contains(file.name.as_str()) {
            return Ok(());
        }
        let name = compile::crate_name(&file.name, &names);
        let text =
            String::from_utf8(file.bytes).map_err(|_| format!("{}: not UTF-8", file.name))?;
        let generated = generate::build_from_text(root, &text, &file.name, &name, true).map_err(
            |diagnostics| format!("{}: refused on the second run:\n{diagnostics}", file.name),
        )?;
        println!(
            "    {} ({} operations): crate `{name}`",
            file.name, generated.operations
        );
        names.push(name);
        crates.push(generated);
        Ok(())
    })?;
    let compiled = Instant::now();
    let results = compile::check(root, &work.join("sample"), &work.join("target"), &crates)?;
    let clean = results
        .values()
        .filter(|result| **result == Compiled::Clean)
        .count();
    println!(
        "compiled without a warning: {clean} of {} ({:.0} s)",
        results.len(),
        compiled.elapsed().as_secs_f64()
    );
    Ok(results
        .into_iter()
        .filter_map(|(name, result)| match result {
            Compiled::Clean => None,
            Compiled::Failed(why) => Some(format!(
                "the sampled crate `{name}` does not compile cleanly:\n{why}"
            )),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_have_defaults_and_check_their_values() {
        assert_eq!(
            parse_options(&[]),
            Ok(Options {
                sample: 20,
                seed: 1,
                list: None,
                work: None
            })
        );
        assert_eq!(
            parse_options(&["--seed", "7", "--sample", "0"]),
            Ok(Options {
                sample: 0,
                seed: 7,
                list: None,
                work: None
            })
        );
        assert_eq!(
            parse_options(&["--sample", "many"]),
            Err("--sample takes a count, not `many`".to_owned())
        );
        assert_eq!(
            parse_options(&["--seed"]),
            Err("--seed needs a value".to_owned())
        );
        assert_eq!(
            parse_options(&["--all", "x"]),
            Err("unknown argument `--all`".to_owned())
        );
    }
}
