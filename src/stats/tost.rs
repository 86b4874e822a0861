//! Equivalence: Schuirmann's two one-sided tests (TOST) on Welch's t. "No difference" may be
//! claimed only when the difference is shown to lie within ±`margin` (in the metric's AUC
//! units): both `H₀: Δ ≤ −margin` and `H₀: Δ ≥ +margin` are rejected.

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::describe::{mean, std_dev};
use super::PValue;

/// TOST p-value for `mean(a) − mean(b)` lying within ±`margin`: the larger of the two
/// one-sided Welch p-values. Not available with fewer than 2 runs per side, zero variance on
/// both sides, or `margin ≤ 0`.
pub fn tost_welch(a: &[f64], b: &[f64], margin: f64) -> PValue {
    if margin <= 0.0 || !margin.is_finite() {
        return PValue::na("no equivalence margin (set report.equivalence)");
    }
    if a.len() < 2 || b.len() < 2 {
        return PValue::na(format!(
            "needs ≥ 2 runs per method (got {} and {})",
            a.len(),
            b.len()
        ));
    }
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (va, vb) = (std_dev(a).powi(2) / na, std_dev(b).powi(2) / nb);
    let se = (va + vb).sqrt();
    if se == 0.0 {
        return PValue::na("zero variance on both sides");
    }
    let diff = mean(a) - mean(b);
    let df = (va + vb).powi(2) / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
    let Ok(t) = StudentsT::new(0.0, 1.0, df) else {
        return PValue::na(format!("invalid degrees of freedom {df}"));
    };
    let p_lower = t.sf((diff + margin) / se); // H₀: Δ ≤ −margin
    let p_upper = t.cdf((diff - margin) / se); // H₀: Δ ≥ +margin
    PValue::of(p_lower.max(p_upper))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // a = [1, 2, 3], b = [1.5, 2.5, 3.5]: Δ = −0.5, se = √(1/3 + 1/3) = 0.816497, df = 4.
        // margin 3: t_lower = (−0.5 + 3)/se = 3.061862, t_upper = (−0.5 − 3)/se = −4.286607;
        // P(T₄ > 3.061862) = 0.018795 and P(T₄ < −4.286607) = 0.006390 (Simpson integration of
        // the t₄ density, 200,000 steps) → p = 0.018795.
        let (a, b) = ([1.0, 2.0, 3.0], [1.5, 2.5, 3.5]);
        let p = tost_welch(&a, &b, 3.0).value().unwrap();
        assert!((p - 0.018_795).abs() < 1e-5, "{p}");
        // A margin smaller than the difference cannot be shown: p > 0.5.
        assert!(tost_welch(&a, &b, 0.4).value().unwrap() > 0.5);
        assert!(tost_welch(&a, &b, 0.0).value().is_none());
        assert!(tost_welch(&[1.0], &b, 3.0).value().is_none());
    }
}
