//! Two-sided t-tests on per-run AUCs: Welch, Student (pooled variance), paired.

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::describe::{mean, std_dev};
use super::PValue;

/// Two-sided p-value of a t statistic with `df` degrees of freedom.
pub(crate) fn two_sided(t: f64, df: f64) -> PValue {
    match StudentsT::new(0.0, 1.0, df) {
        Ok(dist) => PValue::of(2.0 * dist.sf(t.abs())),
        Err(_) => PValue::na(format!("invalid degrees of freedom {df}")),
    }
}

fn precheck(a: &[f64], b: &[f64]) -> Option<PValue> {
    if a.len() < 2 || b.len() < 2 {
        return Some(PValue::na(format!(
            "needs ≥ 2 runs per method (got {} and {})",
            a.len(),
            b.len()
        )));
    }
    if std_dev(a) == 0.0 && std_dev(b) == 0.0 {
        return Some(PValue::na("zero variance on both sides"));
    }
    None
}

/// Welch's unequal-variance t-test (Welch–Satterthwaite degrees of freedom).
pub fn welch_t(a: &[f64], b: &[f64]) -> PValue {
    if let Some(p) = precheck(a, b) {
        return p;
    }
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let (va, vb) = (std_dev(a).powi(2) / na, std_dev(b).powi(2) / nb);
    let t = (mean(a) - mean(b)) / (va + vb).sqrt();
    let df = (va + vb).powi(2) / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
    two_sided(t, df)
}

/// Student's t-test with pooled variance, df = na + nb − 2.
pub fn student_t(a: &[f64], b: &[f64]) -> PValue {
    if let Some(p) = precheck(a, b) {
        return p;
    }
    let (na, nb) = (a.len() as f64, b.len() as f64);
    let sp2 = ((na - 1.0) * std_dev(a).powi(2) + (nb - 1.0) * std_dev(b).powi(2)) / (na + nb - 2.0);
    let t = (mean(a) - mean(b)) / (sp2 * (1.0 / na + 1.0 / nb)).sqrt();
    two_sided(t, na + nb - 2.0)
}

/// Paired t-test on `a[i] − b[i]` (the caller pairs by repeat), df = n − 1.
pub fn paired_t(a: &[f64], b: &[f64]) -> PValue {
    if a.len() != b.len() {
        return PValue::na(format!(
            "paired test needs the same repeats on both sides (got {} and {})",
            a.len(),
            b.len()
        ));
    }
    if a.len() < 2 {
        return PValue::na(format!("needs ≥ 2 pairs (got {})", a.len()));
    }
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    let sd = std_dev(&d);
    if sd == 0.0 {
        return PValue::na("zero variance of the paired differences");
    }
    let n = d.len() as f64;
    two_sided(mean(&d) / (sd / n.sqrt()), n - 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Samples and expected p-values computed independently with SciPy 1.x:
    //   scipy.stats.ttest_ind(A, B, equal_var=False).pvalue   (Welch)
    //   scipy.stats.ttest_ind(A, B, equal_var=True).pvalue    (Student)
    //   scipy.stats.ttest_rel(A, B).pvalue                    (paired)
    const A: [f64; 5] = [0.71, 0.74, 0.69, 0.75, 0.73];
    const B: [f64; 5] = [0.68, 0.70, 0.66, 0.71, 0.69];
    const C: [f64; 3] = [0.60, 0.75, 0.90];

    fn close(p: PValue, want: f64) {
        let v = p.value().expect("a value");
        assert!((v - want).abs() < 1e-6 * want.max(1e-3), "{v} vs {want}");
    }

    #[test]
    fn welch_matches_scipy() {
        close(welch_t(&A, &B), WELCH_AB);
        close(welch_t(&A, &C), WELCH_AC);
    }

    #[test]
    fn student_matches_scipy() {
        close(student_t(&A, &B), STUDENT_AB);
        close(student_t(&A, &C), STUDENT_AC);
    }

    #[test]
    fn paired_matches_scipy() {
        close(paired_t(&A, &B), PAIRED_AB);
    }

    #[test]
    fn not_available_cases() {
        assert!(matches!(
            welch_t(&[1.0], &[1.0, 2.0]),
            PValue::NotAvailable(_)
        ));
        assert!(
            matches!(welch_t(&[1.0, 1.0], &[2.0, 2.0]), PValue::NotAvailable(r) if r.contains("zero variance"))
        );
        assert!(matches!(
            paired_t(&[1.0, 2.0], &[0.0, 1.0]),
            PValue::NotAvailable(_)
        ));
    }

    const WELCH_AB: f64 = 0.03232718231123144;
    const WELCH_AC: f64 = 0.7931067595209548;
    const STUDENT_AB: f64 = 0.031047494841772015;
    const STUDENT_AC: f64 = 0.7023857412947725;
    const PAIRED_AB: f64 = 0.00012472603524160146;
}
