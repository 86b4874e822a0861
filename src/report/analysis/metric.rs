//! The statistics of one metric: curves, shared rounds, per-run AUCs, the AUC table against
//! the baseline, the pairwise p-value matrix and label efficiency.

use std::collections::BTreeSet;

use super::runs::curves_of;
use super::{AucRow, Curve, EfficiencyRow, MetricAnalysis, Options, XAxis};
use crate::report::aggregate::aggregate;
use crate::results::Runs;
use crate::spec::TestKind;
use crate::stats::{
    self, adjust, cohens_d, diff_ci95, labels_to_reach, normalized_auc, power_n, PValue, Reach,
    Summary,
};

pub(super) fn analyse_metric(
    metric: &str,
    runs: &Runs,
    labels: &[String],
    baseline: Option<&str>,
    o: &Options,
    notes: &mut Vec<String>,
) -> Result<MetricAnalysis, String> {
    let higher = !metric.contains("loss");
    let x_unique = o.x == XAxis::NUnique;
    let agg =
        aggregate(runs, metric, x_unique).map_err(|e| format!("aggregating {metric}: {e}"))?;
    let curves = curves_of(&agg, labels);

    // Runs that have the metric at all; the rounds every one of them has.
    let with: Vec<_> = runs
        .runs
        .iter()
        .filter(|r| {
            r.metrics
                .get(metric)
                .is_some_and(|v| v.iter().any(Option::is_some))
        })
        .collect();
    let missing = runs.runs.len() - with.len();
    if missing > 0 {
        notes.push(format!(
            "{metric}: absent in {missing} run(s), which are left out of its statistics"
        ));
    }
    let mut shared: Option<BTreeSet<u32>> = None;
    for r in &with {
        let vals = &r.metrics[metric];
        let rounds: BTreeSet<u32> = r
            .rounds
            .iter()
            .zip(vals)
            .filter(|(_, v)| v.is_some())
            .map(|(r, _)| *r)
            .collect();
        shared = Some(match shared {
            None => rounds,
            Some(s) => s.intersection(&rounds).copied().collect(),
        });
    }
    let shared: Vec<u32> = shared.unwrap_or_default().into_iter().collect();
    let all_rounds: BTreeSet<u32> = with.iter().flat_map(|r| r.rounds.iter().copied()).collect();
    if all_rounds.len() != shared.len() {
        notes.push(format!(
            "{metric}: runs have different round sets ({} rounds in all, {} shared); AUCs use the shared rounds {:?}",
            all_rounds.len(),
            shared.len(),
            shared
        ));
    }
    let mut auc_runs = Vec::new();
    for r in &with {
        let vals = &r.metrics[metric];
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for (i, round) in r.rounds.iter().enumerate() {
            if shared.contains(round) {
                xs.push(if x_unique {
                    r.n_unique[i]
                } else {
                    r.n_labeled[i]
                });
                ys.push(vals[i].unwrap_or(f64::NAN));
            }
        }
        match normalized_auc(&xs, &ys) {
            Ok(a) => auc_runs.push((r.label.clone(), r.repeat, a)),
            Err(e) => notes.push(format!(
                "{metric}: no AUC for {} r{}: {e}",
                r.label, r.repeat
            )),
        }
    }
    let aucs_of = |l: &str| -> Vec<(u32, f64)> {
        auc_runs
            .iter()
            .filter(|(x, _, _)| x == l)
            .map(|(_, r, a)| (*r, *a))
            .collect()
    };
    let values = |v: &[(u32, f64)]| -> Vec<f64> { v.iter().map(|x| x.1).collect() };
    let pair = |a: &[(u32, f64)], b: &[(u32, f64)]| -> PValue {
        if o.test == TestKind::Paired {
            let (mut pa, mut pb) = (Vec::new(), Vec::new());
            for (r, x) in a {
                if let Some((_, y)) = b.iter().find(|(rb, _)| rb == r) {
                    pa.push(*x);
                    pb.push(*y);
                }
            }
            stats::test(o.test, &pa, &pb)
        } else {
            stats::test(o.test, &values(a), &values(b))
        }
    };

    // AUC table.
    let base_aucs = baseline.map(aucs_of);
    let mut rows: Vec<AucRow> = labels
        .iter()
        .map(|l| {
            let a = aucs_of(l);
            let s = Summary::of(&values(&a));
            let vs_base = base_aucs.as_ref().filter(|_| Some(l.as_str()) != baseline);
            let (diff, lo, hi) = match vs_base.and_then(|b| diff_ci95(&values(&a), &values(b))) {
                Some((d, lo, hi)) => (Some(d), Some(lo), Some(hi)),
                None => (
                    vs_base.map(|b| s.mean - Summary::of(&values(b)).mean),
                    None,
                    None,
                ),
            };
            let base_mean = base_aucs.as_ref().map(|b| Summary::of(&values(b)).mean);
            let d = vs_base.and_then(|b| cohens_d(&values(&a), &values(b)));
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
                    Some(b) => pair(&a, b),
                    None if Some(l.as_str()) == baseline => PValue::na("baseline"),
                    None => PValue::na("no baseline"),
                },
                p_adjusted: PValue::na("baseline"),
                cohens_d: d,
                power_n: d.and_then(|d| power_n(d.abs())),
                rank: 0,
            }
        })
        .collect();
    let raw: Vec<PValue> = rows
        .iter()
        .filter(|r| Some(r.label.as_str()) != baseline)
        .map(|r| r.p_value.clone())
        .collect();
    let mut adj = adjust(&raw, o.correction).into_iter();
    for r in rows
        .iter_mut()
        .filter(|r| Some(r.label.as_str()) != baseline)
    {
        r.p_adjusted = adj.next().expect("one adjusted p per comparison");
    }
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

    // Pairwise matrix, corrected over the upper triangle.
    let k = labels.len();
    let mut tri = Vec::new();
    for i in 0..k {
        for j in i + 1..k {
            tri.push(pair(&aucs_of(&labels[i]), &aucs_of(&labels[j])));
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

    // Label efficiency against the baseline's final mean.
    let base_curve = baseline.and_then(|b| curves.iter().find(|c| c.label == b));
    let target = base_curve.and_then(|c| c.points.last()).map(|p| {
        if higher {
            o.target * p.mean
        } else {
            p.mean * (2.0 - o.target)
        }
    });
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
            }
        })
        .collect();

    Ok(MetricAnalysis {
        metric: metric.to_string(),
        higher_is_better: higher,
        curves,
        shared_rounds: shared,
        auc_runs,
        auc: rows,
        matrix_labels: labels.to_vec(),
        matrix,
        target,
        efficiency,
    })
}
