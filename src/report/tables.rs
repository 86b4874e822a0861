//! The report's tables as document blocks: pairwise p-values, rounds, label efficiency,
//! compute, the final budget. The AUC table is in [`super::auc`]; cells are written by
//! [`super::cells`].

use super::analysis::{Analysis, ComputeRow, Curve, MetricAnalysis};
use super::cells::{num, p, point, signed};
use super::document::Block;
use crate::stats::PValue;

/// The pairwise p-value matrix of one metric.
pub fn pvalue_table(m: &MetricAnalysis) -> Block {
    let mut header = vec![String::new()];
    header.extend(m.matrix_labels.iter().cloned());
    let mut right = vec![true; header.len()];
    right[0] = false;
    let rows = m
        .matrix_labels
        .iter()
        .zip(&m.matrix)
        .map(|(l, ps)| {
            let mut row = vec![l.clone()];
            row.extend(ps.iter().map(|v| match v {
                PValue::Value(_) => v.to_string(),
                PValue::NotAvailable(_) => "n/a".into(),
            }));
            row
        })
        .collect();
    Block::Table {
        header,
        right,
        rows,
    }
}

/// Per-round mean ± std (NVIDIA Table IV style), columns headed by round and mean x; when the
/// configurations have different label grids ([`MetricAnalysis::by_range`]), columns headed by
/// the number of labels instead, since round k of one configuration is not round k of another.
pub fn rounds_table(m: &MetricAnalysis) -> Block {
    if m.by_range {
        curves_by_x_table(&m.curves)
    } else {
        curve_table(&m.curves, true)
    }
}

/// One row per curve, one column per distinct x (labels, rounded): mean ± std where the curve
/// has a point there, "–" elsewhere.
fn curves_by_x_table(curves: &[Curve]) -> Block {
    let key = |x: f64| x.round() as i64;
    let xs: Vec<i64> = curves
        .iter()
        .flat_map(|c| c.points.iter().map(|p| key(p.x)))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut header = vec!["method".to_string()];
    header.extend(xs.iter().map(|x| format!("{x} labels")));
    let mut right = vec![true; header.len()];
    right[0] = false;
    let rows = curves
        .iter()
        .map(|c| {
            let mut row = vec![c.label.clone()];
            row.extend(
                xs.iter()
                    .map(|x| point(c.points.iter().find(|p| key(p.x) == *x), 4)),
            );
            row
        })
        .collect();
    Block::Table {
        header,
        right,
        rows,
    }
}

/// One row per curve, one column per round: mean ± std (mean alone for a single run).
/// `with_x`: column headers carry the mean x of the round.
pub(super) fn curve_table(curves: &[Curve], with_x: bool) -> Block {
    curve_table_prec(curves, with_x, 4)
}

/// [`curve_table`] with `prec` decimals (1 for counts).
pub(super) fn curve_table_prec(curves: &[Curve], with_x: bool, prec: usize) -> Block {
    let rounds: Vec<u32> = curves
        .iter()
        .flat_map(|c| c.points.iter().map(|p| p.round))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut header = vec!["method".to_string()];
    for r in &rounds {
        header.push(if with_x {
            let x = curves
                .iter()
                .flat_map(|c| c.points.iter())
                .find(|p| p.round == *r)
                .map_or(f64::NAN, |p| p.x);
            format!("round {r} ({x:.0})")
        } else {
            format!("round {r}")
        });
    }
    let mut right = vec![true; header.len()];
    right[0] = false;
    let rows = curves
        .iter()
        .map(|c| {
            let mut row = vec![c.label.clone()];
            row.extend(
                rounds
                    .iter()
                    .map(|r| point(c.points.iter().find(|p| p.round == *r), prec)),
            );
            row
        })
        .collect();
    Block::Table {
        header,
        right,
        rows,
    }
}

/// Methods × classes: each class's AP at its last round, mean ± std.
pub(super) fn class_ap_table(classes: &[(String, Vec<Curve>)], labels: &[String]) -> Block {
    let mut header = vec!["method".to_string()];
    header.extend(classes.iter().map(|(c, _)| c.clone()));
    let mut right = vec![true; header.len()];
    right[0] = false;
    let rows = labels
        .iter()
        .map(|l| {
            let mut row = vec![l.clone()];
            for (_, curves) in classes {
                let last = curves
                    .iter()
                    .find(|c| &c.label == l)
                    .and_then(|c| c.points.last());
                row.push(point(last, 4));
            }
            row
        })
        .collect();
    Block::Table {
        header,
        right,
        rows,
    }
}

