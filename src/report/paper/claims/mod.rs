//! Checking a source's claims on our results: pure, from the [`Analysis`]; one file per claim
//! kind. The claims of a page are its planned comparisons: each contributes the raw p-value(s)
//! of its test, and the page's correction (`[report] correction`, Holm by default) is applied
//! once over all of them, so a page with few claims is not penalised for every pair of its
//! p-value matrix, and a page with many is not let off.

mod ab;
mod auc;
mod equivalent;
mod final_budget;
mod mislabeled;
mod points;

use serde::Serialize;

use super::super::analysis::Analysis;
use super::pages::Claim;
use crate::stats::PValue;

/// What our data say about a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Outcome {
    /// The claimed direction, significant (p < 0.05 after the correction over the page's claims).
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

/// The outcome of a claim from the deciding (corrected) p-value and whether the claimed side is
/// ahead.
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

/// Decides a claim from its corrected p-values (in the order of [`Pending::raw`]) and the
/// phrase naming the correction ("Holm over the page's 7 claim tests").
type Decide = Box<dyn Fn(&[PValue], &str) -> (Outcome, String)>;

/// A claim's test(s), before the page-wide correction.
pub(super) struct Pending {
    /// Raw p-values this claim adds to the page's family (empty when not computed).
    raw: Vec<PValue>,
    /// Outcome and evidence from the corrected p-values.
    decide: Decide,
}

impl Pending {
    /// A claim with tests.
    pub(super) fn new(raw: Vec<PValue>, decide: Decide) -> Self {
        Pending { raw, decide }
    }

    /// A claim decided by one test: the claimed side is `ahead` or not; the evidence is
    /// `facts`, the corrected p and the runs `n` behind each side.
    pub(super) fn single(raw: PValue, ahead: bool, facts: String, n: (usize, usize)) -> Self {
        Pending::new(
            vec![raw],
            Box::new(move |adj, how| {
                let p = &adj[0];
                let outcome = outcome_of(p.value(), ahead);
                // A difference the other way round that the test cannot call: say so, so a
                // "no conclusion" does not read as a lean towards the claim.
                let against = if !ahead && outcome == Outcome::NoConclusion {
                    "; observed the other way round, not significant"
                } else {
                    ""
                };
                (
                    outcome,
                    format!(
                        "{facts}, {how}: p {}; {} vs {} runs{against}",
                        fmt_p(p),
                        n.0,
                        n.1
                    ),
                )
            }),
        )
    }

    /// A claim the results cannot check, and why.
    pub(super) fn not_computed(why: String) -> Self {
        Pending {
            raw: Vec::new(),
            decide: Box::new(move |_, _| (Outcome::NotComputed, why.clone())),
        }
    }
}

fn pending(claim: &Claim, a: &Analysis) -> Pending {
    match *claim {
        Claim::Auc {
            better,
            worse,
            metric,
            ..
        } => auc::pending((better, worse), metric, a),
        Claim::Final {
            better,
            worse,
            metric,
            round,
            ..
        } => final_budget::pending((better, worse), metric, round, a),
        Claim::Rounds {
            better,
            worse,
            metric,
            rounds,
            ..
        } => points::rounds((better, worse), metric, rounds, a),
        Claim::AtLabels {
            better,
            worse,
            metric,
            labels,
            ..
        } => points::at_labels((better, worse), metric, labels, a),
        Claim::Equivalent {
            a: x,
            b: y,
            metric,
            margin,
            ..
        } => equivalent::pending((x, y), metric, margin.unwrap_or(a.equivalence), a),
        Claim::Mislabeled { more, fewer, .. } => mislabeled::pending(more, fewer, a),
        Claim::Ab { test_set, line, .. } => ab::pending(test_set, line, a),
    }
}

/// The sentence a claim states.
pub(super) fn text_of(claim: &Claim) -> &'static str {
    match *claim {
        Claim::Auc { text, .. }
        | Claim::Final { text, .. }
        | Claim::Rounds { text, .. }
        | Claim::AtLabels { text, .. }
        | Claim::Equivalent { text, .. }
        | Claim::Mislabeled { text, .. }
        | Claim::Ab { text, .. } => text,
    }
}

/// Check every claim of a page against `a`: each claim's raw p-values, corrected together by
/// `a.correction` over the whole page, decide its outcome.
pub fn check_claims(claims: &[Claim], a: &Analysis) -> Vec<ClaimCheck> {
    let pending: Vec<Pending> = claims.iter().map(|c| pending(c, a)).collect();
    let raw: Vec<PValue> = pending.iter().flat_map(|p| p.raw.iter().cloned()).collect();
    let family = raw.iter().filter(|p| p.value().is_some()).count();
    // Claims with at least one computed test: an equivalence claim adds two tests (TOST and
    // the difference), an at-labels claim one per label count, so the two counts can differ.
    let tested = pending
        .iter()
        .filter(|p| p.raw.iter().any(|v| v.value().is_some()))
        .count();
    let tests = if tested == family {
        format!("{family} claim tests")
    } else {
        format!("{family} tests of its {tested} claims")
    };
    let how = match a.correction {
        crate::spec::Correction::None => format!("uncorrected, {tests} on this page"),
        c => format!("{c:?} over the page's {tests}"),
    };
    let mut adjusted = crate::stats::adjust(&raw, a.correction).into_iter();
    claims
        .iter()
        .zip(pending)
        .map(|(c, p)| {
            let mine: Vec<PValue> = adjusted.by_ref().take(p.raw.len()).collect();
            let (outcome, evidence) = (p.decide)(&mine, &how);
            ClaimCheck {
                text: text_of(c).to_string(),
                outcome,
                evidence,
            }
        })
        .collect()
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
