//! Over which part of the learning curves a metric's statistics are taken: the rounds every
//! run has, or — when configurations have different label grids — the common range of
//! labeled-set sizes; and the per-run AUCs over it.

use std::collections::BTreeSet;

use super::XAxis;
use crate::results::{RunRounds, Runs};
use crate::stats::{self, normalized_auc};

/// The runs that have `metric` at all, and the rounds every one of them has.
pub(super) fn shared_rounds<'a>(
    metric: &str,
    runs: &'a Runs,
    notes: &mut Vec<String>,
) -> (Vec<&'a RunRounds>, Vec<u32>) {
    let with: Vec<_> = runs.runs.iter().filter(|r| r.has_values(metric)).collect();
    let missing = runs.runs.len() - with.len();
    if missing > 0 {
        notes.push(format!(
            "{metric}: absent in {missing} run(s), which are left out of its statistics"
        ));
    }
    let mut shared: Option<BTreeSet<u32>> = None;
    for r in &with {
        let rounds: BTreeSet<u32> = (0..r.rounds.len())
            .filter(|&i| r.value(i, metric).is_some())
            .map(|i| r.rounds[i].round)
            .collect();
        shared = Some(match shared {
            None => rounds,
            Some(s) => s.intersection(&rounds).copied().collect(),
        });
    }
    let shared: Vec<u32> = shared.unwrap_or_default().into_iter().collect();
    let all_rounds: BTreeSet<u32> = with
        .iter()
        .flat_map(|r| r.rounds.iter().map(|x| x.round))
        .collect();
    if all_rounds.len() != shared.len() {
        notes.push(format!(
            "{metric}: runs have different round sets ({} rounds in all, {} shared); AUCs use the shared rounds {:?}",
            all_rounds.len(),
            shared.len(),
            shared
        ));
    }
    (with, shared)
}

/// The metric of run `r` at round `round`, if recorded.
pub(super) fn round_value(r: &RunRounds, metric: &str, round: u32) -> Option<f64> {
    r.value(r.index_of(round)?, metric)
}

/// Every recorded point of run `r`'s curve of `metric` on the axis: (x, y).
pub(super) fn full_curve(r: &RunRounds, metric: &str, axis: XAxis) -> (Vec<f64>, Vec<f64>) {
    (0..r.rounds.len())
        .filter_map(|i| Some((axis.of(r, i), r.value(i, metric)?)))
        .unzip()
}

/// Over which part of the curves the AUCs and the final comparison are taken.
#[derive(Clone, Copy, Debug)]
pub(super) enum Span<'s> {
    /// The rounds every run has: the runs share their x at each of them (or x is not the
    /// labeled-set size, e.g. training time, which differs run to run by nature).
    Rounds(&'s [u32]),
    /// The common range [lo, hi] of labeled-set sizes, when configurations have different
    /// grids (budget, growth or base-set sweeps): comparing round k of a budget-250 run with
    /// round k of a budget-1000 run would compare different numbers of labels.
    Range(f64, f64),
}

/// [`Span::Range`] when x is the labeled-set size and the runs' x differ at some shared
/// round, and the runs' curves overlap; else [`Span::Rounds`].
pub(super) fn span_of<'s>(
    metric: &str,
    with: &[&RunRounds],
    shared: &'s [u32],
    axis: XAxis,
    notes: &mut Vec<String>,
) -> Span<'s> {
    if axis != XAxis::NLabeled {
        return Span::Rounds(shared);
    }
    let x_at = |r: &RunRounds, round: u32| -> Option<f64> {
        Some(r.rounds[r.index_of(round)?].n_labeled as f64)
    };
    let aligned = shared.iter().all(|&round| {
        let mut xs = with.iter().filter_map(|r| x_at(r, round));
        let first = xs.next();
        xs.all(|x| Some(x) == first)
    });
    if aligned {
        return Span::Rounds(shared);
    }
    let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
    for r in with {
        let (x, _) = full_curve(r, metric, axis);
        if let (Some(a), Some(b)) = (x.first(), x.last()) {
            lo = lo.max(*a);
            hi = hi.min(*b);
        }
    }
    if lo.is_finite() && hi.is_finite() && lo < hi {
        notes.push(format!(
            "{metric}: the configurations have different label grids; AUCs and the final comparison use the common range {lo:.0} → {hi:.0} labels, each run's curve interpolated linearly at the ends"
        ));
        Span::Range(lo, hi)
    } else {
        notes.push(format!(
            "{metric}: the configurations' label ranges do not overlap; AUCs use the shared rounds {shared:?}, which lie at different numbers of labels"
        ));
        Span::Rounds(shared)
    }
}

/// Per-run normalized AUC over the span: (label, repeat, AUC).
pub(super) fn run_aucs(
    metric: &str,
    with: &[&RunRounds],
    span: &Span,
    axis: XAxis,
    notes: &mut Vec<String>,
) -> Vec<(String, u32, f64)> {
    let mut auc_runs = Vec::new();
    for r in with {
        let (xs, ys) = match *span {
            Span::Rounds(shared) => (0..r.rounds.len())
                .filter(|&i| shared.contains(&r.rounds[i].round))
                .map(|i| (axis.of(r, i), r.value(i, metric).unwrap_or(f64::NAN)))
                .unzip(),
            Span::Range(lo, hi) => {
                let (x, y) = full_curve(r, metric, axis);
                stats::clip_curve(&x, &y, lo, hi)
            }
        };
        match normalized_auc(&xs, &ys) {
            Ok(a) => auc_runs.push((r.meta.label.clone(), r.meta.repeat, a)),
            Err(e) => notes.push(format!(
                "{metric}: no AUC for {} r{}: {e}",
                r.meta.label, r.meta.repeat
            )),
        }
    }
    auc_runs
}
