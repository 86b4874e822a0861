//! Multiple-comparison corrections (family = all p-values passed together).

use serde::{Deserialize, Serialize};

use super::PValue;

/// Multiple-comparison corrections (`report.correction`, `--correction`).
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Correction {
    /// Holm step-down.
    Holm,
    /// Bonferroni.
    Bonferroni,
    /// None.
    None,
}

impl Correction {
    /// Every correction.
    pub const ALL: [Correction; 3] = [Correction::Holm, Correction::Bonferroni, Correction::None];

    /// Name in the spec and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Correction::Holm => "holm",
            Correction::Bonferroni => "bonferroni",
            Correction::None => "none",
        }
    }
}

/// Bonferroni: `min(1, p · m)`.
pub fn bonferroni(p: &[f64]) -> Vec<f64> {
    let m = p.len() as f64;
    p.iter().map(|&x| (x * m).min(1.0)).collect()
}

/// Holm step-down: sort ascending, `p_(i) · (m − i)` (0-based i), running maximum, cap 1;
/// returned in the input order.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut out = vec![0.0; m];
    let mut running = 0.0f64;
    for (i, &k) in order.iter().enumerate() {
        running = running.max((p[k] * (m - i) as f64).min(1.0));
        out[k] = running;
    }
    out
}

/// Adjust the available p-values of `ps` together; unavailable ones stay unavailable.
pub fn adjust(ps: &[PValue], c: Correction) -> Vec<PValue> {
    let vals: Vec<f64> = ps.iter().filter_map(PValue::value).collect();
    let adj = match c {
        Correction::Holm => holm(&vals),
        Correction::Bonferroni => bonferroni(&vals),
        Correction::None => vals,
    };
    let mut it = adj.into_iter();
    ps.iter()
        .map(|p| match p {
            PValue::Value(_) => PValue::Value(it.next().expect("one adjusted value per value")),
            other => other.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vector() {
        // p = [0.01, 0.04, 0.03, 0.005], m = 4.
        // Bonferroni: [0.04, 0.16, 0.12, 0.02].
        // Holm: sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max-acc 0.06
        // → in input order [0.03, 0.06, 0.06, 0.02] (same as statsmodels multipletests 'holm').
        let p = [0.01, 0.04, 0.03, 0.005];
        let b = bonferroni(&p);
        for (x, y) in b.iter().zip([0.04, 0.16, 0.12, 0.02]) {
            assert!((x - y).abs() < 1e-12);
        }
        let h = holm(&p);
        for (x, y) in h.iter().zip([0.03, 0.06, 0.06, 0.02]) {
            assert!((x - y).abs() < 1e-12, "{h:?}");
        }
        assert_eq!(bonferroni(&[0.6, 0.2]), vec![1.0, 0.4]);
    }

    #[test]
    fn unavailable_values_are_kept_out_of_the_family() {
        let ps = [PValue::Value(0.01), PValue::na("x"), PValue::Value(0.02)];
        let a = adjust(&ps, Correction::Bonferroni);
        assert_eq!(
            a,
            vec![PValue::Value(0.02), PValue::na("x"), PValue::Value(0.04)]
        );
    }
}
