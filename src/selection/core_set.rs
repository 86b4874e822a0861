//! Greedy core-set (k-centre) weighted by score (NVIDIA eq. 5): repeatedly choose
//! `argmax_x s(x) · min_{c ∈ C} d(x, c)`, where the centres `C` start as the labeled set and
//! grow with every choice (Sener & Savarese's greedy algorithm, as the paper uses it).
//!
//! Cost: the distances to the labeled set in tiles of products ([`super::knn_tiles`]:
//! `O(L · N · dim)` by `gemm`, `‖a‖² + ‖b‖² − 2 a·b`), then one pass per choice
//! (`O(n · N · dim)`, direct differences), one running minimum per candidate: no N × N
//! matrix. Deterministic: ties go to the lowest position. The two formulas differ by
//! rounding, so a candidate almost equidistant from a labeled sample and a chosen one may
//! order differently than with either alone; on small-integer points both are exact.

use super::knn_tiles::{scan, Pairs, Rows};
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
    let mut dmin = nearest_centre(points, centres, d);
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

/// Each point's distance to its nearest centre (∞ without centres), tile by tile.
fn nearest_centre(points: &Points<'_>, centres: &Points<'_>, d: Distance) -> Vec<f32> {
    if centres.is_empty() {
        return vec![f32::INFINITY; points.len()];
    }
    scan(
        Rows::all(*points),
        Rows::all(*centres),
        d,
        Pairs::All,
        |_| f32::INFINITY,
        |m: &mut f32, _, _, dist| {
            for &v in dist {
                if v < *m {
                    *m = v;
                }
            }
        },
    )
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

    /// The tiled distances to the labeled set equal the direct ones on small-integer points
    /// (exact in both formulas), over several tiles of rows and columns.
    #[test]
    fn tiled_nearest_centre_equals_the_direct_pass() {
        let mut rng = crate::rng::Rng::new(4);
        let dim = 5;
        let pts: Vec<f32> = (0..700 * dim).map(|_| rng.below(9) as f32 - 4.0).collect();
        let cen: Vec<f32> = (0..600 * dim).map(|_| rng.below(9) as f32 - 4.0).collect();
        let (p, c) = (Points::dense(&pts, dim), Points::dense(&cen, dim));
        for d in [Distance::Euclidean, Distance::Cosine] {
            let got = nearest_centre(&p, &c, d);
            let (norms, cn) = (p.norms(d), c.norms(d));
            let mut want = vec![f32::INFINITY; p.len()];
            for j in 0..c.len() {
                lower_to(&mut want, &p, &norms, d, c.row(j), norm_of(&cn, j));
            }
            if d == Distance::Euclidean {
                assert_eq!(got, want);
            } else {
                for (g, w) in got.iter().zip(&want) {
                    assert!((g - w).abs() < 1e-5, "{g} vs {w}");
                }
            }
        }
    }
}
