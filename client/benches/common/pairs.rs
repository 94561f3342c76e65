//! Ratios measured in interleaved pairs.
//!
//! Criterion measures one benchmark after the other, several seconds each. When the machine's
//! load changes in between (another build starting, say), the ratio of their medians moves by
//! far more than the 5 % the call target allows: under load it was seen anywhere from 0.7x
//! to 1.5x. Timing short batches of the two alternately and taking the median of the per-pair
//! ratios cancels such drift, since both sides of a pair see the same load.

use std::time::{Duration, Instant};

/// The median over `rounds` pairs of `first() / second()`, where each call times one batch.
///
/// Which side goes first alternates from pair to pair, so neither profits from going first
/// (warm caches, a just-idle connection).
pub fn median_ratio(
    rounds: usize,
    mut first: impl FnMut() -> Duration,
    mut second: impl FnMut() -> Duration,
) -> f64 {
    let mut ratios: Vec<f64> = (0..rounds.max(1))
        .map(|round| {
            let (a, b) = if round % 2 == 0 {
                let a = first();
                (a, second())
            } else {
                let b = second();
                (first(), b)
            };
            a.as_secs_f64() / b.as_secs_f64()
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

/// How long `batch` runs of `routine` take together.
pub fn time_batch(batch: usize, mut routine: impl FnMut()) -> Duration {
    let started = Instant::now();
    for _ in 0..batch {
        routine();
    }
    started.elapsed()
}
