//! Area under a learning curve, normalized by its x-range (docs/report.md, "Definitions"):
//! trapezoid rule over (n_labeled, metric) from the first to the last point, divided by
//! (last x − first x). The result is a mean metric over the budget, in the metric's units.

/// Why an AUC cannot be computed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AucError {
    /// Fewer than two points.
    #[error("needs ≥ 2 rounds, got {0}")]
    TooFewPoints(usize),
    /// x does not increase strictly.
    #[error("x must increase strictly (x[{0}] = {1} after {2})")]
    NotIncreasing(usize, f64, f64),
    /// A value is not finite.
    #[error("non-finite value at point {0}")]
    NonFinite(usize),
}

/// Normalized AUC of the curve `(x[i], y[i])`.
pub fn normalized_auc(x: &[f64], y: &[f64]) -> Result<f64, AucError> {
    let n = x.len().min(y.len());
    if n < 2 {
        return Err(AucError::TooFewPoints(n));
    }
    let mut area = 0.0;
    for i in 0..n {
        if !x[i].is_finite() || !y[i].is_finite() {
            return Err(AucError::NonFinite(i));
        }
        if i > 0 {
            if x[i] <= x[i - 1] {
                return Err(AucError::NotIncreasing(i, x[i], x[i - 1]));
            }
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
        }
    }
    Ok(area / (x[n - 1] - x[0]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_curve_is_its_value() {
        assert_eq!(
            normalized_auc(&[100.0, 200.0, 400.0], &[0.5, 0.5, 0.5]),
            Ok(0.5)
        );
    }

    #[test]
    fn uneven_spacing_hand_computed() {
        // x = 0, 1, 3 ; y = 0, 1, 1: area = 0.5 + 2 = 2.5, / 3 = 0.8333…
        let a = normalized_auc(&[0.0, 1.0, 3.0], &[0.0, 1.0, 1.0]).unwrap();
        assert!((a - 2.5 / 3.0).abs() < 1e-12);
        // x = 10, 20, 50 ; y = 0.2, 0.4, 0.7: (10·0.3 + 30·0.55) / 40 = 19.5 / 40
        let b = normalized_auc(&[10.0, 20.0, 50.0], &[0.2, 0.4, 0.7]).unwrap();
        assert!((b - 19.5 / 40.0).abs() < 1e-12);
    }

    #[test]
    fn errors() {
        assert_eq!(
            normalized_auc(&[1.0], &[1.0]),
            Err(AucError::TooFewPoints(1))
        );
        assert!(matches!(
            normalized_auc(&[1.0, 1.0], &[1.0, 2.0]),
            Err(AucError::NotIncreasing(1, _, _))
        ));
    }
}
