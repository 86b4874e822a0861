//! The source's own p-values (thesis Tables 4.3–4.5: uncorrected t-tests on per-run AUCs)
//! beside ours for the same pair and metric: our AUC difference, Welch's t on the per-run
//! AUCs, its uncorrected p, and the page's corrected pairwise p. No IO.

use super::super::analysis::{pair, Analysis, MetricAnalysis};
use super::super::document::Block;
use super::pages::{PaperPage, SourceP};
use crate::stats::{mean, std_dev, PValue};

/// Welch's t of `a` against `b`: (mean(a) − mean(b)) / √(s_a²/n_a + s_b²/n_b); `None` with
/// fewer than 2 values a side or no variance on either side.
/// E.g. a = [1, 3], b = [0, 0, 0]: (2 − 0) / √(2/2 + 0/3) = 2.
pub fn welch_statistic(a: &[f64], b: &[f64]) -> Option<f64> {
    if a.len() < 2 || b.len() < 2 {
        return None;
    }
    let se2 = std_dev(a).powi(2) / a.len() as f64 + std_dev(b).powi(2) / b.len() as f64;
    (se2 > 0.0).then(|| (mean(a) - mean(b)) / se2.sqrt())
}

/// (repeat, AUC) of each run of `label`.
fn aucs(m: &MetricAnalysis, label: &str) -> Vec<(u32, f64)> {
    m.auc_runs
        .iter()
        .filter(|(l, _, _)| l == label)
        .map(|(_, r, v)| (*r, *v))
        .collect()
}

/// The corrected pairwise p of `a` and `b` (the page's pairwise matrix).
fn corrected(m: &MetricAnalysis, a: &str, b: &str) -> String {
    let at = |l: &str| m.matrix_labels.iter().position(|x| x == l);
    match (at(a), at(b)) {
        (Some(i), Some(j)) => match &m.matrix[i][j] {
            p @ PValue::Value(_) => p.to_string(),
            PValue::NotAvailable(_) => "n/a".into(),
        },
        _ => "–".into(),
    }
}

/// The pairwise family, as the pairwise tables name it (the first metric's).
fn family_of(a: &Analysis) -> String {
    a.metrics.first().map_or_else(
        || "corrected over every pair".into(),
        |m| super::super::family::pairwise_of(a.correction, m),
    )
}

/// One row: the source's p and ours for one pair and metric.
fn row(s: &SourceP, a: &Analysis) -> Vec<String> {
    let mut r = vec![
        format!("{} vs {}", s.a, s.b),
        format!("{} ({})", s.metric, s.table),
        s.p.to_string(),
    ];
    let Some(m) = a.metrics.iter().find(|m| m.metric == s.metric) else {
        r.extend(["–".to_string(), "–".into(), "–".into(), "–".into()]);
        return r;
    };
    let (rx, ry) = (aucs(m, s.a), aucs(m, s.b));
    let x: Vec<f64> = rx.iter().map(|v| v.1).collect();
    let y: Vec<f64> = ry.iter().map(|v| v.1).collect();
    let diff = if x.is_empty() || y.is_empty() {
        "–".to_string()
    } else {
        format!("{:+.4}", mean(&x) - mean(&y))
    };
    let t = welch_statistic(&x, &y).map_or_else(|| "n/a".into(), |t| format!("{t:+.2}"));
    let raw = match pair(a.test, &rx, &ry) {
        p @ PValue::Value(_) => p.to_string(),
        PValue::NotAvailable(_) => "n/a".into(),
    };
    r.extend([diff, t, raw, corrected(m, s.a, s.b)]);
    r
}

/// The section "The source's p-values beside ours", when the page lists some.
pub fn source_p_section(page: &PaperPage, a: &Analysis) -> Vec<Block> {
    if page.source_p.is_empty() {
        return Vec::new();
    }
    vec![
        Block::Heading(2, "The source's p-values beside ours".into()),
        Block::Paragraph(format!(
            "Each of the source's p-values (uncorrected t-tests on per-run AUCs) beside ours for the same pair and metric: our mean AUC difference (first minus second), Welch's t on the per-run AUCs, the uncorrected p of the page's test ({:?}) and the pairwise p of \"Our values\" (the same test, {}). The source gives no t statistics.",
            a.test,
            family_of(a)
        )),
        Block::Table {
            header: [
                "pair",
                "metric (source table)",
                "source p",
                "our AUC difference",
                "our Welch t",
                "our p (uncorrected)",
                "our p (corrected)",
            ]
            .map(String::from)
            .to_vec(),
            right: vec![false, false, true, true, true, true, true],
            rows: page.source_p.iter().map(|s| row(s, a)).collect(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welch_statistic_by_hand() {
        // a = [1, 3]: mean 2, s² 2; b = [0, 1]: mean 0.5, s² 0.5;
        // t = 1.5 / √(2/2 + 0.5/2) = 1.5 / √1.25 = 1.341640786…
        let t = welch_statistic(&[1.0, 3.0], &[0.0, 1.0]).unwrap();
        assert!((t - 1.5 / 1.25f64.sqrt()).abs() < 1e-12, "{t}");
        assert_eq!(welch_statistic(&[1.0], &[0.0, 1.0]), None);
        assert_eq!(welch_statistic(&[1.0, 1.0], &[2.0, 2.0]), None);
    }
}
