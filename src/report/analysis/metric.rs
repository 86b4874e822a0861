//! The statistics of one metric: curves, shared rounds, per-run AUCs, the AUC table against
//! the baseline, the pairwise p-value matrix and label efficiency.

use super::runs::curves_of;
use super::window::{full_curve, round_value, run_aucs, shared_rounds, span_of, Span};
use super::{AucRow, Curve, EfficiencyRow, FinalRow, MetricAnalysis, Options};
use crate::report::aggregate::aggregate;
use crate::results::{RunRows, Runs};
use crate::rng::{Purpose, Rng};
use crate::spec::{fnv1a64, Correction, TestKind};
use crate::stats::{
    self, adjust, bootstrap_reach, cohens_d, diff_ci95, efficiency_target, hedges_g,
    labels_to_reach, power_n, tost_welch, PValue, Reach, RunCurve, Summary,
};

/// Per-run AUCs of one method: (repeat, AUC).
type Aucs = Vec<(u32, f64)>;

fn values(v: &[(u32, f64)]) -> Vec<f64> {
    v.iter().map(|x| x.1).collect()
}

/// Correct one family of comparisons with the baseline: the raw p (`get`) of every row that
/// `counts`, adjusted together, stored back with `set`.
fn correct_family<R>(
    rows: &mut [R],
    counts: impl Fn(&R) -> bool,
    correction: Correction,
    get: impl Fn(&R) -> PValue,
    set: impl Fn(&mut R, PValue),
) {
    let raw: Vec<PValue> = rows.iter().filter(|r| counts(r)).map(&get).collect();
    let adjusted = adjust(&raw, correction);
    for (r, p) in rows.iter_mut().filter(|r| counts(r)).zip(adjusted) {
        set(r, p);
    }
}

/// The test `o.test` between two methods' AUCs; the paired test pairs them by repeat.
pub(crate) fn pair(test: TestKind, a: &[(u32, f64)], b: &[(u32, f64)]) -> PValue {
    if test == TestKind::Paired {
        let (mut pa, mut pb) = (Vec::new(), Vec::new());
        for (r, x) in a {
            if let Some((_, y)) = b.iter().find(|(rb, _)| rb == r) {
                pa.push(*x);
                pb.push(*y);
            }
        }
        stats::test(test, &pa, &pb)
    } else {
        stats::test(test, &values(a), &values(b))
    }
}

