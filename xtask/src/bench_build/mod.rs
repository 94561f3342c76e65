//! `cargo xtask bench-build [--runs N]`: the compile cost of the generated client, measured the
//! same way every time, as the median of `N` runs (default 3) of each of
//!
//! - a cold `cargo build -p codespaces-client`, dependencies included, in a scratch target
//!   directory that is removed before every run; then the same with the `tls-ring` feature
//!   instead of the default `tls-aws-lc`;
//! - `cargo build -p codespaces-client` again after touching `client/src/generated/models.rs`
//!   (what every regeneration costs a user);
//! - `cargo check -p codespaces-client` after the same touch (what an editor pays).
//!
//! Only `std` is used here: xtask is compiled often and timing a command needs nothing more.
//! `--whole-api` measures the crate of GitHub's whole REST API instead (`whole_api.rs`), with
//! the peak memory of the compiler, which needs `libc`.

mod whole_api;

use std::ffi::OsString;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

/// How many times each build is timed unless `--runs` says otherwise.
const DEFAULT_RUNS: usize = 3;

/// The package whose compile cost is measured.
const PACKAGE: &str = "codespaces-client";

/// The features of the second cold build: the ring TLS provider instead of aws-lc-rs, whose C
/// library is most of the default cold build.
const RING: [&str; 3] = ["--no-default-features", "--features", "tls-ring"];

/// The generated file touched before each rebuild, relative to the workspace root.
const TOUCHED: &str = "client/src/generated/models.rs";

const USAGE: &str = "usage: cargo xtask bench-build [--runs N] [--whole-api [--group NAME]]";

/// What `bench-build` measures.
#[derive(Debug, PartialEq, Eq)]
pub struct Options {
    /// How many times each build is timed.
    pub runs: usize,
    /// `--whole-api`: the crate of GitHub's whole REST API, all groups and this one alone,
    /// instead of the client.
    pub whole_api_group: Option<String>,
}

/// Parses the arguments after `bench-build`: `--runs N` with `N >= 1`, `--whole-api`, and with
/// it `--group NAME` (default [`whole_api::TYPICAL_GROUP`]), in any order.
pub fn parse(args: &[&str]) -> Result<Options, String> {
    let (mut runs, mut whole_api, mut group) = (DEFAULT_RUNS, false, None);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--runs" => {
                let value = rest.next().ok_or_else(|| USAGE.to_owned())?;
                runs = match value.parse::<usize>() {
                    Ok(runs) if runs >= 1 => runs,
                    _ => {
                        return Err(format!(
                            "--runs needs a whole number of at least 1, not {value:?}"
                        ));
                    }
                };
            }
            "--whole-api" => whole_api = true,
            "--group" => group = Some(rest.next().ok_or_else(|| USAGE.to_owned())?.to_string()),
            _ => return Err(USAGE.to_owned()),
        }
    }
    if group.is_some() && !whole_api {
        return Err(format!("--group goes with --whole-api\n{USAGE}"));
    }
    Ok(Options {
        runs,
        whole_api_group: whole_api
            .then(|| group.unwrap_or_else(|| whole_api::TYPICAL_GROUP.to_owned())),
    })
}

/// Runs the measurements `options` asks for.
pub fn run_options(root: &Path, options: &Options) -> Result<(), String> {
    match &options.whole_api_group {
        Some(group) => whole_api::run(root, options.runs, group),
        None => run(root, options.runs),
    }
}

/// Runs the three measurements and prints their table; the scratch target directory
/// (`target/bench-build/`) is removed at the end.
pub fn run(root: &Path, runs: usize) -> Result<(), String> {
    let scratch = root.join("target").join("bench-build");
    let touched = root.join(TOUCHED);
    let cargo = Cargo {
        program: std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo")),
        root: root.to_path_buf(),
        target_dir: scratch.clone(),
    };
    let load_before = load_average();
    eprintln!("{}", machine_line(load_before.as_deref()));
    // Downloads are not compile cost: fetch everything before the first timed build.
    cargo.time(&["fetch"])?;

    let mut cold = Vec::with_capacity(runs);
    for run in 1..=runs {
        remove_dir(&scratch)?;
        cold.push(cargo.time(&["build", "-p", PACKAGE])?);
        progress("cold build", run, runs, cold[run - 1]);
    }
    let mut rebuild = Vec::with_capacity(runs);
    for run in 1..=runs {
        touch(&touched)?;
        rebuild.push(cargo.time(&["build", "-p", PACKAGE])?);
        progress("rebuild after touch", run, runs, rebuild[run - 1]);
    }
    // The first check in a build directory also checks every dependency; it is not timed.
    cargo.time(&["check", "-p", PACKAGE])?;
    let mut check = Vec::with_capacity(runs);
    for run in 1..=runs {
        touch(&touched)?;
        check.push(cargo.time(&["check", "-p", PACKAGE])?);
        progress("check after touch", run, runs, check[run - 1]);
    }
    // Last, so that the rebuilds above start from the default features' artefacts.
    let mut cold_ring = Vec::with_capacity(runs);
    for run in 1..=runs {
        remove_dir(&scratch)?;
        cold_ring.push(cargo.time(&[&["build", "-p", PACKAGE][..], &RING].concat())?);
        progress("cold build, ring", run, runs, cold_ring[run - 1]);
    }
    remove_dir(&scratch)?;

    let load_after = load_average();
    println!(
        "{}",
        table(
            runs,
            &[
                (
                    format!("cold `cargo build -p {PACKAGE}` (deps included)"),
                    cold
                ),
                (format!("cold, {}", RING.join(" ")), cold_ring),
                (format!("`cargo build` after touching {TOUCHED}"), rebuild),
                (format!("`cargo check` after touching {TOUCHED}"), check),
            ],
        )
    );
    println!("{}", machine_line(load_before.as_deref()));
    if let Some(load) = load_after {
        println!("load average at the end: {load}");
    }
    Ok(())
}

