//! Publication tables from an [`Analysis`] (`albench tables`): the thesis' AUC table (Table
//! 4.2, built in [`crate::report::auc`]), pairwise p-value matrices (Tables 4.3–4.5), metric
//! per round (NVIDIA Table IV) and labeling cost, in the model of
//! [`crate::report::PaperTable`].

use super::super::analysis::{Analysis, Curve, MetricAnalysis};
use super::super::auc::auc_paper_table;
use super::super::cells::{p_short, point};
use super::super::family;
use super::super::paper_table::{Cell, Layout, PaperTable};
use crate::stats::PValue;

fn pvalue_table(an: &Analysis, m: &MetricAnalysis) -> PaperTable {
    let mut header = vec![String::new()];
    header.extend(m.matrix_labels.iter().cloned());
    let rows = m
        .matrix_labels
        .iter()
        .zip(&m.matrix)
        .map(|(l, row)| {
            let mut r = vec![Cell::plain(l.clone())];
            r.extend(row.iter().map(|p| Cell {
                text: p_short(p),
                bold: matches!(p, PValue::Value(v) if *v < 0.05),
            }));
            r
        })
        .collect();
    PaperTable {
        caption: format!(
            "{}: pairwise p-values of the {} AUCs",
            an.experiment, m.metric
        ),
        header,
        rows,
        note: format!(
            "{} test, {}; bold: p < 0.05.",
            an.test.name(),
            family::pairwise_of(an.correction, m)
        ),
    }
}

fn fmt_point(c: Option<&Curve>, round: u32, d: usize) -> String {
    point(
        c.and_then(|c| c.points.iter().find(|p| p.round == round)),
        d,
    )
}

/// The labeling-cost columns an analysis has: `n_unique` (when samples were reselected) and
/// `n_boxes` (detection).
fn cost_columns(an: &Analysis) -> Vec<(&'static str, &[Curve])> {
    [
        ("n_unique", an.n_unique.as_slice()),
        ("n_boxes", an.n_boxes.as_slice()),
    ]
    .into_iter()
    .filter(|(_, c)| !c.is_empty())
    .collect()
}

fn curve_of<'a>(curves: &'a [Curve], label: &str) -> Option<&'a Curve> {
    curves.iter().find(|c| c.label == label)
}

fn rounds_table(an: &Analysis) -> PaperTable {
    let mut header = vec![
        "round".to_string(),
        "method".into(),
        an.x.name().to_string(),
    ];
    header.extend(an.metrics.iter().map(|m| m.metric.clone()));
    let extra = cost_columns(an);
    header.extend(extra.iter().map(|(n, _)| n.to_string()));
    let rounds: std::collections::BTreeSet<u32> = an
        .metrics
        .iter()
        .flat_map(|m| {
            m.curves
                .iter()
                .flat_map(|c| c.points.iter().map(|p| p.round))
        })
        .collect();
    let mut rows = Vec::new();
    for r in rounds {
        for l in &an.labels {
            let x = an
                .metrics
                .first()
                .and_then(|m| curve_of(&m.curves, l))
                .and_then(|c| c.points.iter().find(|p| p.round == r))
                .map_or("–".to_string(), |p| format!("{:.0}", p.x));
            let mut row = vec![
                Cell::plain(r.to_string()),
                Cell::plain(l.clone()),
                Cell::plain(x),
            ];
            row.extend(
                an.metrics
                    .iter()
                    .map(|m| Cell::plain(fmt_point(curve_of(&m.curves, l), r, 4))),
            );
            row.extend(
                extra
                    .iter()
                    .map(|(_, c)| Cell::plain(fmt_point(curve_of(c, l), r, 1))),
            );
            rows.push(row);
        }
    }
    PaperTable {
        caption: format!(
            "{}: metrics per round (mean ± std over runs)",
            an.experiment
        ),
        header,
        rows,
        note: String::new(),
    }
}

fn last(c: Option<&Curve>, d: usize) -> String {
    point(c.and_then(|c| c.points.last()), d)
}

fn cost_table(an: &Analysis) -> PaperTable {
    let mut header = vec!["method".to_string(), an.x.name().to_string()];
    let extra = cost_columns(an);
    header.extend(extra.iter().map(|(n, _)| n.to_string()));
    header.extend(an.metrics.iter().map(|m| m.metric.clone()));
    let rows = an
        .labels
        .iter()
        .map(|l| {
            let x = an
                .metrics
                .first()
                .and_then(|m| curve_of(&m.curves, l))
                .and_then(|c| c.points.last())
                .map_or("–".to_string(), |p| format!("{:.0}", p.x));
            let mut row = vec![Cell::plain(l.clone()), Cell::plain(x)];
            row.extend(
                extra
                    .iter()
                    .map(|(_, c)| Cell::plain(last(curve_of(c, l), 1))),
            );
            row.extend(
                an.metrics
                    .iter()
                    .map(|m| Cell::plain(last(curve_of(&m.curves, l), 4))),
            );
            row
        })
        .collect();
    PaperTable {
        caption: format!(
            "{}: labeling cost and metrics at each method's last round (mean ± std over runs)",
            an.experiment
        ),
        header,
        rows,
        note: String::new(),
    }
}

/// The tables of `layout` (one per metric for `Pvalues`). `scale` divides AUCs (`1e-2`: the
/// thesis' "AUC scaled by 10^-2").
pub fn paper_tables(an: &Analysis, layout: Layout, scale: f64) -> Vec<PaperTable> {
    match layout {
        Layout::Auc => vec![auc_paper_table(an, scale)],
        Layout::Pvalues => an.metrics.iter().map(|m| pvalue_table(an, m)).collect(),
        Layout::Rounds => vec![rounds_table(an)],
        Layout::Cost => vec![cost_table(an)],
    }
}
