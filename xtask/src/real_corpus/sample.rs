//! The seeded sample of generated crates that is compiled: the same seed and the same corpus
//! give the same sample on every machine.
//!
//! SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014)
//! is ten lines and fully specified, so the sample does not depend on a crate's version of its
//! algorithm; `rand` would be a dependency of `xtask` for one shuffle.

/// SplitMix64.
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound > 0`), without modulo bias (Lemire's multiply-shift with
    /// rejection).
    pub fn below(&mut self, bound: u64) -> u64 {
        let threshold = bound.wrapping_neg() % bound;
        loop {
            let product = u128::from(self.next_u64()) * u128::from(bound);
            // The low half decides whether this draw is biased; the high half is the number.
            if (product as u64) >= threshold {
                return (product >> 64) as u64;
            }
        }
    }
}

/// `count` distinct items of `items` (all of them when there are fewer), chosen by `seed`, in
/// the order of `items`. The caller sorts `items` so the choice does not depend on the order
/// they were found in.
pub fn choose<T: Clone>(items: &[T], count: usize, seed: u64) -> Vec<T> {
    let mut indices: Vec<usize> = (0..items.len()).collect();
    let count = count.min(items.len());
    let mut random = SplitMix64::new(seed);
    // The first `count` steps of a Fisher-Yates shuffle.
    for position in 0..count {
        let remaining = (indices.len() - position) as u64;
        let pick = position + random.below(remaining) as usize;
        indices.swap(position, pick);
    }
    let mut chosen = indices[..count].to_vec();
    chosen.sort_unstable();
    chosen
        .into_iter()
        .map(|index| items[index].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        // The reference implementation's first outputs for seed 1234567 (Vigna's splitmix64.c,
        // as in the test vectors of several ports).
        let mut random = SplitMix64::new(1_234_567);
        let first: Vec<u64> = (0..3).map(|_| random.next_u64()).collect();
        assert_eq!(
            first,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423
            ]
        );
    }

    #[test]
    fn below_stays_in_range() {
        let mut random = SplitMix64::new(7);
        let mut seen = [false; 5];
        for _ in 0..200 {
            let value = random.below(5);
            assert!(value < 5, "{value}");
            seen[value as usize] = true;
        }
        assert_eq!(seen, [true; 5]);
    }

    #[test]
    fn a_seed_chooses_the_same_distinct_items() {
        let items: Vec<u32> = (0..100).collect();
        let chosen = choose(&items, 20, 42);
        assert_eq!(chosen, choose(&items, 20, 42));
        assert_eq!(chosen.len(), 20);
        assert!(
            chosen.windows(2).all(|pair| pair[0] < pair[1]),
            "{chosen:?}"
        );
        assert_ne!(chosen, choose(&items, 20, 43));
        assert_ne!(chosen, (0..20).collect::<Vec<u32>>());
    }

    #[test]
    fn a_sample_larger_than_the_corpus_is_the_corpus() {
        assert_eq!(choose(&["a", "b"], 5, 1), vec!["a", "b"]);
        assert!(choose::<u8>(&[], 3, 1).is_empty());
        assert!(choose(&[1, 2, 3], 0, 1).is_empty());
    }
}
