//! The report's content: an [`Analysis`] laid out as a [`Document`] (headings, tables,
//! figures, notes), which renders to Markdown and HTML. No IO.

use super::analysis::{Analysis, ComputeRow, Curve, MetricAnalysis};
use super::document::{Block, Document};
use crate::stats::PValue;

/// `v` with 4 decimals, or "–".
pub fn num(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:.4}"),
        _ => "–".into(),
    }
}

fn signed(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{x:+.4}"),
        _ => "–".into(),
    }
}

fn p(v: &PValue) -> String {
    match v {
        PValue::NotAvailable(r) if r == "baseline" => "baseline".into(),
        other => other.to_string(),
    }
}

/// The AUC table of one metric, then the sentence that defines its AUC.
pub fn auc_table(m: &MetricAnalysis, baseline: Option<&str>) -> Vec<Block> {
    let dir = if m.higher_is_better {
        "higher is better"
    } else {
        "lower is better"
    };
    let b = baseline.unwrap_or("baseline");
    let header = vec![
        "rank".to_string(),
        "method".into(),
        "runs".into(),
        "mean AUC".into(),
        "std".into(),
        format!("Δ vs {b}"),
        "95% CI of Δ".into(),
        "Δ %".into(),
        "p".into(),
        "p (corrected)".into(),
        "Cohen's d".into(),
        "Hedges' g".into(),
        "runs for 80% power (planning)".into(),
    ];
    let mut right = vec![true; header.len()];
    right[1] = false;
    right[6] = false;
    let mut sorted: Vec<_> = m.auc.iter().collect();
    sorted.sort_by_key(|r| r.rank);
    let rows = sorted
        .into_iter()
        .map(|r| {
            let ci = match (r.ci_low, r.ci_high) {
                (Some(lo), Some(hi)) => format!("[{lo:+.4}, {hi:+.4}]"),
                _ => "–".into(),
            };
            vec![
                r.rank.to_string(),
                r.label.clone(),
                r.n.to_string(),
                num(Some(r.mean)),
                num(Some(r.std)),
                signed(r.diff),
                ci,
                r.rel_diff_pct.map_or("–".into(), |x| format!("{x:+.2}%")),
                p(&r.p_value),
                p(&r.p_adjusted),
                r.cohens_d.map_or("–".into(), |d| format!("{d:+.2}")),
                r.hedges_g.map_or("–".into(), |g| format!("{g:+.2}")),
                r.power_n.map_or("–".into(), |n| n.to_string()),
            ]
        })
        .collect();
    vec![
        Block::Table {
            header,
            right,
            rows,
        },
        Block::Paragraph(format!(
            "AUC: mean of `{}` over the labeling budget{} (trapezoid rule over the shared rounds {:?}, divided by the x-range), {dir}. Another window can change the verdict: compare the curves.",
            m.metric,
            m.window
                .map_or(String::new(), |(a, b)| format!(", window {a:.0} → {b:.0} on the x axis")),
            m.shared_rounds
        )),
    ]
}

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

/// Per-round mean ± std (NVIDIA Table IV style), columns headed by round and mean x.
pub fn rounds_table(m: &MetricAnalysis) -> Block {
    curve_table(&m.curves, true)
}

