//! Mann–Whitney U test, two-sided.
//!
//! Exact when there are no ties and `n1 + n2 ≤ 40` (the null distribution of U by dynamic
//! programming, p = min(1, 2·min(P(U ≤ u), P(U ≥ u)))); otherwise the normal approximation
//! with tie correction and continuity correction 0.5 (SciPy's `method="asymptotic"`).

use statrs::distribution::{ContinuousCDF, Normal};

use super::PValue;

/// Midranks (1-based) of the pooled sample, and the tie term Σ(t³ − t).
fn midranks(pooled: &[f64]) -> (Vec<f64>, f64) {
    let n = pooled.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| pooled[a].total_cmp(&pooled[b]));
    let mut ranks = vec![0.0; n];
    let mut ties = 0.0;
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && pooled[order[j + 1]] == pooled[order[i]] {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = r;
        }
        let t = (j - i + 1) as f64;
        ties += t * t * t - t;
        i = j + 1;
    }
    (ranks, ties)
}

/// Number of arrangements giving each U, for sizes (m, n): `counts[u]`, u in 0..=m·n.
fn u_counts(m: usize, n: usize) -> Vec<f64> {
    // f[i][j][u]: ways with i from the first sample, j from the second. Rolling over i + j.
    let max = m * n;
    let mut f = vec![vec![vec![0.0f64; max + 1]; n + 1]; m + 1];
    for row in f[0].iter_mut() {
        row[0] = 1.0;
    }
    for i in 1..=m {
        f[i][0][0] = 1.0;
        for j in 1..=n {
            for u in 0..=i * j {
                // last element (largest) from sample 1: contributes j to U; from sample 2: 0.
                let a = if u >= j { f[i - 1][j][u - j] } else { 0.0 };
                let b = f[i][j - 1][u];
                f[i][j][u] = a + b;
            }
        }
    }
    f[m][n].clone()
}

/// Two-sided Mann–Whitney U test of `a` vs `b`.
pub fn mann_whitney_u(a: &[f64], b: &[f64]) -> PValue {
    let (n1, n2) = (a.len(), b.len());
    if n1 == 0 || n2 == 0 {
        return PValue::na(format!("needs ≥ 1 run per method (got {n1} and {n2})"));
    }
    if a.iter().chain(b).any(|v| v.is_nan()) {
        return PValue::na("NaN in the data");
    }
    let pooled: Vec<f64> = a.iter().chain(b).copied().collect();
    let (ranks, ties) = midranks(&pooled);
    let r1: f64 = ranks[..n1].iter().sum();
    let u1 = r1 - (n1 * (n1 + 1)) as f64 / 2.0;
    let (f1, f2) = (n1 as f64, n2 as f64);
    if ties == 0.0 && n1 + n2 <= 40 {
        let counts = u_counts(n1, n2);
        let total: f64 = counts.iter().sum();
        let u = u1.round() as usize;
        let le: f64 = counts[..=u].iter().sum::<f64>() / total;
        let ge: f64 = counts[u..].iter().sum::<f64>() / total;
        return PValue::of((2.0 * le.min(ge)).min(1.0));
    }
    let n = f1 + f2;
    let var = f1 * f2 / 12.0 * ((n + 1.0) - ties / (n * (n - 1.0)));
    if var <= 0.0 {
        return PValue::na("all values tied");
    }
    let mu = f1 * f2 / 2.0;
    let z = ((u1 - mu).abs() - 0.5).max(0.0) / var.sqrt();
    let normal = Normal::standard();
    PValue::of(2.0 * normal.sf(z))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values from SciPy 1.17: scipy.stats.mannwhitneyu(X, Y, method="exact").pvalue
    // and mannwhitneyu(P, Q, method="asymptotic", use_continuity=True).pvalue.
    #[test]
    fn exact_matches_scipy() {
        let x = [1.1, 2.3, 0.7, 3.1];
        let y = [2.0, 4.2, 3.9, 5.0, 2.8];
        let p = mann_whitney_u(&x, &y).value().unwrap();
        assert!((p - 0.111_111_111_111_111_1).abs() < 1e-12, "{p}");
    }

    #[test]
    fn asymptotic_with_ties_matches_scipy() {
        let p = [
            0.5, 0.5, 0.7, 0.9, 1.0, 1.2, 0.8, 0.6, 0.75, 0.65, 1.1, 0.95,
        ];
        let q = [
            0.9, 1.3, 1.3, 1.4, 0.5, 1.6, 1.7, 1.15, 1.25, 1.05, 1.45, 0.85,
        ];
        let v = mann_whitney_u(&p, &q).value().unwrap();
        assert!((v - 0.005_521_815_825_831_493).abs() < 1e-9, "{v}");
    }

    #[test]
    fn u_distribution_small() {
        // m = 1, n = 2: U ∈ {0, 1, 2} each once.
        assert_eq!(u_counts(1, 2), vec![1.0, 1.0, 1.0]);
        // m = 2, n = 2: U = 0..4 with counts 1,1,2,1,1 (6 arrangements).
        assert_eq!(u_counts(2, 2), vec![1.0, 1.0, 2.0, 1.0, 1.0]);
    }
}
