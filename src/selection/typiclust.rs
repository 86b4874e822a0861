//! TypiClust (Hacohen, Dekel & Weinshall, "Active Learning on a Budget", ICML 2022; the
//! `TPC_RP` variant on a given embedding): cluster the candidates into
//! `min(labeled + n, 500)` clusters with k-means ([`super::kmeans`]), then `n` times: take the
//! cluster with the fewest labeled samples (ties: the largest, then the lowest index) among
//! those of more than 5 points (all clusters when none is left), and pick its most typical
//! unpicked point; the cluster then counts one more labeled sample.
//!
//! Typicality (paper eq. 1): `1 / mean distance to the k nearest neighbours` in the cluster,
//! `k = min(query.neighbours, size − 1)` (default 20), Euclidean distances unsquared
//! (cosine with `query.distance = "cosine"`). The labeled samples count in the cluster of
//! their nearest centroid (the paper clusters labeled and unlabeled together; here the
//! clusters are the candidates'). The constants are those of the paper's code.
//!
//! Cost: k-means `O(20 · N · k · dim)` plus `O(s² · dim)` per cluster picked from (size `s`),
//! computed once per cluster in `gemm` tiles ([`super::knn_tiles`]); memory `O(N + k · dim)`
//! plus one tile per thread: no N × N matrix.

use super::kmeans::kmeans;
use super::knn::mean_knn_distance;
use super::points::Points;
use super::Distance;
use crate::pool::PoolPosition;
use crate::rng::Rng;

/// Default of `query.neighbours`.
pub const NEIGHBOURS: usize = 20;
/// At most this many clusters.
pub const MAX_CLUSTERS: usize = 500;
/// Clusters of at most this many points are used only when no larger one is left.
pub const MIN_CLUSTER_SIZE: usize = 5;

/// Choose `n ≤ points.len()` distinct positions; `labeled` are the labeled samples'
/// embeddings, `k_nn` the neighbours of the typicality.
pub fn typiclust(
    points: &Points<'_>,
    labeled: &Points<'_>,
    n: usize,
    k_nn: usize,
    d: Distance,
    rng: &mut Rng,
) -> Vec<PoolPosition> {
    let len = points.len();
    let n = n.min(len);
    if n == 0 {
        return Vec::new();
    }
    let cl = kmeans(points, (labeled.len() + n).min(MAX_CLUSTERS), rng);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); cl.k];
    for (i, &c) in cl.assign.iter().enumerate() {
        members[c as usize].push(i);
    }
    let mut covered = vec![0usize; cl.k];
    for j in 0..labeled.len() {
        covered[cl.nearest(labeled.row(j)) as usize] += 1;
    }
    let mut typical: Vec<Option<Vec<f32>>> = vec![None; cl.k];
    let mut picked = vec![false; len];
    let mut left: Vec<usize> = members.iter().map(Vec::len).collect();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let c = next_cluster(&members, &covered, &left);
        let mean =
            typical[c].get_or_insert_with(|| mean_knn_distance(points, &members[c], k_nn, d));
        // Most typical = smallest mean distance; ties to the lowest position.
        let (slot, _) = members[c]
            .iter()
            .enumerate()
            .filter(|&(_, &i)| !picked[i])
            .fold((usize::MAX, f32::INFINITY), |b, (s, _)| {
                if mean[s] < b.1 || b.0 == usize::MAX {
                    (s, mean[s])
                } else {
                    b
                }
            });
        let i = members[c][slot];
        picked[i] = true;
        left[c] -= 1;
        covered[c] += 1;
        out.push(PoolPosition(i));
    }
    out
}

/// The cluster to pick from: fewest labeled, then largest, then lowest index, among the
/// clusters of more than [`MIN_CLUSTER_SIZE`] points with an unpicked point (any cluster
/// with an unpicked point when none).
fn next_cluster(members: &[Vec<usize>], covered: &[usize], left: &[usize]) -> usize {
    let best = |big_only: bool| {
        (0..members.len())
            .filter(|&c| left[c] > 0 && (!big_only || members[c].len() > MIN_CLUSTER_SIZE))
            .min_by_key(|&c| (covered[c], std::cmp::Reverse(members[c].len()), c))
    };
    best(true)
        .or_else(|| best(false))
        .expect("n ≤ len leaves an unpicked point")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selection::positions;

    /// Cluster A: 0..=5 (positions 0–5, 6 points), cluster B: 100..=106 (positions 6–12,
    /// 7 points); n = 2, no labeled sample → 2 clusters.
    /// Pick 1: both have 0 labeled, B is larger. Typicality in B with k = 6: 103 (position
    /// 9) has mean distance (1+1+2+2+3+3)/6 = 2, the smallest. Pick 2: A (0 labeled against
    /// B's 1): k = 5, mean distances 0: 15/5 = 3, 1: 11/5 = 2.2, 2: 9/5 = 1.8, 3: 1.8, 4: 2.2,
    /// 5: 3 → 2 and 3 tie, the lower position: 2.
    #[test]
    fn hand_computed_two_clusters() {
        let data: Vec<f32> = (0..6).chain(100..107).map(|v| v as f32).collect();
        let p = Points::dense(&data, 1);
        let none = Points::dense(&[], 1);
        for seed in 0..5 {
            let got = typiclust(
                &p,
                &none,
                2,
                NEIGHBOURS,
                Distance::Euclidean,
                &mut Rng::new(seed),
            );
            assert_eq!(positions(&got), vec![9, 2]);
        }
        // A labeled sample at 103 covers B: n = 1 → 2 clusters, and A comes first.
        let lab = [103.0];
        let got = typiclust(
            &p,
            &Points::dense(&lab, 1),
            1,
            NEIGHBOURS,
            Distance::Euclidean,
            &mut Rng::new(0),
        );
        assert_eq!(positions(&got), vec![2]);
    }

    #[test]
    fn small_clusters_wait_and_everything_can_be_picked() {
        // B (3 points) is at most MIN_CLUSTER_SIZE: A (6 points) gives its 6 points first.
        let data: Vec<f32> = (0..6).chain(100..103).map(|v| v as f32).collect();
        let p = Points::dense(&data, 1);
        let none = Points::dense(&[], 1);
        let got = positions(&typiclust(
            &p,
            &none,
            9,
            3,
            Distance::Euclidean,
            &mut Rng::new(1),
        ));
        let k2 = positions(&typiclust(
            &p,
            &none,
            2,
            3,
            Distance::Euclidean,
            &mut Rng::new(1),
        ));
        assert!(k2.iter().all(|&i| i < 6), "{k2:?}");
        let mut s = got.clone();
        s.sort();
        assert_eq!(s, (0..9).collect::<Vec<_>>());
    }
}
