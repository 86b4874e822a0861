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
//! purity keeps small; 1.5 times that while the lists are mirrored) and `O(N)` more, plus one
//! distance tile per thread ([`super::knn_tiles`]); time `O(N² · dim / 2)` for the graph
//! (each pair once, `gemm` tiles, parallel), `O(N² · dim)` for the purity rule and
//! `O(N · labeled · dim)` for the labeled samples' balls. No N × N matrix.

use super::kmeans::kmeans;
use super::knn_tiles::{scan, Pairs, Rows};
use super::points::Points;
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
    let delta = match delta {
        Some(v) => v as f32,
        None => purity_delta(points, classes.max(2), d, rng),
    };
    let balls = balls(points, delta, d);
    let covered = scan(
        Rows::all(*points),
        Rows::all(*labeled),
        d,
        Pairs::All,
        |_| false,
        |c, _, _, dist| *c = *c || dist.iter().any(|&v| v < delta),
    );
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

/// The ball of every point: the points at distance `< delta`, itself included, in
/// ascending order. Each pair's distance is computed once (so the balls are symmetric:
/// [`greedy`] relies on it), then mirrored.
pub fn balls(points: &Points<'_>, delta: f32, d: Distance) -> Vec<Vec<u32>> {
    let rows = Rows::all(*points);
    let mut upper: Vec<Vec<u32>> = scan(
        rows,
        rows,
        d,
        Pairs::Upper,
        |_| Vec::new(),
        |b, i, j0, dist| {
            for (t, &v) in dist.iter().enumerate() {
                let j = j0 + t;
                if j > i && v < delta {
                    b.push(j as u32);
                }
            }
        },
    );
    // balls[i] = its neighbours j < i (pushed while j's list is read, ascending), i, j > i.
    let mut out: Vec<Vec<u32>> = vec![Vec::new(); upper.len()];
    for j in 0..upper.len() {
        let above = std::mem::take(&mut upper[j]);
        out[j].push(j as u32);
        out[j].extend_from_slice(&above);
        for &i in &above {
            out[i as usize].push(j as u32);
        }
    }
    out
}

/// The paper's purity rule: pseudo-labels from k-means with `k` clusters (the number of
/// classes); a ball is pure when all its points share a pseudo-label. With `r_i` the
/// distance from point `i` to the nearest point of another pseudo-label, the open ball of
/// radius δ around `i` is pure iff `δ ≤ r_i`; the largest δ with at least 95 % pure balls is
/// the `(⌊0.05 N⌋ + 1)`-th smallest `r_i`. One pass in tiles, `N` floats.
pub fn purity_delta(points: &Points<'_>, k: usize, d: Distance, rng: &mut Rng) -> f32 {
    let len = points.len();
    let labels = kmeans(points, k, rng).assign;
    let rows = Rows::all(*points);
    let mut r = scan(
        rows,
        rows,
        d,
        Pairs::All,
        |_| f32::INFINITY,
        |m, i, j0, dist| {
            for (t, &v) in dist.iter().enumerate() {
                if labels[j0 + t] != labels[i] {
                    *m = m.min(v);
                }
            }
        },
    );
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
