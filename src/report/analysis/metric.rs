//! The statistics of one metric: curves, shared rounds, per-run AUCs, the AUC table against
//! the baseline ([`super::auc_rows`]), the pairwise p-value matrix, the metric at the final
//! budget and label efficiency ([`super::efficiency`]).

use super::auc_rows::{auc_rows, pairwise};
use super::compare::{correct_family, pair, values, Aucs};
use super::efficiency::{bootstrap_cis, efficiency};
use super::window::{full_curve, round_value, run_aucs, shared_rounds, span_of, Span};
use super::{Curve, FinalRow, MetricAnalysis, Options, RunPoints};
use crate::report::aggregate::mean_curves;
use crate::results::{RunRounds, Runs};
use crate::stats::{self, PValue, RunCurve, Summary};

/// The statistics of `metric` over the ok `runs` of `labels` (baseline first).
pub(super) fn analyse_metric(
    metric: &str,
    runs: &Runs,
    labels: &[String],
    baseline: Option<&str>,
    o: &Options,
    notes: &mut Vec<String>,
) -> MetricAnalysis {
    let higher = crate::metrics::higher_is_better(metric);
    let curves = mean_curves(runs, metric, o.x, labels);
    let (with, shared) = shared_rounds(metric, runs, notes);
    let span = span_of(metric, &with, &shared, o.x, notes);
    let auc_runs = run_aucs(metric, &with, &span, o.x, notes);
    let by_label: Vec<Aucs> = labels
        .iter()
        .map(|l| {
            auc_runs
                .iter()
                .filter(|(x, _, _)| x == l)
                .map(|(_, r, a)| (*r, *a))
                .collect()
        })
        .collect();
    let final_budget = final_budget(metric, &with, &span, labels, baseline, o);
    let per_round = if o.per_round {
        per_round_rows(metric, &with, &shared, labels, baseline, o)
    } else {
        Vec::new()
    };
    let auc = auc_rows(metric, labels, &by_label, baseline, higher, o, notes);
    let matrix = pairwise(&by_label, o);
    // each run's curve over the shared rounds
    let per_run = |l: &str| -> Vec<RunCurve> {
        with.iter()
            .filter(|r| r.meta.label == l)
            .map(|r| {
                let idx = (0..r.rounds.len()).filter(|&i| shared.contains(&r.rounds[i].round));
                let (x, y) = idx
                    .map(|i| (o.x.of(r, i), r.value(i, metric).unwrap_or(f64::NAN)))
                    .unzip();
                RunCurve { x, y }
            })
            .collect()
    };
    let (target, mut efficiency) = efficiency(&curves, baseline, higher, o.target);
    if let Some(b) = baseline {
        bootstrap_cis(&mut efficiency, &per_run, b, higher, o.target);
    }
    let (window, by_range) = match span {
        Span::Rounds(_) => (rounds_window(&curves, &shared), false),
        Span::Range(lo, hi) => (Some((lo, hi)), true),
    };
    MetricAnalysis {
        metric: metric.to_string(),
        higher_is_better: higher,
        curves,
        shared_rounds: shared,
        window,
        by_range,
        final_budget,
        per_round,
        auc_runs,
        auc,
        matrix_labels: labels.to_vec(),
        matrix,
        target,
        efficiency,
        run_points: run_points(metric, &with, o),
    }
}

/// Every run's (round, x, value) points of `metric`.
fn run_points(metric: &str, with: &[&RunRounds], o: &Options) -> Vec<RunPoints> {
    with.iter()
        .map(|r| RunPoints {
            label: r.meta.label.clone(),
            repeat: r.meta.repeat,
            points: (0..r.rounds.len())
                .filter_map(|i| {
                    let v = r.value(i, metric)?;
                    Some((r.rounds[i].round, o.x.of(r, i), v))
                })
                .collect(),
        })
        .collect()
}

