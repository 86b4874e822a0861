//! The AUC tables, in one place: the report's table of one metric (rank, Δ vs the baseline with
//! its CI, p-values, effect sizes, planning power) and the publication table (methods ×
//! metrics, mean ± std with significance marks). Both show [`AucRow`]s of the analysis.

use super::analysis::{Analysis, AucRow, MetricAnalysis};
use super::cells::{mark, mean_std, num, p, signed};
use super::document::Block;
use super::family;
use super::paper_table::{Cell, PaperTable};

/// The AUC table of one metric, then the sentence that defines its AUC.
pub fn auc_table(m: &MetricAnalysis, baseline: Option<&str>) -> Vec<Block> {
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
    let rows = sorted.into_iter().map(auc_cells).collect();
    vec![
        Block::Table {
            header,
            right,
            rows,
        },
        Block::Paragraph(auc_definition(m)),
    ]
}

/// The cells of one row of [`auc_table`].
fn auc_cells(r: &AucRow) -> Vec<String> {
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
}

/// What the AUC of `m` is: the metric, its window, the integration, the direction.
fn auc_definition(m: &MetricAnalysis) -> String {
    let dir = if m.higher_is_better {
        "higher is better"
    } else {
        "lower is better"
    };
    format!(
        "AUC: mean of `{}` over the labeling budget{} ({}, divided by the x-range), {dir}. Another window can change the verdict: compare the curves.",
        m.metric,
        m.window
            .map_or(String::new(), |(a, b)| format!(", window {a:.0} → {b:.0} on the x axis")),
        if m.by_range {
            "the configurations have different label grids: trapezoid rule over each run's points in the common range, its ends interpolated linearly".to_string()
        } else {
            format!("trapezoid rule over the shared rounds {:?}", m.shared_rounds)
        }
    )
}

/// The best finite mean AUC of `m` (highest, or lowest for losses); `None` without one.
fn best_mean(m: &MetricAnalysis) -> Option<f64> {
    m.auc
        .iter()
        .map(|r| r.mean)
        .filter(|v| v.is_finite())
        .fold(None, |b: Option<f64>, v| {
            Some(match b {
                None => v,
                Some(b) if m.higher_is_better => b.max(v),
                Some(b) => b.min(v),
            })
        })
}

/// The publication AUC table (thesis Table 4.2): methods × metrics, mean AUC ± std divided by
/// `scale`, best per column bold, † / ‡ vs the baseline (corrected p).
pub fn auc_paper_table(an: &Analysis, scale: f64) -> PaperTable {
    let d = if scale <= 1e-2 { 2 } else { 4 };
    let mut header = vec!["method".to_string()];
    header.extend(an.metrics.iter().map(|m| m.metric.clone()));
    let mut rows: Vec<Vec<Cell>> = an.labels.iter().map(|l| vec![Cell::plain(l)]).collect();
    for m in &an.metrics {
        let best = best_mean(m);
        for (i, l) in an.labels.iter().enumerate() {
            rows[i].push(match m.auc.iter().find(|r| &r.label == l) {
                Some(r) => Cell {
                    text: format!(
                        "{}{}",
                        mean_std(r.mean / scale, r.std / scale, d),
                        mark(&r.p_adjusted)
                    ),
                    bold: Some(r.mean) == best,
                },
                None => Cell::plain("–"),
            });
        }
    }
    let scale_text = if scale == 1.0 {
        String::new()
    } else {
        format!(" scaled by {scale:e}")
    };
    PaperTable {
        caption: format!(
            "{}: AUC{scale_text} (mean ± std over runs) per method and metric",
            an.experiment
        ),
        header,
        rows,
        note: format!(
            "Bold: best per column. † p < 0.05, ‡ p < 0.01 against the baseline ({}), {} test, {} per metric, on per-run AUCs.",
            an.baseline.as_deref().unwrap_or("none"),
            an.test.name(),
            an.metrics.first().map_or_else(
                || format!("{} correction", an.correction.name()),
                |m| family::auc_of(an.correction, m, an.baseline.as_deref().unwrap_or("none"))
            )
        ),
    }
}
