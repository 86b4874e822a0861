//! [`crate::report::Claim::Equivalent`]: "no difference", shown by an equivalence test (TOST).

use super::super::super::analysis::{pair, Analysis};
use super::{fmt_p, Outcome, Pending};
use crate::stats::{tost_welch, Summary};

/// Two tests of the two methods' AUCs, both in the page's family: TOST within `margin` (the
/// claim's own, else `[report] equivalence`; holds when significant) and the report's difference test (a significant
/// difference contradicts the claim).
pub(super) fn pending((x, y): (&str, &str), metric: &str, margin: f64, a: &Analysis) -> Pending {
    let Some(m) = a.metrics.iter().find(|m| m.metric == metric) else {
        return Pending::not_computed(format!("no {metric} in these results"));
    };
    if margin <= 0.0 {
        return Pending::not_computed("no equivalence margin ([report] equivalence = 0)".into());
    }
    let aucs = |l: &str| -> Vec<(u32, f64)> {
        m.auc_runs
            .iter()
            .filter(|(label, _, _)| label == l)
            .map(|(_, r, v)| (*r, *v))
            .collect()
    };
    let (ax, ay) = (aucs(x), aucs(y));
    if ax.is_empty() || ay.is_empty() {
        return Pending::not_computed(format!("needs methods {x} and {y}"));
    }
    let values = |v: &[(u32, f64)]| v.iter().map(|r| r.1).collect::<Vec<f64>>();
    let (vx, vy) = (values(&ax), values(&ay));
    let p_eq = tost_welch(&vx, &vy, margin);
    let p_diff = pair(a.test, &ax, &ay);
    let (sx, sy) = (Summary::of(&vx), Summary::of(&vy));
    let facts = format!(
        "AUC of {metric}: {x} {:.4} vs {y} {:.4}; equivalent within ±{} (TOST): p {}; different ({:?}): p {}",
        sx.mean,
        sy.mean,
        margin,
        fmt_p(&p_eq),
        a.test,
        fmt_p(&p_diff)
    );
    let n = (sx.n, sy.n);
    Pending::new(
        vec![p_eq, p_diff],
        Box::new(move |adj, how| {
            let (eq, diff) = (&adj[0], &adj[1]);
            let outcome = match (diff.value(), eq.value()) {
                (Some(p), _) if p < 0.05 => Outcome::Contradicted,
                (_, Some(q)) if q < 0.05 => Outcome::Holds,
                (None, None) => Outcome::NotComputed,
                _ => Outcome::NoConclusion,
            };
            (
                outcome,
                format!(
                    "{facts}, {how}: TOST p {}, difference p {}; {} vs {} runs",
                    fmt_p(eq),
                    fmt_p(diff),
                    n.0,
                    n.1
                ),
            )
        }),
    )
}
