//! `[report]`: which metrics the report compares, against which baseline, with which test.

use serde::{Deserialize, Serialize};

use super::validate::{bad, Problem};
use crate::stats::{Correction, TestKind};

/// `[report]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ReportSpec {
    /// Metrics reported (round-table column names).
    pub metrics: Vec<String>,
    /// Label of the baseline configuration ("" = the configuration whose scorer is random).
    pub baseline: String,
    /// Significance test.
    pub test: TestKind,
    /// Multiple-comparison correction.
    pub correction: Correction,
    /// Label-efficiency target as a fraction of the baseline's final mean.
    pub target: f64,
    /// Equivalence margin, in AUC units of each metric: a method is called equivalent to the
    /// baseline only when a TOST shows |Δ AUC| < margin. 0 = no equivalence claims.
    #[serde(skip_serializing_if = "is_zero")]
    pub equivalence: f64,
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

impl Default for ReportSpec {
    fn default() -> Self {
        ReportSpec {
            metrics: vec!["test_accuracy".into(), "test_loss".into()],
            baseline: String::new(),
            test: TestKind::Welch,
            correction: Correction::Holm,
            target: 1.0,
            equivalence: 0.0,
        }
    }
}

impl ReportSpec {
    /// Checks of `[report]` alone: the equivalence margin, the efficiency target and the
    /// metric names. Err: (dotted key, message).
    pub fn check(&self) -> Result<(), Problem> {
        let e = self.equivalence;
        if !(e >= 0.0 && e.is_finite()) {
            return bad(
                "report.equivalence",
                format!("{e} must be a margin ≥ 0 in AUC units (0 = no equivalence claims)"),
            );
        }
        let t = self.target;
        if !(t > 0.0 && t <= 2.0) {
            return bad("report.target", format!("{t} must be in (0, 2]"));
        }
        for m in &self.metrics {
            if !crate::metrics::is_metric_column(m) {
                return bad(
                    "report.metrics",
                    format!(
                        "unknown metric \"{m}\"; allowed: {}",
                        crate::metrics::METRIC_COLUMNS.join(", ")
                    ),
                );
            }
        }
        Ok(())
    }
}
