//! "Loss descending" (thesis 3.1.3): the model's cross-entropy against the true label,
//! `−ln P(y_true|x)` on member-averaged probabilities. An oracle scorer: it reads labels,
//! which a real deployment would not have (the thesis uses it on synthetic data).

use super::{OutputBatch, Scorer};
use crate::rng::Rng;

/// Smallest probability fed to the log, so a confident miss scores ~16.1 rather than infinity.
const P_MIN: f32 = 1e-7;

/// Oracle loss scorer.
pub struct Loss;

impl Scorer for Loss {
    fn score(&self, b: &OutputBatch<'_>, out: &mut [f32], _rng: &mut Rng) {
        if let Some(m) = &b.maps {
            // detection: the learner's per-image loss against the true boxes
            let losses = m
                .losses
                .expect("loss scorer needs labels (declared in needs())");
            out.copy_from_slice(&losses[..out.len()]);
            return;
        }
        let labels = b
            .labels
            .expect("loss scorer needs labels (declared in needs())");
        for (i, o) in out.iter_mut().enumerate() {
            let p = b.mean_prob(i, labels[i] as usize).max(P_MIN);
            *o = -p.ln();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // sample 0 label 1: p = 0.25 -> ln 4 = 1.3862944 ; sample 1 label 0: p = 1 -> 0
        // sample 2 label 2: p = 0 -> -ln(1e-7) = 16.118095
        let probs = [0.5, 0.25, 0.25, 1.0, 0.0, 0.0, 0.5, 0.5, 0.0];
        let labels = [1u32, 0, 2];
        let b = OutputBatch {
            batch: 3,
            classes: 3,
            members: 1,
            probs: &probs,
            labels: Some(&labels),
            maps: None,
            features: None,
            feature_dim: 0,
            recon: None,
        };
        let mut out = [0.0; 3];
        Loss.score(&b, &mut out, &mut Rng::new(0));
        assert!((out[0] - 1.386_294_4).abs() < 1e-5);
        assert!(out[1].abs() < 1e-6);
        assert!((out[2] - 16.118_095).abs() < 1e-3);
    }
}
