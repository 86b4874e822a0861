//! Distances between two sets of points, tile by tile, for the `O(N²)` passes of TypiClust
//! and ProbCover: the products `a·b` of a tile of [`ROWS`] × [`COLS`] pairs in one `gemm`
//! call (single-threaded; rayon runs the row blocks in parallel), then
//!
//! - squared Euclidean: `max(‖a‖² + ‖b‖² − 2 a·b, 0)`,
//! - cosine: `max(1 − a·b / (‖a‖ ‖b‖), 0)`, 1 when a norm is 0 (as [`super::points::distance`]).
//!
//! Never an `|A| × |B|` matrix: memory per thread `ROWS × COLS` distances plus
//! `(ROWS + COLS) × (dim + 1)` gathered floats (about 300 KiB at dim 64), whatever N.
//! Each row sees its columns in ascending order, so a consumer that keeps the first of exactly
//! tied values keeps the same one as a row-against-row pass would.
//!
//! The values differ from the direct `Σ (a − b)²` by rounding (the expansion cancels when
//! `a ≈ b`: absolute error about `ε · (‖a‖² + ‖b‖²)`), so a near-tie may order differently; on
//! points whose coordinates, squares and sums are exact in `f32` (small integers) both give
//! the same bits. The products sum over `dim` in blocks fixed by the shapes
//! ([`crate::matmul`]): the same bits on every x86-64 host with AVX2 + FMA, whatever its
//! caches.

use rayon::prelude::*;

use super::points::Points;
use super::Distance;
use crate::matmul::{gemm, Mat};

/// Rows per tile.
pub const ROWS: usize = 128;
/// Columns per tile.
pub const COLS: usize = 512;

/// Points `0..len` of `points`, or the points `subset[0], subset[1], …` of it.
#[derive(Clone, Copy, Debug)]
pub struct Rows<'a> {
    /// The points.
    pub points: Points<'a>,
    /// Indices into `points` (all points when `None`).
    pub subset: Option<&'a [usize]>,
}

impl<'a> Rows<'a> {
    /// All of `points`.
    pub fn all(points: Points<'a>) -> Self {
        Rows {
            points,
            subset: None,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.subset.map_or(self.points.len(), <[usize]>::len)
    }

    fn row(&self, i: usize) -> &'a [f32] {
        self.points.row(self.subset.map_or(i, |s| s[i]))
    }
}

/// Which pairs a [`scan`] visits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pairs {
    /// Every row of `a` against every row of `b`.
    All,
    /// `a` and `b` are the same rows: row `i` is handed at least the columns `j > i` (from the
    /// start of its row block on; the consumer skips `j ≤ i`), each pair computed once.
    Upper,
}

/// For every row `i` of `a` a state `init(i)`, handed to `visit(state, i, j0, dist)` once
/// per column block in ascending `j0`, `dist[t]` = the distance from `a[i]` to `b[j0 + t]`.
/// Returns the states in row order.
pub fn scan<S, I, V>(
    a: Rows<'_>,
    b: Rows<'_>,
    d: Distance,
    pairs: Pairs,
    init: I,
    visit: V,
) -> Vec<S>
where
    S: Send,
    I: Fn(usize) -> S + Sync,
    V: Fn(&mut S, usize, usize, &[f32]) + Sync,
{
    let dim = a.points.dim();
    assert_eq!(dim, b.points.dim(), "scan: points of different dims");
    let blocks: Vec<usize> = (0..a.len()).step_by(ROWS).collect();
    let per_block: Vec<Vec<S>> = blocks
        .into_par_iter()
        .map(|r0| {
            let r1 = (r0 + ROWS).min(a.len());
            let mut states: Vec<S> = (r0..r1).map(&init).collect();
            let (ra, na) = gather(&a, r0, r1, d);
            let mut rb = Vec::with_capacity(COLS * dim);
            let mut nb = Vec::with_capacity(COLS);
            let mut tile = vec![0.0f32; ROWS * COLS];
            let c_start = if pairs == Pairs::Upper { r0 } else { 0 };
            for c0 in (c_start..b.len()).step_by(COLS) {
                let c1 = (c0 + COLS).min(b.len());
                gather_into(&b, c0, c1, d, &mut rb, &mut nb);
                let w = c1 - c0;
                dot_tile(&ra, &rb, r1 - r0, w, dim, &mut tile[..(r1 - r0) * w]);
                for (t, state) in states.iter_mut().enumerate() {
                    let row = &mut tile[t * w..(t + 1) * w];
                    to_distances(row, na[t], &nb, d);
                    visit(state, r0 + t, c0, row);
                }
            }
            states
        })
        .collect();
    per_block.into_iter().flatten().collect()
}

/// Rows `r0..r1` of `rows`, contiguous, and their norms (squared for Euclidean).
fn gather(rows: &Rows<'_>, r0: usize, r1: usize, d: Distance) -> (Vec<f32>, Vec<f32>) {
    let (mut out, mut norms) = (Vec::new(), Vec::new());
    gather_into(rows, r0, r1, d, &mut out, &mut norms);
    (out, norms)
}

fn gather_into(
    rows: &Rows<'_>,
    r0: usize,
    r1: usize,
    d: Distance,
    out: &mut Vec<f32>,
    norms: &mut Vec<f32>,
) {
    out.clear();
    norms.clear();
    for i in r0..r1 {
        let r = rows.row(i);
        out.extend_from_slice(r);
        let sq: f32 = r.iter().map(|v| v * v).sum();
        norms.push(match d {
            Distance::Euclidean => sq,
            Distance::Cosine => sq.sqrt(),
        });
    }
}

/// `row[t] = a·b_t` → the distance, in place (`na`, `nb`: the norms of [`gather`]).
#[inline]
fn to_distances(row: &mut [f32], na: f32, nb: &[f32], d: Distance) {
    match d {
        Distance::Euclidean => {
            for (v, &n) in row.iter_mut().zip(nb) {
                *v = (na + n - 2.0 * *v).max(0.0);
            }
        }
        Distance::Cosine => {
            for (v, &n) in row.iter_mut().zip(nb) {
                let denom = na * n;
                *v = if denom == 0.0 {
                    1.0
                } else {
                    (1.0 - *v / denom).max(0.0)
                };
            }
        }
    }
}

/// `dst[m, n] = a[m, k] · b[n, k]ᵀ`, all row-major, single-threaded, summed over k in
/// blocks fixed by the shapes ([`crate::matmul::gemm`]).
fn dot_tile(a: &[f32], b: &[f32], m: usize, n: usize, k: usize, dst: &mut [f32]) {
    gemm(m, n, k, dst, Mat::rows(a, k), Mat::transposed(b, k), false);
}

#[cfg(test)]
#[path = "knn_tiles_tests.rs"]
mod tests;
