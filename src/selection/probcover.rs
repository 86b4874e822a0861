//! ProbCover (Yehuda, Dekel, Hacohen & Weinshall, "Active Learning Through a Covering Lens",
//! NeurIPS 2022): greedy maximum coverage of the δ-ball graph. A point covers the candidates
//! in its ball `{x' : d(x, x') < δ}` (the open ball, see [`purity_delta`]); the labeled
//! samples' balls are covered from the start; each pick is the candidate whose ball holds
//! the most uncovered candidates (ties to the lowest position), and its ball becomes
//! covered. When everything is covered the remaining picks are uniform, as in the paper's
//! code.
//!
//! `d` is `query.distance` as the other samplers use it: the *squared* Euclidean distance,
//! or the cosine distance; `query.delta` is in those units. Without `query.delta`, δ is the
//! largest value whose balls are pure for at least 95 % of the candidates
//! ([`purity_delta`]).
//!
//! Memory: the balls as neighbour lists (4 bytes per edge: `Σ |ball|`, which δ chosen by
//! purity keeps small) and `O(N)` more; time `O(N² · dim)` for the graph (row against row,
//! parallel), plus `O(N² · dim)` for the purity rule. No N × N matrix.

use rayon::prelude::*;

use super::kmeans::kmeans;
use super::points::{distance, norm_of, Points};
use super::Distance;
use crate::pool::PoolPosition;
use crate::rng::Rng;

/// The purity the δ of the paper's rule reaches.
pub const PURITY: f64 = 0.95;

/// Choose `n ≤ points.len()` positions. `labeled`: the labeled samples' embeddings;
/// `delta`: `query.delta`, or `None` for [`purity_delta`] with `classes` pseudo-labels.
pub fn probcover(
    points: &Points<'_>,
    labeled: &Points<'_>,
    n: usize,
    (delta, classes): (Option<f64>, usize),
    d: Distance,
    rng: &mut Rng,
) -> Vec<PoolPosition> {
    let len = points.len();
    let n = n.min(len);
    if n == 0 {
        return Vec::new();
    }
    let norms = points.norms(d);
    let delta = match delta {
        Some(v) => v as f32,
        None => purity_delta(points, &norms, classes.max(2), d, rng),
    };
    let balls = balls(points, &norms, delta, d);
    let mut covered = vec![false; len];
    let lab_norms = labeled.norms(d);
    for j in 0..labeled.len() {
        let (row, nj) = (labeled.row(j), norm_of(&lab_norms, j));
        for (i, c) in covered.iter_mut().enumerate() {
            *c |= distance(d, points.row(i), row, norm_of(&norms, i), nj) < delta;
        }
    }
    greedy(&balls, covered, n, rng)
}

/// Greedy coverage of `balls` (symmetric neighbour lists) from `covered`.
pub fn greedy(
    balls: &[Vec<u32>],
    mut covered: Vec<bool>,
    n: usize,
    rng: &mut Rng,
) -> Vec<PoolPosition> {
    let len = balls.len();
    let mut degree: Vec<usize> = balls
        .iter()
        .map(|b| b.iter().filter(|&&j| !covered[j as usize]).count())
        .collect();
    let mut chosen = vec![false; len];
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let best = (0..len)
            .filter(|&i| !chosen[i])
            .fold(None::<usize>, |b, i| match b {
                Some(j) if degree[j] >= degree[i] => Some(j),
                _ => Some(i),
            })
            .expect("n ≤ len leaves a candidate");
        let pick = if degree[best] > 0 {
            best
        } else {
            let k = rng.below(len - out.len());
            (0..len)
                .filter(|&i| !chosen[i])
                .nth(k)
                .expect("k < remaining")
        };
        chosen[pick] = true;
        out.push(PoolPosition(pick));
        for &j in &balls[pick] {
            let j = j as usize;
            if !covered[j] {
                covered[j] = true;
                // Every ball holding j (the balls are symmetric) loses one uncovered point.
                for &i in &balls[j] {
                    degree[i as usize] -= 1;
                }
            }
        }
    }
    out
}

/// The ball of every point: the points at distance `< delta`, itself included.
pub fn balls(points: &Points<'_>, norms: &[f32], delta: f32, d: Distance) -> Vec<Vec<u32>> {
    (0..points.len())
        .into_par_iter()
        .with_min_len(64)
        .map(|i| {
            (0..points.len())
                .filter(|&j| {
                    i == j
                        || distance(
                            d,
                            points.row(i),
                            points.row(j),
                            norm_of(norms, i),
                            norm_of(norms, j),
                        ) < delta
                })
                .map(|j| j as u32)
                .collect()
        })
        .collect()
}

/// The paper's purity rule: pseudo-labels from k-means with `k` clusters (the number of
/// classes); a ball is pure when all its points share a pseudo-label. With `r_i` the
/// distance from point `i` to the nearest point of another pseudo-label, the open ball of
/// radius δ around `i` is pure iff `δ ≤ r_i`; the largest δ with at least 95 % pure balls is
/// the `(⌊0.05 N⌋ + 1)`-th smallest `r_i`. One pass row against row, `N` floats.
pub fn purity_delta(
    points: &Points<'_>,
    norms: &[f32],
    k: usize,
    d: Distance,
    rng: &mut Rng,
) -> f32 {
    let len = points.len();
    let labels = kmeans(points, k, rng).assign;
    let mut r: Vec<f32> = (0..len)
        .into_par_iter()
        .with_min_len(64)
        .map(|i| {
            (0..len)
                .filter(|&j| labels[j] != labels[i])
                .map(|j| {
                    distance(
                        d,
                        points.row(i),
                        points.row(j),
                        norm_of(norms, i),
                        norm_of(norms, j),
                    )
                })
                .fold(f32::INFINITY, f32::min)
        })
        .collect();
    r.sort_by(f32::total_cmp);
    let m = ((1.0 - PURITY) * len as f64).floor() as usize;
    let v = r[m.min(len - 1)];
    if v.is_finite() {
        v
    } else {
        f32::MAX
    }
}

#[cfg(test)]
#[path = "probcover_tests.rs"]
mod tests;
