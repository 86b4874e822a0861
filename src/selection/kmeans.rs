//! Lloyd's k-means on an embedding (squared Euclidean), for TypiClust's clusters and
//! ProbCover's pseudo-labels: k-means++ initialisation ([`super::kmeans_pp`], uniform
//! weights), then at most [`ITERATIONS`] assignment/update steps, stopping early when no
//! assignment changes. An empty cluster keeps its centroid.
//!
//! Cost: `O(iterations · N · k · dim)`, the assignment step in `gemm` tiles
//! ([`super::knn_tiles`]: a point near the midpoint of two centroids may go to the other one
//! than with the direct `Σ (a − c)²`); memory: `N` assignments and `k · dim` centroids.

use super::kmeans_pp::kmeans_pp;
use super::knn_tiles::{scan, Pairs, Rows};
use super::points::{distance, Points};
use super::Distance;
use crate::rng::Rng;

/// At most this many Lloyd iterations.
pub const ITERATIONS: usize = 20;

/// The clusters of a point set.
#[derive(Clone, Debug)]
pub struct Clusters {
    /// Cluster of each point, `< k`.
    pub assign: Vec<u32>,
    /// Centroids `[k, dim]`.
    pub centroids: Vec<f32>,
    /// Number of clusters.
    pub k: usize,
}

impl Clusters {
    /// The nearest centroid of `row` (ties to the lowest cluster).
    pub fn nearest(&self, row: &[f32]) -> u32 {
        let dim = row.len();
        let mut best = (0u32, f32::INFINITY);
        for (c, cen) in self.centroids.chunks_exact(dim).enumerate() {
            let d = distance(Distance::Euclidean, row, cen, 0.0, 0.0);
            if d < best.1 {
                best = (c as u32, d);
            }
        }
        best.0
    }
}

/// `k` clusters of `points` (`1 ≤ k ≤ points.len()`).
pub fn kmeans(points: &Points<'_>, k: usize, rng: &mut Rng) -> Clusters {
    let (len, dim) = (points.len(), points.dim());
    let k = k.clamp(1, len.max(1));
    let seeds = kmeans_pp(points, &vec![1.0; len], k, Distance::Euclidean, rng);
    let mut cl = Clusters {
        assign: vec![u32::MAX; len],
        centroids: seeds
            .iter()
            .flat_map(|p| points.row(p.0).to_vec())
            .collect(),
        k,
    };
    for _ in 0..ITERATIONS {
        let assign = nearest_all(points, &cl.centroids);
        if assign == cl.assign {
            break;
        }
        cl.assign = assign;
        let mut sums = vec![0.0f64; k * dim];
        let mut counts = vec![0usize; k];
        for i in 0..len {
            let c = cl.assign[i] as usize;
            counts[c] += 1;
            for (s, v) in sums[c * dim..(c + 1) * dim].iter_mut().zip(points.row(i)) {
                *s += *v as f64;
            }
        }
        for c in (0..k).filter(|&c| counts[c] > 0) {
            for d in 0..dim {
                cl.centroids[c * dim + d] = (sums[c * dim + d] / counts[c] as f64) as f32;
            }
        }
    }
    cl
}

/// The nearest centroid of every point (ties to the lowest cluster), the distances
/// `‖a‖² + ‖c‖² − 2 a·c` in `gemm` tiles ([`super::knn_tiles`]): `O(N · k · dim)`.
fn nearest_all(points: &Points<'_>, centroids: &[f32]) -> Vec<u32> {
    let cen = Rows::all(Points::dense(centroids, points.dim()));
    let best = scan(
        Rows::all(*points),
        cen,
        Distance::Euclidean,
        Pairs::All,
        |_| (0u32, f32::INFINITY),
        |b, _, j0, dist| {
            for (t, &v) in dist.iter().enumerate() {
                if v < b.1 {
                    *b = ((j0 + t) as u32, v);
                }
            }
        },
    );
    best.into_iter().map(|b| b.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_obvious_groups() {
        // 0, 1, 2 and 100, 101: the centroids are 1 and 100.5 whatever the seeding.
        let data = [0.0, 1.0, 2.0, 100.0, 101.0];
        let p = Points::dense(&data, 1);
        for seed in 0..10 {
            let cl = kmeans(&p, 2, &mut Rng::new(seed));
            let a = &cl.assign;
            assert!(a[0] == a[1] && a[1] == a[2] && a[3] == a[4] && a[0] != a[3]);
            let mut c = cl.centroids.clone();
            c.sort_by(f32::total_cmp);
            assert_eq!(c, vec![1.0, 100.5]);
        }
    }

    /// The tiled assignment is the direct one on small-integer points and centroids (exact
    /// distances, many exact ties: the lowest cluster wins in both), over several tiles.
    #[test]
    fn tiled_assignment_equals_direct() {
        let mut rng = Rng::new(3);
        let dim = 3;
        let data: Vec<f32> = (0..1000 * dim).map(|_| rng.below(11) as f32).collect();
        let centroids: Vec<f32> = (0..700 * dim).map(|_| rng.below(11) as f32).collect();
        let p = Points::dense(&data, dim);
        let cl = Clusters {
            assign: Vec::new(),
            centroids: centroids.clone(),
            k: 700,
        };
        let want: Vec<u32> = (0..1000).map(|i| cl.nearest(p.row(i))).collect();
        assert_eq!(nearest_all(&p, &centroids), want);
    }
}
