//! The report's content: an [`Analysis`] laid out as a [`Document`] (headings, tables,
//! figures, notes), which renders to Markdown and HTML. No IO.

use super::analysis::{Analysis, MetricAnalysis};
use super::auc::auc_table;
use super::cells::{p, signed};
use super::document::{Block, Document};
use super::family;
use super::tables::{
    class_ap_table, compute_table, curve_table, curve_table_prec, efficiency_table, final_table,
    per_round_table, pvalue_table, rounds_table,
};

/// One sentence per method against the baseline on this metric's AUC, saying no more than
/// the tests show: **beats** / **is worse than** (corrected p < 0.05), **equivalent** within
/// ±margin (corrected TOST p < 0.05), else no conclusion — with the runs behind it and, when
/// known, the runs a next experiment would need for 80% power.
pub fn verdicts(m: &MetricAnalysis, a: &Analysis) -> Vec<String> {
    let Some(b) = &a.baseline else {
        return Vec::new();
    };
    let base_n = m.auc.iter().find(|r| &r.label == b).map_or(0, |r| r.n);
    let fam = family::auc_of(a.correction, m, b);
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
                "ΔAUC {}, p corrected {} ({fam}); {} vs {base_n} runs",
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

/// The figures written beside the report: (file stem, caption).
struct Figures<'a>(&'a [(String, String)]);

impl Figures<'_> {
    /// Push the figure `stem` onto `d` when it was made.
    fn push(&self, d: &mut Vec<Block>, stem: &str) {
        if let Some((n, c)) = self.0.iter().find(|(n, _)| n == stem) {
            d.push(Block::Figure {
                stem: n.clone(),
                caption: c.clone(),
            });
        }
    }

    /// Whether any figure named one of `stems` was made.
    fn any(&self, stems: &[&str]) -> bool {
        self.0.iter().any(|(n, _)| stems.contains(&n.as_str()))
    }
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
    let figs = Figures(figures);
    let mut d = preamble(a, header);
    // An A/B experiment's result is its A/B tables: its rounds are no learning curve.
    let ab_only = !a.ab.is_empty();
    d.push(Block::Heading(2, "Verdict".into()));
    d.push(Block::List(if ab_only {
        super::ab_section::ab_verdicts(&a.ab)
    } else {
        a.metrics.iter().flat_map(|m| verdicts(m, a)).collect()
    }));
    for m in a.metrics.iter().filter(|_| !ab_only) {
        d.extend(metric_section(m, a, &figs));
    }
    d.extend(super::ab_section::ab_blocks(&a.ab));
    d.extend(cost_sections(a));
    d.extend(selection_sections(a, &figs));
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

/// The title, `header`, the test, the runs per method and the machines.
fn preamble(a: &Analysis, header: Vec<Block>) -> Vec<Block> {
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
    d
}

/// The section of one metric: curves, AUC, final budget, per round, p-values, label
/// efficiency, mean ± std per round.
fn metric_section(m: &MetricAnalysis, a: &Analysis, figs: &Figures) -> Vec<Block> {
    let dir = if m.higher_is_better {
        "higher is better"
    } else {
        "lower is better"
    };
    let mut d = vec![Block::Heading(2, format!("{} ({dir})", m.metric))];
    figs.push(&mut d, &format!("curves_{}", m.metric));
    d.push(Block::Heading(3, "AUC".into()));
    d.extend(auc_table(m, a.baseline.as_deref()));
    if let Some(b) = a.baseline.as_deref() {
        d.push(Block::Paragraph(format!(
            "p (corrected): {}.",
            family::auc_of(a.correction, m, b)
        )));
    }
    figs.push(&mut d, &format!("auc_{}", m.metric));
    if let (Some(last), false) = (m.shared_rounds.last(), m.final_budget.is_empty()) {
        let heading = match m.window {
            Some((_, hi)) if m.by_range => format!("Final budget ({hi:.0} labels)"),
            Some((_, hi)) => format!("Final budget (round {last}, x ≈ {hi:.0})"),
            None => format!("Final budget (round {last})"),
        };
        d.push(Block::Heading(3, heading));
        d.push(final_table(m, a.baseline.as_deref()));
        if let Some(b) = a.baseline.as_deref() {
            d.push(Block::Paragraph(format!(
                "p (corrected): {}.",
                family::final_of(a.correction, m, b)
            )));
        }
    }
    if !m.per_round.is_empty() {
        d.push(Block::Heading(3, "Every round against the baseline".into()));
        d.push(Block::Paragraph(format!(
            "Δ of the mean {} against {} at each round, and the {:?} p-value {:?}-corrected over every method × round together (scanning rounds for a difference is {} comparisons, not one).",
            m.metric,
            a.baseline.as_deref().unwrap_or("the baseline"),
            a.test,
            a.correction,
            m.per_round.iter().map(|(_, r)| r.len().saturating_sub(1)).sum::<usize>()
        )));
        d.push(per_round_table(m, a.baseline.as_deref()));
    }
    d.push(Block::Heading(
        3,
        format!(
            "Pairwise p-values ({:?}; {})",
            a.test,
            family::pairwise_of(a.correction, m)
        ),
    ));
    d.push(pvalue_table(m));
    figs.push(&mut d, &format!("pvalues_{}", m.metric));
    d.extend(super::penalty_section::blocks(a, m, figs.0));
    d.push(Block::Heading(3, "Label efficiency".into()));
    d.extend(efficiency_table(m, a));
    d.push(Block::Heading(
        3,
        if m.by_range {
            "Mean ± std per number of labels (the configurations have different label grids)"
                .to_string()
        } else {
            format!("Mean ± std per round (x = mean `{}`)", a.x.name())
        },
    ));
    d.push(rounds_table(m));
    d
}

