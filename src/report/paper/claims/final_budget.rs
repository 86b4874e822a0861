//! [`crate::report::Claim::Final`]: a comparison at the final budget (or at one round) against the
//! page's baseline.

use super::super::super::analysis::Analysis;
use super::{fmt_p, not_computed, outcome_of, ClaimCheck};

/// [`Claim::Final`]: the final-budget (or per-round) row of the non-baseline side against the
/// baseline.
pub(super) fn check(
    text: &str,
    (better, worse): (&str, &str),
    metric: &str,
    round: Option<u32>,
    a: &Analysis,
) -> ClaimCheck {
    let Some(m) = a.metrics.iter().find(|m| m.metric == metric) else {
        return not_computed(text, format!("no {metric} in these results"));
    };
    let base = a.baseline.as_deref().unwrap_or("");
    let (other, other_is_better) = if worse == base {
        (better, true)
    } else if better == base {
        (worse, false)
    } else {
        return not_computed(
            text,
            format!("the final-budget table compares with the baseline {base}, which is neither {better} nor {worse}"),
        );
    };
    let rows = match round {
        None => Some(&m.final_budget),
        Some(r) => m.per_round.iter().find(|(x, _)| *x == r).map(|(_, v)| v),
    };
    let row = |l: &str| rows.and_then(|v| v.iter().find(|r| r.label == l));
    let (Some(o), Some(b)) = (row(other), row(base)) else {
        return not_computed(
            text,
            format!("needs methods {better} and {worse} at the final budget (or the round)"),
        );
    };
    let sign = if m.higher_is_better { 1.0 } else { -1.0 };
    let other_ahead = sign * (o.mean - b.mean) > 0.0;
    let at = match (round, m.window) {
        (Some(r), _) => format!(" at round {r} (corrected over every method × round)"),
        (None, Some((_, hi))) if m.by_range => format!(" at {hi:.0} labels"),
        (None, _) => match m.shared_rounds.last() {
            Some(r) => format!(" at the last shared round ({r})"),
            None => String::new(),
        },
    };
    let (bm, wm) = if other_is_better {
        (o.mean, b.mean)
    } else {
        (b.mean, o.mean)
    };
    ClaimCheck {
        text: text.into(),
        outcome: outcome_of(o.p_adjusted.value(), other_ahead == other_is_better),
        evidence: format!(
            "{metric}{at}: {better} {bm:.4} vs {worse} {wm:.4}; {:?} p, {:?}-corrected {}; {} vs {} runs",
            a.test,
            a.correction,
            fmt_p(&o.p_adjusted),
            if other_is_better { o.n } else { b.n },
            if other_is_better { b.n } else { o.n },
        ),
    }
}
