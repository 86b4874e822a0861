//! The AUC table of one metric (each method against the baseline: difference and its CI,
//! corrected p-values, equivalence, effect sizes, planning power, rank) and the pairwise
//! p-value matrix.

use super::compare::{correct_family, pair, values, Aucs};
use super::{AucRow, Options};
use crate::stats::{adjust, cohens_d, diff_ci95, hedges_g, power_n, tost_welch, PValue, Summary};

/// The AUC table: each method against the baseline, corrected p-values, ranks. Notes why a
/// p-value against the baseline is not available.
pub(super) fn auc_rows(
    metric: &str,
    labels: &[String],
    by_label: &[Aucs],
    baseline: Option<&str>,
    higher: bool,
    o: &Options,
    notes: &mut Vec<String>,
) -> Vec<AucRow> {
    let aucs_of = |l: &str| -> &Aucs {
        &by_label[labels.iter().position(|x| x == l).expect("a listed label")]
    };
    let base_aucs = baseline.map(aucs_of);
    let mut rows: Vec<AucRow> = labels
        .iter()
        .map(|l| {
            let vs_base = base_aucs.filter(|_| Some(l.as_str()) != baseline);
            let mut row = auc_row(l, aucs_of(l), vs_base, base_aucs, o);
            if vs_base.is_none() && Some(l.as_str()) != baseline {
                row.p_value = PValue::na("no baseline");
            }
            row
        })
        .collect();
    // Each family of comparisons with the baseline is corrected on its own: the difference
    // tests, then the equivalence tests.
    let vs_base = |r: &AucRow| Some(r.label.as_str()) != baseline;
    correct_family(
        &mut rows,
        vs_base,
        o.correction,
        |r| r.p_value.clone(),
        |r, p| r.p_adjusted = p,
    );
    correct_family(
        &mut rows,
        vs_base,
        o.correction,
        |r| r.p_equivalent.clone(),
        |r, p| r.p_equivalent = p,
    );
    rank(&mut rows, higher);
    for r in &rows {
        if let PValue::NotAvailable(reason) = &r.p_value {
            if reason != "baseline" && reason != "no baseline" {
                notes.push(format!(
                    "{metric}: p-value of {} vs baseline not available: {reason}",
                    r.label
                ));
            }
        }
    }
    rows
}

/// The row of method `l` with AUCs `a`, against the baseline's AUCs `vs_base` (`None` for the
/// baseline itself, or without one); `base_aucs` are the baseline's (for the relative
/// difference). p-values uncorrected, rank 0.
fn auc_row(
    l: &str,
    a: &Aucs,
    vs_base: Option<&Aucs>,
    base_aucs: Option<&Aucs>,
    o: &Options,
) -> AucRow {
    let s = Summary::of(&values(a));
    let (diff, lo, hi) = match vs_base.and_then(|b| diff_ci95(&values(a), &values(b))) {
        Some((d, lo, hi)) => (Some(d), Some(lo), Some(hi)),
        None => (
            vs_base.map(|b| s.mean - Summary::of(&values(b)).mean),
            None,
            None,
        ),
    };
    let base_mean = base_aucs.map(|b| Summary::of(&values(b)).mean);
    let d = vs_base.and_then(|b| cohens_d(&values(a), &values(b)));
    let g = vs_base.and_then(|b| hedges_g(&values(a), &values(b)));
    AucRow {
        label: l.to_string(),
        n: s.n,
        mean: s.mean,
        std: s.std,
        diff,
        ci_low: lo,
        ci_high: hi,
        rel_diff_pct: diff
            .zip(base_mean)
            .filter(|(_, b)| *b != 0.0)
            .map(|(d, b)| d / b.abs() * 100.0),
        p_value: match vs_base {
            Some(b) => pair(o.test, a, b),
            None => PValue::na("baseline"),
        },
        p_adjusted: PValue::na("baseline"),
        p_equivalent: match vs_base {
            Some(b) => tost_welch(&values(a), &values(b), o.equivalence),
            None => PValue::na("baseline"),
        },
        cohens_d: d,
        hedges_g: g,
        power_n: g.and_then(|g| power_n(g.abs())),
        rank: 0,
    }
}

/// Rank the rows by mean AUC (1 = best: highest, or lowest when lower is better; ties in
/// label order).
fn rank(rows: &mut [AucRow], higher: bool) {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (rows[a].mean, rows[b].mean);
        let c = if higher {
            y.total_cmp(&x)
        } else {
            x.total_cmp(&y)
        };
        c.then(a.cmp(&b))
    });
    for (rank, &i) in order.iter().enumerate() {
        rows[i].rank = rank + 1;
    }
}

/// Pairwise p-values between methods (in `by_label` order), corrected over the upper
/// triangle; diagonal 1.
pub(super) fn pairwise(by_label: &[Aucs], o: &Options) -> Vec<Vec<PValue>> {
    let k = by_label.len();
    let mut tri = Vec::new();
    for i in 0..k {
        for j in i + 1..k {
            tri.push(pair(o.test, &by_label[i], &by_label[j]));
        }
    }
    let mut adj = adjust(&tri, o.correction).into_iter();
    let mut matrix = vec![vec![PValue::Value(1.0); k]; k];
    let pairs: Vec<(usize, usize)> = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
        .collect();
    for (i, j) in pairs {
        let p = adj.next().expect("one adjusted p per pair");
        matrix[i][j] = p.clone();
        matrix[j][i] = p;
    }

    matrix
}