pub(super) fn efficiency_table(m: &MetricAnalysis, a: &Analysis) -> Vec<Block> {
    let Some(t) = m.target else {
        return vec![Block::Paragraph("Not available without a baseline.".into())];
    };
    let fraction = a.target;

    let target = Block::Paragraph(format!(
        "Target: {} = {t:.4}, {} the baseline's final mean (`report.target` = {fraction}). The interval resamples the runs of the method and of the baseline (percentile bootstrap, 2,000 draws).",
        m.metric,
        match (fraction == 1.0, m.higher_is_better) {
            (true, _) => "equal to".to_string(),
            (false, true) => format!("{fraction} ×"),
            (false, false) => format!("{} ×", 2.0 - fraction),
        }
    ));
    let rows = m
        .efficiency
        .iter()
        .map(|e| {
            let bound = |b: Option<f64>| b.map_or("not reached".to_string(), |x| format!("{x:.0}"));
            vec![
                e.label.clone(),
                e.labels.map_or("not reached".into(), |x| format!("{x:.0}")),
                e.ci.map_or("–".into(), |(lo, hi)| {
                    format!("[{}, {}]", bound(lo), bound(hi))
                }),
                e.saving.map_or("–".into(), |x| format!("{x:+.0}")),
                e.saving_pct.map_or("–".into(), |x| format!("{x:+.1}%")),
            ]
        })
        .collect();
    let base = a.baseline.as_deref().unwrap_or("baseline");
    vec![
        target,
        Block::Table {
            header: vec![
                "method".into(),
                "labels to reach target".into(),
                "95% CI (bootstrap)".into(),
                format!("saving vs {base}"),
                "saving %".into(),
            ],
            right: vec![false, true, true, true, true],
            rows,
        },
    ]
}

/// The compute table: one row per method.
pub(super) fn compute_table(rows: &[ComputeRow]) -> Block {
    let pm = |(m, s): (f64, f64)| {
        if s.is_finite() {
            format!("{m:.1} ± {s:.1}")
        } else {
            format!("{m:.1}")
        }
    };
    Block::Table {
        header: vec![
            "method".into(),
            "runs".into(),
            "train s".into(),
            "score s".into(),
            "select s".into(),
            "epochs".into(),
        ],
        right: vec![false, true, true, true, true, true],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.label.clone(),
                    r.runs.to_string(),
                    pm(r.train_s),
                    pm(r.score_s),
                    pm(r.select_s),
                    pm(r.epochs),
                ]
            })
            .collect(),
    }
}

/// The metric at the final budget: per method mean ± std, difference from the baseline and the
/// report's test (corrected).
pub fn final_table(m: &MetricAnalysis, baseline: Option<&str>) -> Block {
    let b = baseline.unwrap_or("baseline");
    Block::Table {
        header: vec![
            "method".into(),
            "runs".into(),
            format!("mean {}", m.metric),
            "std".into(),
            format!("Δ vs {b}"),
            "p".into(),
            "p (corrected)".into(),
        ],
        right: vec![false, true, true, true, true, true, true],
        rows: m
            .final_budget
            .iter()
            .map(|r| {
                vec![
                    r.label.clone(),
                    r.n.to_string(),
                    num(Some(r.mean)),
                    num(Some(r.std)),
                    signed(r.diff),
                    p(&r.p_value),
                    p(&r.p_adjusted),
                ]
            })
            .collect(),
    }
}

/// The per-round comparison with the baseline (`--per-round`): methods × rounds, each cell
/// "Δ (p corrected)".
pub fn per_round_table(m: &MetricAnalysis, baseline: Option<&str>) -> Block {
    let rounds: Vec<u32> = m.per_round.iter().map(|(r, _)| *r).collect();
    let labels: Vec<&str> = m
        .per_round
        .first()
        .map(|(_, rows)| {
            rows.iter()
                .map(|r| r.label.as_str())
                .filter(|l| Some(*l) != baseline)
                .collect()
        })
        .unwrap_or_default();
    let mut header = vec!["method".to_string()];
    header.extend(rounds.iter().map(|r| format!("round {r}")));
    let rows = labels
        .iter()
        .map(|l| {
            let mut row = vec![l.to_string()];
            for (_, rs) in &m.per_round {
                row.push(rs.iter().find(|r| r.label == *l).map_or("–".into(), |r| {
                    format!("{} ({})", signed(r.diff), p(&r.p_adjusted))
                }));
            }
            row
        })
        .collect();
    Block::Table {
        right: std::iter::once(false)
            .chain(rounds.iter().map(|_| true))
            .collect(),
        header,
        rows,
    }
}