/// The statistics of `metric` over the ok `runs` of `labels` (baseline first).
pub(super) fn analyse_metric(
    metric: &str,
    runs: &Runs,
    labels: &[String],
    baseline: Option<&str>,
    o: &Options,
    notes: &mut Vec<String>,
) -> Result<MetricAnalysis, String> {
    let higher = !metric.contains("loss");
    let agg = aggregate(runs, metric, o.x).map_err(|e| format!("aggregating {metric}: {e}"))?;
    let curves = curves_of(&agg, labels);
    let (with, shared) = shared_rounds(metric, runs, notes);
    let span = span_of(metric, &with, &shared, o.x, notes);
    let auc_runs = run_aucs(metric, &with, &span, o.x, notes);
    let aucs_of = |l: &str| -> Aucs {
        auc_runs
            .iter()
            .filter(|(x, _, _)| x == l)
            .map(|(_, r, a)| (*r, *a))
            .collect()
    };
    let by_label: Vec<Aucs> = labels.iter().map(|l| aucs_of(l)).collect();
    let final_budget = match span {
        Span::Rounds(s) => s.last().map_or_else(Vec::new, |&last| {
            final_rows(
                &with,
                &|r| round_value(r, metric, last),
                labels,
                baseline,
                o,
            )
        }),
        Span::Range(_, hi) => final_rows(
            &with,
            &|r| {
                let (x, y) = full_curve(r, metric, o.x);
                stats::value_at(&x, &y, hi)
            },
            labels,
            baseline,
            o,
        ),
    };
    let per_round = if o.per_round {
        per_round_rows(metric, &with, &shared, labels, baseline, o)
    } else {
        Vec::new()
    };
    let auc = auc_rows(metric, labels, &by_label, baseline, higher, o, notes);
    let matrix = pairwise(&by_label, o);
    let per_run = |l: &str| -> Vec<RunCurve> {
        with.iter()
            .filter(|r| r.label == l)
            .map(|r| {
                let vals = &r.metrics[metric];
                let idx = (0..r.rounds.len()).filter(|&i| shared.contains(&r.rounds[i]));
                let (x, y) = idx
                    .map(|i| (o.x.of(r, i), vals[i].unwrap_or(f64::NAN)))
                    .unzip();
                RunCurve { x, y }
            })
            .collect()
    };
    let (target, mut efficiency) = efficiency(&curves, baseline, higher, o.target);
    if let Some(b) = baseline {
        let base_final: Vec<f64> = per_run(b)
            .iter()
            .filter_map(|c| c.y.last().copied())
            .filter(|v| v.is_finite())
            .collect();
        for e in efficiency.iter_mut() {
            // one seed per label, so adding a method changes no other method's interval
            let mut rng = Rng::derive(0, Purpose::Bootstrap, &[fnv1a64(e.label.as_bytes())]);
            e.ci = bootstrap_reach(
                &per_run(&e.label),
                &base_final,
                o.target,
                higher,
                2000,
                &mut rng,
            )
            .map(|(lo, hi)| (reach_opt(lo), reach_opt(hi)));
        }
    }
    let at = |round: Option<&u32>| -> Option<f64> {
        let r = *round?;
        let xs: Vec<f64> = curves
            .iter()
            .flat_map(|c| c.points.iter().filter(|p| p.round == r).map(|p| p.x))
            .collect();
        (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
    };
    let (window, by_range) = match span {
        Span::Rounds(_) => (at(shared.first()).zip(at(shared.last())), false),
        Span::Range(lo, hi) => (Some((lo, hi)), true),
    };
    Ok(MetricAnalysis {
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
    })
}

/// [`final_rows`] at every shared round, the p-values corrected as one family over every
/// method × round (the honest family when one scans the rounds for a difference).
fn per_round_rows(
    metric: &str,
    with: &[&RunRows],
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
    with: &[&RunRows],
    value_of: &dyn Fn(&RunRows) -> Option<f64>,
    labels: &[String],
    baseline: Option<&str>,
    o: &Options,
) -> Vec<FinalRow> {
    let of = |l: &str| -> Aucs {
        with.iter()
            .filter(|r| r.label == l)
            .filter_map(|r| Some((r.repeat, value_of(r)?)))
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

/// The AUC table: each method against the baseline, corrected p-values, ranks.
fn auc_rows(
    metric: &str,
    labels: &[String],
    by_label: &[Aucs],
    baseline: Option<&str>,
    higher: bool,
    o: &Options,
    notes: &mut Vec<String>,
) -> Vec<AucRow> {
    let aucs_of = |l: &str| -> &Aucs {
        &by_label[labels.iter().position(|x| x == l).expect("a listed label")]
    };
    let base_aucs = baseline.map(aucs_of);
    let mut rows: Vec<AucRow> = labels
        .iter()
        .map(|l| {
            let a = aucs_of(l);
            let s = Summary::of(&values(a));
            let vs_base = base_aucs.as_ref().filter(|_| Some(l.as_str()) != baseline);
            let (diff, lo, hi) = match vs_base.and_then(|b| diff_ci95(&values(a), &values(b))) {
                Some((d, lo, hi)) => (Some(d), Some(lo), Some(hi)),
                None => (
                    vs_base.map(|b| s.mean - Summary::of(&values(b)).mean),
                    None,
                    None,
                ),
            };
            let base_mean = base_aucs.as_ref().map(|b| Summary::of(&values(b)).mean);
            let d = vs_base.and_then(|b| cohens_d(&values(a), &values(b)));
            let g = vs_base.and_then(|b| hedges_g(&values(a), &values(b)));
            AucRow {
                label: l.clone(),
                n: s.n,
                mean: s.mean,
                std: s.std,
                diff,
                ci_low: lo,
                ci_high: hi,
                rel_diff_pct: diff
                    .zip(base_mean)
                    .filter(|(_, b)| *b != 0.0)
                    .map(|(d, b)| d / b.abs() * 100.0),
                p_value: match vs_base {
                    Some(b) => pair(o.test, a, b),
                    None if Some(l.as_str()) == baseline => PValue::na("baseline"),
                    None => PValue::na("no baseline"),
                },
                p_adjusted: PValue::na("baseline"),
                p_equivalent: match vs_base {
                    Some(b) => tost_welch(&values(a), &values(b), o.equivalence),
                    None => PValue::na("baseline"),
                },
                cohens_d: d,
                hedges_g: g,
                power_n: g.and_then(|g| power_n(g.abs())),
                rank: 0,
            }
        })
        .collect();
    // Each family of comparisons with the baseline is corrected on its own: the difference
    // tests, then the equivalence tests.
    let vs_base = |r: &AucRow| Some(r.label.as_str()) != baseline;
    correct_family(
        &mut rows,
        vs_base,
        o.correction,
        |r| r.p_value.clone(),
        |r, p| r.p_adjusted = p,
    );
    correct_family(
        &mut rows,
        vs_base,
        o.correction,
        |r| r.p_equivalent.clone(),
        |r, p| r.p_equivalent = p,
    );
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (rows[a].mean, rows[b].mean);
        let c = if higher {
            y.total_cmp(&x)
        } else {
            x.total_cmp(&y)
        };
        c.then(a.cmp(&b))
    });
    for (rank, &i) in order.iter().enumerate() {
        rows[i].rank = rank + 1;
    }
    for r in &rows {
        if let PValue::NotAvailable(reason) = &r.p_value {
            if reason != "baseline" && reason != "no baseline" {
                notes.push(format!(
                    "{metric}: p-value of {} vs baseline not available: {reason}",
                    r.label
                ));
            }
        }
    }

    rows
}

/// Pairwise p-values between methods (in `by_label` order), corrected over the upper
/// triangle; diagonal 1.
fn pairwise(by_label: &[Aucs], o: &Options) -> Vec<Vec<PValue>> {
    let k = by_label.len();
    let mut tri = Vec::new();
    for i in 0..k {
        for j in i + 1..k {
            tri.push(pair(o.test, &by_label[i], &by_label[j]));
        }
    }
    let mut adj = adjust(&tri, o.correction).into_iter();
    let mut matrix = vec![vec![PValue::Value(1.0); k]; k];
    let pairs: Vec<(usize, usize)> = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
        .collect();
    for (i, j) in pairs {
        let p = adj.next().expect("one adjusted p per pair");
        matrix[i][j] = p.clone();
        matrix[j][i] = p;
    }

    matrix
}

fn reach_opt(r: Reach) -> Option<f64> {
    match r {
        Reach::At(x) => Some(x),
        Reach::NotReached => None,
    }
}

/// Label efficiency against the baseline's final mean: the target and, per curve, the
/// labels at which it is reached and the saving against the baseline.
fn efficiency(
    curves: &[Curve],
    baseline: Option<&str>,
    higher: bool,
    fraction: f64,
) -> (Option<f64>, Vec<EfficiencyRow>) {
    let base_curve = baseline.and_then(|b| curves.iter().find(|c| c.label == b));
    let target = base_curve
        .and_then(|c| c.points.last())
        .map(|p| efficiency_target(p.mean, fraction, higher));
    let reach = |c: &Curve| -> Option<f64> {
        let t = target?;
        let xs: Vec<f64> = c.points.iter().map(|p| p.x).collect();
        let ys: Vec<f64> = c.points.iter().map(|p| p.mean).collect();
        match labels_to_reach(&xs, &ys, t, higher) {
            Reach::At(x) => Some(x),
            Reach::NotReached => None,
        }
    };
    let base_reach = base_curve.and_then(reach);
    let efficiency = curves
        .iter()
        .map(|c| {
            let at = reach(c);
            let saving = at.zip(base_reach).map(|(a, b)| b - a);
            EfficiencyRow {
                label: c.label.clone(),
                labels: at,
                saving,
                saving_pct: saving
                    .zip(base_reach)
                    .filter(|(_, b)| *b > 0.0)
                    .map(|(s, b)| s / b * 100.0),
                ci: None,
            }
        })
        .collect();

    (target, efficiency)
}