/// Runs cargo in the workspace with the scratch target directory.
struct Cargo {
    program: OsString,
    root: PathBuf,
    target_dir: PathBuf,
}

impl Cargo {
    /// Runs `cargo <args>` and returns how long it took; its output is shown only on failure.
    fn time(&self, args: &[&str]) -> Result<Duration, String> {
        let started = Instant::now();
        let output = Command::new(&self.program)
            .args(args)
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", &self.target_dir)
            .output()
            .map_err(|error| format!("cannot run cargo {}: {error}", args.join(" ")))?;
        let elapsed = started.elapsed();
        if !output.status.success() {
            return Err(format!(
                "cargo {} failed ({}):\n{}",
                args.join(" "),
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        Ok(elapsed)
    }
}

/// Makes `path` newer than every build artefact without changing its bytes, which is what
/// cargo's fingerprints look at.
fn touch(path: &Path) -> Result<(), String> {
    File::options()
        .append(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|error| format!("cannot touch {}: {error}", path.display()))
}

fn remove_dir(path: &Path) -> Result<(), String> {
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(format!("cannot remove {}: {error}", path.display())),
    }
}

fn progress(what: &str, run: usize, runs: usize, elapsed: Duration) {
    eprintln!("{what} {run}/{runs}: {:.2} s", elapsed.as_secs_f64());
}

/// The first three fields of `/proc/loadavg`, where there is one: timings taken on a busy
/// machine are not comparable with timings taken on an idle one, so the table says which.
fn load_average() -> Option<String> {
    let text = fs::read_to_string("/proc/loadavg").ok()?;
    let fields: Vec<&str> = text.split_whitespace().take(3).collect();
    (fields.len() == 3).then(|| fields.join(" "))
}

fn machine_line(load: Option<&str>) -> String {
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    match load {
        Some(load) => format!("{cpus} CPUs, load average at the start: {load} (1, 5, 15 min)"),
        None => format!("{cpus} CPUs, load average unknown"),
    }
}

/// The median; the mean of the two middle values for an even count.
fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// The result table: one line per measurement with its median and every run.
fn table(runs: usize, rows: &[(String, Vec<Duration>)]) -> String {
    let width = rows.iter().map(|(label, _)| label.len()).max().unwrap_or(0);
    let mut text = format!(
        "\ncompile cost, median of {runs} run{}\n{:<width$}  {:>9}  runs (s)\n",
        if runs == 1 { "" } else { "s" },
        "",
        "median"
    );
    for (label, samples) in rows {
        let all: Vec<String> = samples
            .iter()
            .map(|sample| format!("{:.2}", sample.as_secs_f64()))
            .collect();
        text.push_str(&format!(
            "{label:<width$}  {:>7.2} s  {}\n",
            median(samples).as_secs_f64(),
            all.join(" ")
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(values: &[f64]) -> Vec<Duration> {
        values
            .iter()
            .copied()
            .map(Duration::from_secs_f64)
            .collect()
    }

    #[test]
    fn median_of_an_odd_count_is_the_middle_value() {
        assert_eq!(
            median(&seconds(&[3.0, 1.0, 2.0])),
            Duration::from_secs_f64(2.0)
        );
    }

    #[test]
    fn median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(
            median(&seconds(&[4.0, 1.0, 2.0, 3.0])),
            Duration::from_secs_f64(2.5)
        );
    }

    #[test]
    fn runs_default_to_three_and_must_be_positive() {
        let runs = |args: &[&str]| parse(args).map(|options| options.runs);
        assert_eq!(runs(&[]), Ok(3));
        assert_eq!(runs(&["--runs", "5"]), Ok(5));
        assert!(runs(&["--runs", "0"]).is_err());
        assert!(runs(&["--runs", "x"]).is_err());
        assert!(runs(&["--runs"]).is_err());
        assert!(runs(&["--other"]).is_err());
    }

    #[test]
    fn the_whole_api_takes_a_group() {
        let group = |args: &[&str]| parse(args).map(|options| options.whole_api_group);
        assert_eq!(group(&[]), Ok(None));
        assert_eq!(
            group(&["--whole-api"]),
            Ok(Some(whole_api::TYPICAL_GROUP.to_owned()))
        );
        assert_eq!(
            parse(&["--whole-api", "--group", "repos", "--runs", "2"]),
            Ok(Options {
                runs: 2,
                whole_api_group: Some("repos".to_owned())
            })
        );
        assert!(group(&["--group", "repos"]).is_err());
        assert!(group(&["--whole-api", "--group"]).is_err());
    }

    #[test]
    fn table_shows_the_median_and_every_run() {
        let text = table(
            3,
            &[
                ("cold".to_owned(), seconds(&[20.0, 22.0, 21.0])),
                ("check".to_owned(), seconds(&[0.9, 0.8, 0.85])),
            ],
        );
        assert!(text.contains("median of 3 runs"), "{text}");
        assert!(
            text.contains("cold     21.00 s  20.00 22.00 21.00"),
            "{text}"
        );
        assert!(text.contains("check     0.85 s  0.90 0.80 0.85"), "{text}");
    }
}
