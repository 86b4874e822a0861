//! [`crate::report::Claim::Mislabeled`]: which method picks more mislabeled images in round 1.

use super::super::super::analysis::Analysis;
use super::{fmt_p, not_computed, outcome_of, ClaimCheck};

/// [`Claim::Mislabeled`]: the fraction of mislabeled images among round 1's picks, per run,
/// `more` against `fewer` by Welch's t (one planned comparison, uncorrected).
pub(super) fn check(text: &str, more: &str, fewer: &str, a: &Analysis) -> ClaimCheck {
    let runs = |l: &str| {
        a.selections
            .mislabeled_runs
            .iter()
            .find(|(x, _)| x == l)
            .map(|(_, v)| v.clone())
    };
    let (Some(m), Some(f)) = (runs(more), runs(fewer)) else {
        return not_computed(
            text,
            format!("needs round-1 selections of {more} and {fewer} with data.label_noise > 0"),
        );
    };
    let (sm, sf) = (crate::stats::Summary::of(&m), crate::stats::Summary::of(&f));
    let p = crate::stats::welch_t(&m, &f);
    ClaimCheck {
        text: text.into(),
        outcome: outcome_of(p.value(), sm.mean > sf.mean),
        evidence: format!(
            "mislabeled among round 1's picks: {more} {:.1}% ± {:.1} vs {fewer} {:.1}% ± {:.1}; Welch p {} (one planned comparison); {} vs {} runs",
            100.0 * sm.mean,
            100.0 * sm.std,
            100.0 * sf.mean,
            100.0 * sf.std,
            fmt_p(&p),
            sm.n,
            sf.n
        ),
    }
}
