//! `cargo xtask bench-build --whole-api [--group NAME] [--runs N]`: what `cargo check` of the
//! crate of GitHub's whole REST API costs (23.0.2, 1223 operations), the way a user of a crate
//! written by `cargo xtask generate` pays it: with every group (the default features), and with
//! one group alone (`--no-default-features --features tls-aws-lc,NAME`), each after touching
//! the generated models and without incremental compilation (the whole crate is checked), with
//! the dependencies built once beforehand; and, to show what they
//! cost, with every group and the types no operation reaches (`unreferenced-models`, not a
//! default feature).
//! Besides the wall-clock time, the CPU time (user and system, of `cargo` and the `rustc` it
//! waits for: steadier than wall-clock time on a busy machine) and the peak memory of the
//! compiler (the largest resident set among those processes), both from `wait4`.

use std::ffi::OsString;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{load_average, machine_line, median, progress, touch};
use crate::generate;

/// The description measured, relative to the workspace root.
const SPEC: &str = "codegen/benches/data/api.github.com-23.0.2.json.gz";

/// The group measured alone unless `--group` says otherwise: a typical one, neither among the
/// largest (`repos`, `actions`) nor the smallest.
pub const TYPICAL_GROUP: &str = "issues";

/// The TLS provider, on in every measured build so the dependencies are built once.
const TLS_FEATURE: &str = "tls-aws-lc";

/// Where the crate and its build output go, relative to the workspace root.
const SCRATCH: &str = "target/bench-whole-api";

/// One measured `cargo check`.
struct Sample {
    elapsed: Duration,
    /// What the platform reports of the processes' resources.
    usage: Option<Usage>,
}

/// CPU time and peak memory of a process and of the processes it waited for.
#[derive(Debug, Clone, Copy)]
struct Usage {
    /// User and system time.
    cpu: Duration,
    /// Peak resident memory in bytes.
    peak_memory: u64,
}

/// Generates the crate, builds its dependencies, and prints the medians of `runs` checks with
/// every group and with `group` alone.
pub fn run(root: &Path, runs: usize, group: &str) -> Result<(), String> {
    let scratch = root.join(SCRATCH);
    let out = scratch.join("github-api");
    let generated = write_crate(root, &out, group)?;
    let check = Check {
        program: std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo")),
        manifest: out.join("Cargo.toml"),
        target_dir: scratch.join("target"),
        stderr: scratch.join("cargo-stderr.txt"),
    };
    let one_group = [TLS_FEATURE, group].join(",");
    let mut every_feature = vec![TLS_FEATURE.to_owned()];
    every_feature.extend(generated.features.iter().cloned());
    let every_feature = every_feature.join(",");
    let load_before = load_average();
    eprintln!("{}", machine_line(load_before.as_deref()));
    eprintln!(
        "{} operations, {} features; building the dependencies (not timed)",
        generated.operations,
        generated.features.len()
    );
    // No group: the dependencies, and the few types every group needs.
    check.run(Some(TLS_FEATURE))?;
    let touched = out.join("src/models.rs");
    let mut all = Vec::with_capacity(runs);
    let mut alone = Vec::with_capacity(runs);
    let mut everything = Vec::with_capacity(runs);
    for run in 1..=runs {
        touch(&touched)?;
        all.push(check.run(None)?);
        progress("check, every group", run, runs, all[run - 1].elapsed);
        touch(&touched)?;
        alone.push(check.run(Some(&one_group))?);
        progress(
            &format!("check, {group} alone"),
            run,
            runs,
            alone[run - 1].elapsed,
        );
        touch(&touched)?;
        everything.push(check.run(Some(&every_feature))?);
        progress(
            "check, every group and unreferenced-models",
            run,
            runs,
            everything[run - 1].elapsed,
        );
    }
    let load_after = load_average();
    println!(
        "\n`cargo check` of the whole 23.0.2 API crate after touching src/models.rs, median of {runs}"
    );
    println!("{}", row("every group (default features)", &all));
    println!(
        "{}",
        row(
            &format!("--no-default-features --features {one_group}"),
            &alone
        )
    );
    println!(
        "{}",
        row("every group and unreferenced-models", &everything)
    );
    println!("{}", machine_line(load_before.as_deref()));
    if let Some(load) = load_after {
        println!("load average at the end: {load}");
    }
    Ok(())
}

