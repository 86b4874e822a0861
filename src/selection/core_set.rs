//! Greedy core-set (k-centre) weighted by score (NVIDIA eq. 5): repeatedly choose
//! `argmax_x s(x) · min_{c ∈ C} d(x, c)`, where the centres `C` start as the labeled set and
//! grow with every choice (Sener & Savarese's greedy algorithm, as the paper uses it).
//!
//! Cost: one pass per labeled sample and per choice (`O((L + n) · N · dim)`), one running
//! minimum per candidate: no N × N matrix. Deterministic: ties go to the lowest position.

use super::points::{lower_to, norm_of, Points};
use super::Distance;
use crate::pool::PoolPosition;

/// Choose `n ≤ points.len()` distinct positions. `centres` are the embeddings of the labeled
/// samples (may be empty: then the first choice is the highest weight). `weights` (≥ 0) scale
/// the distances.
pub fn core_set(
    points: &Points<'_>,
    centres: &Points<'_>,
    weights: &[f32],
    n: usize,
    d: Distance,
) -> Vec<PoolPosition> {
    let len = points.len();
    let n = n.min(len);
    let mut out = Vec::with_capacity(n);
    let norms = points.norms(d);
    let centre_norms = centres.norms(d);
    let mut dmin = vec![f32::INFINITY; len];
    for c in 0..centres.len() {
        lower_to(
            &mut dmin,
            points,
            &norms,
            d,
            centres.row(c),
            norm_of(&centre_norms, c),
        );
    }
    let mut chosen = vec![false; len];
    while out.len() < n {
        // With no centre yet every distance is ∞: rank by weight alone.
        let key = |i: usize| {
            if dmin[i].is_infinite() {
                weights[i]
            } else {
                weights[i] * dmin[i]
            }
        };
        let mut best: Option<(usize, f32)> = None;
        for i in (0..len).filter(|&i| !chosen[i]) {
            let k = key(i);
            if best.is_none_or(|(_, b)| k > b) {
                best = Some((i, k));
            }
        }
        let (pick, _) = best.expect("n ≤ len leaves a candidate");
        chosen[pick] = true;
        out.push(PoolPosition(pick));
        lower_to(
            &mut dmin,
            points,
            &norms,
            d,
            points.row(pick),
            norm_of(&norms, pick),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selection::positions;

    #[test]
    fn farthest_from_the_labeled_set_first() {
        // Candidates at 1, 2, 6, 9 on a line; labeled sample at 0.
        // Distances² to {0}: 1, 4, 36, 81 → pick 9 (pos 3). To {0, 9}: 1, 4, 9 → pick 6
        // (pos 2). To {0, 9, 6}: 1, 4 → pick 2 (pos 1).
        let data = [1.0, 2.0, 6.0, 9.0];
        let p = Points::dense(&data, 1);
        let labeled = [0.0];
        let c = Points::dense(&labeled, 1);
        let got = core_set(&p, &c, &[1.0; 4], 3, Distance::Euclidean);
        assert_eq!(positions(&got), vec![3, 2, 1]);
    }

    #[test]
    fn weights_scale_the_distance() {
        // Same points, weights (1, 10, 1, 0.1): keys 1, 40, 36, 8.1 → pos 1 first. After
        // centre 2: distances² 1, ·, 16, 49 → keys 1, 16, 4.9 → pos 2.
        let data = [1.0, 2.0, 6.0, 9.0];
        let p = Points::dense(&data, 1);
        let labeled = [0.0];
        let c = Points::dense(&labeled, 1);
        let got = core_set(&p, &c, &[1.0, 10.0, 1.0, 0.1], 2, Distance::Euclidean);
        assert_eq!(positions(&got), vec![1, 2]);
    }

    #[test]
    fn without_labeled_samples_the_heaviest_comes_first() {
        let data = [0.0, 5.0, 6.0];
        let p = Points::dense(&data, 1);
        let none = Points::dense(&[], 1);
        let got = core_set(&p, &none, &[1.0, 1.0, 2.0], 2, Distance::Euclidean);
        // First: weight 2 at 6. Then keys 1·36 = 36 vs 1·1 = 1 → pos 0.
        assert_eq!(positions(&got), vec![2, 0]);
    }

    #[test]
    fn cosine_spreads_over_directions() {
        // Directions 0°, 10°, 90°; labeled at 0° → 90° is farthest.
        let r = 10f32.to_radians();
        let data = [1.0, 0.0, r.cos(), r.sin(), 0.0, 1.0];
        let p = Points::dense(&data, 2);
        let labeled = [2.0, 0.0];
        let c = Points::dense(&labeled, 2);
        let got = core_set(&p, &c, &[1.0; 3], 1, Distance::Cosine);
        assert_eq!(positions(&got), vec![2]);
    }
}
