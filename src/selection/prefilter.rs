//! The pre-filter of the diversity samplers (`query.prefilter`): score every candidate, keep
//! the highest-scored fraction, and let the sampler diversify among those only — the step
//! that lets k-means++, core-set, OMP, BADGE, TypiClust and ProbCover run on pools whose
//! embeddings would not fit in memory (the "score, keep the top, then diversify" of large
//! active-learning systems such as NVIDIA's, Haussmann et al. 2020). Only the kept
//! candidates are embedded, so the embedding memory is `kept × dim × 4` bytes instead of
//! `N × dim × 4` (docs/data-cache.md, "Memory per sampler").
//!
//! The kept set is the top of the score ranking ([`super::ranking`]: score descending, ties by
//! position ascending, NaN last), returned in ascending position order so that the kept
//! candidates keep their relative order (the sampler's ties and draws see the same order as
//! on the whole pool).

use super::ranking;
use crate::pool::PoolPosition;

/// How many of `n` candidates a pre-filter of `fraction` (in (0, 1]) keeps when the round
/// picks `at_least`: `⌈fraction · n⌉`, raised to `at_least` (a round always has enough
/// candidates to fill its budget) and capped at `n`.
pub fn kept_count(n: usize, fraction: f64, at_least: usize) -> usize {
    let k = (fraction * n as f64).ceil() as usize;
    k.max(at_least).min(n)
}

/// The positions of the [`kept_count`] highest-scored candidates, in ascending position
/// order.
pub fn prefilter(scores: &[f32], fraction: f64, at_least: usize) -> Vec<PoolPosition> {
    let k = kept_count(scores.len(), fraction, at_least);
    let mut kept = ranking(scores);
    kept.truncate(k);
    kept.sort_unstable();
    kept
}

/// Rows `kept` of `data` (`[n, width]` row-major) as a new `[kept.len(), width]` array.
pub fn gather_rows<T: Copy>(data: &[T], width: usize, kept: &[PoolPosition]) -> Vec<T> {
    let mut out = Vec::with_capacity(kept.len() * width);
    for p in kept {
        out.extend_from_slice(&data[p.0 * width..(p.0 + 1) * width]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selection::positions;

    #[test]
    fn keeps_the_top_fraction_in_position_order() {
        // scores by position: 0.1 0.9 0.5 NaN 0.9 0.3 0.7 0.2 0.8 0.6
        // ranking: 1 (0.9), 4 (0.9, tie: later position), 8 (0.8), 6 (0.7), 9 (0.6), 2, 5, 7,
        // 0, 3 (NaN last).
        let s = [0.1, 0.9, 0.5, f32::NAN, 0.9, 0.3, 0.7, 0.2, 0.8, 0.6];
        // 0.3 of 10 = 3: positions 1, 4, 8.
        assert_eq!(positions(&prefilter(&s, 0.3, 0)), vec![1, 4, 8]);
        // 0.25 of 10 = 2.5 → 3 (rounded up).
        assert_eq!(positions(&prefilter(&s, 0.25, 1)), vec![1, 4, 8]);
        // A round picking 5 keeps at least 5: 1 4 8 6 9, in position order.
        assert_eq!(positions(&prefilter(&s, 0.3, 5)), vec![1, 4, 6, 8, 9]);
        // 1.0 keeps all; a budget beyond the pool keeps all.
        assert_eq!(
            positions(&prefilter(&s, 1.0, 0)),
            (0..10).collect::<Vec<_>>()
        );
        assert_eq!(kept_count(10, 0.01, 20), 10);
        assert_eq!(kept_count(1_000_000, 0.1, 1000), 100_000);
        assert_eq!(kept_count(0, 0.5, 3), 0);
    }

    #[test]
    fn gathers_the_rows_of_the_kept_positions() {
        // rows of width 2: [0 1] [10 11] [20 21] [30 31]; keep positions 1 and 3.
        let data = [0, 1, 10, 11, 20, 21, 30, 31];
        let kept = [PoolPosition(1), PoolPosition(3)];
        assert_eq!(gather_rows(&data, 2, &kept), vec![10, 11, 30, 31]);
    }
}