/// Labeling cost, labeled boxes, AP per class and compute, each when the analysis has it.
fn cost_sections(a: &Analysis) -> Vec<Block> {
    let mut d = Vec::new();
    if !a.n_unique.is_empty() {
        d.push(Block::Heading(2, "Labeling cost".into()));
        d.push(Block::Paragraph("Distinct labeled samples (`n_unique`) per round, mean ± std; it differs from `n_labeled` because samples can be selected again.".into()));
        d.push(curve_table(&a.n_unique, true));
    }
    if !a.n_boxes.is_empty() {
        d.push(Block::Heading(2, "Labeled boxes".into()));
        d.push(Block::Paragraph("Ground-truth boxes in the distinct labeled images (`n_boxes`, the NVIDIA paper's \"# BBoxes\", a labeling-cost proxy) per round, mean ± std; a method that picks crowded images pays more per image. `--x n-boxes` puts it on the x axis of the curves and AUCs.".into()));
        d.push(curve_table_prec(&a.n_boxes, false, 1));
    }
    if !a.class_ap.is_empty() {
        d.push(Block::Heading(2, "AP per class".into()));
        d.push(Block::Paragraph(
            "Test AP (IoU 0.50:0.95) of each class at the last round, mean ± std over runs.".into(),
        ));
        d.push(class_ap_table(&a.class_ap, &a.labels));
    }
    if !a.compute.is_empty() {
        d.push(Block::Heading(2, "Compute".into()));
        d.push(Block::Paragraph("Per run (all rounds, every ensemble member), mean ± std over runs: wall-clock seconds spent training, scoring the pool and selecting, and epochs trained by member 0.".into()));
        d.push(compute_table(&a.compute));
    }
    d
}

/// Selected samples (classes, label noise, near-duplicates), training effort and the image
/// montages, each when its figures were made.
fn selection_sections(a: &Analysis, figs: &Figures) -> Vec<Block> {
    let mut d = Vec::new();
    if figs.any(&["classes", "mislabeled", "redundant"]) {
        d.push(Block::Heading(2, "Selected samples".into()));
        figs.push(&mut d, "classes");
        figs.push(&mut d, "mislabeled");
        if !a.selections.redundant.is_empty() {
            d.push(Block::Paragraph("Near-duplicate picks: the fraction of each round's picks that add no new original image (its original was already labeled, or is picked twice in the round), mean ± std over repeats.".into()));
            d.push(curve_table(&a.selections.redundant, false));
        }
        figs.push(&mut d, "redundant");
    }
    if figs.any(&["epochs"]) {
        d.push(Block::Heading(2, "Training effort".into()));
        figs.push(&mut d, "epochs");
    }
    let montages: Vec<&String> = figs
        .0
        .iter()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with("montage_"))
        .collect();
    if !montages.is_empty() {
        d.push(Block::Heading(2, "Selected images".into()));
        for n in montages {
            figs.push(&mut d, n);
        }
    }
    d
}
