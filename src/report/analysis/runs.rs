//! The statistics of the round tables: which runs count, the baseline, and every metric.

use std::collections::BTreeSet;

use super::metric::analyse_metric;
use super::{Analysis, Curve, Options};
use crate::report::aggregate::mean_curves;
use crate::results::{RunRounds, Runs};

/// Analyse the round tables `all`. Errors are messages for the user (mixed specs, unknown
/// baseline). Selection statistics are left empty ([`super::analyse`] fills them).
pub fn analyse_runs(experiment: &str, all: &Runs, o: &Options) -> Result<Analysis, String> {
    let runs_in = of_spec(all, o)?;
    let machines = machines_of(&runs_in);
    let mut notes = Vec::new();
    if machines.len() > 1 {
        notes.push(format!(
            "the runs come from {} different machines (listed above): results are bit-identical only on one machine, since the CPU kernels may block and sum in another order elsewhere",
            machines.len()
        ));
    }
    let failed: Vec<(String, String)> = runs_in
        .iter()
        .filter(|r| !r.status().is_done())
        .map(|r| (r.meta.run_id(), r.status().to_string()))
        .collect();
    if !failed.is_empty() {
        notes.push(format!(
            "{} failed run(s) excluded from all statistics (listed below)",
            failed.len()
        ));
    }
    let ok_runs = Runs {
        runs: runs_in
            .into_iter()
            .filter(|r| r.status().is_done())
            .collect(),
        available: all.available.clone(),
    };
    let (labels, baseline) = labels_and_baseline(&ok_runs, o, &mut notes)?;
    let runs_per_label = labels
        .iter()
        .map(|l| {
            (
                l.clone(),
                ok_runs.runs.iter().filter(|r| &r.meta.label == l).count(),
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
        ));
    }
    let per_round = PerRound::of(&ok_runs, &labels, o);
    Ok(Analysis {
        experiment: experiment.to_string(),
        epochs: per_round.epochs,
        n_unique: per_round.n_unique,
        selections: Default::default(),
        n_boxes: per_round.n_boxes,
        class_ap: per_round.class_ap,
        compute: super::compute_table(&ok_runs.runs, &labels),
        labels,
        baseline,
        test: o.test,
        correction: o.correction,
        x: o.x,
        band: o.band,
        equivalence: o.equivalence,
        target: o.target,
        runs_per_label,
        failed,
        machines,
        metrics,
        ab: Vec::new(),
        notes,
        settings: Vec::new(),
    })
}

/// The runs of the chosen spec hash; an error when there are several and none is chosen.
fn of_spec(all: &Runs, o: &Options) -> Result<Vec<RunRounds>, String> {
    let hashes: BTreeSet<&str> = all.runs.iter().map(|r| r.meta.spec_hash.as_str()).collect();
    match &o.spec_hash {
        Some(h) => Ok(all
            .runs
            .iter()
            .filter(|r| &r.meta.spec_hash == h)
            .cloned()
            .collect()),
        None if hashes.len() > 1 => Err(format!(
            "run files were written by {} different specs (spec_hash {}); pass --spec-hash to choose one",
            hashes.len(),
            hashes.into_iter().collect::<Vec<_>>().join(", ")
        )),
        None => Ok(all.runs.clone()),
    }
}

/// (fingerprint, runs) of every machine that made `runs`, in order of first run.
fn machines_of(runs: &[RunRounds]) -> Vec<(String, usize)> {
    let mut machines: Vec<(String, usize)> = Vec::new();
    for r in runs
        .iter()
        .map(|r| &r.meta)
        .filter(|r| !r.machine.is_empty())
    {
        match machines.iter_mut().find(|(m, _)| *m == r.machine) {
            Some(m) => m.1 += 1,
            None => machines.push((r.machine.clone(), 1)),
        }
    }
    machines
}

/// The labels of the completed runs, sorted with the baseline first, and the baseline: the
/// chosen one (an error when it has no completed run), else "random" or "random/…" if present.
fn labels_and_baseline(
    ok_runs: &Runs,
    o: &Options,
    notes: &mut Vec<String>,
) -> Result<(Vec<String>, Option<String>), String> {
    let mut labels: Vec<String> = Vec::new();
    for r in ok_runs.runs.iter().map(|r| &r.meta) {
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
    Ok((labels, baseline))
}

/// The mean curves of the columns every report shows besides its metrics.
struct PerRound {
    /// Epochs trained.
    epochs: Vec<Curve>,
    /// Distinct labeled samples, when any run reselected samples (empty otherwise).
    n_unique: Vec<Curve>,
    /// Ground-truth boxes, when recorded (detection).
    n_boxes: Vec<Curve>,
    /// AP per class (detection).
    class_ap: Vec<(String, Vec<Curve>)>,
}

impl PerRound {
    fn of(ok_runs: &Runs, labels: &[String], o: &Options) -> PerRound {
        let curves = |metric: &str| -> Vec<Curve> { mean_curves(ok_runs, metric, o.x, labels) };
        let repeats_selected = ok_runs
            .runs
            .iter()
            .any(|r| r.rounds.iter().any(|x| x.n_unique != x.n_labeled));
        PerRound {
            epochs: curves("epochs"),
            n_unique: if repeats_selected {
                curves("n_unique")
            } else {
                Vec::new()
            },
            // classification run files carry an all-null n_boxes column
            n_boxes: if ok_runs.has_values("n_boxes") {
                curves("n_boxes")
            } else {
                Vec::new()
            },
            class_ap: ok_runs
                .available
                .iter()
                .filter_map(|m| {
                    m.strip_prefix("test_ap_")
                        .map(|c| (c.to_string(), curves(m)))
                })
                .collect(),
        }
    }
}
