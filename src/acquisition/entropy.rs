//! Normalized entropy, thesis eq. 3.3: `−Σ_y P(y|x) log2 P(y|x) / log2 n`, in [0, 1].

use super::maps::{binary_entropy_bits, map_score, mean};
use super::{Aggregation, OutputBatch, Scorer};
use crate::rng::Rng;

/// Entropy scorer on member-averaged probabilities (`0 · log 0 = 0`). On detection maps:
/// the binary entropy of each position and class (NVIDIA eq. 1), aggregated with the field.
pub struct Entropy(pub Aggregation);

impl Entropy {
    /// The measure of one position and class of a detection map (or of one class against
    /// the rest): the binary entropy of the members' mean probability `p̄`, in bits, in [0, 1].
    #[inline]
    pub fn binary(members: &[f32]) -> f32 {
        binary_entropy_bits(mean(members))
    }
}

/// `−Σ p log2 p` over `probs`, in bits (`0 · log 0 = 0`).
#[inline]
pub(super) fn entropy_bits(probs: impl Iterator<Item = f32>) -> f32 {
    probs.filter(|&p| p > 0.0).map(|p| -p * p.log2()).sum()
}

impl Scorer for Entropy {
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
        for (i, o) in out.iter_mut().enumerate() {
            *o = entropy_bits((0..b.classes).map(|c| b.mean_prob(i, c))) / norm;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // [0.5, 0.5, 0, 0] -> H = 1 bit, / log2 4 = 2 -> 0.5
        // [0.25; 4] -> 2 / 2 = 1 ; [1, 0, 0, 0] -> 0
        // [0.5, 0.25, 0.25, 0] -> 0.5 + 0.5 + 0.5 = 1.5 bits -> 0.75
        let probs = [
            0.5, 0.5, 0.0, 0.0, 0.25, 0.25, 0.25, 0.25, 1.0, 0.0, 0.0, 0.0, 0.5, 0.25, 0.25, 0.0,
        ];
        let b = OutputBatch {
            batch: 4,
            classes: 4,
            members: 1,
            probs: &probs,
            labels: None,
            maps: None,
            features: None,
            feature_dim: 0,
            recon: None,
        };
        let mut out = [0.0; 4];
        Entropy(Aggregation::Max).score(&b, &mut out, &mut Rng::new(0));
        let want = [0.5, 1.0, 0.0, 0.75];
        for (o, w) in out.iter().zip(want) {
            assert!((o - w).abs() < 1e-6, "{out:?}");
        }
    }
}
