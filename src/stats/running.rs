//! One-pass point statistics, in input order: the mean by compensated (Kahan) summation and
//! the sample standard deviation by Welford's running update. The points of mean learning
//! curves use these (they match, bit for bit, the grouped aggregation the reports were first
//! computed with); [`super::mean`] and [`super::std_dev`] are the two-pass forms used
//! elsewhere.

/// Mean of `x` by Kahan-compensated summation in input order: `x[0]` itself for one value,
/// NaN when empty.
pub fn running_mean(x: &[f64]) -> f64 {
    match x {
        [] => f64::NAN,
        [v] => *v,
        _ => {
            let (mut sum, mut err) = (0.0f64, 0.0f64);
            for &v in x {
                let y = v - err;
                let next = sum + y;
                let e = (next - sum) - y;
                sum = next;
                // keep the error finite, so that Inf − Inf brings in no NaN
                if e.is_finite() {
                    err = e;
                }
            }
            sum / x.len() as f64
        }
    }
}

/// Sample standard deviation (n − 1) of `x` by Welford's running update in input order; NaN
/// for fewer than 2 values.
pub fn running_std_dev(x: &[f64]) -> f64 {
    if x.len() < 2 {
        return f64::NAN;
    }
    let (mut mean, mut m2) = (0.0f64, 0.0f64);
    for (i, &v) in x.iter().enumerate() {
        let d1 = v - mean;
        let next = d1 / (i + 1) as f64 + mean;
        m2 += d1 * (v - next);
        mean = next;
    }
    (m2 / (x.len() - 1) as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, sum of squares 32, var 32/7
        let x = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(running_mean(&x), 5.0);
        assert!((running_std_dev(&x) - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert!(running_std_dev(&[1.0]).is_nan());
        assert!(running_mean(&[]).is_nan());
        assert_eq!(running_mean(&[-0.0]).to_bits(), (-0.0f64).to_bits());
    }

    #[test]
    fn compensation_keeps_small_terms() {
        // 1 + 1e-16 ten times: naive summation loses every 1e-16, Kahan keeps them
        let mut x = vec![1.0];
        x.extend([1e-16; 10]);
        let naive = x.iter().sum::<f64>() / x.len() as f64;
        assert_eq!(naive, 1.0 / 11.0);
        assert!(running_mean(&x) > naive);
    }
}
