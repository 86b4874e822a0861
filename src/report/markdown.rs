//! Markdown rendering of an [`Analysis`] (returns a string; no IO).

use std::fmt::Write;

use super::analysis::{Analysis, Curve, MetricAnalysis};
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

/// The AUC table of one metric.
pub fn auc_table(m: &MetricAnalysis, baseline: Option<&str>) -> String {
    let mut s = String::new();
    let dir = if m.higher_is_better {
        "higher is better"
    } else {
        "lower is better"
    };
    let b = baseline.unwrap_or("baseline");
    let _ = writeln!(s, "| rank | method | runs | mean AUC | std | Δ vs {b} | 95% CI of Δ | Δ % | p | p (corrected) | Cohen's d | runs for 80% power |");
    let _ = writeln!(
        s,
        "|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|"
    );
    let mut rows: Vec<_> = m.auc.iter().collect();
    rows.sort_by_key(|r| r.rank);
    for r in rows {
        let ci = match (r.ci_low, r.ci_high) {
            (Some(lo), Some(hi)) => format!("[{lo:+.4}, {hi:+.4}]"),
            _ => "–".into(),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.rank,
            r.label,
            r.n,
            num(Some(r.mean)),
            num(Some(r.std)),
            signed(r.diff),
            ci,
            r.rel_diff_pct.map_or("–".into(), |x| format!("{x:+.2}%")),
            p(&r.p_value),
            p(&r.p_adjusted),
            r.cohens_d.map_or("–".into(), |d| format!("{d:+.2}")),
            r.power_n.map_or("–".into(), |n| n.to_string()),
        );
    }
    let _ = writeln!(s, "\nAUC: mean of `{}` over the labeling budget (trapezoid rule over the shared rounds {:?}, divided by the x-range), {dir}.", m.metric, m.shared_rounds);
    s
}

/// The pairwise p-value matrix of one metric.
pub fn pvalue_table(m: &MetricAnalysis) -> String {
    let mut s = String::new();
    let _ = write!(s, "| |");
    for l in &m.matrix_labels {
        let _ = write!(s, " {l} |");
    }
    let _ = write!(s, "\n|---|");
    for _ in &m.matrix_labels {
        let _ = write!(s, "---:|");
    }
    s.push('\n');
    for (i, l) in m.matrix_labels.iter().enumerate() {
        let _ = write!(s, "| {l} |");
        for v in &m.matrix[i] {
            let cell = match v {
                PValue::Value(_) => v.to_string(),
                PValue::NotAvailable(_) => "n/a".into(),
            };
            let _ = write!(s, " {cell} |");
        }
        s.push('\n');
    }
    s
}

/// Per-round mean ± std (NVIDIA Table IV style), columns headed by round and mean x.
pub fn rounds_table(m: &MetricAnalysis) -> String {
    curve_table(&m.curves, true)
}

/// Per-round redundant fractions (x is the round itself).
fn redundancy_table(curves: &[Curve]) -> String {
    curve_table(curves, false)
}

/// One row per curve, one column per round: mean ± std (mean alone for a single run).
fn curve_table(curves: &[Curve], with_x: bool) -> String {
    let mut s = String::new();
    let rounds: Vec<u32> = curves
        .iter()
        .flat_map(|c| c.points.iter().map(|p| p.round))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let _ = write!(s, "| method |");
    for r in &rounds {
        if with_x {
            let x = curves
                .iter()
                .flat_map(|c| c.points.iter())
                .find(|p| p.round == *r)
                .map_or(f64::NAN, |p| p.x);
            let _ = write!(s, " round {r} ({x:.0}) |");
        } else {
            let _ = write!(s, " round {r} |");
        }
    }
    let _ = write!(s, "\n|---|");
    for _ in &rounds {
        let _ = write!(s, "---:|");
    }
    s.push('\n');
    for c in curves {
        let _ = write!(s, "| {} |", c.label);
        for r in &rounds {
            match c.points.iter().find(|p| p.round == *r) {
                Some(p) if p.std.is_finite() => {
                    let _ = write!(s, " {:.4} ± {:.4} |", p.mean, p.std);
                }
                Some(p) => {
                    let _ = write!(s, " {:.4} |", p.mean);
                }
                None => {
                    let _ = write!(s, " – |");
                }
            }
        }
        s.push('\n');
    }
    s
}

fn efficiency_table(m: &MetricAnalysis, a: &Analysis) -> String {
    let mut s = String::new();
    let Some(t) = m.target else {
        return "Not available without a baseline.\n".into();
    };
    let _ = writeln!(
        s,
        "Target: {} = {t:.4} ({} of the baseline's final mean).\n",
        m.metric,
        if m.higher_is_better {
            "the given fraction"
        } else {
            "the mirrored fraction"
        }
    );
    let _ = writeln!(
        s,
        "| method | labels to reach target | saving vs {} | saving % |",
        a.baseline.as_deref().unwrap_or("baseline")
    );
    let _ = writeln!(s, "|---|---:|---:|---:|");
    for e in &m.efficiency {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            e.label,
            e.labels.map_or("not reached".into(), |x| format!("{x:.0}")),
            e.saving.map_or("–".into(), |x| format!("{x:+.0}")),
            e.saving_pct.map_or("–".into(), |x| format!("{x:+.1}%")),
        );
    }
    s
}

