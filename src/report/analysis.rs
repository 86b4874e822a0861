//! From loaded runs to one [`Analysis`]: curves, per-run AUCs, AUC tables against the
//! baseline, pairwise p-value matrices, label efficiency. Pure: no IO.

use std::collections::BTreeSet;

use serde::Serialize;

use super::load::{aggregate, AggRow, Runs};
use crate::spec::{Correction, TestKind};
use crate::stats::{
    self, adjust, cohens_d, diff_ci95, labels_to_reach, normalized_auc, power_n, PValue, Reach,
    Summary,
};

/// The x axis of curves and AUCs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum XAxis {
    /// Training samples with repeats.
    NLabeled,
    /// Distinct labeled samples (labeling cost).
    NUnique,
}

impl XAxis {
    /// Column name.
    pub fn name(self) -> &'static str {
        match self {
            XAxis::NLabeled => "n_labeled",
            XAxis::NUnique => "n_unique",
        }
    }
}

/// What to analyse.
#[derive(Clone, Debug)]
pub struct Options {
    /// Metrics (round-table columns).
    pub metrics: Vec<String>,
    /// Baseline label (None = "random" if present).
    pub baseline: Option<String>,
    /// Test.
    pub test: TestKind,
    /// Correction.
    pub correction: Correction,
    /// Label-efficiency target as a fraction of the baseline's final mean.
    pub target: f64,
    /// x axis.
    pub x: XAxis,
    /// Use only runs written by this spec hash (required when several are present).
    pub spec_hash: Option<String>,
}

/// One point of a mean learning curve.
#[derive(Clone, Debug, Serialize)]
pub struct CurvePoint {
    /// Round.
    pub round: u32,
    /// Mean x over runs.
    pub x: f64,
    /// Mean metric.
    pub mean: f64,
    /// Std (n − 1); NaN with one run.
    pub std: f64,
    /// Runs contributing.
    pub n: u32,
    /// Standard error.
    pub sem: f64,
}

/// A method's mean learning curve.
#[derive(Clone, Debug, Serialize)]
pub struct Curve {
    /// Label.
    pub label: String,
    /// Points by round.
    pub points: Vec<CurvePoint>,
}

/// One row of the AUC table.
#[derive(Clone, Debug, Serialize)]
pub struct AucRow {
    /// Label.
    pub label: String,
    /// Runs.
    pub n: usize,
    /// Mean AUC.
    pub mean: f64,
    /// Std of AUCs.
    pub std: f64,
    /// Mean AUC − baseline mean AUC.
    pub diff: Option<f64>,
    /// 95% CI of `diff` (Welch).
    pub ci_low: Option<f64>,
    /// Upper bound.
    pub ci_high: Option<f64>,
    /// `diff / |baseline mean| · 100`.
    pub rel_diff_pct: Option<f64>,
    /// p-value vs the baseline.
    pub p_value: PValue,
    /// p-value corrected over all comparisons with the baseline.
    pub p_adjusted: PValue,
    /// Cohen's d vs the baseline.
    pub cohens_d: Option<f64>,
    /// Repeats per method for 80% power at α = 0.05 given `cohens_d`.
    pub power_n: Option<usize>,
    /// 1 = best (higher AUC for accuracies, lower for losses).
    pub rank: usize,
}

/// Label efficiency of one method.
#[derive(Clone, Debug, Serialize)]
pub struct EfficiencyRow {
    /// Label.
    pub label: String,
    /// Labels at which the mean curve reaches the target; None = not reached.
    pub labels: Option<f64>,
    /// Labels saved vs the baseline (positive = fewer labels needed).
    pub saving: Option<f64>,
    /// Saving in % of the baseline's labels.
    pub saving_pct: Option<f64>,
}

/// Everything about one metric.
#[derive(Clone, Debug, Serialize)]
pub struct MetricAnalysis {
    /// Column name.
    pub metric: String,
    /// Direction.
    pub higher_is_better: bool,
    /// Mean curves per label.
    pub curves: Vec<Curve>,
    /// Rounds used for AUCs (present in every compared run).
    pub shared_rounds: Vec<u32>,
    /// Per-run AUCs: (label, repeat, auc).
    pub auc_runs: Vec<(String, u32, f64)>,
    /// AUC table, in label order.
    pub auc: Vec<AucRow>,
    /// Labels of the p-value matrix.
    pub matrix_labels: Vec<String>,
    /// Pairwise p-values (corrected over the upper triangle); diagonal 1.
    pub matrix: Vec<Vec<PValue>>,
    /// Target of label efficiency (None without a baseline).
    pub target: Option<f64>,
    /// Label efficiency per label.
    pub efficiency: Vec<EfficiencyRow>,
}

