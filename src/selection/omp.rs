//! Sparse-modeling selection by orthogonal matching pursuit (NVIDIA Sec. III-B, eq. 6, "OMP"):
//! find N candidates whose columns of the similarity matrix `D` best represent the score
//! vector `s` (`min ‖D x − s‖²`, `‖x‖₀ = N`, `0 ≤ x ≤ 1`), greedily: pick the column most
//! positively correlated with the residual, refit the coefficients of the chosen columns by
//! least squares (clipped to [0, 1]), update the residual, repeat.
//!
//! No N × N matrix: with embeddings `E` (`N × d`), `D` has rank ≤ d + 2 and is kept as a
//! product `D = U Vᵀ` of two `N × r` factors —
//! - cosine: `d_ij = ê_i · ê_j` (unit rows): `U = V = Ê`, r = d;
//! - euclidean: `d_ij = ‖e_i − e_j‖² = a_i + a_j − 2 e_i·e_j` with `a = ‖e‖²`:
//!   `U = [a, 1, E]`, `V = [1, a, −2E]`, r = d + 2.
//!
//! Column j is `U v_j`, so its correlation with a residual `ρ` is `v_j · (Uᵀ ρ)` and its norm
//! `√(v_j G v_jᵀ)` with `G = UᵀU` (`r × r`). The normal equations of the chosen columns are
//! `V_S G V_Sᵀ x = V_S Uᵀ s`, solved by an incremental Cholesky factorisation with a small
//! ridge (1e-9 of the mean diagonal) so that a column that adds nothing (a duplicate, or the
//! rank of `D` exhausted) does not break it. Per step: `O(N r + k r + k²)` time; memory:
//! `N r` floats for the factors, `k²` for the factor of the Gram matrix.
//!
//! Once no unchosen column correlates positively with the residual (the representable part of
//! `s` is explained: at most ~r columns are informative), the remaining picks are the highest
//! scores not yet chosen. The paper runs OMP with N = 10.

use super::points::Points;
use super::Distance;
use crate::pool::PoolPosition;

/// `D = U Vᵀ` with `U`, `V` of `n × r`, row-major.
struct Factors {
    n: usize,
    r: usize,
    u: Vec<f64>,
    v: Vec<f64>,
}

