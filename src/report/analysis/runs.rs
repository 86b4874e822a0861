//! The statistics of the round tables: which runs count, the baseline, and every metric.

use std::collections::BTreeSet;

use super::metric::analyse_metric;
use super::{Analysis, Curve, CurvePoint, Options};
use crate::report::aggregate::{aggregate, AggRow};
use crate::results::Runs;

/// Mean curves per label (in `labels` order) from aggregated rows.
pub(super) fn curves_of(rows: &[AggRow], labels: &[String]) -> Vec<Curve> {
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

/// Analyse the round tables `all`. Errors are messages for the user (mixed specs, unknown
/// baseline). Selection statistics are left empty ([`super::analyse`] fills them).
pub fn analyse_runs(experiment: &str, all: &Runs, o: &Options) -> Result<Analysis, String> {
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
    let mut machines: Vec<(String, usize)> = Vec::new();
    for r in runs_in.iter().filter(|r| !r.machine.is_empty()) {
        match machines.iter_mut().find(|(m, _)| *m == r.machine) {
            Some(m) => m.1 += 1,
            None => machines.push((r.machine.clone(), 1)),
        }
    }
    let mut notes = Vec::new();
    if machines.len() > 1 {
        notes.push(format!(
            "the runs come from {} different machines (listed above): results are bit-identical only on one machine, since the CPU kernels may block and sum in another order elsewhere",
            machines.len()
        ));
    }
    let failed: Vec<(String, String)> = runs_in
        .iter()
        .filter(|r| r.status != "ok")
        .map(|r| {
            (
                crate::results::run_id(&r.config_id, r.repeat),
                r.status.clone(),
            )
        })
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
        aggregate(&ok_runs, metric, o.x)
            .map_or_else(|_| Vec::new(), |rows| curves_of(&rows, &labels))
    };
    let n_unique = per_round("n_unique");
    let repeats_selected = ok_runs
        .runs
        .iter()
        .any(|r| r.n_unique.iter().zip(&r.n_labeled).any(|(u, l)| u != l));
    let epochs = per_round("epochs");
    // classification run files carry an all-null n_boxes column
    let n_boxes = if ok_runs.has_values("n_boxes") {
        per_round("n_boxes")
    } else {
        Vec::new()
    };
    let class_ap: Vec<(String, Vec<Curve>)> = ok_runs
        .available
        .iter()
        .filter_map(|m| {
            m.strip_prefix("test_ap_")
                .map(|c| (c.to_string(), per_round(m)))
        })
        .collect();
    let compute = super::compute_table(&ok_runs.runs, &labels);
    Ok(Analysis {
        experiment: experiment.to_string(),
        epochs,
        n_unique: if repeats_selected {
            n_unique
        } else {
            Vec::new()
        },
        selections: Default::default(),
        n_boxes,
        class_ap,
        labels,
        baseline,
        test: o.test,
        correction: o.correction,
        x: o.x,
        band: o.band,
        equivalence: o.equivalence,
        target: o.target,
        runs_per_label,
        compute,
        failed,
        machines,
        metrics,
        ab: Vec::new(),
        notes,
    })
}
