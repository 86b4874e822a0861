//! [`crate::report::Claim::Auc`]: one method's AUC beats another's.

use super::super::super::analysis::{pair, Analysis};
use super::{fmt_p, Pending};

/// The test of `better` against `worse` on the AUC of `metric` (the report's test; the paired
/// test pairs runs by repeat).
pub(super) fn pending((better, worse): (&str, &str), metric: &str, a: &Analysis) -> Pending {
    let Some(m) = a.metrics.iter().find(|m| m.metric == metric) else {
        return Pending::not_computed(format!("no {metric} in these results"));
    };
    let row = |l: &str| m.auc.iter().find(|r| r.label == l);
    let (Some(b), Some(w)) = (row(better), row(worse)) else {
        return Pending::not_computed(format!("needs methods {better} and {worse}"));
    };
    let aucs = |l: &str| -> Vec<(u32, f64)> {
        m.auc_runs
            .iter()
            .filter(|(x, _, _)| x == l)
            .map(|(_, r, v)| (*r, *v))
            .collect()
    };
    let raw = pair(a.test, &aucs(better), &aucs(worse));
    let sign = if m.higher_is_better { 1.0 } else { -1.0 };
    let ahead = sign * (b.mean - w.mean) > 0.0;
    let facts = format!(
        "AUC of {metric}: {better} {:.4} vs {worse} {:.4}; {:?} p {}",
        b.mean,
        w.mean,
        a.test,
        fmt_p(&raw)
    );
    Pending::single(raw, ahead, facts, (b.n, w.n))
}
