//! [`crate::report::Claim::Rounds`] and [`crate::report::Claim::AtLabels`]: a comparison on
//! the rounds, or at the numbers of labels, the source's sentence speaks of ("in the first
//! few loops", "at 1,000 selected images"), not on the whole-budget AUC.

use super::super::super::analysis::{pair, Analysis, MetricAnalysis};
use super::{fmt_p, outcome_of, Outcome, Pending};
use crate::stats::Summary;

/// One run's (round, x, value) points.
type Points = [(u32, f64, f64)];

/// Each run's value of `m` for `label` reduced by `f` over its points (None = the run lacks
/// them): (repeat, value) pairs for the page's test.
fn per_run(m: &MetricAnalysis, label: &str, f: &dyn Fn(&Points) -> Option<f64>) -> Vec<(u32, f64)> {
    m.run_points
        .iter()
        .filter(|r| r.label == label)
        .filter_map(|r| f(&r.points).map(|v| (r.repeat, v)))
        .collect()
}

/// Mean of the values at rounds `lo..=hi`; None unless the run has every one of them.
pub(super) fn mean_over_rounds(points: &[(u32, f64, f64)], (lo, hi): (u32, u32)) -> Option<f64> {
    let vals: Vec<f64> = (lo..=hi)
        .map(|r| points.iter().find(|p| p.0 == r).map(|p| p.2))
        .collect::<Option<_>>()?;
    (!vals.is_empty()).then(|| vals.iter().sum::<f64>() / vals.len() as f64)
}

/// The value at exactly `x` labels (a round at that count; half a label of tolerance).
pub(super) fn value_at_labels(points: &[(u32, f64, f64)], x: f64) -> Option<f64> {
    points.iter().find(|p| (p.1 - x).abs() < 0.5).map(|p| p.2)
}

/// Whether `better` being larger is the claimed direction of `m`.
fn sign(m: &MetricAnalysis) -> f64 {
    if m.higher_is_better {
        1.0
    } else {
        -1.0
    }
}

/// `better` against `worse` on each run's mean of `metric` over rounds `lo..=hi` (one test).
pub(super) fn rounds(
    (better, worse): (&str, &str),
    metric: &str,
    span: (u32, u32),
    a: &Analysis,
) -> Pending {
    let Some(m) = a.metrics.iter().find(|m| m.metric == metric) else {
        return Pending::not_computed(format!("no {metric} in these results"));
    };
    let f = |p: &[(u32, f64, f64)]| mean_over_rounds(p, span);
    let (b, w) = (per_run(m, better, &f), per_run(m, worse, &f));
    if b.is_empty() || w.is_empty() {
        return Pending::not_computed(format!(
            "needs runs of {better} and {worse} with rounds {} to {}",
            span.0, span.1
        ));
    }
    let vals = |v: &[(u32, f64)]| Summary::of(&v.iter().map(|x| x.1).collect::<Vec<_>>());
    let (sb, sw) = (vals(&b), vals(&w));
    let raw = pair(a.test, &b, &w);
    let ahead = sign(m) * (sb.mean - sw.mean) > 0.0;
    let which = if span.0 == span.1 {
        format!("at round {}", span.0)
    } else {
        format!("over rounds {}–{}", span.0, span.1)
    };
    let facts = format!(
        "mean {metric} {which}: {better} {:.4} vs {worse} {:.4}; {:?} p {}",
        sb.mean,
        sw.mean,
        a.test,
        fmt_p(&raw)
    );
    Pending::single(raw, ahead, facts, (sb.n, sw.n))
}

/// `better` against `worse` at each of `labels` (one test per count, all in the page's
/// family): holds when it holds at every count, does not hold when the opposite is
/// significant at any, else no conclusion.
pub(super) fn at_labels(
    (better, worse): (&str, &str),
    metric: &str,
    labels: &[u32],
    a: &Analysis,
) -> Pending {
    let Some(m) = a.metrics.iter().find(|m| m.metric == metric) else {
        return Pending::not_computed(format!("no {metric} in these results"));
    };
    let mut raw = Vec::new();
    let mut facts = Vec::new();
    let mut ahead = Vec::new();
    for &x in labels {
        let f = |p: &[(u32, f64, f64)]| value_at_labels(p, f64::from(x));
        let (b, w) = (per_run(m, better, &f), per_run(m, worse, &f));
        if b.is_empty() || w.is_empty() {
            return Pending::not_computed(format!(
                "needs runs of {better} and {worse} with a round at {x} labels"
            ));
        }
        let mean = |v: &[(u32, f64)]| v.iter().map(|p| p.1).sum::<f64>() / v.len() as f64;
        let (mb, mw) = (mean(&b), mean(&w));
        let p = pair(a.test, &b, &w);
        ahead.push(sign(m) * (mb - mw) > 0.0);
        facts.push(format!(
            "{x} labels: {mb:.4} vs {mw:.4} ({} vs {} runs), {:?} p {}",
            b.len(),
            w.len(),
            a.test,
            fmt_p(&p)
        ));
        raw.push(p);
    }
    let head = format!("{metric} of {better} vs {worse} at {}", facts.join("; "));
    Pending::new(
        raw,
        Box::new(move |adj, how| {
            let each: Vec<Outcome> = adj
                .iter()
                .zip(&ahead)
                .map(|(p, &up)| outcome_of(p.value(), up))
                .collect();
            let outcome = combine(&each);
            let ps: Vec<String> = adj.iter().map(|p| format!("p {}", fmt_p(p))).collect();
            (outcome, format!("{head}; {how}: {}", ps.join(", ")))
        }),
    )
}

/// One outcome from the outcomes at each label count: any contradiction contradicts, holds
/// only when every count holds, not computed when any is not computed.
pub(super) fn combine(each: &[Outcome]) -> Outcome {
    if each.contains(&Outcome::NotComputed) || each.is_empty() {
        Outcome::NotComputed
    } else if each.contains(&Outcome::Contradicted) {
        Outcome::Contradicted
    } else if each.iter().all(|o| *o == Outcome::Holds) {
        Outcome::Holds
    } else {
        Outcome::NoConclusion
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_means_and_label_points() {
        // rounds 0..3 at 100, 200, 300, 400 labels with values 0.1, 0.2, 0.4, 0.8
        let p = [
            (0, 100.0, 0.1),
            (1, 200.0, 0.2),
            (2, 300.0, 0.4),
            (3, 400.0, 0.8),
        ];
        // rounds 1–2: (0.2 + 0.4) / 2 = 0.3
        assert!((mean_over_rounds(&p, (1, 2)).unwrap() - 0.3).abs() < 1e-12);
        assert_eq!(mean_over_rounds(&p, (3, 4)), None, "round 4 is missing");
        assert_eq!(value_at_labels(&p, 300.0), Some(0.4));
        assert_eq!(value_at_labels(&p, 250.0), None);
    }

    #[test]
    fn combining_outcomes_over_label_counts() {
        use Outcome::*;
        assert_eq!(combine(&[Holds, Holds]), Holds);
        assert_eq!(combine(&[Holds, NoConclusion]), NoConclusion);
        assert_eq!(combine(&[Holds, Contradicted]), Contradicted);
        assert_eq!(combine(&[Holds, NotComputed]), NotComputed);
    }
}
