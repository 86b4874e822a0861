//! Mean distance to the `k` nearest neighbours within a subset of points (TypiClust's
//! typicality): the distances in tiles ([`super::knn_tiles`]), no subset × subset matrix,
//! one `k`-buffer per row.

use super::knn_tiles::{scan, Pairs, Rows};
use super::points::Points;
use super::Distance;

/// For each point of `members` (indices into `points`), the mean of its `k` smallest
/// distances to the other members (`k` is capped at `members.len() − 1`; 0 when alone).
/// Euclidean distances are the plain (not squared) `‖a − b‖`; cosine as
/// [`super::distance`]. Memory: `k` floats per member plus the tiles of
/// [`super::knn_tiles`].
pub fn mean_knn_distance(
    points: &Points<'_>,
    members: &[usize],
    k: usize,
    d: Distance,
) -> Vec<f32> {
    let k = k.min(members.len().saturating_sub(1));
    if k == 0 {
        return vec![0.0; members.len()];
    }
    let rows = Rows {
        points: *points,
        subset: Some(members),
    };
    let states = scan(
        rows,
        rows,
        d,
        Pairs::All,
        |_| Smallest::new(k),
        |best, i, j0, dist| {
            for (t, &v) in dist.iter().enumerate() {
                if j0 + t != i {
                    best.push(if d == Distance::Euclidean {
                        v.sqrt()
                    } else {
                        v
                    });
                }
            }
        },
    );
    states
        .into_iter()
        .map(|s| s.best.iter().sum::<f32>() / k as f32)
        .collect()
}

/// The `k` smallest values seen (unordered), with the largest of them and its slot cached.
struct Smallest {
    best: Vec<f32>,
    k: usize,
    /// The first slot holding the largest kept value, and that value (once full).
    top: (usize, f32),
}

impl Smallest {
    fn new(k: usize) -> Self {
        Smallest {
            best: Vec::with_capacity(k),
            k,
            top: (0, f32::NEG_INFINITY),
        }
    }

    /// Keep `v` if it is among the `k` smallest: below the largest kept, it takes that
    /// value's (first) slot.
    #[inline]
    fn push(&mut self, v: f32) {
        if self.best.len() < self.k {
            self.best.push(v);
            if self.best.len() == self.k {
                self.top = first_max(&self.best);
            }
        } else if v < self.top.1 {
            self.best[self.top.0] = v;
            self.top = first_max(&self.best);
        }
    }
}

/// The first slot of the largest value, and the value.
fn first_max(best: &[f32]) -> (usize, f32) {
    best.iter().enumerate().fold(
        (0, f32::NEG_INFINITY),
        |a, (i, &x)| if x > a.1 { (i, x) } else { a },
    )
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
        let got = mean_knn_distance(&p, &[0, 1, 2, 3], 2, Distance::Euclidean);
        assert_eq!(got, vec![2.0, 1.5, 2.5, 5.0]);
        // A subset: {0, 7} → k capped at 1 → 7 each.
        assert_eq!(
            mean_knn_distance(&p, &[0, 3], 5, Distance::Euclidean),
            vec![7.0, 7.0]
        );
        assert_eq!(
            mean_knn_distance(&p, &[2], 5, Distance::Euclidean),
            vec![0.0]
        );
    }

    /// The row-against-row pass this module replaced: direct `Σ (a − b)²`, the same
    /// `k`-buffer rule.
    fn direct(p: &Points<'_>, members: &[usize], k: usize, d: Distance) -> Vec<f32> {
        use crate::selection::points::{distance, norm_of};
        let norms = p.norms(d);
        let k = k.min(members.len() - 1);
        members
            .iter()
            .map(|&i| {
                let mut best = Smallest::new(k);
                for &j in members.iter().filter(|&&j| j != i) {
                    let v = distance(
                        d,
                        p.row(i),
                        p.row(j),
                        norm_of(&norms, i),
                        norm_of(&norms, j),
                    );
                    best.push(if d == Distance::Euclidean {
                        v.sqrt()
                    } else {
                        v
                    });
                }
                best.best.iter().sum::<f32>() / k as f32
            })
            .collect()
    }

    /// On small-integer points (exact distances, many exact ties) the tiled typicality has
    /// the direct pass's bits, hence TypiClust the same picks; on random points it agrees
    /// to rounding (a near-tie may then order differently).
    #[test]
    fn tiled_equals_direct() {
        let mut rng = crate::rng::Rng::new(2);
        let dim = 4;
        let ints: Vec<f32> = (0..900 * dim).map(|_| rng.below(9) as f32 - 4.0).collect();
        let p = Points::dense(&ints, dim);
        let members: Vec<usize> = (0..900).filter(|i| i % 5 != 1).collect();
        for d in [Distance::Euclidean, Distance::Cosine] {
            let got = mean_knn_distance(&p, &members, 20, d);
            if d == Distance::Euclidean {
                assert_eq!(got, direct(&p, &members, 20, d));
            }
            let floats: Vec<f32> = (0..900 * dim).map(|_| rng.normal() as f32).collect();
            let q = Points::dense(&floats, dim);
            let (got, want) = (
                mean_knn_distance(&q, &members, 20, d),
                direct(&q, &members, 20, d),
            );
            for (g, w) in got.iter().zip(&want) {
                assert!((g - w).abs() <= 1e-3 * w.max(1e-2), "{d:?}: {g} {w}");
            }
        }
    }
}
