//! The report's figure catalogue: which figures an analysis gets, with captions.

use super::analysis::{Analysis, MetricAnalysis};
use super::family;
use super::plots::{
    auc_strip, axis_label, class_histogram, curves, pvalue_heatmap, CurveSpec, PlotError, Rendered,
};

/// A figure of the report: (file stem, caption, rendering).
type Made = (String, String, Rendered);

/// Every figure of the report: (file stem, caption, rendering).
pub fn figures(a: &Analysis) -> Result<Vec<Made>, PlotError> {
    let runs: Vec<usize> = a
        .labels
        .iter()
        .map(|l| {
            a.runs_per_label
                .iter()
                .find(|(x, _)| x == l)
                .map_or(0, |x| x.1)
        })
        .collect();
    let mut out = Vec::new();
    for m in &a.metrics {
        out.extend(metric_figures(m, a, &runs)?);
        out.extend(super::penalty_section::figures(a, m)?);
    }
    out.extend(selection_figures(a, &runs)?);
    if a.epochs.iter().any(|c| !c.points.is_empty()) {
        let spec = CurveSpec {
            title: "Epochs trained per round (early stopping)".into(),
            x_label: a.x.name().to_string(),
            y_label: "epochs".into(),
            curves: &a.epochs,
            runs,
            band: a.band,
        };
        out.push((
            "epochs".into(),
            "Epochs trained per round".into(),
            curves(&spec)?,
        ));
    }
    Ok(out)
}

/// The figures of one metric: learning curves, per-run AUCs, p-value heatmap. `runs`: runs
/// per label, in label order.
fn metric_figures(
    m: &MetricAnalysis,
    a: &Analysis,
    runs: &[usize],
) -> Result<Vec<Made>, PlotError> {
    let spec = CurveSpec {
        title: format!("{}: {}", axis_label(&m.metric), a.band.describe()),
        x_label: a.x.name().to_string(),
        y_label: m.metric.clone(),
        curves: &m.curves,
        runs: runs.to_vec(),
        band: a.band,
    };
    let means: Vec<f64> = m
        .matrix_labels
        .iter()
        .map(|l| {
            m.auc
                .iter()
                .find(|r| &r.label == l)
                .map_or(f64::NAN, |r| r.mean)
        })
        .collect();
    Ok(vec![
        (
            format!("curves_{}", m.metric),
            format!("Learning curves of {} ({})", m.metric, a.band.describe()),
            curves(&spec)?,
        ),
        (
            format!("auc_{}", m.metric),
            format!("Per-run AUC of {} (bar: mean)", m.metric),
            auc_strip(
                format!("AUC of {} per run", axis_label(&m.metric)),
                &a.labels,
                &m.auc_runs,
            )?,
        ),
        (
            format!("pvalues_{}", m.metric),
            format!(
                "Pairwise p-values of {} AUCs ({:?}; {})",
                m.metric,
                a.test,
                family::pairwise_of(a.correction, m)
            ),
            pvalue_heatmap(
                format!(
                    "p-values of {} AUC ({:?}; {})",
                    axis_label(&m.metric),
                    a.test,
                    family::pairwise_of(a.correction, m)
                ),
                &m.matrix_labels,
                &m.matrix,
                &means,
                m.higher_is_better,
            )?,
        ),
    ])
}

/// The figures of the selected samples, when the analysis has them: classes, mislabeled
/// fraction, redundant picks.
fn selection_figures(a: &Analysis, runs: &[usize]) -> Result<Vec<Made>, PlotError> {
    let mut out = Vec::new();
    if !a.selections.class_fractions.is_empty() {
        out.push((
            "classes".into(),
            "Classes of the selected samples (rounds ≥ 1)".into(),
            class_histogram(&a.selections.class_fractions, &a.selections.class_names)?,
        ));
    }
    if !a.selections.mislabeled.is_empty() {
        let spec = CurveSpec {
            title: "Fraction of selected samples with a flipped label".into(),
            x_label: "round".into(),
            y_label: "mislabeled / selected".into(),
            curves: &a.selections.mislabeled,
            runs: runs.to_vec(),
            band: a.band,
        };
        out.push((
            "mislabeled".into(),
            "Mislabeled fraction of each round's selection (data.label_noise)".into(),
            curves(&spec)?,
        ));
    }
    if !a.selections.redundant.is_empty() {
        let spec = CurveSpec {
            title: "Picks that add no new original image (data.duplicates)".into(),
            x_label: "round".into(),
            y_label: "redundant / selected".into(),
            curves: &a.selections.redundant,
            runs: runs.to_vec(),
            band: a.band,
        };
        out.push((
            "redundant".into(),
            "Fraction of each round's picks whose original image was already labeled or picked twice (near-duplicates, data.duplicates), mean ± 1 std over repeats".into(),
            curves(&spec)?,
        ));
    }
    Ok(out)
}
