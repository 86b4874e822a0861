//! `albench compare` formats: the AUC table and p-value matrix of one metric.

use super::analysis::{Analysis, MetricAnalysis};
use super::auc::auc_table;
use super::document::Document;
use super::tables::pvalue_table;
use crate::stats::PValue;

fn pv(p: &PValue) -> serde_json::Value {
    p.value()
        .map_or(serde_json::Value::Null, serde_json::Value::from)
}

fn opt(v: Option<f64>) -> serde_json::Value {
    v.filter(|x| x.is_finite())
        .map_or(serde_json::Value::Null, serde_json::Value::from)
}

/// Markdown: AUC table then p-value matrix.
pub fn compare_markdown(a: &Analysis, m: &MetricAnalysis) -> String {
    let mut blocks = auc_table(m, a.baseline.as_deref());
    blocks.push(pvalue_table(m));
    let md = Document {
        title: a.experiment.clone(),
        blocks,
    }
    .markdown();
    // The document ends with a blank line; a printed table ends with its last row.
    md.strip_suffix('\n').unwrap_or(&md).to_string()
}

/// CSV of the AUC table (one row per method).
pub fn compare_csv(m: &MetricAnalysis) -> String {
    let mut s = String::from("label,n,mean,std,diff,ci_low,ci_high,rel_diff_pct,p_value,p_adjusted,cohens_d,hedges_g,power_n,rank\n");
    let f = |v: Option<f64>| {
        v.filter(|x| x.is_finite())
            .map_or(String::new(), |x| format!("{x}"))
    };
    for r in &m.auc {
        s.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            r.label,
            r.n,
            f(Some(r.mean)),
            f(Some(r.std)),
            f(r.diff),
            f(r.ci_low),
            f(r.ci_high),
            f(r.rel_diff_pct),
            f(r.p_value.value()),
            f(r.p_adjusted.value()),
            f(r.cohens_d),
            f(r.hedges_g),
            r.power_n.map_or(String::new(), |n| n.to_string()),
            r.rank
        ));
    }
    s
}

/// The JSON object documented in docs/report.md.
pub fn compare_json(a: &Analysis, m: &MetricAnalysis) -> String {
    let mut notes: Vec<String> = a
        .notes
        .iter()
        .filter(|n| n.starts_with(&format!("{}:", m.metric)) || !n.contains(':'))
        .cloned()
        .collect();
    for r in &m.auc {
        if let PValue::NotAvailable(reason) = &r.p_value {
            notes.push(format!("{}: p_value null: {reason}", r.label));
        }
    }
    let obj = serde_json::json!({
        "metric": m.metric,
        "test": a.test,
        "correction": a.correction,
        "baseline": a.baseline,
        "x": a.x.name(),
        "auc": m.auc.iter().map(|r| serde_json::json!({
            "label": r.label, "n": r.n, "mean": opt(Some(r.mean)), "std": opt(Some(r.std)),
            "diff": opt(r.diff), "ci_low": opt(r.ci_low), "ci_high": opt(r.ci_high),
            "rel_diff_pct": opt(r.rel_diff_pct), "p_value": pv(&r.p_value), "p_adjusted": pv(&r.p_adjusted),
            "p_equivalent": pv(&r.p_equivalent), "cohens_d": opt(r.cohens_d), "hedges_g": opt(r.hedges_g), "power_n": r.power_n, "rank": r.rank,
        })).collect::<Vec<_>>(),
        "auc_runs": m.auc_runs.iter().map(|(l, rep, auc)| serde_json::json!({"label": l, "repeat": rep, "auc": auc})).collect::<Vec<_>>(),
        "pvalues": {
            "labels": m.matrix_labels,
            "matrix": m.matrix.iter().map(|row| row.iter().map(pv).collect::<Vec<_>>()).collect::<Vec<_>>(),
        },
        "notes": notes,
    });
    serde_json::to_string_pretty(&obj).expect("json serializes")
}
