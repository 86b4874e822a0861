//! Checking a source's claim on our results: pure, from the [`Analysis`]; one file per claim
//! kind.

mod ab;
mod auc;
mod equivalent;
mod final_budget;
mod mislabeled;

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
pub(super) fn outcome_of(p: Option<f64>, ahead: bool) -> Outcome {
    match p {
        None => Outcome::NotComputed,
        Some(v) if v < 0.05 && ahead => Outcome::Holds,
        Some(v) if v < 0.05 => Outcome::Contradicted,
        Some(_) => Outcome::NoConclusion,
    }
}

/// "= 0.065", "< 0.001" or "= n/a: why": the relation and the value, for "p {}".
pub(super) fn fmt_p(p: &PValue) -> String {
    let v = p.to_string();
    match v.strip_prefix('<') {
        Some(rest) => format!("< {rest}"),
        None => format!("= {v}"),
    }
}

/// Check `claim` against `a`.
pub fn check_claim(claim: &Claim, a: &Analysis) -> ClaimCheck {
    match *claim {
        Claim::Auc {
            text,
            better,
            worse,
            metric,
        } => auc::check(text, (better, worse), metric, a),
        Claim::Final {
            text,
            better,
            worse,
            metric,
            round,
        } => final_budget::check(text, (better, worse), metric, round, a),
        Claim::Equivalent {
            text,
            a: x,
            b: y,
            metric,
        } => equivalent::check(text, (x, y), metric, a),
        Claim::Mislabeled { text, more, fewer } => mislabeled::check(text, more, fewer, a),
        Claim::Ab {
            text,
            test_set,
            line,
        } => ab::check(text, test_set, line, a),
    }
}

pub(super) fn not_computed(text: &str, why: String) -> ClaimCheck {
    ClaimCheck {
        text: text.into(),
        outcome: Outcome::NotComputed,
        evidence: why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_rule_and_p_text() {
        assert_eq!(outcome_of(Some(0.01), true), Outcome::Holds);
        assert_eq!(outcome_of(Some(0.01), false), Outcome::Contradicted);
        assert_eq!(outcome_of(Some(0.05), true), Outcome::NoConclusion);
        assert_eq!(outcome_of(None, true), Outcome::NotComputed);
        assert_eq!(fmt_p(&PValue::Value(0.0654)), "= 0.065");
        assert_eq!(fmt_p(&PValue::Value(0.0004)), "< 0.001");
        assert_eq!(
            fmt_p(&PValue::na("zero variance on both sides")),
            "= n/a: zero variance on both sides"
        );
    }
}
