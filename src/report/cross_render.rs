//! Renderers of [`CrossRanking`]: Markdown, CSV, JSON, LaTeX and an HTML page whose penalty
//! matrix is a heatmap.

use super::cross_ranking::{CrossRanking, ALPHA};
use super::document::{Block, Document};

fn num(v: Option<f64>, digits: usize) -> String {
    v.filter(|x| x.is_finite())
        .map_or("–".into(), |x| format!("{x:.digits$}"))
}

/// The AUBC and rank of each method per experiment, with the mean rank.
pub(super) fn rank_table(c: &CrossRanking) -> Block {
    let mut header = vec!["method".to_string()];
    for e in &c.experiments {
        header.push(format!("{e} AUBC"));
        header.push(format!("{e} rank"));
    }
    header.push("mean rank".into());
    let rows = (0..c.methods.len())
        .map(|m| {
            let mut r = vec![c.methods[m].clone()];
            for e in 0..c.experiments.len() {
                r.push(num(c.aubc[e][m], 4));
                r.push(num(c.ranks[e][m], 1));
            }
            r.push(num(c.macro_rank[m], 2));
            r
        })
        .collect();
    let right = (0..header.len()).map(|i| i > 0).collect();
    Block::Table {
        header,
        right,
        rows,
    }
}

/// The penalty matrix, two decimals, closed by its column means.
pub(super) fn penalty_table(c: &CrossRanking) -> Block {
    let mut p_header = vec!["beats →".to_string()];
    p_header.extend(c.methods.iter().cloned());
    let mut p_rows: Vec<Vec<String>> = (0..c.methods.len())
        .map(|i| {
            let mut r = vec![c.methods[i].clone()];
            r.extend(c.penalty[i].iter().map(|v| format!("{v:.2}")));
            r
        })
        .collect();
    let mut means = vec!["column mean (losses)".to_string()];
    means.extend(c.column_means().iter().map(|v| format!("{v:.2}")));
    p_rows.push(means);
    let p_right = (0..p_header.len()).map(|i| i > 0).collect();
    Block::Table {
        header: p_header,
        right: p_right,
        rows: p_rows,
    }
}

/// The tables: AUBC and rank per experiment with the macro rank; the penalty matrix with
/// its column means.
fn blocks(c: &CrossRanking) -> Vec<Block> {
    vec![
        Block::Paragraph(format!(
            "Metric {} ({} is better) over {} experiments. AUBC: area under the budget curve over the budget range (Lüth et al. 2023); rank 1 = best, ties share the mean rank; mean rank over the experiments where the method ran.",
            c.metric,
            if c.higher_is_better { "higher" } else { "lower" },
            c.experiments.len()
        )),
        rank_table(c),
        Block::Heading(2, "Pairwise penalty matrix (Ash et al. 2020)".into()),
        Block::Paragraph(format!(
            "Row i, column j: summed over experiments, the share of rounds (1/L each, L = {}) where i is better than j by a two-sided Welch t-test over the repeats at α = {ALPHA}.",
            c.rounds.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", ")
        )),
        penalty_table(c),
    ]
}

/// Markdown.
pub fn cross_markdown(c: &CrossRanking) -> String {
    let md = Document {
        title: format!("Ranking across experiments: {}", c.metric),
        blocks: blocks(c),
    }
    .markdown();
    md.strip_suffix('\n').unwrap_or(&md).to_string()
}

/// CSV, one value per line: `table,experiment,method,against,value` (`aubc` and `rank` per
/// experiment, `mean_rank`, `penalty` with the column method in `against`).
pub fn cross_csv(c: &CrossRanking) -> String {
    let mut s = String::from("table,experiment,method,against,value\n");
    let f = |v: Option<f64>| v.map_or(String::new(), |x| format!("{x}"));
    for (e, name) in c.experiments.iter().enumerate() {
        for (m, label) in c.methods.iter().enumerate() {
            s.push_str(&format!("aubc,{name},{label},,{}\n", f(c.aubc[e][m])));
            s.push_str(&format!("rank,{name},{label},,{}\n", f(c.ranks[e][m])));
        }
    }
    for (m, label) in c.methods.iter().enumerate() {
        s.push_str(&format!("mean_rank,,{label},,{}\n", f(c.macro_rank[m])));
    }
    for (i, a) in c.methods.iter().enumerate() {
        for (j, b) in c.methods.iter().enumerate() {
            s.push_str(&format!("penalty,,{a},{b},{}\n", c.penalty[i][j]));
        }
    }
    s
}

