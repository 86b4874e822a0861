//! Checking a source's claim on our results: pure, from the [`Analysis`].

use serde::Serialize;

use super::super::analysis::Analysis;
use super::pages::Claim;
use crate::stats::PValue;

/// What our data say about a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Outcome {
    /// The claimed direction, significant (p < 0.05 after the report's correction).
    Holds,
    /// The opposite direction, significant.
    Contradicted,
    /// Not significant either way.
    NoConclusion,
    /// The results lack what the claim needs (a method, a metric, repeats).
    NotComputed,
}

impl Outcome {
    /// How a page prints it.
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Holds => "**holds**",
            Outcome::Contradicted => "**does not hold** (the opposite is significant)",
            Outcome::NoConclusion => "no conclusion",
            Outcome::NotComputed => "not computed",
        }
    }
}

/// A claim and its check.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct ClaimCheck {
    /// The claim as the page states it.
    pub text: String,
    /// The outcome.
    pub outcome: Outcome,
    /// The numbers behind it.
    pub evidence: String,
}

/// The outcome of a claim from the deciding p-value and whether the claimed side is ahead.
fn outcome_of(p: Option<f64>, ahead: bool) -> Outcome {
    match p {
        None => Outcome::NotComputed,
        Some(v) if v < 0.05 && ahead => Outcome::Holds,
        Some(v) if v < 0.05 => Outcome::Contradicted,
        Some(_) => Outcome::NoConclusion,
    }
}

fn fmt_p(p: &PValue) -> String {
    p.to_string()
}

/// Check `claim` against `a`.
pub fn check_claim(claim: &Claim, a: &Analysis) -> ClaimCheck {
    match *claim {
        Claim::Auc {
            text,
            better,
            worse,
            metric,
        } => {
            let none = |why: String| ClaimCheck {
                text: text.into(),
                outcome: Outcome::NotComputed,
                evidence: why,
            };
            let Some(m) = a.metrics.iter().find(|m| m.metric == metric) else {
                return none(format!("no {metric} in these results"));
            };
            let row = |l: &str| m.auc.iter().find(|r| r.label == l);
            let (Some(b), Some(w)) = (row(better), row(worse)) else {
                return none(format!("needs methods {better} and {worse}"));
            };
            let idx = |l: &str| m.matrix_labels.iter().position(|x| x == l);
            let p = match (idx(better), idx(worse)) {
                (Some(i), Some(j)) => m.matrix[i][j].clone(),
                _ => PValue::na("not in the p-value matrix"),
            };
            let sign = if m.higher_is_better { 1.0 } else { -1.0 };
            let outcome = outcome_of(p.value(), sign * (b.mean - w.mean) > 0.0);
            ClaimCheck {
                text: text.into(),
                outcome,
                evidence: format!(
                    "AUC of {metric}: {better} {:.4} vs {worse} {:.4}; {:?} p, {:?}-corrected = {}; {} vs {} runs",
                    b.mean,
                    w.mean,
                    a.test,
                    a.correction,
                    fmt_p(&p),
                    b.n,
                    w.n
                ),
            }
        }
        Claim::Final {
            text,
            better,
            worse,
            metric,
            round,
        } => check_final(text, (better, worse), metric, round, a),
        Claim::Equivalent {
            text,
            a: x,
            b: y,
            metric,
        } => check_equivalent(text, (x, y), metric, a),
        Claim::Mislabeled { text, more, fewer } => check_mislabeled(text, more, fewer, a),
        Claim::Ab {
            text,
            test_set,
            line,
        } => {
            let found = a.ab.first().and_then(|ab| {
                ab.sets
                    .iter()
                    .find(|s| s.test_set == test_set)
                    .and_then(|s| s.lines.iter().find(|l| l.name == line))
            });
            let Some(l) = found else {
                return ClaimCheck {
                    text: text.into(),
                    outcome: Outcome::NotComputed,
                    evidence: format!("no {line} on the {test_set} test sets (no ground truth of it in the held-out images?)"),
                };
            };
            let (decisive, basis) = if l.repeats >= 2 {
                (
                    l.p_repeats.value(),
                    format!(
                        "paired t over {} repeat means: p = {}",
                        l.repeats,
                        fmt_p(&l.p_repeats)
                    ),
                )
            } else {
                (
                    l.p_active_vs_comparison.value(),
                    format!(
                        "paired t over {} split pairs of one repeat: p = {}",
                        l.n,
                        fmt_p(&l.p_active_vs_comparison)
                    ),
                )
            };
            let outcome = outcome_of(decisive, l.active.0 > l.comparison.0);
            ClaimCheck {
                text: text.into(),
                outcome,
                evidence: format!(
                    "Δ AP active {:+.2} vs comparison {:+.2} points; {basis}; over {} split pairs: p = {}",
                    l.active.0,
                    l.comparison.0,
                    l.n,
                    fmt_p(&l.p_active_vs_comparison)
                ),
            }
        }
    }
}

fn not_computed(text: &str, why: String) -> ClaimCheck {
    ClaimCheck {
        text: text.into(),
        outcome: Outcome::NotComputed,
        evidence: why,
    }
}

