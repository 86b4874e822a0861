//! [`crate::report::Claim::Equivalent`]: "no difference", shown by an equivalence test (TOST).

use super::super::super::analysis::Analysis;
use super::{fmt_p, not_computed, ClaimCheck, Outcome};

/// [`Claim::Equivalent`]: TOST of the two methods' AUCs within `[report] equivalence`; a
/// significant difference in the pairwise matrix contradicts it.
pub(super) fn check(text: &str, (x, y): (&str, &str), metric: &str, a: &Analysis) -> ClaimCheck {
    let Some(m) = a.metrics.iter().find(|m| m.metric == metric) else {
        return not_computed(text, format!("no {metric} in these results"));
    };
    if a.equivalence <= 0.0 {
        return not_computed(
            text,
            "no equivalence margin ([report] equivalence = 0)".into(),
        );
    }
    let aucs = |l: &str| -> Vec<f64> {
        m.auc_runs
            .iter()
            .filter(|(label, _, _)| label == l)
            .map(|r| r.2)
            .collect()
    };
    let (ax, ay) = (aucs(x), aucs(y));
    let idx = |l: &str| m.matrix_labels.iter().position(|v| v == l);
    let (Some(i), Some(j)) = (idx(x), idx(y)) else {
        return not_computed(text, format!("needs methods {x} and {y}"));
    };
    let p_diff = m.matrix[i][j].clone();
    let p_eq = crate::stats::tost_welch(&ax, &ay, a.equivalence);
    let outcome = match (p_diff.value(), p_eq.value()) {
        (Some(p), _) if p < 0.05 => Outcome::Contradicted,
        (_, Some(q)) if q < 0.05 => Outcome::Holds,
        (None, None) => Outcome::NotComputed,
        _ => Outcome::NoConclusion,
    };
    let (sx, sy) = (
        crate::stats::Summary::of(&ax),
        crate::stats::Summary::of(&ay),
    );
    ClaimCheck {
        text: text.into(),
        outcome,
        evidence: format!(
            "AUC of {metric}: {x} {:.4} vs {y} {:.4}; equivalent within ±{} (TOST, one planned test): p {}; different ({:?}, {:?}-corrected): p {}; {} vs {} runs",
            sx.mean,
            sy.mean,
            a.equivalence,
            fmt_p(&p_eq),
            a.test,
            a.correction,
            fmt_p(&p_diff),
            sx.n,
            sy.n
        ),
    }
}
