//! [`crate::report::Claim::Mislabeled`]: which method picks more mislabeled images in round 1.

use super::super::super::analysis::Analysis;
use super::{fmt_p, Pending};
use crate::stats::{welch_t, Summary};

/// Welch's t on the runs' fractions of mislabeled images among round 1's picks, `more`
/// against `fewer`.
pub(super) fn pending(more: &str, fewer: &str, a: &Analysis) -> Pending {
    let runs = |l: &str| {
        a.selections
            .mislabeled_runs
            .iter()
            .find(|(x, _)| x == l)
            .map(|(_, v)| v.clone())
    };
    let (Some(m), Some(f)) = (runs(more), runs(fewer)) else {
        return Pending::not_computed(format!(
            "needs round-1 selections of {more} and {fewer} with data.label_noise > 0"
        ));
    };
    let (sm, sf) = (Summary::of(&m), Summary::of(&f));
    let raw = welch_t(&m, &f);
    let facts = format!(
        "mislabeled among round 1's picks: {more} {:.1}% ± {:.1} vs {fewer} {:.1}% ± {:.1}; Welch p {}",
        100.0 * sm.mean,
        100.0 * sm.std,
        100.0 * sf.mean,
        100.0 * sf.std,
        fmt_p(&raw)
    );
    let ahead = sm.mean > sf.mean;
    Pending::single(raw, ahead, facts, (sm.n, sf.n))
}
