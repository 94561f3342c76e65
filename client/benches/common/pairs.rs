//! Ratios measured in interleaved pairs.
//!
//! Criterion measures one benchmark after the other, several seconds each. When the machine's
//! load changes in between (another build starting, say), the ratio of their medians moves by
//! far more than the 5 % the call target allows: under load it was seen anywhere from 0.7x
//! to 1.5x. Timing short batches of the two alternately and taking the median of the per-pair
//! ratios cancels such drift, since both sides of a pair see the same load.

use std::time::{Duration, Instant};

/// The ratios of `first() / second()` over `rounds` pairs, where each call times one batch.
///
/// Which side goes first alternates from pair to pair, so neither profits from going first
/// (warm caches, a just-idle connection).
pub fn ratios(
    rounds: usize,
    mut first: impl FnMut() -> Duration,
    mut second: impl FnMut() -> Duration,
) -> Paired {
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
    // A distribution-free 95 % interval for the median: with independent pairs, the number of
    // ratios below the true median is binomial(n, 1/2), so the ratios of ranks (from 1)
    // ⌊n/2 − 1.96·√n/2⌋ and ⌈1 + n/2 + 1.96·√n/2⌉ bound it (the normal approximation).
    let n = ratios.len() as f64;
    let half_width = 0.98 * n.sqrt();
    let at_rank = |rank: f64| ratios[(rank.max(1.0) as usize).min(ratios.len()) - 1];
    Paired {
        median: ratios[ratios.len() / 2],
        low: at_rank((n / 2.0 - half_width).floor()),
        high: at_rank((1.0 + n / 2.0 + half_width).ceil()),
    }
}

/// The per-pair ratios of one run: their median, the figure quoted, and a 95 % interval for it.
///
/// The interval covers what varies from pair to pair within the run. What varies from one
/// build or one run to the next (where code and data happen to lie, the machine's speed that
/// quarter of an hour) is not in it: BENCHMARKS.md has runs where that moved the median by 1 %.
#[derive(Clone, Copy)]
pub struct Paired {
    /// The median of the per-pair ratios.
    pub median: f64,
    /// The lower bound of its 95 % interval.
    pub low: f64,
    /// The upper bound of its 95 % interval.
    pub high: f64,
}

/// How long `batch` runs of `routine` take together.
pub fn time_batch(batch: usize, mut routine: impl FnMut()) -> Duration {
    let started = Instant::now();
    for _ in 0..batch {
        routine();
    }
    started.elapsed()
}
