//! Mutual information between the prediction and the model (NVIDIA eq. 3; BALD):
//! `MI = H(p̄) − (1/|E|) Σ_e H(p^(e))` with `p̄` the members' mean probabilities and `H` the
//! categorical entropy, normalized by `log2 n` like [`super::Entropy`], in [0, 1].
//!
//! It measures disagreement between ensemble members (`model.ensemble > 1`) or MC-dropout
//! passes (`query.mc_samples > 1`); with one member it is 0 for every sample, which the spec
//! validation refuses.

use super::entropy::entropy_bits;
use super::maps::{binary_entropy_bits, map_score, mean};
use super::{Aggregation, OutputBatch, Scorer};
use crate::rng::Rng;

/// Mutual-information scorer. On detection maps: eq. 2–3 per position and class with the
/// binary entropy, aggregated with the field.
pub struct MutualInformation(pub Aggregation);

impl MutualInformation {
    /// The measure of one position and class (or of one class against the rest): eq. 2–3
    /// with the binary entropy, `H(p̄) − mean_e H(p_e)` over the members, clamped at 0, in bits.
    #[inline]
    pub fn binary(members: &[f32]) -> f32 {
        let mean_of =
            members.iter().map(|&q| binary_entropy_bits(q)).sum::<f32>() / members.len() as f32;
        (binary_entropy_bits(mean(members)) - mean_of).max(0.0)
    }
}

impl Scorer for MutualInformation {
    fn score(&self, b: &OutputBatch<'_>, out: &mut [f32], _rng: &mut Rng) {
        if let Some(m) = &b.maps {
            for (i, o) in out.iter_mut().enumerate() {
                *o = map_score(m, i, b.classes, b.members, self.0, Self::binary);
            }
            return;
        }
        let norm = if b.classes > 1 {
            (b.classes as f32).log2()
        } else {
            1.0
        };
        let m = b.members;
        for (i, o) in out.iter_mut().enumerate() {
            let of_mean = entropy_bits((0..b.classes).map(|c| b.mean_prob(i, c)));
            let base = i * b.classes * m;
            let mean_of: f32 = (0..m)
                .map(|e| entropy_bits((0..b.classes).map(|c| b.probs[base + c * m + e])))
                .sum::<f32>()
                / m as f32;
            // H(p̄) ≥ mean H(p^(e)) (concavity); clamp rounding below 0.
            *o = ((of_mean - mean_of) / norm).max(0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // 2 classes, 2 members, layout [sample, class, member].
        // Sample 0: members (1, 0) and (0, 1): p̄ = (0.5, 0.5), H(p̄) = 1 bit, each member's
        //   H = 0 → MI = 1 (max disagreement).
        // Sample 1: both members (0.5, 0.5): H(p̄) = 1, mean H = 1 → MI = 0 (agreeing, unsure).
        // Sample 2: members (1, 0) and (0.5, 0.5): p̄ = (0.75, 0.25),
        //   H(p̄) = −0.75 log2 0.75 − 0.25 log2 0.25 = 0.811278; mean H = (0 + 1) / 2 = 0.5
        //   → MI = 0.311278.
        let probs = [
            1.0, 0.0, 0.0, 1.0, //
            0.5, 0.5, 0.5, 0.5, //
            1.0, 0.5, 0.0, 0.5,
        ];
        let b = OutputBatch {
            batch: 3,
            classes: 2,
            members: 2,
            probs: &probs,
            labels: None,
            maps: None,
            features: None,
            feature_dim: 0,
            recon: None,
        };
        let mut out = [0.0; 3];
        MutualInformation(Aggregation::Max).score(&b, &mut out, &mut Rng::new(0));
        let want = [1.0, 0.0, 0.311_278];
        for (o, w) in out.iter().zip(want) {
            assert!((o - w).abs() < 1e-5, "{out:?}");
        }
    }

    #[test]
    fn one_member_scores_zero() {
        let probs = [0.7, 0.3];
        let b = OutputBatch {
            batch: 1,
            classes: 2,
            members: 1,
            probs: &probs,
            labels: None,
            maps: None,
            features: None,
            feature_dim: 0,
            recon: None,
        };
        let mut out = [1.0];
        MutualInformation(Aggregation::Max).score(&b, &mut out, &mut Rng::new(0));
        assert_eq!(out, [0.0]);
    }
}
