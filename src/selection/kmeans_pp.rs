//! k-means++ seeding weighted by score (NVIDIA Sec. III-B, "KMPP"): the first centre is
//! drawn uniformly; each next one with probability `p(x) = s(x) d_min(x) / Σ s d_min`, where
//! `d_min(x)` is the distance from `x` to its nearest chosen centre. The chosen centres are
//! the selection.
//!
//! Cost: `n` passes over the candidates (`O(n · N · dim)` time), one running minimum per
//! candidate (`N` floats): no N × N matrix.

use super::points::{lower_to, norm_of, Points};
use super::Distance;
use crate::pool::PoolPosition;
use crate::rng::Rng;

/// Choose `n ≤ points.len()` distinct positions. `weights` (one per point, ≥ 0, see
/// [`super::weights::weights`]) scale the distances. When every remaining candidate has
/// weight × distance 0 (duplicates of chosen centres, or zero weights), the next centre is
/// drawn uniformly from the remaining ones.
pub fn kmeans_pp(
    points: &Points<'_>,
    weights: &[f32],
    n: usize,
    d: Distance,
    rng: &mut Rng,
) -> Vec<PoolPosition> {
    let len = points.len();
    let n = n.min(len);
    let mut out = Vec::with_capacity(n);
    if n == 0 {
        return out;
    }
    let norms = points.norms(d);
    let mut dmin = vec![f32::INFINITY; len];
    let mut chosen = vec![false; len];
    let mut next = rng.below(len);
    loop {
        chosen[next] = true;
        out.push(PoolPosition(next));
        if out.len() == n {
            return out;
        }
        lower_to(
            &mut dmin,
            points,
            &norms,
            d,
            points.row(next),
            norm_of(&norms, next),
        );
        let total: f64 = (0..len)
            .filter(|&i| !chosen[i])
            .map(|i| weights[i] as f64 * dmin[i] as f64)
            .sum();
        next = if total > 0.0 && total.is_finite() {
            let target = rng.uniform() * total;
            let mut acc = 0.0f64;
            let mut pick = None;
            for i in (0..len).filter(|&i| !chosen[i]) {
                let mass = weights[i] as f64 * dmin[i] as f64;
                acc += mass;
                if mass > 0.0 {
                    pick = Some(i);
                    if acc > target {
                        break;
                    }
                }
            }
            pick.expect("a positive total has a candidate with positive mass")
        } else {
            let k = rng.below(len - out.len());
            (0..len)
                .filter(|&i| !chosen[i])
                .nth(k)
                .expect("k < remaining")
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selection::positions;

    #[test]
    fn second_centre_follows_weight_times_distance() {
        // Points on a line at 0, 1, 10. Whatever the first centre, the weighted masses
        // decide the second: with weights (1, 1, 0) the point at 10 can never be drawn.
        let data = [0.0, 1.0, 10.0];
        let p = Points::dense(&data, 1);
        for seed in 0..50 {
            let mut rng = Rng::new(seed);
            let got = positions(&kmeans_pp(
                &p,
                &[1.0, 1.0, 0.0],
                2,
                Distance::Euclidean,
                &mut rng,
            ));
            assert_eq!(got.len(), 2);
            assert!(!got.contains(&2) || got[0] == 2, "{got:?}");
        }
    }

    #[test]
    fn far_heavy_points_are_drawn_in_proportion() {
        // First centre at 0 (forced: weights do not matter for it, so use seeds where the
        // first draw is 0). Masses after it: point 1 → 1·1² = 1, point 2 → 1·3² = 9.
        // The second centre is point 2 with probability 0.9.
        let data = [0.0, 1.0, 3.0];
        let p = Points::dense(&data, 1);
        let (mut first0, mut far) = (0, 0);
        for seed in 0..4000 {
            let mut rng = Rng::new(seed);
            let got = positions(&kmeans_pp(
                &p,
                &[1.0, 1.0, 1.0],
                2,
                Distance::Euclidean,
                &mut rng,
            ));
            if got[0] == 0 {
                first0 += 1;
                far += (got[1] == 2) as usize;
            }
        }
        let frac = far as f64 / first0 as f64;
        assert!((frac - 0.9).abs() < 0.03, "{frac} over {first0}");
    }

    #[test]
    fn duplicates_fall_back_to_uniform_and_never_repeat() {
        let data = [1.0, 1.0, 1.0, 1.0];
        let p = Points::dense(&data, 1);
        let mut rng = Rng::new(3);
        let mut got = positions(&kmeans_pp(&p, &[1.0; 4], 4, Distance::Euclidean, &mut rng));
        got.sort();
        assert_eq!(got, vec![0, 1, 2, 3]);
    }

    #[test]
    fn same_seed_same_selection() {
        let data: Vec<f32> = (0..200).map(|i| ((i * 37) % 101) as f32).collect();
        let p = Points::dense(&data, 2);
        let w = vec![1.0; 100];
        let a = kmeans_pp(&p, &w, 10, Distance::Cosine, &mut Rng::new(9));
        let b = kmeans_pp(&p, &w, 10, Distance::Cosine, &mut Rng::new(9));
        assert_eq!(a, b);
    }
}
