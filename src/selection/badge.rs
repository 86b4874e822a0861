//! BADGE (Ash et al., "Deep Batch Active Learning by Diverse, Uncertain Gradient Lower
//! Bounds", ICLR 2020): k-means++ seeding on the gradient embeddings
//! `g_i = (p_i − e_ŷi) ⊗ h_i` of the output layer, with `p_i` the softmax, `ŷ_i = argmax p_i`
//! the model's own label and `h_i` the output layer's input (`query.embedding = "backbone"`
//! is the paper's; another embedding is taken as `h` as it is). The first centre has the
//! largest `‖g‖` (ties drawn uniformly), each next one is drawn with probability
//! `∝ min_c ‖g_i − g_c‖²` (D² sampling), as in the paper's code.
//!
//! The `[N, K·D]` embedding is never built: with `a_i = p_i − e_ŷi`,
//! `‖g_i − g_j‖² = ‖a_i‖²‖h_i‖² + ‖a_j‖²‖h_j‖² − 2 (a_i·a_j)(h_i·h_j)`, so one distance costs
//! `O(K + D)`. Memory: `N·K` floats for the `a_i` and `2N` more (norms, running minimum)
//! besides the `N·D` embedding the runner already holds; the materialised embedding would be
//! `N·K·D` (100,000 candidates, 10 classes, width 512: 2 GB, against 4 MB here).
//!
//! The probabilities are the first member's (one model, one deterministic pass: the paper's
//! setting; with `model.ensemble` or `query.mc_samples` above 1 the others are ignored, as
//! the features are the first member's). Classification only: a detector's output layer is
//! a 1×1 convolution applied at every position of a map, so an image's gradient is a sum
//! over positions and classes with no per-image closed form of the distances; the spec
//! refuses `badge` on detection.

use rayon::prelude::*;

use super::member_probs::MemberProbs;
use super::points::Points;
use crate::pool::PoolPosition;
use crate::rng::Rng;

/// Choose `n ≤ len` distinct positions. `probs` and `h` have one row per candidate.
pub fn badge(
    probs: &MemberProbs<'_>,
    h: &Points<'_>,
    n: usize,
    rng: &mut Rng,
) -> Vec<PoolPosition> {
    let len = h.len();
    let k = probs.classes;
    let n = n.min(len);
    let mut a = vec![0.0f32; len * k];
    for (i, row) in a.chunks_mut(k).enumerate() {
        let y = (0..k).fold(0, |b, c| {
            if probs.p(i, c, 0) > probs.p(i, b, 0) {
                c
            } else {
                b
            }
        });
        for (c, v) in row.iter_mut().enumerate() {
            *v = probs.p(i, c, 0) - if c == y { 1.0 } else { 0.0 };
        }
    }
    let g2: Vec<f32> = (0..len)
        .map(|i| dot(&a[i * k..(i + 1) * k], &a[i * k..(i + 1) * k]) * dot(h.row(i), h.row(i)))
        .collect();
    let mut out = Vec::with_capacity(n);
    if n == 0 {
        return out;
    }
    let max = g2.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let top: Vec<usize> = (0..len).filter(|&i| g2[i] == max).collect();
    let mut next = if top.is_empty() {
        rng.below(len)
    } else {
        top[rng.below(top.len())]
    };
    let mut dmin = vec![f32::INFINITY; len];
    let mut chosen = vec![false; len];
    loop {
        chosen[next] = true;
        out.push(PoolPosition(next));
        if out.len() == n {
            return out;
        }
        let (ac, hc, gc) = (&a[next * k..(next + 1) * k], h.row(next), g2[next]);
        dmin.par_iter_mut()
            .enumerate()
            .with_min_len(1024)
            .for_each(|(i, m)| {
                let d = grad_dist2((&a[i * k..(i + 1) * k], h.row(i), g2[i]), (ac, hc, gc));
                if d < *m {
                    *m = d;
                }
            });
        next = d2_sample(&dmin, &chosen, out.len(), rng);
    }
}

/// Draw an unchosen index with probability `∝ dmin[i]`; uniformly among the unchosen when
/// every mass is 0 (all remaining gradients equal to a chosen one). `taken` = number chosen.
pub fn d2_sample(dmin: &[f32], chosen: &[bool], taken: usize, rng: &mut Rng) -> usize {
    let len = dmin.len();
    let total: f64 = (0..len)
        .filter(|&i| !chosen[i])
        .map(|i| dmin[i] as f64)
        .sum();
    if total > 0.0 && total.is_finite() {
        let target = rng.uniform() * total;
        let (mut acc, mut pick) = (0.0f64, None);
        for i in (0..len).filter(|&i| !chosen[i]) {
            let mass = dmin[i] as f64;
            acc += mass;
            if mass > 0.0 {
                pick = Some(i);
                if acc > target {
                    break;
                }
            }
        }
        return pick.expect("a positive total has a candidate with positive mass");
    }
    let k = rng.below(len - taken);
    (0..len)
        .filter(|&i| !chosen[i])
        .nth(k)
        .expect("k < remaining")
}

/// `‖g_i − g_j‖²` of two gradient embeddings given as `(a, h, ‖a‖²‖h‖²)`, without
/// building them: `‖a_i‖²‖h_i‖² + ‖a_j‖²‖h_j‖² − 2 (a_i·a_j)(h_i·h_j)`, clamped at 0 (rounding).
#[inline]
pub fn grad_dist2(i: (&[f32], &[f32], f32), j: (&[f32], &[f32], f32)) -> f32 {
    (i.2 + j.2 - 2.0 * dot(i.0, j.0) * dot(i.1, j.1)).max(0.0)
}

#[inline]
fn dot(x: &[f32], y: &[f32]) -> f32 {
    x.iter().zip(y).map(|(a, b)| a * b).sum()
}

#[cfg(test)]
#[path = "badge_tests.rs"]
mod tests;
