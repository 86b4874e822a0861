//! `top_third`: N drawn uniformly (without replacement) from the top third of the ranking,
//! i.e. its first `ceil(len / 3)` positions, widened to N when N is larger.

use super::ranking;
use crate::pool::PoolPosition;
use crate::rng::Rng;

/// Uniform draw of `n` from the top third.
pub fn top_third(scores: &[f32], n: usize, rng: &mut Rng) -> Vec<PoolPosition> {
    let r = ranking(scores);
    let window = scores.len().div_ceil(3).max(n);
    rng.sample_indices(window, n)
        .into_iter()
        .map(|i| r[i])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_from_top_third() {
        // 9 scores; top third = positions with scores 9, 8, 7 -> positions 8, 7, 6
        let s: Vec<f32> = (1..=9).map(|x| x as f32).collect();
        for seed in 0..20 {
            let mut got: Vec<usize> = top_third(&s, 2, &mut Rng::new(seed))
                .into_iter()
                .map(|p| p.0)
                .collect();
            got.sort();
            assert_eq!(got.len(), 2);
            assert!(got.iter().all(|&i| i >= 6), "{got:?}");
            assert_ne!(got[0], got[1]);
        }
        // n = window: exactly the top third
        let mut all: Vec<usize> = top_third(&s, 3, &mut Rng::new(1))
            .into_iter()
            .map(|p| p.0)
            .collect();
        all.sort();
        assert_eq!(all, vec![6, 7, 8]);
    }
}
