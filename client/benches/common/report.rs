//! Ratios between benchmarks, printed at the end of a bench run.
//!
//! Criterion reports each benchmark alone, but the figures that matter here are ratios (the
//! generated client against the hand-written baseline). After the groups have run, their
//! medians are read back from criterion's `<group>/<function>/new/estimates.json`, so the
//! ratios are computed from exactly the figures criterion printed above them.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::pairs::Paired;

/// Where criterion writes its estimates, and when this run started.
pub struct Medians {
    root: PathBuf,
    started: SystemTime,
}

impl Medians {
    /// Call before criterion measures anything: only estimates written after this moment
    /// count, so a filtered run, a `--test` run or a `--no-run` build never reports a figure
    /// left over from an earlier run.
    pub fn start() -> Self {
        Self {
            root: criterion_home(),
            started: SystemTime::now(),
        }
    }

    /// The median time of one iteration of `group/function`, if it was measured in this run.
    ///
    /// The names must be plain (no `/`, `:`, space…) since criterion would rewrite them into
    /// different directory names.
    pub fn get(&self, group: &str, function: &str) -> Option<Duration> {
        let path = self
            .root
            .join(group)
            .join(function)
            .join("new")
            .join("estimates.json");
        let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
        if modified < self.started {
            return None;
        }
        let estimates: Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
        let nanos = estimates.pointer("/median/point_estimate")?.as_f64()?;
        Some(Duration::from_secs_f64(nanos / 1e9))
    }
}

/// One measured benchmark in a summary table.
pub struct Row<'a> {
    /// What was measured.
    pub label: &'a str,
    /// Its median in this run.
    pub median: Option<Duration>,
}

/// Prints a table of medians, with the throughput when each iteration processes `bytes`.
pub fn print_medians(title: &str, bytes: Option<u64>, rows: &[Row<'_>]) {
    println!("\n{title}");
    for row in rows {
        let Some(median) = row.median else {
            println!("  {:<44} not measured in this run", row.label);
            continue;
        };
        let throughput = bytes.map_or(String::new(), |bytes| {
            format!(
                "  {:>9.1} MiB/s",
                bytes as f64 / median.as_secs_f64() / 1_048_576.0
            )
        });
        println!(
            "  {:<44} {:>12}{throughput}",
            row.label,
            format_duration(median)
        );
    }
}

/// Prints the header of the ratio lines.
pub fn print_ratio_header() {
    println!(
        "  {:<44} {:>12} {:>12}",
        "ratio of times (above 1: first is slower)", "of medians", "of pairs"
    );
}

/// Prints one ratio of times, `numerator / denominator` from criterion's medians and `paired`
/// from interleaved pairs (see `pairs.rs`) with its 95 % interval, and whether the paired
/// median, the figure that survives a changing load, meets `target` when there is one.
pub fn print_ratio(
    label: &str,
    numerator: Option<Duration>,
    denominator: Option<Duration>,
    paired: Option<Paired>,
    target: Option<f64>,
) {
    let (Some(numerator), Some(denominator), Some(paired)) = (numerator, denominator, paired)
    else {
        println!("  {label:<44} not measured in this run");
        return;
    };
    let ratio = numerator.as_secs_f64() / denominator.as_secs_f64();
    let Paired { median, low, high } = paired;
    let verdict = match target {
        Some(target) if median <= target => format!("  target <= {target:.2}x: met"),
        Some(target) => format!("  target <= {target:.2}x: NOT met"),
        None => String::new(),
    };
    println!("  {label:<44} {ratio:>11.3}x {median:>11.3}x  (95 %: {low:.3}x-{high:.3}x){verdict}");
}

fn format_duration(duration: Duration) -> String {
    let nanos = duration.as_secs_f64() * 1e9;
    if nanos >= 1e6 {
        format!("{:.3} ms", nanos / 1e6)
    } else if nanos >= 1e3 {
        format!("{:.3} us", nanos / 1e3)
    } else {
        format!("{nanos:.1} ns")
    }
}

/// Criterion's own rule for its output directory (criterion 0.7, `lib.rs`): `$CRITERION_HOME`,
/// else `$CARGO_TARGET_DIR/criterion`, else the target directory `cargo metadata` reports,
/// else `target/criterion` relative to the working directory.
fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    metadata_target_directory()
        .unwrap_or_else(|| PathBuf::from("target"))
        .join("criterion")
}

fn metadata_target_directory() -> Option<PathBuf> {
    let output = Command::new(std::env::var_os("CARGO")?)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .ok()?;
    let metadata: Value = serde_json::from_slice(&output.stdout).ok()?;
    metadata
        .get("target_directory")?
        .as_str()
        .map(PathBuf::from)
}
