//! "Grad" (NVIDIA Sec. III-A, after Ash et al.'s hallucinated gradients): the norm of the
//! gradient of the loss with respect to the output layer's weights and bias, taking the
//! model's own prediction as the label. Small gradients = confident samples.
//!
//! Closed form, no backward pass (verified against burn's autodiff in the learner's tests):
//! - classification, softmax + linear on features `h`: with `ŷ = argmax p`, the gradient of
//!   the cross-entropy is `(p − e_ŷ) hᵀ` for the weights and `p − e_ŷ` for the bias, so its
//!   norm is `‖p − e_ŷ‖ · √(‖h‖² + 1)`;
//! - detection, sigmoid + 1×1 convolution on the features `f_p` of position p: with
//!   `ŷ_c = [p_c > 0.5]`, the gradient of the binary cross-entropy at p is `(p − ŷ) f_pᵀ` (and
//!   `p − ŷ` for the bias): norm `‖p − ŷ‖ · √(‖f_p‖² + 1)` per position, aggregated over
//!   positions with `query.aggregation`.
//!
//! Each ensemble member (or MC pass) gives its own norm; the image's score reduces them with
//! `query.aggregation` too (`max`, or `mean`: the paper's "maximum or mean" over the
//! ensemble).

use super::maps::aggregate;
use super::{Aggregation, OutputBatch, Scorer};
use crate::rng::Rng;

/// Grad scorer.
pub struct Grad(pub Aggregation);

impl Scorer for Grad {
    fn score(&self, b: &OutputBatch<'_>, out: &mut [f32], _rng: &mut Rng) {
        let feats = b
            .features
            .expect("grad needs member features (declared in needs())");
        let (c, m, dim) = (b.classes, b.members, b.feature_dim);
        for (i, o) in out.iter_mut().enumerate() {
            *o = match &b.maps {
                None => aggregate(
                    self.0,
                    (0..m).map(|e| {
                        let p = |k: usize| b.probs[(i * c + k) * m + e];
                        let y = (0..c).fold(0, |best, k| if p(k) > p(best) { k } else { best });
                        let err2: f32 = (0..c)
                            .map(|k| (p(k) - if k == y { 1.0 } else { 0.0 }).powi(2))
                            .sum();
                        let h = &feats[(i * m + e) * dim..(i * m + e + 1) * dim];
                        let h2: f32 = h.iter().map(|v| v * v).sum();
                        (err2 * (h2 + 1.0)).sqrt()
                    }),
                ),
                Some(maps) => {
                    let np = maps.positions;
                    aggregate(
                        self.0,
                        (0..m).map(|e| {
                            aggregate(
                                self.0,
                                (0..np).map(|pos| {
                                    let err2: f32 = (0..c)
                                        .map(|k| {
                                            let q = maps.members(i, pos, k, c, m)[e];
                                            (q - if q > 0.5 { 1.0 } else { 0.0 }).powi(2)
                                        })
                                        .sum();
                                    let base = ((i * m + e) * np + pos) * dim;
                                    let f2: f32 =
                                        feats[base..base + dim].iter().map(|v| v * v).sum();
                                    (err2 * (f2 + 1.0)).sqrt()
                                }),
                            )
                        }),
                    )
                }
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_classification_and_maps() {
        // 1 image, 2 classes, 2 members; member 0: p = (0.8, 0.2), h = (1, 2): ŷ = 0,
        // ‖p − e_0‖² = 0.04 + 0.04 = 0.08, ‖h‖² + 1 = 6 → √0.48 = 0.6928203;
        // member 1: p = (0.4, 0.6), h = (0, 0): ŷ = 1, ‖p − e_1‖² = 0.32 → √0.32 = 0.5656854.
        let probs = [0.8, 0.4, 0.2, 0.6]; // [image, class, member]
        let feats = [1.0, 2.0, 0.0, 0.0]; // [image, member, dim]
        let b = OutputBatch {
            batch: 1,
            classes: 2,
            members: 2,
            probs: &probs,
            labels: None,
            maps: None,
            features: Some(&feats),
            feature_dim: 2,
            recon: None,
        };
        let mut out = [0.0f32];
        Grad(Aggregation::Max).score(&b, &mut out, &mut Rng::new(0));
        assert!((out[0] - 0.692_820_3).abs() < 1e-6, "{out:?}");
        Grad(Aggregation::Mean).score(&b, &mut out, &mut Rng::new(0));
        assert!(
            (out[0] - (0.692_820_3 + 0.565_685_4) / 2.0).abs() < 1e-6,
            "{out:?}"
        );
        // maps: 1 image, 2 positions, 1 class, 1 member; p = 0.7 (ŷ 1) and 0.1 (ŷ 0);
        // features (2) at position 0, (0) at 1: √(0.09·5) = 0.6708204 and √(0.01·1) = 0.1
        let map = [0.7, 0.1];
        let f = [2.0, 0.0];
        let b = OutputBatch {
            batch: 1,
            classes: 1,
            members: 1,
            probs: &[0.7],
            labels: None,
            maps: Some(crate::acquisition::MapOutputs {
                positions: 2,
                probs: &map,
                box_conf: &[],
                box_start: &[0, 0],
                losses: None,
            }),
            features: Some(&f),
            feature_dim: 1,
            recon: None,
        };
        Grad(Aggregation::Max).score(&b, &mut out, &mut Rng::new(0));
        assert!((out[0] - 0.670_820_4).abs() < 1e-6, "{out:?}");
        Grad(Aggregation::Mean).score(&b, &mut out, &mut Rng::new(0));
        assert!((out[0] - (0.670_820_4 + 0.1) / 2.0).abs() < 1e-6, "{out:?}");
    }

    #[test]
    fn scores_rank_three_images_by_hand() {
        // 3 images, 3 classes, 1 member, features of dimension 2:
        //   A: p = (1, 0, 0), h = (5, 5): ŷ = 0, p − e_0 = 0 → 0 (certain: no gradient);
        //   B: p = (0.5, 0.5, 0), h = (3, 4): a tie goes to the first class, ŷ = 0,
        //      ‖p − e_0‖² = 0.25 + 0.25 = 0.5, ‖h‖² + 1 = 26 → √13 = 3.6055513;
        //   C: p = (0.2, 0.3, 0.5), h = (0, 0): ŷ = 2, ‖p − e_2‖² = 0.04 + 0.09 + 0.25 =
        //      0.38, ‖h‖² + 1 = 1 → √0.38 = 0.6164414.
        // the ranking (top_n takes its head) puts B, then C, then A.
        let probs = [1.0, 0.0, 0.0, 0.5, 0.5, 0.0, 0.2, 0.3, 0.5];
        let feats = [5.0, 5.0, 3.0, 4.0, 0.0, 0.0];
        let b = OutputBatch {
            batch: 3,
            classes: 3,
            members: 1,
            probs: &probs,
            labels: None,
            maps: None,
            features: Some(&feats),
            feature_dim: 2,
            recon: None,
        };
        let mut out = [0.0f32; 3];
        Grad(Aggregation::Max).score(&b, &mut out, &mut Rng::new(0));
        let want = [0.0, 3.605_551_3, 0.616_441_4];
        for (a, w) in out.iter().zip(want) {
            assert!((a - w).abs() < 1e-6, "{out:?}");
        }
        let order: Vec<usize> = crate::selection::ranking(&out)
            .into_iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(order, vec![1, 2, 0]);
    }
}
