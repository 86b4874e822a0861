//! Publication tables from an [`Analysis`] (`albench tables`): one table model, rendered as
//! Markdown, LaTeX (booktabs, standalone) or CSV. Layouts: the thesis' AUC table (Table 4.2),
//! pairwise p-value matrices (Tables 4.3–4.5), metric per round (NVIDIA Table IV) and
//! labeling cost.

use super::super::analysis::{Analysis, Curve, MetricAnalysis};
use crate::stats::PValue;

/// Which table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Methods × metrics: mean AUC ± std, best per column bold, † / ‡ vs the baseline.
    Auc,
    /// One pairwise p-value matrix per metric.
    Pvalues,
    /// Per round and method: labeled images, each metric, distinct images and boxes when
    /// recorded.
    Rounds,
    /// Per method at the last round: labeled and distinct images, boxes, each metric.
    Cost,
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    /// Markdown.
    Md,
    /// A self-contained LaTeX document (article, booktabs) holding the tables.
    Latex,
    /// CSV (values without marks or bold).
    Csv,
}

/// A cell: its text and whether it is the best of its column.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// Text as shown (marks included).
    pub text: String,
    /// Bold (best value of the column).
    pub bold: bool,
}

fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        bold: false,
    }
}

/// One publication table.
#[derive(Clone, Debug, PartialEq)]
pub struct PaperTable {
    /// Caption (one line).
    pub caption: String,
    /// Column headers.
    pub header: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
    /// A note under the table (significance marks, scale), possibly empty.
    pub note: String,
}

fn p_text(p: &PValue) -> String {
    match p {
        PValue::Value(v) if *v < 0.001 => "<0.001".into(),
        PValue::Value(v) => format!("{v:.3}"),
        PValue::NotAvailable(_) => "–".into(),
    }
}

fn mark(p: &PValue) -> &'static str {
    match p {
        PValue::Value(v) if *v < 0.01 => "‡",
        PValue::Value(v) if *v < 0.05 => "†",
        _ => "",
    }
}

fn decimals(scale: f64) -> usize {
    if scale <= 1e-2 {
        2
    } else {
        4
    }
}

fn auc_table(an: &Analysis, scale: f64) -> PaperTable {
    let d = decimals(scale);
    let mut header = vec!["method".to_string()];
    header.extend(an.metrics.iter().map(|m| m.metric.clone()));
    let mut rows: Vec<Vec<Cell>> = an.labels.iter().map(|l| vec![cell(l.clone())]).collect();
    for m in &an.metrics {
        let best = m.auc.iter().map(|r| r.mean).filter(|v| v.is_finite()).fold(
            None,
            |b: Option<f64>, v| {
                Some(match b {
                    None => v,
                    Some(b) if m.higher_is_better => b.max(v),
                    Some(b) => b.min(v),
                })
            },
        );
        for (i, l) in an.labels.iter().enumerate() {
            let c = match m.auc.iter().find(|r| &r.label == l) {
                Some(r) => Cell {
                    text: if r.std.is_finite() {
                        format!(
                            "{:.d$} ± {:.d$}{}",
                            r.mean / scale,
                            r.std / scale,
                            mark(&r.p_adjusted)
                        )
                    } else {
                        format!("{:.d$}{}", r.mean / scale, mark(&r.p_adjusted))
                    },
                    bold: Some(r.mean) == best,
                },
                None => cell("–"),
            };
            rows[i].push(c);
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
            "Bold: best per column. † p < 0.05, ‡ p < 0.01 against the baseline ({}), {} test, {} correction, on per-run AUCs.",
            an.baseline.as_deref().unwrap_or("none"),
            an.test.name(),
            an.correction.name()
        ),
    }
}

