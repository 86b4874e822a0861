//! The scoring keys of `[query]` that the scorers read: per-position aggregation (detection)
//! and the terms of `query.combine` with their normalization.

use serde::{Deserialize, Serialize};

use super::ScorerKind;

/// Aggregation of per-position / per-box scores to one score per image.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Maximum (NVIDIA eq. 4).
    Max,
    /// Mean.
    Mean,
    /// Sum.
    Sum,
}

impl Aggregation {
    /// Name in the spec.
    pub fn name(self) -> &'static str {
        match self {
            Aggregation::Max => "max",
            Aggregation::Mean => "mean",
            Aggregation::Sum => "sum",
        }
    }
}

/// Normalization of each `query.combine` term.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Normalization {
    /// `(s − mean) / std` over the candidates.
    Zscore,
    /// Rank fraction in [0, 1].
    Rank,
}

/// One term of `query.combine`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CombineTerm {
    /// Scorer of the term (not `combine`).
    pub scorer: ScorerKind,
    /// Weight of the normalized term.
    pub weight: f64,
}

/// Checks `query.combine` against `query.scorer`: the `combine` scorer needs a non-empty list
/// of terms, none of them `combine`, each with a finite weight; any other scorer needs none.
/// Err: (dotted key, message).
pub fn check_combine(scorer: ScorerKind, terms: &[CombineTerm]) -> Result<(), (String, String)> {
    let bad = |key: &str, msg: String| Err((key.to_string(), msg));
    match scorer {
        ScorerKind::Combine if terms.is_empty() => bad(
            "query.combine",
            "scorer = \"combine\" needs a non-empty list of { scorer, weight }".into(),
        ),
        ScorerKind::Combine => {
            for (i, term) in terms.iter().enumerate() {
                if term.scorer == ScorerKind::Combine {
                    return bad(
                        &format!("query.combine[{i}].scorer"),
                        "\"combine\" cannot be nested".into(),
                    );
                }
                if !term.weight.is_finite() {
                    return bad(
                        &format!("query.combine[{i}].weight"),
                        format!("{} must be finite", term.weight),
                    );
                }
            }
            Ok(())
        }
        _ if !terms.is_empty() => bad(
            "query.combine",
            "is only used with scorer = \"combine\"; remove it or set query.scorer = \"combine\""
                .into(),
        ),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(scorer: ScorerKind, weight: f64) -> CombineTerm {
        CombineTerm { scorer, weight }
    }

    #[test]
    fn combine_terms_only_with_the_combine_scorer() {
        let key = |s, t: &[CombineTerm]| check_combine(s, t).unwrap_err().0;
        assert_eq!(check_combine(ScorerKind::Margin, &[]), Ok(()));
        let ok = [
            term(ScorerKind::Margin, 1.0),
            term(ScorerKind::Entropy, -0.5),
        ];
        assert_eq!(check_combine(ScorerKind::Combine, &ok), Ok(()));
        assert_eq!(key(ScorerKind::Combine, &[]), "query.combine");
        assert_eq!(key(ScorerKind::Margin, &ok), "query.combine");
        let nested = [
            term(ScorerKind::Margin, 1.0),
            term(ScorerKind::Combine, 1.0),
        ];
        assert_eq!(key(ScorerKind::Combine, &nested), "query.combine[1].scorer");
        let inf = [term(ScorerKind::Margin, f64::INFINITY)];
        assert_eq!(key(ScorerKind::Combine, &inf), "query.combine[0].weight");
    }
}