/// One sentence per method: does it beat the baseline on this metric's AUC?
pub fn verdicts(m: &MetricAnalysis, a: &Analysis) -> Vec<String> {
    let Some(b) = &a.baseline else {
        return Vec::new();
    };
    m.auc
        .iter()
        .filter(|r| &r.label != b)
        .map(|r| {
            let better = r
                .diff
                .map(|d| if m.higher_is_better { d > 0.0 } else { d < 0.0 });
            let sig = r.p_adjusted.value().map(|p| p < 0.05);
            let what = match (better, sig) {
                (Some(true), Some(true)) => "**beats**",
                (Some(false), Some(true)) => "**is worse than**",
                (_, Some(false)) => "shows no significant difference from",
                _ => "cannot be compared with",
            };
            format!(
                "- {} {what} {b} on {} (ΔAUC {}, p corrected {})",
                r.label,
                m.metric,
                signed(r.diff),
                p(&r.p_adjusted)
            )
        })
        .collect()
}

/// The whole report. `header` is prepended verbatim (spec and environment, made by the writer);
/// `figures` are (file stem, caption) of the PNGs written beside report.md; `render_notes` are
/// notes from writing the report (e.g. why there is no montage), listed after the analysis'.
pub fn report_markdown(
    a: &Analysis,
    header: &str,
    figures: &[(String, String)],
    render_notes: &[String],
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# albench report: {}\n", a.experiment);
    s.push_str(header);
    let _ = writeln!(
        s,
        "\nTest: {:?} (two-sided) on per-run AUCs; correction: {:?}; x axis: `{}`.\n",
        a.test,
        a.correction,
        a.x.name()
    );
    let _ = writeln!(
        s,
        "Runs per method: {}.\n",
        a.runs_per_label
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(s, "## Verdict\n");
    for m in &a.metrics {
        for v in verdicts(m, a) {
            let _ = writeln!(s, "{v}");
        }
    }
    let fig = |s: &mut String, stem: &str| {
        if let Some((n, c)) = figures.iter().find(|(n, _)| n == stem) {
            let _ = writeln!(s, "![{c}]({n}.png)\n");
        }
    };
    for m in &a.metrics {
        let _ = writeln!(
            s,
            "\n## {} ({})\n",
            m.metric,
            if m.higher_is_better {
                "higher is better"
            } else {
                "lower is better"
            }
        );
        fig(&mut s, &format!("curves_{}", m.metric));
        let _ = writeln!(s, "### AUC\n\n{}", auc_table(m, a.baseline.as_deref()));
        fig(&mut s, &format!("auc_{}", m.metric));
        let _ = writeln!(
            s,
            "### Pairwise p-values ({:?}, {:?})\n\n{}",
            a.test,
            a.correction,
            pvalue_table(m)
        );
        fig(&mut s, &format!("pvalues_{}", m.metric));
        let _ = writeln!(s, "### Label efficiency\n\n{}", efficiency_table(m, a));
        let _ = writeln!(
            s,
            "### Mean ± std per round (x = mean `{}`)\n\n{}",
            a.x.name(),
            rounds_table(m)
        );
    }
    if !a.n_unique.is_empty() {
        let m = MetricAnalysis {
            metric: "n_unique".into(),
            higher_is_better: true,
            curves: a.n_unique.clone(),
            shared_rounds: Vec::new(),
            auc_runs: Vec::new(),
            auc: Vec::new(),
            matrix_labels: Vec::new(),
            matrix: Vec::new(),
            target: None,
            efficiency: Vec::new(),
        };
        let _ = writeln!(
            s,
            "\n## Labeling cost\n\nDistinct labeled samples (`n_unique`) per round, mean ± std; it differs from `n_labeled` because samples can be selected again.\n\n{}",
            rounds_table(&m)
        );
    }
    if figures
        .iter()
        .any(|(n, _)| n == "classes" || n == "mislabeled" || n == "redundant")
    {
        let _ = writeln!(s, "\n## Selected samples\n");
        fig(&mut s, "classes");
        fig(&mut s, "mislabeled");
        if !a.selections.redundant.is_empty() {
            let _ = writeln!(
                s,
                "Near-duplicate picks: the fraction of each round's picks that add no new original image (its original was already labeled, or is picked twice in the round), mean ± std over repeats.\n\n{}",
                redundancy_table(&a.selections.redundant)
            );
        }
        fig(&mut s, "redundant");
    }
    if figures.iter().any(|(n, _)| n == "epochs") {
        let _ = writeln!(s, "\n## Training effort\n");
        fig(&mut s, "epochs");
    }
    let montages: Vec<&String> = figures
        .iter()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with("montage_"))
        .collect();
    if !montages.is_empty() {
        let _ = writeln!(s, "\n## Selected images\n");
        for n in montages {
            fig(&mut s, n);
        }
    }
    if !a.failed.is_empty() {
        let _ = writeln!(s, "\n## Failed runs (excluded)\n");
        for (id, st) in &a.failed {
            let _ = writeln!(s, "- {id}: {st}");
        }
    }
    if !a.notes.is_empty() || !render_notes.is_empty() {
        let _ = writeln!(s, "\n## Notes\n");
        for n in a.notes.iter().chain(render_notes) {
            let _ = writeln!(s, "- {n}");
        }
    }
    s
}