fn pvalue_table(an: &Analysis, m: &MetricAnalysis) -> PaperTable {
    let mut header = vec![String::new()];
    header.extend(m.matrix_labels.iter().cloned());
    let rows = m
        .matrix_labels
        .iter()
        .zip(&m.matrix)
        .map(|(l, row)| {
            let mut r = vec![cell(l.clone())];
            r.extend(row.iter().map(|p| Cell {
                text: p_text(p),
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
            "{} test, {} correction; bold: p < 0.05.",
            an.test.name(),
            an.correction.name()
        ),
    }
}

fn fmt_point(c: Option<&Curve>, round: u32, d: usize) -> String {
    mean_std(
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

/// `mean ± std` of a point with `d` decimals (`mean` alone with one run, "–" without a point).
fn mean_std(p: Option<&crate::report::CurvePoint>, d: usize) -> String {
    match p {
        Some(p) if p.std.is_finite() => format!("{:.d$} ± {:.d$}", p.mean, p.std),
        Some(p) => format!("{:.d$}", p.mean),
        None => "–".into(),
    }
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
            let mut row = vec![cell(r.to_string()), cell(l.clone()), cell(x)];
            row.extend(
                an.metrics
                    .iter()
                    .map(|m| cell(fmt_point(curve_of(&m.curves, l), r, 4))),
            );
            row.extend(
                extra
                    .iter()
                    .map(|(_, c)| cell(fmt_point(curve_of(c, l), r, 1))),
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
    mean_std(c.and_then(|c| c.points.last()), d)
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
            let mut row = vec![cell(l.clone()), cell(x)];
            row.extend(extra.iter().map(|(_, c)| cell(last(curve_of(c, l), 1))));
            row.extend(
                an.metrics
                    .iter()
                    .map(|m| cell(last(curve_of(&m.curves, l), 4))),
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
        Layout::Auc => vec![auc_table(an, scale)],
        Layout::Pvalues => an.metrics.iter().map(|m| pvalue_table(an, m)).collect(),
        Layout::Rounds => vec![rounds_table(an)],
        Layout::Cost => vec![cost_table(an)],
    }
}

fn latex_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '_' | '%' | '&' | '#' | '$' | '{' | '}' => {
                o.push('\\');
                o.push(ch);
            }
            '±' => o.push_str("$\\pm$"),
            '†' => o.push_str("$^\\dagger$"),
            '‡' => o.push_str("$^\\ddagger$"),
            '–' => o.push_str("--"),
            '<' => o.push_str("$<$"),
            _ => o.push(ch),
        }
    }
    o
}

fn csv_escape(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Render tables; LaTeX gives one standalone document holding every table.
pub fn render_tables(tables: &[PaperTable], format: TableFormat) -> String {
    let mut out = String::new();
    match format {
        TableFormat::Md => {
            for t in tables {
                out.push_str(&format!("**{}**\n\n", t.caption));
                out.push_str(&format!("| {} |\n", t.header.join(" | ")));
                out.push_str(&format!(
                    "|{}|\n",
                    t.header
                        .iter()
                        .enumerate()
                        .map(|(i, _)| if i == 0 { "---" } else { "---:" })
                        .collect::<Vec<_>>()
                        .join("|")
                ));
                for r in &t.rows {
                    let cells: Vec<String> = r
                        .iter()
                        .map(|c| {
                            if c.bold {
                                format!("**{}**", c.text)
                            } else {
                                c.text.clone()
                            }
                        })
                        .collect();
                    out.push_str(&format!("| {} |\n", cells.join(" | ")));
                }
                if !t.note.is_empty() {
                    out.push_str(&format!("\n{}\n", t.note));
                }
                out.push('\n');
            }
        }
        TableFormat::Csv => {
            for t in tables {
                out.push_str(&format!("# {}\n", t.caption));
                out.push_str(
                    &t.header
                        .iter()
                        .map(|h| csv_escape(h))
                        .collect::<Vec<_>>()
                        .join(","),
                );
                out.push('\n');
                for r in &t.rows {
                    let cells: Vec<String> = r
                        .iter()
                        .map(|c| csv_escape(c.text.trim_end_matches(['†', '‡'])))
                        .collect();
                    out.push_str(&cells.join(","));
                    out.push('\n');
                }
            }
        }
        TableFormat::Latex => {
            // article + booktabs: both in Debian's texlive-latex-base / -recommended
            out.push_str("\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage{booktabs}\n\\pagestyle{empty}\n\\begin{document}\n");
            for t in tables {
                out.push_str(&format!(
                    "\\textbf{{{}}}\\par\\medskip\n",
                    latex_escape(&t.caption)
                ));
                let spec = format!("l{}", "r".repeat(t.header.len().saturating_sub(1)));
                out.push_str(&format!("\\begin{{tabular}}{{{spec}}}\n\\toprule\n"));
                let head: Vec<String> = t.header.iter().map(|h| latex_escape(h)).collect();
                out.push_str(&format!("{} \\\\\n\\midrule\n", head.join(" & ")));
                for r in &t.rows {
                    let cells: Vec<String> = r
                        .iter()
                        .map(|c| {
                            let e = latex_escape(&c.text);
                            if c.bold {
                                format!("\\textbf{{{e}}}")
                            } else {
                                e
                            }
                        })
                        .collect();
                    out.push_str(&format!("{} \\\\\n", cells.join(" & ")));
                }
                out.push_str("\\bottomrule\n\\end{tabular}\n");
                if !t.note.is_empty() {
                    out.push_str(&format!(
                        "\\par\\smallskip{{\\footnotesize {}}}\n",
                        latex_escape(&t.note)
                    ));
                }
                out.push_str("\\bigskip\n\n");
            }
            out.push_str("\\end{document}\n");
        }
    }
    out
}
