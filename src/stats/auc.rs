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

/// The curve `(x[i], y[i])` (x increasing) restricted to `lo ≤ x ≤ hi`, with a linearly
/// interpolated end point where `lo` or `hi` falls between two points. Points outside the
/// curve's own range are not extrapolated: the result starts at max(lo, x[0]) and ends at
/// min(hi, x[last]). When `lo` and `hi` are points of the curve, the result is exactly those
/// points (so [`normalized_auc`] of it equals the AUC over those rounds, bit for bit).
pub fn clip_curve(x: &[f64], y: &[f64], lo: f64, hi: f64) -> (Vec<f64>, Vec<f64>) {
    let n = x.len().min(y.len());
    let at = |v: f64| -> Option<f64> {
        // value at v by linear interpolation between the neighbouring points
        let j = (1..n).find(|&j| x[j] > v)?;
        let i = j - 1;
        let t = (v - x[i]) / (x[j] - x[i]);
        Some(y[i] + t * (y[j] - y[i]))
    };
    let (mut xs, mut ys) = (Vec::with_capacity(n + 2), Vec::with_capacity(n + 2));
    if n > 0 && lo > x[0] && !x[..n].contains(&lo) {
        if let Some(v) = at(lo) {
            xs.push(lo);
            ys.push(v);
        }
    }
    for i in 0..n {
        if x[i] >= lo && x[i] <= hi {
            xs.push(x[i]);
            ys.push(y[i]);
        }
    }
    if n > 0 && hi < x[n - 1] && !x[..n].contains(&hi) {
        if let Some(v) = at(hi) {
            xs.push(hi);
            ys.push(v);
        }
    }
    (xs, ys)
}

/// The value of the curve at `v` (linear interpolation between the neighbouring points; the
/// point's own value when `v` is one); `None` outside the curve's x range.
pub fn value_at(x: &[f64], y: &[f64], v: f64) -> Option<f64> {
    let n = x.len().min(y.len());
    if n == 0 || v < x[0] || v > x[n - 1] {
        return None;
    }
    if let Some(i) = x[..n].iter().position(|&xi| xi == v) {
        return Some(y[i]);
    }
    let j = (1..n).find(|&j| x[j] > v)?;
    let t = (v - x[j - 1]) / (x[j] - x[j - 1]);
    Some(y[j - 1] + t * (y[j] - y[j - 1]))
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
    fn clipping_interpolates_the_ends() {
        // x = 0, 100, 200, 400; y = 0, 1, 2, 2. Window [50, 300]: ends at y(50) = 0.5 and
        // y(300) = 2 (between 200 → 2 and 400 → 2).
        let (x, y) = ([0.0, 100.0, 200.0, 400.0], [0.0, 1.0, 2.0, 2.0]);
        let (cx, cy) = clip_curve(&x, &y, 50.0, 300.0);
        assert_eq!(cx, vec![50.0, 100.0, 200.0, 300.0]);
        assert_eq!(cy, vec![0.5, 1.0, 2.0, 2.0]);
        // area: 50·0.75 + 100·1.5 + 100·2 = 387.5 over 250 → 1.55
        let a = normalized_auc(&cx, &cy).unwrap();
        assert!((a - 387.5 / 250.0).abs() < 1e-12);
        // a window on the curve's own points gives those points, exactly
        let (ex, ey) = clip_curve(&x, &y, 100.0, 400.0);
        assert_eq!((ex, ey), (vec![100.0, 200.0, 400.0], vec![1.0, 2.0, 2.0]));
        // no extrapolation beyond the curve
        let (fx, _) = clip_curve(&x, &y, -10.0, 1000.0);
        assert_eq!(fx, x.to_vec());
    }

    #[test]
    fn value_at_points_and_between() {
        let (x, y) = ([500.0, 1000.0, 2000.0], [0.6, 0.7, 0.9]);
        assert_eq!(value_at(&x, &y, 1000.0), Some(0.7));
        // 1500: halfway between 0.7 and 0.9
        assert!((value_at(&x, &y, 1500.0).unwrap() - 0.8).abs() < 1e-12);
        assert_eq!(value_at(&x, &y, 2500.0), None);
        assert_eq!(value_at(&x, &y, 400.0), None);
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
