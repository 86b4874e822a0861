//! The pairwise penalty matrix of Ash et al. 2020 (Sec. 5, Fig. 4): in each experiment, at
//! each of its `L` rounds, for each pair of methods a two-sided t-test over the repeats at
//! α = 0.05; when it rejects, the better method gains `1/L` in its row against the loser's
//! column. Summed over experiments, entry `(i, j)` is at most the number of experiments in
//! which both ran; a column's mean says how often a method loses.
//!
//! The test is Welch's, from each method's mean, standard deviation (n − 1) and number of
//! runs at the round (the per-round summaries of the learning curves).

use super::ttest::two_sided;
use super::PValue;

/// A method's metric at one round over its runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoundSummary {
    /// Mean over runs.
    pub mean: f64,
    /// Standard deviation (n − 1).
    pub std: f64,
    /// Runs.
    pub n: usize,
}

/// Welch's two-sided t-test from two summaries; not available with fewer than 2 runs on a
/// side or zero variance on both.
pub fn welch_from_summaries(a: RoundSummary, b: RoundSummary) -> PValue {
    if a.n < 2 || b.n < 2 {
        return PValue::na(format!(
            "needs ≥ 2 runs per method (got {} and {})",
            a.n, b.n
        ));
    }
    let (va, vb) = (a.std * a.std / a.n as f64, b.std * b.std / b.n as f64);
    if va + vb == 0.0 {
        return PValue::na("zero variance on both sides");
    }
    let t = (a.mean - b.mean) / (va + vb).sqrt();
    let df = (va + vb).powi(2) / (va * va / (a.n as f64 - 1.0) + vb * vb / (b.n as f64 - 1.0));
    two_sided(t, df)
}

/// One experiment's contribution: `rounds[r][m]` is method `m`'s summary at round `r`
/// (`None` when absent). Returns `P[i][j]`, the share of the `L = rounds.len()` rounds at
/// which `i` is significantly better than `j` (p < `alpha`).
pub fn penalty_matrix(
    rounds: &[Vec<Option<RoundSummary>>],
    methods: usize,
    higher_is_better: bool,
    alpha: f64,
) -> Vec<Vec<f64>> {
    let mut p = vec![vec![0.0; methods]; methods];
    let l = rounds.len() as f64;
    for row in rounds {
        for (i, pi) in p.iter_mut().enumerate() {
            for (j, pij) in pi.iter_mut().enumerate() {
                let (Some(a), Some(b)) =
                    (row.get(i).copied().flatten(), row.get(j).copied().flatten())
                else {
                    continue;
                };
                let better = if higher_is_better {
                    a.mean > b.mean
                } else {
                    a.mean < b.mean
                };
                if i != j
                    && better
                    && welch_from_summaries(a, b)
                        .value()
                        .is_some_and(|v| v < alpha)
                {
                    *pij += 1.0 / l;
                }
            }
        }
    }
    p
}

/// `a + b`, entry by entry (the sum over experiments).
pub fn add_matrices(a: &mut [Vec<f64>], b: &[Vec<f64>]) {
    for (ra, rb) in a.iter_mut().zip(b) {
        for (x, y) in ra.iter_mut().zip(rb) {
            *x += y;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(mean: f64, std: f64, n: usize) -> Option<RoundSummary> {
        Some(RoundSummary { mean, std, n })
    }

    #[test]
    fn welch_by_hand() {
        // Means 1 and 0, std 1 and 1, n 5 each: se² = 1/5 + 1/5 = 0.4, t = 1/√0.4 = 1.5811,
        // df = 0.16 / (0.04/4 + 0.04/4) = 8; two-sided p(t = 1.5811, 8) = 0.1525 (scipy:
        // stats.ttest_ind_from_stats(1, 1, 5, 0, 1, 5, equal_var=False) → 0.15250).
        let p = welch_from_summaries(s(1.0, 1.0, 5).unwrap(), s(0.0, 1.0, 5).unwrap());
        assert!((p.value().unwrap() - 0.15250).abs() < 1e-4, "{p:?}");
        assert!(
            welch_from_summaries(s(1.0, 1.0, 1).unwrap(), s(0.0, 1.0, 5).unwrap())
                .value()
                .is_none()
        );
    }

    #[test]
    fn winner_gains_one_over_l() {
        // 2 rounds, 3 methods, 5 runs each.
        // Round 0: A 0.9 ± 0.01, B 0.5 ± 0.01, C 0.5 ± 0.01: A beats B and C (t ≈ 63);
        //   B vs C: equal means → no winner.
        // Round 1: A 0.9 ± 0.01, B 0.9 ± 0.01, C 0.5 ± 0.3: A and B vs C: t = 0.4/√(0.00002 +
        //   0.018) = 2.98, df ≈ 4.0 → p ≈ 0.041 < 0.05: both beat C; A vs B: equal.
        // P = [[0, ½, 1], [0, 0, ½], [0, 0, 0]].
        let rounds = vec![
            vec![s(0.9, 0.01, 5), s(0.5, 0.01, 5), s(0.5, 0.01, 5)],
            vec![s(0.9, 0.01, 5), s(0.9, 0.01, 5), s(0.5, 0.3, 5)],
        ];
        let p = penalty_matrix(&rounds, 3, true, 0.05);
        assert_eq!(
            p,
            vec![vec![0.0, 0.5, 1.0], vec![0.0, 0.0, 0.5], vec![0.0; 3]]
        );
        // A loss (lower is better) reverses the winners.
        let q = penalty_matrix(&rounds, 3, false, 0.05);
        assert_eq!(q[1][0], 0.5);
        assert_eq!(q[2][0], 1.0);
        let mut sum = p.clone();
        add_matrices(&mut sum, &p);
        assert_eq!(sum[0][2], 2.0);
    }
}
