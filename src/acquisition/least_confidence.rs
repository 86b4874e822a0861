//! Least confidence, thesis eq. 3.1: `(1 − max_y P(y|x)) · n / (n − 1)`, in [0, 1].

use super::maps::{map_score, mean};
use super::{Aggregation, OutputBatch, Scorer};
use crate::rng::Rng;

/// Least-confidence scorer on member-averaged probabilities. On detection maps: eq. 3.1
/// with two outcomes per position and class, `2 · (1 − max(p, 1 − p))`, aggregated.
pub struct LeastConfidence(pub Aggregation);

impl LeastConfidence {
    /// The measure of one position and class (or of one class against the rest): eq. 3.1
    /// with the two outcomes `p̄` and `1 − p̄` of the members' mean, `2 · (1 − max(p̄, 1 − p̄))`,
    /// in [0, 1].
    #[inline]
    pub fn binary(members: &[f32]) -> f32 {
        let q = mean(members);
        2.0 * (1.0 - q.max(1.0 - q))
    }
}

impl Scorer for LeastConfidence {
    fn score(&self, b: &OutputBatch<'_>, out: &mut [f32], _rng: &mut Rng) {
        if let Some(m) = &b.maps {
            for (i, o) in out.iter_mut().enumerate() {
                *o = map_score(m, i, b.classes, b.members, self.0, Self::binary);
            }
            return;
        }
        let n = b.classes as f32;
        let scale = if b.classes > 1 { n / (n - 1.0) } else { 1.0 };
        for (i, o) in out.iter_mut().enumerate() {
            *o = (1.0 - b.top2(i).0) * scale;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // sample 0: [0.7, 0.2, 0.1] -> (1 - 0.7) * 3/2 = 0.45
        // sample 1: [1/3, 1/3, 1/3] -> (2/3) * 3/2 = 1.0
        let probs = [0.7, 0.2, 0.1, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0];
        let b = OutputBatch {
            batch: 2,
            classes: 3,
            members: 1,
            probs: &probs,
            labels: None,
            maps: None,
            features: None,
            feature_dim: 0,
            recon: None,
        };
        let mut out = [0.0; 2];
        LeastConfidence(Aggregation::Max).score(&b, &mut out, &mut Rng::new(0));
        assert!((out[0] - 0.45).abs() < 1e-6);
        assert!((out[1] - 1.0).abs() < 1e-6);
    }

    #[test]
    fn averages_members_first() {
        // one sample, 2 classes, 2 members: class0 = [0.9, 0.5], class1 = [0.1, 0.5]
        // mean = [0.7, 0.3] -> (1 - 0.7) * 2 = 0.6
        let probs = [0.9, 0.5, 0.1, 0.5];
        let b = OutputBatch {
            batch: 1,
            classes: 2,
            members: 2,
            probs: &probs,
            labels: None,
            maps: None,
            features: None,
            feature_dim: 0,
            recon: None,
        };
        let mut out = [0.0; 1];
        LeastConfidence(Aggregation::Max).score(&b, &mut out, &mut Rng::new(0));
        assert!((out[0] - 0.6).abs() < 1e-6);
    }
}
