//! Random scores in [0, 1): with `top_n` this is uniform random selection (the baseline).

use super::{OutputBatch, Scorer};
use crate::rng::Rng;

/// Uniform random scorer. Draws one value per sample in sample order.
pub struct RandomScore;

impl Scorer for RandomScore {
    fn score(&self, _b: &OutputBatch<'_>, out: &mut [f32], rng: &mut Rng) {
        for o in out.iter_mut() {
            *o = rng.uniform() as f32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_stream_same_scores_whatever_the_batching() {
        let probs = [0.5f32; 8];
        let whole = OutputBatch {
            batch: 4,
            classes: 2,
            members: 1,
            probs: &probs,
            labels: None,
            maps: None,
            features: None,
            feature_dim: 0,
            recon: None,
        };
        let mut a = [0.0; 4];
        RandomScore.score(&whole, &mut a, &mut Rng::new(9));
        let half = OutputBatch {
            batch: 2,
            classes: 2,
            members: 1,
            probs: &probs[..4],
            labels: None,
            maps: None,
            features: None,
            feature_dim: 0,
            recon: None,
        };
        let mut b = [0.0; 4];
        let mut rng = Rng::new(9);
        RandomScore.score(&half, &mut b[..2], &mut rng);
        RandomScore.score(&half, &mut b[2..], &mut rng);
        assert_eq!(a, b);
        assert!(a.iter().all(|x| (0.0..1.0).contains(x)));
    }
}
