//! How long generating a large description takes, stage by stage, next to the floor: reading
//! the same bytes into a `serde_json::Value`.
//!
//! `cargo bench -p codegen --bench generate` runs it on the vendored fragment
//! (`spec/codespaces.yaml`, read as JSON) and on every `benches/data/*.json.gz` (large real
//! descriptions, 10 to 13 MB of JSON; see the README there), then prints each input's
//! generation time over the floor. Stages: `parse` (text to `openapiv3`), `lower` (to the IR),
//! `emit` (IR to tokens), `format` (tokens to text with prettyplease), each on one thread; then
//! `generate`, all of them as `generate` runs them (emitting and formatting on two threads that
//! share the operations and the parts of the models). The allocator is mimalloc, set as in
//! `cargo xtask`.

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

// The allocator of `cargo xtask`, linked for its `#[global_allocator]`.
use xtask_allocator as allocator;

#[path = "common/large_data.rs"]
mod large_data;

use large_data::{data_files, read};

fn config() -> codegen::Config {
    codegen::Config {
        command: "cargo bench".to_owned(),
        spec_path: "bench".to_owned(),
        runtime_path: "crate::runtime".to_owned(),
        builder_hook: None,
        skip_unsupported: false,
        features_per_group: true,
    }
}

/// The vendored 16-operation fragment, as JSON text so that every stage and the floor read
/// the same bytes.
fn fragment() -> (String, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/codespaces.yaml");
    let yaml = std::fs::read_to_string(path).expect("the vendored spec is readable");
    let value: serde_json::Value = serde_yaml::from_str(&yaml).expect("the vendored spec is YAML");
    ("fragment codespaces.yaml".to_owned(), value.to_string())
}

/// Every input: the fragment, then each large description.
fn inputs() -> Vec<(String, String)> {
    let mut inputs = vec![fragment()];
    for path in data_files() {
        let name = path
            .file_name()
            .map(|name| {
                name.to_string_lossy()
                    .trim_end_matches(".json.gz")
                    .to_owned()
            })
            .unwrap_or_default();
        inputs.push((name, read(&path)));
    }
    inputs
}

/// The median wall time of `runs` calls of `work`.
fn median(runs: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

/// Prints generation time against the floor for each input, after criterion's own figures.
fn ratios(_: &mut Criterion) {
    allocator::configure();
    let config = config();
    println!("\ngenerate / floor (median of 7 runs each):");
    for (name, text) in inputs() {
        let floor = median(7, || {
            serde_json::from_slice::<serde_json::Value>(text.as_bytes()).expect("JSON");
        });
        let total = median(7, || {
            codegen::generate(&text, &config).expect("generates");
        });
        let ratio = total.as_secs_f64() / floor.as_secs_f64();
        println!("  {name}: generate {total:.2?}, floor {floor:.2?}, ratio {ratio:.1}x");
    }
}

fn stages(c: &mut Criterion) {
    allocator::configure();
    let config = config();
    for (name, text) in inputs() {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        group.bench_function("floor: serde_json::from_slice into Value", |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(text.as_bytes()).expect("JSON"))
        });
        group.bench_function("parse", |b| {
            b.iter(|| codegen::parse::parse(&text).expect("parses"))
        });
        let spec = codegen::parse::parse(&text).expect("parses");
        group.bench_function("lower", |b| {
            b.iter(|| codegen::lower::lower(&spec, &config).expect("lowers"))
        });
        let api = codegen::lower::lower(&spec, &config).expect("lowers");
        group.bench_function("emit", |b| {
            b.iter(|| codegen::emit::tokens(&api, &config).expect("emits"))
        });
        group.bench_function("format", |b| {
            b.iter_batched(
                || codegen::emit::tokens(&api, &config).expect("emits"),
                |files| codegen::emit::format(files, &config).expect("formats"),
                criterion::BatchSize::PerIteration,
            )
        });
        group.bench_function("generate", |b| {
            b.iter(|| codegen::generate(&text, &config).expect("generates"))
        });
        group.finish();
    }
}

criterion_group!(benches, stages, ratios);
criterion_main!(benches);
