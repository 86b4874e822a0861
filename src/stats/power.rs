//! Exact power of the two-sided two-sample t-test from the noncentral t distribution, the
//! repeats it needs for 80% power (a planning figure for the *next* experiment, not a
//! property of this one), and Hedges' g (Cohen's d corrected for small-sample bias).

use statrs::distribution::{ChiSquared, Continuous, ContinuousCDF, Normal, StudentsT};
use statrs::function::gamma::ln_gamma;

use super::effect::cohens_d;

/// Hedges' g: Cohen's d times the exact bias correction
/// `J(ν) = Γ(ν/2) / (√(ν/2) · Γ((ν−1)/2))`, ν = n_a + n_b − 2. `None` where d is undefined.
pub fn hedges_g(a: &[f64], b: &[f64]) -> Option<f64> {
    let d = cohens_d(a, b)?;
    let nu = (a.len() + b.len() - 2) as f64;
    let j = (ln_gamma(nu / 2.0) - ln_gamma((nu - 1.0) / 2.0)).exp() / (nu / 2.0).sqrt();
    Some(d * j)
}

/// `P(T > t)` for a noncentral t with `df` degrees of freedom and noncentrality `delta`:
/// `T = (Z + δ) / √(V/df)` with V ~ χ²(df), so `P(T > t) = E_V[Φ̄(t·√(V/df) − δ)]`,
/// integrated over V by composite Simpson's rule on [0, df + 20·√(2·df) + 20] (the χ² tail
/// beyond holds less than 1e-12).
pub fn noncentral_t_sf(t: f64, df: f64, delta: f64) -> f64 {
    let chi = ChiSquared::new(df).expect("df > 0");
    let z = Normal::standard();
    let upper = df + 20.0 * (2.0 * df).sqrt() + 20.0;
    let steps = 4000; // even
    let h = upper / steps as f64;
    let f = |v: f64| {
        // Below 2 degrees of freedom the density is infinite at 0 (integrably): skip it.
        let dens = if v == 0.0 && df < 2.0 {
            0.0
        } else {
            chi.pdf(v)
        };
        dens * z.sf(t * (v / df).sqrt() - delta)
    };
    let mut sum = f(0.0) + f(upper);
    for i in 1..steps {
        let w = if i % 2 == 1 { 4.0 } else { 2.0 };
        sum += w * f(i as f64 * h);
    }
    (sum * h / 3.0).clamp(0.0, 1.0)
}

/// Power of the two-sided two-sample t-test at level `alpha` with `n` runs per method to
/// detect a true standardized difference `d`.
pub fn t_test_power(d: f64, n: usize, alpha: f64) -> f64 {
    let df = 2.0 * n as f64 - 2.0;
    let delta = d.abs() * (n as f64 / 2.0).sqrt();
    let c = StudentsT::new(0.0, 1.0, df)
        .expect("df ≥ 2")
        .inverse_cdf(1.0 - alpha / 2.0);
    noncentral_t_sf(c, df, delta) + noncentral_t_sf(c, df, -delta)
}

/// Runs per method for 80% power at α = 0.05 (two-sided two-sample t-test) when the true
/// effect is `d`: the smallest n ≥ 2 whose exact power reaches 0.8. `None` for d = 0, NaN,
/// or beyond 100,000 runs.
pub fn power_n(d: f64) -> Option<usize> {
    if !d.is_finite() || d == 0.0 {
        return None;
    }
    // Start below the normal approximation 2(z₀.₉₇₅ + z₀.₈)²/d² and walk up.
    let z = Normal::standard();
    let approx = 2.0 * (z.inverse_cdf(0.975) + z.inverse_cdf(0.8)).powi(2) / (d * d);
    if approx > 100_000.0 {
        return None;
    }
    let mut n = ((approx.floor() as usize).saturating_sub(2)).max(2);
    while t_test_power(d, n, 0.05) < 0.8 {
        n += 1;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hedges_g_hand_computed() {
        // a = [1, 2, 3], b = [2, 4, 6]: d = −2/√2.5 = −1.26491; ν = 4,
        // J(4) = Γ(2) / (√2 · Γ(1.5)) = 1 / (1.41421 · 0.886227) = 0.797885 → g = −1.00925.
        let g = hedges_g(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).unwrap();
        assert!(
            (g - (-2.0 / 2.5f64.sqrt()) * 0.797_884_560_8).abs() < 1e-9,
            "{g}"
        );
        // ν = 8 (5 + 5 runs): J(8) = Γ(4) / (2 · Γ(3.5)) = 6 / (2 · 3.323351) = 0.902703; the
        // issue's margin example: d = 9.35 → g ≈ 8.44.
        let j8 = (ln_gamma(4.0) - ln_gamma(3.5)).exp() / 2.0;
        assert!((j8 - 0.902_703).abs() < 1e-6 && (9.35 * j8 - 8.44).abs() < 0.01);
        assert_eq!(hedges_g(&[1.0], &[2.0, 3.0]), None);
    }

    #[test]
    fn central_case_is_students_t() {
        // δ = 0: the noncentral t is Student's t; P(T > 2.776445) = 0.025 at df = 4.
        let p = noncentral_t_sf(2.776_445_105_2, 4.0, 0.0);
        assert!((p - 0.025).abs() < 1e-6, "{p}");
    }

    #[test]
    fn power_matches_published_values() {
        // G*Power, t-test of two independent means, two-sided, α = 0.05:
        // d = 0.5, n = 64 per group → power 0.8015; d = 1, n = 17 → 0.8070.
        assert!((t_test_power(0.5, 64, 0.05) - 0.8015).abs() < 5e-4);
        assert!((t_test_power(1.0, 17, 0.05) - 0.8070).abs() < 5e-4);
        assert_eq!(power_n(0.5), Some(64));
        assert_eq!(power_n(1.0), Some(17));
        // A large effect: the normal approximation said 2; the exact test needs 3
        // (n = 2: df = 2, t crit 4.303, power ≈ 0.5).
        assert_eq!(power_n(4.56), Some(3));
        assert!(t_test_power(4.56, 2, 0.05) < 0.8);
        assert_eq!(power_n(0.0), None);
    }
}
