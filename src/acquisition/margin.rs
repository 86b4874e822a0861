//! Margin of confidence, thesis eq. 3.2: `1 − (P(y1*|x) − P(y2*|x))`, in [0, 1].

use super::{OutputBatch, Scorer};
use crate::rng::Rng;

/// Margin scorer on member-averaged probabilities.
pub struct Margin;

impl Scorer for Margin {
    fn score(&self, b: &OutputBatch<'_>, out: &mut [f32], _rng: &mut Rng) {
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
        };
        let mut out = [0.0; 3];
        Margin.score(&b, &mut out, &mut Rng::new(0));
        assert!((out[0] - 0.7).abs() < 1e-6);
        assert!((out[1] - 1.0).abs() < 1e-6);
        assert!(out[2].abs() < 1e-6);
    }
}
