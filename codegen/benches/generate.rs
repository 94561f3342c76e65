//! How long generating a large description takes, stage by stage, next to the floor: reading
//! the same bytes into a `serde_json::Value`.
//!
//! `cargo bench -p codegen --bench generate` runs it on every `benches/data/*.json.gz` (large
//! real descriptions, 10 to 13 MB of JSON; see the README there). Stages: `parse` (text to
//! `openapiv3`), `lower` (to the IR), `emit` (IR to tokens), `format` (tokens to text with
//! prettyplease), each on one thread; then `generate`, all of them as `generate` runs them
//! (emitting and formatting the models and the operations on two threads).

use std::io::Read;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};

fn config() -> codegen::Config {
    codegen::Config {
        command: "cargo bench".to_owned(),
        spec_path: "bench".to_owned(),
        runtime_path: "crate::runtime".to_owned(),
        skip_unsupported: false,
    }
}

fn data_files() -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("benches/data exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.to_string_lossy().ends_with(".json.gz"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("the data file opens");
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .expect("the data file is gzip of UTF-8");
    text
}

fn stages(c: &mut Criterion) {
    let config = config();
    for path in data_files() {
        let text = read(&path);
        let name = path
            .file_name()
            .map(|name| {
                name.to_string_lossy()
                    .trim_end_matches(".json.gz")
                    .to_owned()
            })
            .unwrap_or_default();
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

criterion_group!(benches, stages);
criterion_main!(benches);
