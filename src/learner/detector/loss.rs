//! The detector's loss: focal (or BCE) on the class maps, L1 on the boxes of positive cells,
//! each normalised by the number of positive cells of the image (at least 1).

use burn::prelude::*;
use burn::tensor::activation::{log_sigmoid, sigmoid};

use crate::learner::ops::row_sums;
use crate::learner::MapLoss;

/// Focal loss α (weight of positives) and γ (focusing), as in RetinaNet.
const ALPHA: f64 = 0.25;
const GAMMA: i32 = 2;

/// Targets of a batch: `heat` `[b, classes, n, n]`, `boxes` `[b, 4, n, n]`, `mask` `[b, 1, n, n]`.
pub struct Targets {
    /// Class maps, 1 at object centres.
    pub heat: Tensor<4>,
    /// Encoded boxes.
    pub boxes: Tensor<4>,
    /// 1 where a box is encoded.
    pub mask: Tensor<4>,
}

/// Per-image loss `[b]` of head outputs `out` `[b, classes + 4, n, n]`:
/// `(Σ map loss + Σ_positive |box − target|₁) / max(1, positives)`.
pub fn per_image_loss(out: Tensor<4>, t: &Targets, classes: usize, kind: MapLoss) -> Tensor<1> {
    let [b, _, n, _] = out.dims();
    let logits = out.clone().narrow(1, 0, classes);
    let raw = out.narrow(1, classes, 4);
    let heat = t.heat.clone();
    // BCE with logits: −[t·logσ(x) + (1 − t)·logσ(−x)]
    let bce = (heat.clone() * log_sigmoid(logits.clone())
        + (heat.clone().neg() + 1.0) * log_sigmoid(logits.clone().neg()))
    .neg();
    let map = match kind {
        MapLoss::Bce => bce,
        MapLoss::Focal => {
            let p = sigmoid(logits);
            // p_t = p·t + (1 − p)(1 − t); α_t = α·t + (1 − α)(1 − t)
            let pt = p.clone() * heat.clone() + (p.neg() + 1.0) * (heat.clone().neg() + 1.0);
            let at = heat.clone() * ALPHA + (heat.neg() + 1.0) * (1.0 - ALPHA);
            at * (pt.neg() + 1.0).powi_scalar(GAMMA) * bce
        }
    };
    // boxes: offsets through a sigmoid, log sizes raw
    let offsets = sigmoid(raw.clone().narrow(1, 0, 2));
    let sizes = raw.narrow(1, 2, 2);
    let pred = Tensor::cat(vec![offsets, sizes], 1);
    let l1 = (pred - t.boxes.clone()).abs() * t.mask.clone();
    // Sums over each image in an order fixed by the shapes (flex's own follows the host's
    // SIMD width): the same bits as `sum_dim(1)` on an AVX2 host.
    let positives = row_sums(t.mask.clone().reshape([b, n * n])).clamp_min(1.0);
    let map_sum = row_sums(map.reshape([b, classes * n * n]));
    let box_sum = row_sums(l1.reshape([b, 4 * n * n]));
    (map_sum + box_sum) / positives
}