/// JSON: the [`CrossRanking`] fields plus `column_means`.
pub fn cross_json(c: &CrossRanking) -> String {
    let mut v = serde_json::to_value(c).expect("the ranking serializes");
    v["column_means"] = serde_json::json!(c.column_means());
    serde_json::to_string_pretty(&v).expect("json serializes")
}

fn tex(s: &str) -> String {
    s.replace('\\', "\\textbackslash{}")
        .replace('_', "\\_")
        .replace('&', "\\&")
        .replace('%', "\\%")
        .replace('#', "\\#")
}

/// LaTeX (booktabs): the mean-rank table and the penalty matrix.
pub fn cross_latex(c: &CrossRanking) -> String {
    let e = c.experiments.len();
    let mut s = format!(
        "\\begin{{tabular}}{{l{}r}}\n\\toprule\nmethod",
        "r".repeat(e)
    );
    for name in &c.experiments {
        s.push_str(&format!(" & {}", tex(name)));
    }
    s.push_str(" & mean rank \\\\\n\\midrule\n");
    for (m, label) in c.methods.iter().enumerate() {
        s.push_str(&tex(label));
        for r in &c.ranks {
            s.push_str(&format!(" & {}", num(r[m], 1).replace('–', "--")));
        }
        s.push_str(&format!(
            " & {} \\\\\n",
            num(c.macro_rank[m], 2).replace('–', "--")
        ));
    }
    s.push_str("\\bottomrule\n\\end{tabular}\n\n");
    let k = c.methods.len();
    s.push_str(&format!(
        "\\begin{{tabular}}{{l{}}}\n\\toprule\n",
        "r".repeat(k)
    ));
    for label in &c.methods {
        s.push_str(&format!(" & {}", tex(label)));
    }
    s.push_str(" \\\\\n\\midrule\n");
    for (i, label) in c.methods.iter().enumerate() {
        s.push_str(&tex(label));
        for v in &c.penalty[i] {
            s.push_str(&format!(" & {v:.2}"));
        }
        s.push_str(" \\\\\n");
    }
    s.push_str("\\midrule\nmean");
    for v in c.column_means() {
        s.push_str(&format!(" & {v:.2}"));
    }
    s.push_str(" \\\\\n\\bottomrule\n\\end{tabular}\n");
    s
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A standalone HTML page: the tables, and the penalty matrix as a heatmap (white = 0,
/// darkest red = the largest entry).
pub fn cross_html(c: &CrossRanking) -> String {
    let max = c.penalty.iter().flatten().copied().fold(0.0f64, f64::max);
    let mut s = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title></head><body>\n<h1>Ranking across experiments: {}</h1>\n",
        esc(&c.metric),
        esc(&c.metric)
    );
    s.push_str("<table style=\"border-collapse:collapse\"><tr><th>beats →</th>");
    for m in &c.methods {
        s.push_str(&format!("<th>{}</th>", esc(m)));
    }
    s.push_str("</tr>\n");
    for (i, m) in c.methods.iter().enumerate() {
        s.push_str(&format!("<tr><th>{}</th>", esc(m)));
        for v in &c.penalty[i] {
            let t = if max > 0.0 { v / max } else { 0.0 };
            let gb = (255.0 * (1.0 - t)).round() as u8;
            s.push_str(&format!(
                "<td style=\"background:rgb(255,{gb},{gb});padding:4px 8px;text-align:right\">{v:.2}</td>"
            ));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n<pre>\n");
    s.push_str(&esc(&cross_markdown(c)));
    s.push_str("\n</pre>\n</body></html>\n");
    s
}
