//! Margin of confidence, thesis eq. 3.2: `1 − (P(y1*|x) − P(y2*|x))`, in [0, 1].

use super::maps::{map_score, mean};
use super::{Aggregation, OutputBatch, Scorer};
use crate::rng::Rng;

/// Margin scorer on member-averaged probabilities. On detection maps: eq. 3.2 with two
/// outcomes per position and class, `1 − |p − (1 − p)|`, aggregated.
pub struct Margin(pub Aggregation);

impl Margin {
    /// The measure of one position and class (or of one class against the rest): eq. 3.2
    /// with the two outcomes `p̄` and `1 − p̄` of the members' mean, `1 − |2p̄ − 1|`, in [0, 1].
    #[inline]
    pub fn binary(members: &[f32]) -> f32 {
        1.0 - (2.0 * mean(members) - 1.0).abs()
    }
}

impl Scorer for Margin {
    fn score(&self, b: &OutputBatch<'_>, out: &mut [f32], _rng: &mut Rng) {
        if let Some(m) = &b.maps {
            for (i, o) in out.iter_mut().enumerate() {
                *o = map_score(m, i, b.classes, b.members, self.0, Self::binary);
            }
            return;
        }
        for (i, o) in out.iter_mut().enumerate() {
            let (p1, p2) = b.top2(i);
            *o = 1.0 - (p1 - p2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // [0.1, 0.6, 0.3] -> 1 - (0.6 - 0.3) = 0.7 ; [0.5, 0.5, 0.0] -> 1.0 ; [1, 0, 0] -> 0
        let probs = [0.1, 0.6, 0.3, 0.5, 0.5, 0.0, 1.0, 0.0, 0.0];
        let b = OutputBatch {
            batch: 3,
            classes: 3,
            members: 1,
            probs: &probs,
            labels: None,
            maps: None,
            features: None,
            feature_dim: 0,
            recon: None,
        };
        let mut out = [0.0; 3];
        Margin(Aggregation::Max).score(&b, &mut out, &mut Rng::new(0));
        assert!((out[0] - 0.7).abs() < 1e-6);
        assert!((out[1] - 1.0).abs() < 1e-6);
        assert!(out[2].abs() < 1e-6);
    }
}