/// The AUC window of shared rounds: the mean x over every curve at the first and at the last
/// shared round; `None` without shared rounds.
fn rounds_window(curves: &[Curve], shared: &[u32]) -> Option<(f64, f64)> {
    let at = |round: Option<&u32>| -> Option<f64> {
        let r = *round?;
        let xs: Vec<f64> = curves
            .iter()
            .flat_map(|c| c.points.iter().filter(|p| p.round == r).map(|p| p.x))
            .collect();
        (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
    };
    at(shared.first()).zip(at(shared.last()))
}

/// The metric at the final budget: at the last shared round, or at the upper end of the
/// common range (each run's curve interpolated); empty without shared rounds.
fn final_budget(
    metric: &str,
    with: &[&RunRounds],
    span: &Span<'_>,
    labels: &[String],
    baseline: Option<&str>,
    o: &Options,
) -> Vec<FinalRow> {
    match span {
        Span::Rounds(s) => s.last().map_or_else(Vec::new, |&last| {
            final_rows(with, &|r| round_value(r, metric, last), labels, baseline, o)
        }),
        Span::Range(_, hi) => final_rows(
            with,
            &|r| {
                let (x, y) = full_curve(r, metric, o.x);
                stats::value_at(&x, &y, *hi)
            },
            labels,
            baseline,
            o,
        ),
    }
}

/// [`final_rows`] at every shared round, the p-values corrected as one family over every
/// method × round (the honest family when one scans the rounds for a difference).
fn per_round_rows(
    metric: &str,
    with: &[&RunRounds],
    shared: &[u32],
    labels: &[String],
    baseline: Option<&str>,
    o: &Options,
) -> Vec<(u32, Vec<FinalRow>)> {
    let mut out: Vec<(u32, Vec<FinalRow>)> = shared
        .iter()
        .map(|&r| {
            let rows = final_rows(with, &|x| round_value(x, metric, r), labels, baseline, o);
            (r, rows)
        })
        .collect();
    let vs_base = |r: &FinalRow| Some(r.label.as_str()) != baseline;
    let mut all: Vec<FinalRow> = out.iter().flat_map(|(_, rows)| rows.clone()).collect();
    correct_family(
        &mut all,
        vs_base,
        o.correction,
        |r| r.p_value.clone(),
        |r, p| r.p_adjusted = p,
    );
    let mut it = all.into_iter();
    for (_, rows) in out.iter_mut() {
        for row in rows.iter_mut() {
            *row = it.next().expect("same rows");
        }
    }
    out
}

/// The metric per method (`value_of` each run), compared with the baseline by the report's
/// test, corrected over the comparisons.
fn final_rows(
    with: &[&RunRounds],
    value_of: &dyn Fn(&RunRounds) -> Option<f64>,
    labels: &[String],
    baseline: Option<&str>,
    o: &Options,
) -> Vec<FinalRow> {
    let of = |l: &str| -> Aucs {
        with.iter()
            .filter(|r| r.meta.label == l)
            .filter_map(|r| Some((r.meta.repeat, value_of(r)?)))
            .collect()
    };
    let base = baseline.map(of);
    let mut rows: Vec<FinalRow> = labels
        .iter()
        .map(|l| {
            let v = of(l);
            let s = Summary::of(&values(&v));
            let vs = base.as_ref().filter(|_| Some(l.as_str()) != baseline);
            FinalRow {
                label: l.clone(),
                n: s.n,
                mean: s.mean,
                std: s.std,
                diff: vs.map(|b| s.mean - Summary::of(&values(b)).mean),
                p_value: match vs {
                    Some(b) => pair(o.test, &v, b),
                    None => PValue::na("baseline"),
                },
                p_adjusted: PValue::na("baseline"),
            }
        })
        .collect();
    let vs_base = |r: &FinalRow| Some(r.label.as_str()) != baseline;
    correct_family(
        &mut rows,
        vs_base,
        o.correction,
        |r| r.p_value.clone(),
        |r, p| r.p_adjusted = p,
    );
    rows
}