/// [`Claim::Final`]: the final-budget (or per-round) row of the non-baseline side against the
/// baseline.
fn check_final(
    text: &str,
    (better, worse): (&str, &str),
    metric: &str,
    round: Option<u32>,
    a: &Analysis,
) -> ClaimCheck {
    let Some(m) = a.metrics.iter().find(|m| m.metric == metric) else {
        return not_computed(text, format!("no {metric} in these results"));
    };
    let base = a.baseline.as_deref().unwrap_or("");
    let (other, other_is_better) = if worse == base {
        (better, true)
    } else if better == base {
        (worse, false)
    } else {
        return not_computed(
            text,
            format!("the final-budget table compares with the baseline {base}, which is neither {better} nor {worse}"),
        );
    };
    let rows = match round {
        None => Some(&m.final_budget),
        Some(r) => m.per_round.iter().find(|(x, _)| *x == r).map(|(_, v)| v),
    };
    let row = |l: &str| rows.and_then(|v| v.iter().find(|r| r.label == l));
    let (Some(o), Some(b)) = (row(other), row(base)) else {
        return not_computed(
            text,
            format!("needs methods {better} and {worse} at the final budget (or the round)"),
        );
    };
    let sign = if m.higher_is_better { 1.0 } else { -1.0 };
    let other_ahead = sign * (o.mean - b.mean) > 0.0;
    let at = match (round, m.window) {
        (Some(r), _) => format!(" at round {r} (corrected over every method × round)"),
        (None, Some((_, hi))) if m.by_range => format!(" at {hi:.0} labels"),
        (None, _) => match m.shared_rounds.last() {
            Some(r) => format!(" at the last shared round ({r})"),
            None => String::new(),
        },
    };
    let (bm, wm) = if other_is_better {
        (o.mean, b.mean)
    } else {
        (b.mean, o.mean)
    };
    ClaimCheck {
        text: text.into(),
        outcome: outcome_of(o.p_adjusted.value(), other_ahead == other_is_better),
        evidence: format!(
            "{metric}{at}: {better} {bm:.4} vs {worse} {wm:.4}; {:?} p, {:?}-corrected = {}; {} vs {} runs",
            a.test,
            a.correction,
            fmt_p(&o.p_adjusted),
            if other_is_better { o.n } else { b.n },
            if other_is_better { b.n } else { o.n },
        ),
    }
}

/// [`Claim::Equivalent`]: TOST of the two methods' AUCs within `[report] equivalence`; a
/// significant difference in the pairwise matrix contradicts it.
fn check_equivalent(text: &str, (x, y): (&str, &str), metric: &str, a: &Analysis) -> ClaimCheck {
    let Some(m) = a.metrics.iter().find(|m| m.metric == metric) else {
        return not_computed(text, format!("no {metric} in these results"));
    };
    if a.equivalence <= 0.0 {
        return not_computed(
            text,
            "no equivalence margin ([report] equivalence = 0)".into(),
        );
    }
    let aucs = |l: &str| -> Vec<f64> {
        m.auc_runs
            .iter()
            .filter(|(label, _, _)| label == l)
            .map(|r| r.2)
            .collect()
    };
    let (ax, ay) = (aucs(x), aucs(y));
    let idx = |l: &str| m.matrix_labels.iter().position(|v| v == l);
    let (Some(i), Some(j)) = (idx(x), idx(y)) else {
        return not_computed(text, format!("needs methods {x} and {y}"));
    };
    let p_diff = m.matrix[i][j].clone();
    let p_eq = crate::stats::tost_welch(&ax, &ay, a.equivalence);
    let outcome = match (p_diff.value(), p_eq.value()) {
        (Some(p), _) if p < 0.05 => Outcome::Contradicted,
        (_, Some(q)) if q < 0.05 => Outcome::Holds,
        (None, None) => Outcome::NotComputed,
        _ => Outcome::NoConclusion,
    };
    let (sx, sy) = (
        crate::stats::Summary::of(&ax),
        crate::stats::Summary::of(&ay),
    );
    ClaimCheck {
        text: text.into(),
        outcome,
        evidence: format!(
            "AUC of {metric}: {x} {:.4} vs {y} {:.4}; equivalent within ±{} (TOST, one planned test): p = {}; different ({:?}, {:?}-corrected): p = {}; {} vs {} runs",
            sx.mean,
            sy.mean,
            a.equivalence,
            fmt_p(&p_eq),
            a.test,
            a.correction,
            fmt_p(&p_diff),
            sx.n,
            sy.n
        ),
    }
}

/// [`Claim::Mislabeled`]: the fraction of mislabeled images among round 1's picks, per run,
/// `more` against `fewer` by Welch's t (one planned comparison, uncorrected).
fn check_mislabeled(text: &str, more: &str, fewer: &str, a: &Analysis) -> ClaimCheck {
    let runs = |l: &str| {
        a.selections
            .mislabeled_runs
            .iter()
            .find(|(x, _)| x == l)
            .map(|(_, v)| v.clone())
    };
    let (Some(m), Some(f)) = (runs(more), runs(fewer)) else {
        return not_computed(
            text,
            format!("needs round-1 selections of {more} and {fewer} with data.label_noise > 0"),
        );
    };
    let (sm, sf) = (crate::stats::Summary::of(&m), crate::stats::Summary::of(&f));
    let p = crate::stats::welch_t(&m, &f);
    ClaimCheck {
        text: text.into(),
        outcome: outcome_of(p.value(), sm.mean > sf.mean),
        evidence: format!(
            "mislabeled among round 1's picks: {more} {:.1}% ± {:.1} vs {fewer} {:.1}% ± {:.1}; Welch p = {} (one planned comparison); {} vs {} runs",
            100.0 * sm.mean,
            100.0 * sm.std,
            100.0 * sf.mean,
            100.0 * sf.std,
            fmt_p(&p),
            sm.n,
            sf.n
        ),
    }
}
