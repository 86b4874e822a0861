//! Mean, standard deviation (n − 1), standard error.

/// Mean of `x` (NaN when empty).
pub fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// Sample standard deviation with n − 1 (NaN when fewer than 2 values).
pub fn std_dev(x: &[f64]) -> f64 {
    if x.len() < 2 {
        return f64::NAN;
    }
    let m = mean(x);
    (x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (x.len() - 1) as f64).sqrt()
}

/// Standard error of the mean, `std / sqrt(n)` (NaN when fewer than 2 values).
pub fn sem(x: &[f64]) -> f64 {
    std_dev(x) / (x.len() as f64).sqrt()
}

/// n, mean, std and sem of a sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Count.
    pub n: usize,
    /// Mean.
    pub mean: f64,
    /// Standard deviation (n − 1); NaN for n < 2.
    pub std: f64,
    /// Standard error; NaN for n < 2.
    pub sem: f64,
}

impl Summary {
    /// Summarise `x`.
    pub fn of(x: &[f64]) -> Self {
        Summary {
            n: x.len(),
            mean: mean(x),
            std: std_dev(x),
            sem: sem(x),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, sum of squares 32, var 32/7
        let x = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(mean(&x), 5.0);
        assert!((std_dev(&x) - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert!((sem(&x) - (32.0f64 / 7.0).sqrt() / 8f64.sqrt()).abs() < 1e-12);
        assert!(std_dev(&[1.0]).is_nan());
    }
}
