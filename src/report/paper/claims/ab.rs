//! [`crate::report::Claim::Ab`]: the active arm of an A/B test improves a class (or a summary
//! metric) more than the comparison arm, by the A/B section's paired tests.

use super::super::super::analysis::Analysis;
use super::{fmt_p, outcome_of, Pending};

/// The A/B test on `line` of the `test_set` held-out sets: the paired t over repeat means (one
/// repeat: over its split pairs).
pub(super) fn pending(test_set: &str, line: &str, a: &Analysis) -> Pending {
    let found = a.ab.first().and_then(|ab| {
        ab.sets
            .iter()
            .find(|s| s.test_set == test_set)
            .and_then(|s| s.lines.iter().find(|l| l.name == line))
    });
    let Some(l) = found else {
        return Pending::not_computed(format!(
            "no {line} on the {test_set} test sets (no ground truth of it in the held-out images?)"
        ));
    };
    let (raw, basis) = if l.repeats >= 2 {
        (
            l.p_repeats.clone(),
            format!("paired t over {} repeat means", l.repeats),
        )
    } else {
        (
            l.p_active_vs_comparison.clone(),
            format!("paired t over {} split pairs of one repeat", l.n),
        )
    };
    let ahead = l.active.0 > l.comparison.0;
    let facts = format!(
        "Δ AP active {:+.2} vs comparison {:+.2} points; {basis}: p {}",
        l.active.0,
        l.comparison.0,
        fmt_p(&raw)
    );
    let splits = format!(
        "over {} split pairs: p {}",
        l.n,
        fmt_p(&l.p_active_vs_comparison)
    );
    Pending::new(
        vec![raw],
        Box::new(move |adj, how| {
            let p = &adj[0];
            (
                outcome_of(p.value(), ahead),
                format!("{facts}, {how}: p {}; {splits}", fmt_p(p)),
            )
        }),
    )
}