/// The analysis handed to every renderer.
#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    /// Experiment name.
    pub experiment: String,
    /// Labels in report order (baseline first).
    pub labels: Vec<String>,
    /// Baseline label.
    pub baseline: Option<String>,
    /// Test used.
    pub test: TestKind,
    /// Correction used.
    pub correction: Correction,
    /// x axis.
    pub x: XAxis,
    /// Runs used, per label.
    pub runs_per_label: Vec<(String, usize)>,
    /// Failed runs (excluded): (run id, status).
    pub failed: Vec<(String, String)>,
    /// Per metric.
    pub metrics: Vec<MetricAnalysis>,
    /// Mean epochs trained per round (member 0), when the run files have them.
    pub epochs: Vec<Curve>,
    /// Mean distinct labeled samples per round, when it differs from `n_labeled`
    /// (`loop.pool = "all"` or reselection); empty otherwise.
    pub n_unique: Vec<Curve>,
    /// Classes and label noise of the selected samples (filled by the loader; IO).
    pub selections: super::selections::SelectionStats,
    /// Everything the reader should know (mismatched rounds, unavailable values, …).
    pub notes: Vec<String>,
}

/// Mean curves per label (in `labels` order) from aggregated rows.
fn curves_of(rows: &[AggRow], labels: &[String]) -> Vec<Curve> {
    labels
        .iter()
        .map(|l| Curve {
            label: l.clone(),
            points: rows
                .iter()
                .filter(|r| &r.label == l)
                .map(|r| CurvePoint {
                    round: r.round,
                    x: r.x,
                    mean: r.mean,
                    std: r.std,
                    n: r.n,
                    sem: r.std / (r.n as f64).sqrt(),
                })
                .collect(),
        })
        .collect()
}

/// Analyse `runs`. Errors are messages for the user (mixed specs, unknown baseline).
pub fn analyse(experiment: &str, all: &Runs, o: &Options) -> Result<Analysis, String> {
    let hashes: BTreeSet<&str> = all.runs.iter().map(|r| r.spec_hash.as_str()).collect();
    let runs_in: Vec<_> = match &o.spec_hash {
        Some(h) => all.runs.iter().filter(|r| &r.spec_hash == h).cloned().collect(),
        None if hashes.len() > 1 => {
            return Err(format!(
                "run files were written by {} different specs (spec_hash {}); pass --spec-hash to choose one",
                hashes.len(),
                hashes.into_iter().collect::<Vec<_>>().join(", ")
            ))
        }
        None => all.runs.clone(),
    };
    let mut notes = Vec::new();
    let failed: Vec<(String, String)> = runs_in
        .iter()
        .filter(|r| r.status != "ok")
        .map(|r| (format!("{}-r{}", r.config_id, r.repeat), r.status.clone()))
        .collect();
    if !failed.is_empty() {
        notes.push(format!(
            "{} failed run(s) excluded from all statistics (listed below)",
            failed.len()
        ));
    }
    let ok: Vec<_> = runs_in.into_iter().filter(|r| r.status == "ok").collect();
    let ok_runs = Runs {
        runs: ok,
        available: all.available.clone(),
    };
    let mut labels: Vec<String> = Vec::new();
    for r in &ok_runs.runs {
        if !labels.contains(&r.label) {
            labels.push(r.label.clone());
        }
    }
    labels.sort();
    let baseline = match &o.baseline {
        Some(b) if labels.contains(b) => Some(b.clone()),
        Some(b) => {
            return Err(format!(
                "baseline \"{b}\" has no completed run; labels: {}",
                labels.join(", ")
            ));
        }
        None => labels
            .iter()
            .find(|l| l.as_str() == "random" || l.starts_with("random/"))
            .cloned(),
    };
    if baseline.is_none() {
        notes.push("no baseline (no configuration labeled \"random\"; set report.baseline): differences, p-values vs baseline and label efficiency are not available".into());
    }
    if let Some(b) = &baseline {
        labels.retain(|l| l != b);
        labels.insert(0, b.clone());
    }
    if labels.len() == 1 {
        notes.push("only one method: nothing to compare".into());
    }
    let runs_per_label = labels
        .iter()
        .map(|l| {
            (
                l.clone(),
                ok_runs.runs.iter().filter(|r| &r.label == l).count(),
            )
        })
        .collect();
    let mut metrics = Vec::new();
    for m in &o.metrics {
        metrics.push(analyse_metric(
            m,
            &ok_runs,
            &labels,
            baseline.as_deref(),
            o,
            &mut notes,
        )?);
    }
    let per_round = |metric: &str| -> Vec<Curve> {
        aggregate(&ok_runs, metric, o.x == XAxis::NUnique)
            .map_or_else(|_| Vec::new(), |rows| curves_of(&rows, &labels))
    };
    let n_unique = per_round("n_unique");
    let repeats_selected = ok_runs
        .runs
        .iter()
        .any(|r| r.n_unique.iter().zip(&r.n_labeled).any(|(u, l)| u != l));
    let epochs = per_round("epochs");
    Ok(Analysis {
        experiment: experiment.to_string(),
        epochs,
        n_unique: if repeats_selected {
            n_unique
        } else {
            Vec::new()
        },
        selections: Default::default(),
        labels,
        baseline,
        test: o.test,
        correction: o.correction,
        x: o.x,
        runs_per_label,
        failed,
        metrics,
        notes,
    })
}

fn analyse_metric(
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
