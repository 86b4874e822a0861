//! [`crate::report::Claim::Final`]: a comparison at the final budget (or at one round) against
//! the page's baseline.

use super::super::super::analysis::Analysis;
use super::{fmt_p, Pending};

/// The final-budget (or per-round) test of the non-baseline side against the baseline (the
/// raw p of the report's test at that point).
pub(super) fn pending(
    (better, worse): (&str, &str),
    metric: &str,
    round: Option<u32>,
    a: &Analysis,
) -> Pending {
    let Some(m) = a.metrics.iter().find(|m| m.metric == metric) else {
        return Pending::not_computed(format!("no {metric} in these results"));
    };
    let base = a.baseline.as_deref().unwrap_or("");
    let (other, other_is_better) = if worse == base {
        (better, true)
    } else if better == base {
        (worse, false)
    } else {
        return Pending::not_computed(format!(
            "the final-budget table compares with the baseline {base}, which is neither {better} nor {worse}"
        ));
    };
    let rows = match round {
        None => Some(&m.final_budget),
        Some(r) => m.per_round.iter().find(|(x, _)| *x == r).map(|(_, v)| v),
    };
    let row = |l: &str| rows.and_then(|v| v.iter().find(|r| r.label == l));
    let (Some(o), Some(b)) = (row(other), row(base)) else {
        return Pending::not_computed(format!(
            "needs methods {better} and {worse} at the final budget (or the round)"
        ));
    };
    let sign = if m.higher_is_better { 1.0 } else { -1.0 };
    let ahead = (sign * (o.mean - b.mean) > 0.0) == other_is_better;
    let at = match (round, m.window) {
        (Some(r), _) => format!(" at round {r}"),
        (None, Some((_, hi))) if m.by_range => format!(" at {hi:.0} labels"),
        (None, _) => match m.shared_rounds.last() {
            Some(r) => format!(" at the last shared round ({r})"),
            None => String::new(),
        },
    };
    let ((bm, bn), (wm, wn)) = if other_is_better {
        ((o.mean, o.n), (b.mean, b.n))
    } else {
        ((b.mean, b.n), (o.mean, o.n))
    };
    let raw = o.p_value.clone();
    let facts = format!(
        "{metric}{at}: {better} {bm:.4} vs {worse} {wm:.4}; {:?} p {}",
        a.test,
        fmt_p(&raw)
    );
    Pending::single(raw, ahead, facts, (bn, wn))
}
