//! `query.combine`: a weighted sum of scorers, each normalized over the whole candidate list
//! first, so scores on different scales (an entropy in [0, 1], a loss in [0, 16]) can be mixed:
//! `s(x) = Σ_k w_k · norm(s_k)(x)`. This is the form of the VAE+SSD note's α·L_rec + β·L_task; the VAE
//! reconstruction scorer itself does not exist yet.
//!
//! Normalizations (`query.normalize`):
//! - `zscore` (default): `(s − mean) / std` over the candidates (std with n − 1; a constant
//!   column becomes all zeros);
//! - `rank`: the rank fraction `r / (N − 1)` in [0, 1], 1 for the highest score; ties share
//!   their mean rank.

use super::{scorer_info, Needs, OutputBatch, Scorer};
use super::{Aggregation, CombineTerm, Normalization};
use crate::rng::Rng;

/// Weighted sum of normalized scorers.
pub struct Combined {
    terms: Vec<(Box<dyn Scorer>, f32)>,
    needs: Needs,
    norm: Normalization,
}

impl Combined {
    /// Build every term. The spec validator guarantees terms are non-empty and not nested.
    pub fn new(terms: &[CombineTerm], norm: Normalization, agg: Aggregation) -> Self {
        let infos: Vec<_> = terms.iter().map(|t| scorer_info(t.scorer)).collect();
        Combined {
            terms: terms
                .iter()
                .zip(&infos)
                .map(|(t, info)| {
                    let build = info.build.expect("validated: combine terms are not nested");
                    (build(agg), t.weight as f32)
                })
                .collect(),
            needs: Needs {
                labels: infos.iter().any(|i| i.needs.labels),
                members: infos.iter().any(|i| i.needs.members),
                features: infos.iter().any(|i| i.needs.features),
                reconstruction: infos.iter().any(|i| i.needs.reconstruction),
            },
            norm,
        }
    }

    /// Number of terms (one raw score column each).
    pub fn n_terms(&self) -> usize {
        self.terms.len()
    }

    /// Union of the terms' needs.
    pub fn needs(&self) -> Needs {
        self.needs
    }

    /// Raw scores of each term for one batch.
    pub fn score_terms(
        &self,
        b: &OutputBatch<'_>,
        cols: &mut [Vec<f32>],
        offset: usize,
        rng: &mut Rng,
    ) {
        for ((s, _), col) in self.terms.iter().zip(cols.iter_mut()) {
            s.score(b, &mut col[offset..offset + b.batch], rng);
        }
    }

    /// Normalize each column and sum with weights.
    pub fn combine(&self, cols: &[Vec<f32>]) -> Vec<f32> {
        let n = cols.first().map_or(0, |c| c.len());
        let mut out = vec![0.0f32; n];
        let mut tmp = Vec::with_capacity(n);
        for ((_, w), col) in self.terms.iter().zip(cols) {
            tmp.clear();
            tmp.extend_from_slice(col);
            normalize(&mut tmp, self.norm);
            for (o, v) in out.iter_mut().zip(&tmp) {
                *o += w * v;
            }
        }
        out
    }
}

/// Normalize a score column in place (see module docs).
pub fn normalize(v: &mut [f32], norm: Normalization) {
    let n = v.len();
    if n == 0 {
        return;
    }
    match norm {
        Normalization::Zscore => {
            let mean = v.iter().map(|&x| x as f64).sum::<f64>() / n as f64;
            let var = if n > 1 {
                v.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / (n - 1) as f64
            } else {
                0.0
            };
            let sd = var.sqrt();
            for x in v.iter_mut() {
                *x = if sd > 0.0 {
                    ((*x as f64 - mean) / sd) as f32
                } else {
                    0.0
                };
            }
        }
        Normalization::Rank => {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
            let mut ranks = vec![0.0f64; n];
            let mut i = 0;
            while i < n {
                let mut j = i;
                while j + 1 < n && v[order[j + 1]] == v[order[i]] {
                    j += 1;
                }
                let mean_rank = (i + j) as f64 / 2.0;
                for &k in &order[i..=j] {
                    ranks[k] = mean_rank;
                }
                i = j + 1;
            }
            let denom = if n > 1 { (n - 1) as f64 } else { 1.0 };
            for (x, r) in v.iter_mut().zip(ranks) {
                *x = (r / denom) as f32;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::acquisition::ScorerKind;

    #[test]
    fn zscore_hand_computed() {
        // [1, 2, 3]: mean 2, sd 1 -> [-1, 0, 1]
        let mut v = [1.0, 2.0, 3.0];
        normalize(&mut v, Normalization::Zscore);
        assert_eq!(v, [-1.0, 0.0, 1.0]);
        let mut c = [5.0, 5.0];
        normalize(&mut c, Normalization::Zscore);
        assert_eq!(c, [0.0, 0.0]);
    }

    #[test]
    fn rank_with_ties() {
        // [10, 30, 20, 30]: sorted 10(0) 20(1) 30,30(2.5) -> / 3
        let mut v = [10.0, 30.0, 20.0, 30.0];
        normalize(&mut v, Normalization::Rank);
        let want = [0.0, 2.5 / 3.0, 1.0 / 3.0, 2.5 / 3.0];
        for (a, b) in v.iter().zip(want) {
            assert!((a - b).abs() < 1e-6, "{v:?}");
        }
    }

    #[test]
    fn weighted_sum_of_normalized_terms() {
        let terms = [
            CombineTerm {
                scorer: ScorerKind::Margin,
                weight: 0.5,
            },
            CombineTerm {
                scorer: ScorerKind::LeastConfidence,
                weight: 2.0,
            },
        ];
        let c = Combined::new(&terms, Normalization::Rank, Aggregation::Max);
        // column 0 ranks [0, 1, 0.5], column 1 ranks [1, 0, 0.5]
        let out = c.combine(&[vec![1.0, 3.0, 2.0], vec![9.0, 1.0, 5.0]]);
        let want = [
            0.5 * 0.0 + 2.0 * 1.0,
            0.5 * 1.0 + 0.0,
            0.5 * 0.5 + 2.0 * 0.5,
        ];
        for (a, b) in out.iter().zip(want) {
            assert!((a - b).abs() < 1e-6, "{out:?}");
        }
    }
}
