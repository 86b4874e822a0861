//! A p-value, or the reason it is not available (never NaN).

use serde::Serialize;

/// Result of a test.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum PValue {
    /// A p-value in [0, 1].
    Value(f64),
    /// Not available, with the reason (e.g. "needs ≥ 2 runs per method").
    NotAvailable(String),
}

impl PValue {
    /// The value, if available.
    pub fn value(&self) -> Option<f64> {
        match self {
            PValue::Value(p) => Some(*p),
            PValue::NotAvailable(_) => None,
        }
    }

    /// Not available for `reason`.
    pub fn na(reason: impl Into<String>) -> Self {
        PValue::NotAvailable(reason.into())
    }

    /// A value clamped to [0, 1] (guards rounding of CDFs).
    pub fn of(p: f64) -> Self {
        if p.is_nan() {
            PValue::na("undefined (NaN in the data)")
        } else {
            PValue::Value(p.clamp(0.0, 1.0))
        }
    }
}

impl std::fmt::Display for PValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PValue::Value(p) if *p < 0.001 => write!(f, "<0.001"),
            PValue::Value(p) => write!(f, "{p:.3}"),
            PValue::NotAvailable(r) => write!(f, "n/a: {r}"),
        }
    }
}