/// One row per curve, one column per round: mean ± std (mean alone for a single run).
/// `with_x`: column headers carry the mean x of the round.
fn curve_table(curves: &[Curve], with_x: bool) -> Block {
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
                    .map(|r| match c.points.iter().find(|p| p.round == *r) {
                        Some(p) if p.std.is_finite() => format!("{:.4} ± {:.4}", p.mean, p.std),
                        Some(p) => format!("{:.4}", p.mean),
                        None => "–".into(),
                    }),
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

fn efficiency_table(m: &MetricAnalysis, a: &Analysis) -> Vec<Block> {
    let Some(t) = m.target else {
        return vec![Block::Paragraph("Not available without a baseline.".into())];
    };
    let target = Block::Paragraph(format!(
        "Target: {} = {t:.4} ({} of the baseline's final mean).",
        m.metric,
        if m.higher_is_better {
            "the given fraction"
        } else {
            "the mirrored fraction"
        }
    ));
    let rows = m
        .efficiency
        .iter()
        .map(|e| {
            vec![
                e.label.clone(),
                e.labels.map_or("not reached".into(), |x| format!("{x:.0}")),
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
                format!("saving vs {base}"),
                "saving %".into(),
            ],
            right: vec![false, true, true, true],
            rows,
        },
    ]
}

/// The compute table: one row per method.
fn compute_table(rows: &[ComputeRow]) -> Block {
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

/// One sentence per method against the baseline on this metric's AUC, saying no more than
/// the tests show: **beats** / **is worse than** (corrected p < 0.05), **equivalent** within
/// ±margin (corrected TOST p < 0.05), else no conclusion — with the runs behind it and, when
/// known, the runs a next experiment would need for 80% power.
pub fn verdicts(m: &MetricAnalysis, a: &Analysis) -> Vec<String> {
    let Some(b) = &a.baseline else {
        return Vec::new();
    };
    let base_n = m.auc.iter().find(|r| &r.label == b).map_or(0, |r| r.n);
    m.auc
        .iter()
        .filter(|r| &r.label != b)
        .map(|r| {
            let better = r
                .diff
                .map(|d| if m.higher_is_better { d > 0.0 } else { d < 0.0 });
            let sig = r.p_adjusted.value().map(|p| p < 0.05);
            let equivalent = r.p_equivalent.value().is_some_and(|p| p < 0.05);
            let evidence = format!(
                "ΔAUC {}, p corrected {}; {} vs {base_n} runs",
                signed(r.diff),
                p(&r.p_adjusted),
                r.n
            );
            let (label, metric) = (&r.label, &m.metric);
            match (better, sig) {
                (Some(true), Some(true)) => format!("{label} **beats** {b} on {metric} ({evidence})"),
                (Some(false), Some(true)) => {
                    format!("{label} **is worse than** {b} on {metric} ({evidence})")
                }
                (_, Some(false)) if equivalent => format!(
                    "{label} is **equivalent** to {b} on {metric} within ±{} (TOST p corrected {}; {evidence})",
                    a.equivalence,
                    p(&r.p_equivalent)
                ),
                (_, Some(false)) => format!(
                    "{label} vs {b} on {metric}: no conclusion ({evidence}; underpowered{})",
                    r.power_n.map_or(String::new(), |n| format!(
                        ": about {n} runs per method for 80% power if the observed effect is real"
                    ))
                ),
                _ => format!("{label} cannot be compared with {b} on {metric} ({evidence})"),
            }
        })
        .collect()
}

/// The whole report as a document. `header` comes first (environment and spec, made by the
/// writer); `figures` are (file stem, caption) of the figures written beside the report;
/// `render_notes` are notes from writing it (e.g. why there is no montage), listed after the
/// analysis'.
pub fn report_document(
    a: &Analysis,
    header: Vec<Block>,
    figures: &[(String, String)],
    render_notes: &[String],
) -> Document {
    let mut d = vec![Block::Heading(
        1,
        format!("albench report: {}", a.experiment),
    )];
    d.extend(header);
    d.push(Block::Paragraph(format!(
        "Test: {:?} (two-sided) on per-run AUCs; correction: {:?}; x axis: `{}`.",
        a.test,
        a.correction,
        a.x.name()
    )));
    d.push(Block::Paragraph(format!(
        "Runs per method: {}.",
        a.runs_per_label
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    )));
    if !a.machines.is_empty() {
        d.push(Block::Paragraph(format!(
            "Machines: {}.",
            a.machines
                .iter()
                .map(|(m, n)| format!("`{m}` ({n} runs)"))
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    d.push(Block::Heading(2, "Verdict".into()));
    d.push(Block::List(
        a.metrics.iter().flat_map(|m| verdicts(m, a)).collect(),
    ));
    let fig = |d: &mut Vec<Block>, stem: &str| {
        if let Some((n, c)) = figures.iter().find(|(n, _)| n == stem) {
            d.push(Block::Figure {
                stem: n.clone(),
                caption: c.clone(),
            });
        }
    };
    for m in &a.metrics {
        let dir = if m.higher_is_better {
            "higher is better"
        } else {
            "lower is better"
        };
        d.push(Block::Heading(2, format!("{} ({dir})", m.metric)));
        fig(&mut d, &format!("curves_{}", m.metric));
        d.push(Block::Heading(3, "AUC".into()));
        d.extend(auc_table(m, a.baseline.as_deref()));
        fig(&mut d, &format!("auc_{}", m.metric));
        d.push(Block::Heading(
            3,
            format!("Pairwise p-values ({:?}, {:?})", a.test, a.correction),
        ));
        d.push(pvalue_table(m));
        fig(&mut d, &format!("pvalues_{}", m.metric));
        d.push(Block::Heading(3, "Label efficiency".into()));
        d.extend(efficiency_table(m, a));
        d.push(Block::Heading(
            3,
            format!("Mean ± std per round (x = mean `{}`)", a.x.name()),
        ));
        d.push(rounds_table(m));
    }
    if !a.n_unique.is_empty() {
        d.push(Block::Heading(2, "Labeling cost".into()));
        d.push(Block::Paragraph("Distinct labeled samples (`n_unique`) per round, mean ± std; it differs from `n_labeled` because samples can be selected again.".into()));
        d.push(curve_table(&a.n_unique, true));
    }
    if !a.compute.is_empty() {
        d.push(Block::Heading(2, "Compute".into()));
        d.push(Block::Paragraph("Per run (all rounds, every ensemble member), mean ± std over runs: wall-clock seconds spent training, scoring the pool and selecting, and epochs trained by member 0.".into()));
        d.push(compute_table(&a.compute));
    }
    if figures
        .iter()
        .any(|(n, _)| n == "classes" || n == "mislabeled" || n == "redundant")
    {
        d.push(Block::Heading(2, "Selected samples".into()));
        fig(&mut d, "classes");
        fig(&mut d, "mislabeled");
        if !a.selections.redundant.is_empty() {
            d.push(Block::Paragraph("Near-duplicate picks: the fraction of each round's picks that add no new original image (its original was already labeled, or is picked twice in the round), mean ± std over repeats.".into()));
            d.push(curve_table(&a.selections.redundant, false));
        }
        fig(&mut d, "redundant");
    }
    if figures.iter().any(|(n, _)| n == "epochs") {
        d.push(Block::Heading(2, "Training effort".into()));
        fig(&mut d, "epochs");
    }
    let montages: Vec<&String> = figures
        .iter()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with("montage_"))
        .collect();
    if !montages.is_empty() {
        d.push(Block::Heading(2, "Selected images".into()));
        for n in montages {
            fig(&mut d, n);
        }
    }
    if !a.failed.is_empty() {
        d.push(Block::Heading(2, "Failed runs (excluded)".into()));
        d.push(Block::List(
            a.failed
                .iter()
                .map(|(id, st)| format!("{id}: {st}"))
                .collect(),
        ));
    }
    if !a.notes.is_empty() || !render_notes.is_empty() {
        d.push(Block::Heading(2, "Notes".into()));
        d.push(Block::List(
            a.notes.iter().chain(render_notes).cloned().collect(),
        ));
    }
    Document {
        title: a.experiment.clone(),
        blocks: d,
    }
}