/// Generates the crate into `out`, once it is known to have the group `group`.
fn write_crate(root: &Path, out: &Path, group: &str) -> Result<generate::GeneratedCrate, String> {
    let spec = root.join(SPEC);
    let options = generate::Options {
        spec: &spec,
        out,
        name: Some("github-api"),
        skip_unsupported: false,
    };
    let generated = generate::build(root, &options)?;
    if !generated.features.iter().any(|feature| feature == group) {
        return Err(format!(
            "no group `{group}` in {SPEC}; the groups are: {}",
            generated.features.join(", ")
        ));
    }
    generate::write(out, &generated.files)?;
    Ok(generated)
}

/// A line of the result: median wall-clock time and every run, median CPU time, and the largest
/// peak memory of the runs.
fn row(label: &str, samples: &[Sample]) -> String {
    let times: Vec<Duration> = samples.iter().map(|sample| sample.elapsed).collect();
    let runs: Vec<String> = times
        .iter()
        .map(|time| format!("{:.1}", time.as_secs_f64()))
        .collect();
    let usage: Vec<Usage> = samples.iter().filter_map(|sample| sample.usage).collect();
    let resources = if usage.is_empty() {
        "CPU time and peak memory unknown".to_owned()
    } else {
        let cpu: Vec<Duration> = usage.iter().map(|usage| usage.cpu).collect();
        let memory = usage.iter().map(|usage| usage.peak_memory).max();
        format!(
            "CPU {:.1} s, peak memory {:.2} GB",
            median(&cpu).as_secs_f64(),
            memory.unwrap_or(0) as f64 / 1e9
        )
    };
    format!(
        "{label}: {:.1} s (runs: {} s), {resources}",
        median(&times).as_secs_f64(),
        runs.join(" ")
    )
}

/// `cargo check` of the generated crate in its scratch target directory.
struct Check {
    program: OsString,
    manifest: PathBuf,
    target_dir: PathBuf,
    /// Where cargo's error output goes, shown when it fails.
    stderr: PathBuf,
}

impl Check {
    /// Checks with `features` instead of the defaults (`None`: the defaults).
    fn run(&self, features: Option<&str>) -> Result<Sample, String> {
        let mut command = Command::new(&self.program);
        command
            .args(["check", "--quiet", "--manifest-path"])
            .arg(&self.manifest)
            .arg("--target-dir")
            .arg(&self.target_dir)
            // The whole crate is checked each time: with incremental compilation, a touch that
            // changes no byte would reuse most of the previous check of the same features, and
            // the figures would depend on what ran before.
            .env("CARGO_INCREMENTAL", "0");
        if let Some(features) = features {
            command.args(["--no-default-features", "--features", features]);
        }
        let stderr = File::create(&self.stderr)
            .map_err(|error| format!("cannot create {}: {error}", self.stderr.display()))?;
        command.stdout(Stdio::null()).stderr(stderr);
        let started = Instant::now();
        let child = command
            .spawn()
            .map_err(|error| format!("cannot run cargo check: {error}"))?;
        let (success, usage) = wait_with_usage(child)?;
        let elapsed = started.elapsed();
        if !success {
            let output = fs::read_to_string(&self.stderr).unwrap_or_default();
            return Err(format!(
                "cargo check {} failed:\n{output}",
                features.map_or_else(String::new, |features| format!("--features {features}"))
            ));
        }
        Ok(Sample { elapsed, usage })
    }
}

/// Waits for `child`; whether it succeeded, and the resources of it and of every process it
/// waited for (`rustc`): `wait4` returns their CPU times summed and, as `ru_maxrss`, the largest
/// resident set among them (what cargo itself reads for its build timings); `Child::wait`
/// would discard both.
#[cfg(unix)]
fn wait_with_usage(child: std::process::Child) -> Result<(bool, Option<Usage>), String> {
    let pid = libc::pid_t::try_from(child.id())
        .map_err(|_| format!("process id {} out of range", child.id()))?;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our child, not yet reaped (`child` is never waited on through std),
        // and both pointers are to live locals of the right types.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("cannot wait for cargo: {error}"));
        }
    }
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    // Linux reports kilobytes; macOS, bytes.
    let unit = if cfg!(target_os = "macos") { 1 } else { 1024 };
    let peak_memory = u64::try_from(usage.ru_maxrss).unwrap_or(0) * unit;
    let time = |time: libc::timeval| {
        Duration::from_secs(u64::try_from(time.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(time.tv_usec).unwrap_or(0))
    };
    let cpu = time(usage.ru_utime) + time(usage.ru_stime);
    Ok((success, Some(Usage { cpu, peak_memory })))
}

/// Elsewhere, only whether it succeeded.
#[cfg(not(unix))]
fn wait_with_usage(mut child: std::process::Child) -> Result<(bool, Option<Usage>), String> {
    let status = child
        .wait()
        .map_err(|error| format!("cannot wait for cargo: {error}"))?;
    Ok((status.success(), None))
}