fn factors(points: &Points<'_>, d: Distance) -> Factors {
    let (n, dim) = (points.len(), points.dim());
    match d {
        Distance::Cosine => {
            let mut u = Vec::with_capacity(n * dim);
            for i in 0..n {
                let row = points.row(i);
                let norm = row.iter().map(|&x| (x as f64).powi(2)).sum::<f64>().sqrt();
                let inv = if norm > 0.0 { 1.0 / norm } else { 0.0 };
                u.extend(row.iter().map(|&x| x as f64 * inv));
            }
            Factors {
                n,
                r: dim,
                v: u.clone(),
                u,
            }
        }
        Distance::Euclidean => {
            let r = dim + 2;
            let (mut u, mut v) = (Vec::with_capacity(n * r), Vec::with_capacity(n * r));
            for i in 0..n {
                let row = points.row(i);
                let a: f64 = row.iter().map(|&x| (x as f64).powi(2)).sum();
                u.extend([a, 1.0]);
                u.extend(row.iter().map(|&x| x as f64));
                v.extend([1.0, a]);
                v.extend(row.iter().map(|&x| -2.0 * x as f64));
            }
            Factors { n, r, u, v }
        }
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl Factors {
    /// Row `j` of `V` (column j of `D` is `U v_j`).
    fn v_row(&self, j: usize) -> &[f64] {
        &self.v[j * self.r..(j + 1) * self.r]
    }

    /// Row `i` of `U`.
    fn u_row(&self, i: usize) -> &[f64] {
        &self.u[i * self.r..(i + 1) * self.r]
    }
}

/// `G = UᵀU` (`r × r`, row-major).
fn gram(f: &Factors) -> Vec<f64> {
    let r = f.r;
    let mut g = vec![0.0f64; r * r];
    for i in 0..f.n {
        let ui = f.u_row(i);
        for a in 0..r {
            for b in 0..r {
                g[a * r + b] += ui[a] * ui[b];
            }
        }
    }
    g
}

/// `G w` for `G` of `r × r`.
fn times_g(g: &[f64], r: usize, w: &[f64]) -> Vec<f64> {
    (0..r).map(|a| dot(&g[a * r..(a + 1) * r], w)).collect()
}

/// The norm of every column of `D`, `√(v_j G v_jᵀ)`.
fn column_norms(f: &Factors, g: &[f64]) -> Vec<f64> {
    let r = f.r;
    let mut gv = vec![0.0f64; r];
    let mut col_norm = vec![0.0f64; f.n];
    for (j, cn) in col_norm.iter_mut().enumerate() {
        let vj = f.v_row(j);
        for (a, o) in gv.iter_mut().enumerate() {
            *o = dot(&g[a * r..(a + 1) * r], vj);
        }
        *cn = dot(vj, &gv).max(0.0).sqrt();
    }
    col_norm
}

/// `Uᵀ s`.
fn u_transpose(f: &Factors, s: &[f64]) -> Vec<f64> {
    let mut uts = vec![0.0f64; f.r];
    for (ui, si) in f.u.chunks_exact(f.r).zip(s) {
        for (o, u) in uts.iter_mut().zip(ui) {
            *o += u * si;
        }
    }
    uts
}

/// The unchosen column most positively correlated with the residual (normalised), given
/// `Uᵀ ρ`; `None` when none correlates positively.
fn best_column(f: &Factors, utr: &[f64], col_norm: &[f64], chosen: &[bool]) -> Option<usize> {
    let mut best: Option<(f64, usize)> = None;
    for j in 0..f.n {
        if chosen[j] || col_norm[j] == 0.0 {
            continue;
        }
        let c = dot(f.v_row(j), utr) / col_norm[j];
        if c > 1e-12 && best.is_none_or(|(bc, _)| c > bc) {
            best = Some((c, j));
        }
    }
    best.map(|(_, j)| j)
}

/// The normal equations `V_S G V_Sᵀ x = V_S Uᵀ s` of the chosen columns, grown one column at a
/// time: the Cholesky factor `L` (lower, `k × k`, row-major in a `cap × cap` buffer), the
/// right-hand side and the solution.
struct Normal {
    cap: usize,
    l: Vec<f64>,
    rhs: Vec<f64>,
    x: Vec<f64>,
    y: Vec<f64>,
}

impl Normal {
    fn new(cap: usize) -> Normal {
        Normal {
            cap,
            l: vec![0.0f64; cap * cap],
            rhs: Vec::with_capacity(cap),
            x: vec![0.0f64; cap],
            y: vec![0.0f64; cap],
        }
    }

    /// Add a column: `gram[i]` = `v_{S_i} G v_j` for the k columns so far, `diagonal` =
    /// `v_j G v_j + ridge` (the factor's diagonal is kept ≥ √ridge), `rhs` = `v_j · Uᵀ s`.
    fn push(&mut self, gram: &[f64], diagonal: f64, ridge: f64, rhs: f64) {
        let (n, k, l) = (self.cap, gram.len(), &mut self.l);
        for (i, &g) in gram.iter().enumerate() {
            let mut bi = g;
            for m in 0..i {
                bi -= l[i * n + m] * l[k * n + m];
            }
            l[k * n + i] = bi / l[i * n + i];
        }
        let diag = diagonal - (0..k).map(|m| l[k * n + m].powi(2)).sum::<f64>();
        l[k * n + k] = diag.max(ridge).sqrt();
        self.rhs.push(rhs);
    }

    /// Solve `L y = rhs`, `Lᵀ x = y` for the columns so far: `x` (unclipped).
    fn solve(&mut self) -> &[f64] {
        let (n, kk, l) = (self.cap, self.rhs.len(), &self.l);
        for i in 0..kk {
            let mut t = self.rhs[i];
            for m in 0..i {
                t -= l[i * n + m] * self.y[m];
            }
            self.y[i] = t / l[i * n + i];
        }
        for i in (0..kk).rev() {
            let mut t = self.y[i];
            for m in i + 1..kk {
                t -= l[m * n + i] * self.x[m];
            }
            self.x[i] = t / l[i * n + i];
        }
        &self.x[..kk]
    }
}

/// `Uᵀ ρ` of the residual `ρ = s − U (V_Sᵀ x⁺)` (x clipped to [0, 1]), without forming ρ:
/// `Uᵀ s − G (V_Sᵀ x⁺)`.
fn residual_correlation(
    f: &Factors,
    g: &[f64],
    uts: &[f64],
    out: &[PoolPosition],
    x: &[f64],
) -> Vec<f64> {
    let r = f.r;
    let mut w = vec![0.0f64; r];
    for (i, pos) in out.iter().enumerate() {
        let xi = x[i].clamp(0.0, 1.0);
        for (a, o) in w.iter_mut().enumerate() {
            *o += f.v[pos.0 * r + a] * xi;
        }
    }
    (0..r)
        .map(|a| uts[a] - dot(&g[a * r..(a + 1) * r], &w))
        .collect()
}

/// Choose `n ≤ points.len()` distinct positions for the score vector `target` (one per point,
/// ≥ 0: [`super::weights::weights`]).
pub fn omp(points: &Points<'_>, target: &[f32], n: usize, d: Distance) -> Vec<PoolPosition> {
    let f = factors(points, d);
    let (len, r) = (f.n, f.r);
    let n = n.min(len);
    let mut out = Vec::with_capacity(n);
    if n == 0 {
        return out;
    }
    let s: Vec<f64> = target.iter().map(|&x| x as f64).collect();
    let g = gram(&f);
    let col_norm = column_norms(&f, &g);
    let mean_diag = col_norm.iter().map(|c| c * c).sum::<f64>() / len as f64;
    let ridge = 1e-9 * mean_diag.max(f64::MIN_POSITIVE);
    // Uᵀ s (fixed) and Uᵀ ρ (per step)
    let uts = u_transpose(&f, &s);
    let mut utr = uts.clone();
    let mut chosen = vec![false; len];
    let mut normal = Normal::new(n);
    while out.len() < n {
        let Some(j) = best_column(&f, &utr, &col_norm, &chosen) else {
            break;
        };
        chosen[j] = true;
        let vj = f.v_row(j);
        let gj = times_g(&g, r, vj);
        let gram_row: Vec<f64> = out
            .iter()
            .map(|p: &PoolPosition| dot(f.v_row(p.0), &gj))
            .collect();
        normal.push(&gram_row, dot(vj, &gj) + ridge, ridge, dot(vj, &uts));
        out.push(PoolPosition(j));
        utr = residual_correlation(&f, &g, &uts, &out, normal.solve());
    }
    // nothing left to explain: the highest remaining scores
    if out.len() < n {
        let mut rest: Vec<usize> = (0..len).filter(|&j| !chosen[j]).collect();
        rest.sort_by(|&a, &b| s[b].total_cmp(&s[a]).then(a.cmp(&b)));
        out.extend(rest.into_iter().take(n - out.len()).map(PoolPosition));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// The same greedy algorithm on the explicit N × N matrix (tests only).
    fn reference(e: &[f32], dim: usize, s: &[f32], n: usize, dist: Distance) -> Vec<usize> {
        let len = e.len() / dim;
        let row = |i: usize| &e[i * dim..(i + 1) * dim];
        let d = |i: usize, j: usize| -> f64 {
            match dist {
                Distance::Euclidean => row(i)
                    .iter()
                    .zip(row(j))
                    .map(|(a, b)| ((a - b) as f64).powi(2))
                    .sum(),
                Distance::Cosine => {
                    let n = |v: &[f32]| v.iter().map(|&x| (x as f64).powi(2)).sum::<f64>().sqrt();
                    row(i)
                        .iter()
                        .zip(row(j))
                        .map(|(a, b)| *a as f64 * *b as f64)
                        .sum::<f64>()
                        / (n(row(i)) * n(row(j)))
                }
            }
        };
        let dm: Vec<Vec<f64>> = (0..len)
            .map(|i| (0..len).map(|j| d(i, j)).collect())
            .collect();
        let s: Vec<f64> = s.iter().map(|&x| x as f64).collect();
        let mut chosen: Vec<usize> = Vec::new();
        let mut res = s.clone();
        for _ in 0..n {
            let mut best: Option<(f64, usize)> = None;
            for j in (0..len).filter(|j| !chosen.contains(j)) {
                let norm = (0..len).map(|i| dm[i][j].powi(2)).sum::<f64>().sqrt();
                let c = (0..len).map(|i| dm[i][j] * res[i]).sum::<f64>() / norm;
                if c > 1e-12 && best.is_none_or(|(bc, _)| c > bc) {
                    best = Some((c, j));
                }
            }
            let Some((_, j)) = best else { break };
            chosen.push(j);
            // least squares on the chosen columns (normal equations, Gauss–Jordan)
            let k = chosen.len();
            let mut a = vec![vec![0.0f64; k + 1]; k];
            for p in 0..k {
                for q in 0..k {
                    a[p][q] = (0..len).map(|i| dm[i][chosen[p]] * dm[i][chosen[q]]).sum();
                }
                a[p][k] = (0..len).map(|i| dm[i][chosen[p]] * s[i]).sum();
            }
            for c in 0..k {
                let piv = a[c][c];
                for v in a[c].iter_mut() {
                    *v /= piv;
                }
                for rr in 0..k {
                    if rr != c {
                        let fct = a[rr][c];
                        let pivot_row = a[c].clone();
                        for (v, p) in a[rr].iter_mut().zip(pivot_row) {
                            *v -= fct * p;
                        }
                    }
                }
            }
            for (i, ri) in res.iter_mut().enumerate() {
                *ri = s[i]
                    - (0..k)
                        .map(|p| dm[i][chosen[p]] * a[p][k].clamp(0.0, 1.0))
                        .sum::<f64>();
            }
        }
        chosen
    }

    #[test]
    fn matches_the_explicit_matrix_algorithm_without_building_it() {
        let mut rng = Rng::new(4);
        for dist in [Distance::Euclidean, Distance::Cosine] {
            for case in 0..6 {
                let (len, dim) = (30 + case, 3 + case % 3);
                let e: Vec<f32> = (0..len * dim)
                    .map(|_| rng.range(-1.0, 1.0) as f32)
                    .collect();
                let s: Vec<f32> = (0..len).map(|_| rng.uniform() as f32).collect();
                let n = 4;
                let got: Vec<usize> = omp(&Points::dense(&e, dim), &s, n, dist)
                    .into_iter()
                    .map(|p| p.0)
                    .collect();
                let want = reference(&e, dim, &s, n, dist);
                assert_eq!(&got[..want.len()], &want[..], "{dist:?} case {case}");
                assert_eq!(got.len(), n);
            }
        }
    }

    #[test]
    fn never_picks_a_duplicate_before_a_new_point_and_fills_by_score() {
        // 1-d points: two copies of 0 (scores 1.0, 0.9), and 5 (score 0.8), cosine on 2-d
        // embeddings: (1, 0) twice and (0, 1). After the first (1, 0) the duplicate adds nothing;
        // the next informative column is (0, 1).
        let e = [1.0, 0.0, 1.0, 0.0, 0.0, 1.0];
        let s = [1.0, 0.9, 0.8];
        let got: Vec<usize> = omp(&Points::dense(&e, 2), &s, 3, Distance::Cosine)
            .into_iter()
            .map(|p| p.0)
            .collect();
        assert_eq!(
            got[..2]
                .iter()
                .copied()
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            2
        );
        assert!(got[..2].contains(&2), "{got:?}");
        assert_eq!(got.len(), 3);
        let mut all = got.clone();
        all.sort_unstable();
        assert_eq!(all, vec![0, 1, 2]);
    }
}
