//! [`crate::report::Claim::Auc`]: one method's AUC beats another's, by the report's pairwise p-value
//! matrix (corrected over every pair).

use super::super::super::analysis::Analysis;
use super::{fmt_p, outcome_of, ClaimCheck, Outcome};
use crate::stats::PValue;

/// Check that `better` beats `worse` on the AUC of `metric`.
pub(super) fn check(
    text: &str,
    (better, worse): (&str, &str),
    metric: &str,
    a: &Analysis,
) -> ClaimCheck {
    let none = |why: String| ClaimCheck {
        text: text.into(),
        outcome: Outcome::NotComputed,
        evidence: why,
    };
    let Some(m) = a.metrics.iter().find(|m| m.metric == metric) else {
        return none(format!("no {metric} in these results"));
    };
    let row = |l: &str| m.auc.iter().find(|r| r.label == l);
    let (Some(b), Some(w)) = (row(better), row(worse)) else {
        return none(format!("needs methods {better} and {worse}"));
    };
    let idx = |l: &str| m.matrix_labels.iter().position(|x| x == l);
    let p = match (idx(better), idx(worse)) {
        (Some(i), Some(j)) => m.matrix[i][j].clone(),
        _ => PValue::na("not in the p-value matrix"),
    };
    let sign = if m.higher_is_better { 1.0 } else { -1.0 };
    let outcome = outcome_of(p.value(), sign * (b.mean - w.mean) > 0.0);
    ClaimCheck {
        text: text.into(),
        outcome,
        evidence: format!(
            "AUC of {metric}: {better} {:.4} vs {worse} {:.4}; {:?} p, {:?}-corrected {}; {} vs {} runs",
            b.mean,
            w.mean,
            a.test,
            a.correction,
            fmt_p(&p),
            b.n,
            w.n
        ),
    }
}
