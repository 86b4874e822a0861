//! Checking a source's claim on our results: pure, from the [`Analysis`].

use serde::Serialize;

use super::super::analysis::Analysis;
use super::pages::Claim;
use crate::stats::PValue;

/// What our data say about a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, Serialize)]
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
