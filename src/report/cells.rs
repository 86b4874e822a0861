//! How the report's and the publication tables write a number in a cell: one formula each.

use super::curve::CurvePoint;
use crate::stats::PValue;

/// `v` with 4 decimals, or "–".
pub fn num(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.4}"),
        _ => "–".into(),
    }
}

/// `v` with a sign and 4 decimals, or "–".
pub fn signed(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:+.4}"),
        _ => "–".into(),
    }
}

/// A p-value as the report prints it; the baseline's own row says "baseline".
pub fn p(v: &PValue) -> String {
    match v {
        PValue::NotAvailable(r) if r == "baseline" => "baseline".into(),
        other => other.to_string(),
    }
}

/// A p-value as the publication tables print it: 3 decimals, "<0.001", "–" when not
/// available.
pub fn p_short(p: &PValue) -> String {
    match p {
        PValue::Value(v) if *v < 0.001 => "<0.001".into(),
        PValue::Value(v) => format!("{v:.3}"),
        PValue::NotAvailable(_) => "–".into(),
    }
}

/// The significance mark of a p-value: ‡ below 0.01, † below 0.05.
pub fn mark(p: &PValue) -> &'static str {
    match p {
        PValue::Value(v) if *v < 0.01 => "‡",
        PValue::Value(v) if *v < 0.05 => "†",
        _ => "",
    }
}

/// `mean ± std` with `d` decimals; the mean alone when the std is not finite (one run).
pub fn mean_std(mean: f64, std: f64, d: usize) -> String {
    if std.is_finite() {
        format!("{mean:.d$} ± {std:.d$}")
    } else {
        format!("{mean:.d$}")
    }
}

/// A curve point as `mean ± std` with `d` decimals ([`mean_std`]), "–" without a point.
pub fn point(p: Option<&CurvePoint>, d: usize) -> String {
    p.map_or_else(|| "–".into(), |p| mean_std(p.mean, p.std, d))
}
