//! Effect sizes: difference of means with its 95% CI, Cohen's d (Hedges' g and power are in
//! [`super::power`]).

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::describe::{mean, std_dev};

/// Difference of means `mean(a) − mean(b)` with a 95% Welch confidence interval
/// `diff ± t(0.975, df_WS) · sqrt(va/na + vb/nb)`. `None` with fewer than 2 values per side;
/// with zero variance on both sides the interval is the point itself.
pub fn diff_ci95(a: &[f64], b: &[f64]) -> Option<(f64, f64, f64)> {
    if a.len() < 2 || b.len() < 2 {
        return None;
    }
    let diff = mean(a) - mean(b);
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (va, vb) = (std_dev(a).powi(2) / na, std_dev(b).powi(2) / nb);
    let se = (va + vb).sqrt();
    if se == 0.0 {
        return Some((diff, diff, diff));
    }
    let df = (va + vb).powi(2) / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
    let t = StudentsT::new(0.0, 1.0, df).ok()?.inverse_cdf(0.975);
    Some((diff, diff - t * se, diff + t * se))
}

/// Cohen's d with the pooled standard deviation; `None` when it is undefined (n < 2 per side
/// or zero pooled variance).
pub fn cohens_d(a: &[f64], b: &[f64]) -> Option<f64> {
    if a.len() < 2 || b.len() < 2 {
        return None;
    }
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let sp = (((na - 1.0) * std_dev(a).powi(2) + (nb - 1.0) * std_dev(b).powi(2))
        / (na + nb - 2.0))
        .sqrt();
    (sp > 0.0).then(|| (mean(a) - mean(b)) / sp)
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom (the half-width factor of a
/// two-sided 95 % interval); NaN for `df ≤ 0`.
pub fn t_quantile_975(df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df).map_or(f64::NAN, |t| t.inverse_cdf(0.975))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles() {
        // tables: t(0.975; 2) = 4.302653, t(0.975; 10) = 2.228139
        assert!((t_quantile_975(2.0) - 4.302_653).abs() < 1e-5);
        assert!((t_quantile_975(10.0) - 2.228_139).abs() < 1e-5);
        assert!(t_quantile_975(0.0).is_nan());
    }

    #[test]
    fn hand_computed() {
        // a = [1, 2, 3], b = [2, 4, 6]: means 2 and 4, vars 1 and 4, pooled sd sqrt(2.5)
        let (a, b) = ([1.0, 2.0, 3.0], [2.0, 4.0, 6.0]);
        assert!((cohens_d(&a, &b).unwrap() + 2.0 / 2.5f64.sqrt()).abs() < 1e-12);
        // Welch CI: se = sqrt(1/3 + 4/3), df = (5/3)^2 / ((1/9 + 16/9)/2) = 50/17;
        // SciPy: stats.t.ppf(0.975, 50/17) = 3.218758614532882, half-width 4.155399503182504
        let (d, lo, hi) = diff_ci95(&a, &b).unwrap();
        assert_eq!(d, -2.0);
        let half = hi - d;
        assert!((half - 4.155_399_503_182_504).abs() < 1e-9, "{half}");
        assert!((d - lo - half).abs() < 1e-12);
    }
}
