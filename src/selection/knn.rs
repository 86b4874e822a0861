//! Mean distance to the `k` nearest neighbours within a subset of points (TypiClust's
//! typicality), row against row: no subset × subset matrix, one `k`-buffer per thread.

use rayon::prelude::*;

use super::points::{distance, Points};
use super::Distance;

/// For each point of `members` (indices into `points`), the mean of its `k` smallest
/// distances to the other members (`k` is capped at `members.len() − 1`; 0 when alone).
/// Euclidean distances are the plain (not squared) `‖a − b‖`; cosine as
/// [`super::distance`]. `norms` from [`Points::norms`].
pub fn mean_knn_distance(
    points: &Points<'_>,
    norms: &[f32],
    members: &[usize],
    k: usize,
    d: Distance,
) -> Vec<f32> {
    let k = k.min(members.len().saturating_sub(1));
    if k == 0 {
        return vec![0.0; members.len()];
    }
    let norm = |i: usize| norms.get(i).copied().unwrap_or(0.0);
    members
        .par_iter()
        .with_min_len(64)
        .map_init(
            || Vec::with_capacity(k),
            |best: &mut Vec<f32>, &i| {
                best.clear();
                for &j in members.iter().filter(|&&j| j != i) {
                    let mut v = distance(d, points.row(i), points.row(j), norm(i), norm(j));
                    if d == Distance::Euclidean {
                        v = v.sqrt();
                    }
                    push_smallest(best, k, v);
                }
                best.iter().sum::<f32>() / k as f32
            },
        )
        .collect()
}

/// Keep the `k` smallest values seen in `best` (unordered).
#[inline]
fn push_smallest(best: &mut Vec<f32>, k: usize, v: f32) {
    if best.len() < k {
        best.push(v);
        return;
    }
    let (arg, max) =
        best.iter().enumerate().fold(
            (0, f32::NEG_INFINITY),
            |a, (i, &x)| if x > a.1 { (i, x) } else { a },
        );
    if v < max {
        best[arg] = v;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_hand_on_a_line() {
        // Points 0, 1, 3, 7 (members 0..4), k = 2:
        // 0: neighbours 1, 3 → 2; 1: 1, 2 → 1.5; 3: 2, 3 → 2.5; 7: 4, 6 → 5.
        let data = [0.0, 1.0, 3.0, 7.0];
        let p = Points::dense(&data, 1);
        let got = mean_knn_distance(&p, &[], &[0, 1, 2, 3], 2, Distance::Euclidean);
        assert_eq!(got, vec![2.0, 1.5, 2.5, 5.0]);
        // A subset: {0, 7} → k capped at 1 → 7 each.
        assert_eq!(
            mean_knn_distance(&p, &[], &[0, 3], 5, Distance::Euclidean),
            vec![7.0, 7.0]
        );
        assert_eq!(
            mean_knn_distance(&p, &[], &[2], 5, Distance::Euclidean),
            vec![0.0]
        );
    }
}
