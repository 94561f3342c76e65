//! Decoding one page of 100 codespaces (built from the spec's example) into the generated
//! `ListForAuthenticatedUserResponse`, against decoding the same bytes into hand-written serde
//! structs with the same fields and into `serde_json::Value`.
//!
//! `cargo bench -p codespaces-client --bench decode`; the ratios are printed at the end.

#[path = "../common/example.rs"]
mod example;
mod handwritten;
mod page;
#[path = "../common/pairs.rs"]
mod pairs;
#[path = "../common/report.rs"]
mod report;

use std::hint::black_box;

use codespaces_client::models::ListForAuthenticatedUserResponse;
use criterion::{Criterion, Throughput};
use serde_json::Value;

use report::{Medians, Row};

const GROUP: &str = "decode_page_of_100";

/// Interleaved pairs timed for each ratio, and decodes per batch (about 10 ms at 200 MiB/s).
const ROUNDS: usize = 51;
const BATCH: usize = 3;

fn main() {
    let medians = Medians::start();
    let page = page::json();
    check_all_decode(&page);

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group(GROUP);
    group.throughput(Throughput::Bytes(page.len() as u64));
    // Each iteration also drops what it decoded, as a caller eventually does: freeing the
    // strings is part of the cost of building them.
    group.bench_function("generated", |bencher| {
        bencher.iter(|| decode::<ListForAuthenticatedUserResponse>(black_box(&page)));
    });
    group.bench_function("handwritten", |bencher| {
        bencher.iter(|| decode::<handwritten::Page>(black_box(&page)));
    });
    group.bench_function("value", |bencher| {
        bencher.iter(|| decode::<Value>(black_box(&page)));
    });
    group.finish();
    criterion.final_summary();

    let generated = medians.get(GROUP, "generated");
    let handwritten = medians.get(GROUP, "handwritten");
    let value = medians.get(GROUP, "value");
    report::print_medians(
        &format!(
            "decode: a page of {} codespaces, {} bytes of JSON (medians of this run)",
            page::CODESPACES,
            page.len()
        ),
        Some(page.len() as u64),
        &[
            Row {
                label: "generated ListForAuthenticatedUserResponse",
                median: generated,
            },
            Row {
                label: "hand-written serde structs",
                median: handwritten,
            },
            Row {
                label: "serde_json::Value",
                median: value,
            },
        ],
    );
    report::print_ratio_header();
    // Only when criterion measured all three: a filtered or `--test` run skips the pairs too.
    let measured = generated.is_some() && handwritten.is_some() && value.is_some();
    let time = |decode: fn(&[u8])| pairs::time_batch(BATCH, || decode(black_box(&page)));
    let paired = |other: fn(&[u8])| {
        measured.then(|| {
            pairs::ratios(
                ROUNDS,
                || time(|json| drop(decode::<ListForAuthenticatedUserResponse>(json))),
                || time(other),
            )
        })
    };
    report::print_ratio(
        "generated / hand-written",
        generated,
        handwritten,
        paired(|json| drop(decode::<handwritten::Page>(json))),
        None,
    );
    report::print_ratio(
        "generated / serde_json::Value",
        generated,
        value,
        paired(|json| drop(decode::<Value>(json))),
        None,
    );
}

fn decode<T: serde::de::DeserializeOwned>(json: &[u8]) -> T {
    serde_json::from_slice(json).expect("the page decodes")
}

/// Fails before measuring anything if one of the three cannot decode the page, so a
/// benchmark never times an error path.
fn check_all_decode(page: &[u8]) {
    let generated: ListForAuthenticatedUserResponse = decode(page);
    assert_eq!(generated.codespaces.len(), page::CODESPACES);
    decode::<handwritten::Page>(page);
    decode::<Value>(page);
}
