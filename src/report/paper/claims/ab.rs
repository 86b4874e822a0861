//! [`crate::report::Claim::Ab`]: the active arm of an A/B test improves a class (or a summary metric)
//! more than the comparison arm, by the A/B section's paired tests.

use super::super::super::analysis::Analysis;
use super::{fmt_p, outcome_of, ClaimCheck, Outcome};

/// Check the A/B claim on `line` of the `test_set` held-out sets.
pub(super) fn check(text: &str, test_set: &str, line: &str, a: &Analysis) -> ClaimCheck {
    let found = a.ab.first().and_then(|ab| {
        ab.sets
            .iter()
            .find(|s| s.test_set == test_set)
            .and_then(|s| s.lines.iter().find(|l| l.name == line))
    });
    let Some(l) = found else {
        return ClaimCheck {
            text: text.into(),
            outcome: Outcome::NotComputed,
            evidence: format!("no {line} on the {test_set} test sets (no ground truth of it in the held-out images?)"),
        };
    };
    let (decisive, basis) = if l.repeats >= 2 {
        (
            l.p_repeats.value(),
            format!(
                "paired t over {} repeat means: p {}",
                l.repeats,
                fmt_p(&l.p_repeats)
            ),
        )
    } else {
        (
            l.p_active_vs_comparison.value(),
            format!(
                "paired t over {} split pairs of one repeat: p {}",
                l.n,
                fmt_p(&l.p_active_vs_comparison)
            ),
        )
    };
    let outcome = outcome_of(decisive, l.active.0 > l.comparison.0);
    ClaimCheck {
        text: text.into(),
        outcome,
        evidence: format!(
            "Δ AP active {:+.2} vs comparison {:+.2} points; {basis}; over {} split pairs: p {}",
            l.active.0,
            l.comparison.0,
            l.n,
            fmt_p(&l.p_active_vs_comparison)
        ),
    }
}
