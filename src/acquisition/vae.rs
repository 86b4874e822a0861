//! `vae`: the VAE+SSD note's novelty term, the reconstruction loss per pixel of a VAE trained
//! on the pool (`model.vae`); higher = less like what the VAE has seen. The note's dual score
//! `α·L_rec + β·L_task` is `query.combine = [{ scorer = "vae", weight = α }, { scorer =
//! "loss", weight = β }]` (or an uncertainty scorer in place of the oracle loss), each term
//! normalized by `query.normalize`.

use super::{OutputBatch, Scorer};
use crate::rng::Rng;

/// Reconstruction-loss scorer.
pub struct VaeScore;

impl Scorer for VaeScore {
    fn score(&self, b: &OutputBatch<'_>, out: &mut [f32], _rng: &mut Rng) {
        let r = b
            .recon
            .expect("vae needs reconstruction losses (declared in needs())");
        out.copy_from_slice(&r[..out.len()]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reconstruction_loss_is_the_score() {
        let recon = [0.25, 0.5];
        let b = OutputBatch {
            batch: 2,
            classes: 2,
            members: 1,
            probs: &[0.5, 0.5, 0.5, 0.5],
            labels: None,
            maps: None,
            features: None,
            feature_dim: 0,
            recon: Some(&recon),
        };
        let mut out = [0.0f32; 2];
        VaeScore.score(&b, &mut out, &mut Rng::new(0));
        assert_eq!(out, recon);
    }
}
