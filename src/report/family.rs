//! The correction family of a p-value table or figure, in words: which comparisons were
//! corrected together and how many, so two tables that correct the same comparison in
//! different families ("entropy vs random" among all pairs, or among the comparisons with
//! random) say so. Pure.

use super::analysis::MetricAnalysis;
use crate::spec::Correction;
use crate::stats::PValue;

/// "Holm over N <noun><rest>", or "uncorrected (N <noun><rest>)" without a correction; the
/// noun is `one` for N = 1, else `many`.
fn over(correction: Correction, n: usize, (one, many): (&str, &str), rest: &str) -> String {
    let noun = if n == 1 { one } else { many };
    match correction {
        Correction::None => format!("uncorrected ({n} {noun}{rest})"),
        c => format!("{c:?} over {n} {noun}{rest}"),
    }
}

/// The pairwise matrix's family: every pair of the `methods` methods with a p-value
/// (`pairs` of them; `methods · (methods − 1) / 2` when none is missing).
pub fn pairwise(correction: Correction, pairs: usize, methods: usize) -> String {
    let all = methods * methods.saturating_sub(1) / 2;
    let rest = if pairs < all {
        format!(
            ": every pair of the {methods} methods with a p-value ({} of {all} n/a)",
            all - pairs
        )
    } else {
        format!(": every pair of the {methods} methods")
    };
    over(correction, pairs, ("pair", "pairs"), &rest)
}

/// [`pairwise`] of the matrix of `m`: counts the pairs of its upper triangle with a p-value.
pub fn pairwise_of(correction: Correction, m: &MetricAnalysis) -> String {
    let k = m.matrix.len();
    let pairs = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
        .filter(|&(i, j)| m.matrix[i][j].value().is_some())
        .count();
    pairwise(correction, pairs, k)
}

/// The family of the comparisons with the baseline: `n` of them.
pub fn vs_baseline(correction: Correction, n: usize, baseline: &str) -> String {
    over(
        correction,
        n,
        ("comparison", "comparisons"),
        &format!(" with {baseline}"),
    )
}

/// [`vs_baseline`] counting the raw p-values that are values.
pub fn vs_baseline_of<'a>(
    correction: Correction,
    raw: impl Iterator<Item = &'a PValue>,
    baseline: &str,
) -> String {
    vs_baseline(
        correction,
        raw.filter(|p| p.value().is_some()).count(),
        baseline,
    )
}

/// The AUC table's family of `m` (its rows' raw p against the baseline).
pub fn auc_of(correction: Correction, m: &MetricAnalysis, baseline: &str) -> String {
    vs_baseline_of(correction, m.auc.iter().map(|r| &r.p_value), baseline)
}

/// The final-budget table's family of `m`.
pub fn final_of(correction: Correction, m: &MetricAnalysis, baseline: &str) -> String {
    vs_baseline_of(
        correction,
        m.final_budget.iter().map(|r| &r.p_value),
        baseline,
    )
}

/// The per-round table's family of `m`: every method × round against the baseline.
pub fn per_round_of(correction: Correction, m: &MetricAnalysis, baseline: &str) -> String {
    let n = m
        .per_round
        .iter()
        .flat_map(|(_, rows)| rows.iter())
        .filter(|r| r.p_value.value().is_some())
        .count();
    over(
        correction,
        n,
        ("comparison", "comparisons"),
        &format!(" with {baseline}: every method × round"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_name_their_comparisons_and_size() {
        // 4 methods: 4 · 3 / 2 = 6 pairs
        assert_eq!(
            pairwise(Correction::Holm, 6, 4),
            "Holm over 6 pairs: every pair of the 4 methods"
        );
        assert_eq!(
            vs_baseline(Correction::Holm, 3, "random"),
            "Holm over 3 comparisons with random"
        );
        assert_eq!(
            pairwise(Correction::Holm, 1, 2),
            "Holm over 1 pair: every pair of the 2 methods"
        );
        // a pair without a p-value (both sides constant) is outside the family, and said so
        assert_eq!(
            pairwise(Correction::Holm, 2, 3),
            "Holm over 2 pairs: every pair of the 3 methods with a p-value (1 of 3 n/a)"
        );
        assert_eq!(
            vs_baseline(Correction::None, 3, "random"),
            "uncorrected (3 comparisons with random)"
        );
        let raw = [
            PValue::Value(0.1),
            PValue::na("one run"),
            PValue::Value(0.2),
        ];
        assert_eq!(
            vs_baseline_of(Correction::Bonferroni, raw.iter(), "random"),
            "Bonferroni over 2 comparisons with random"
        );
    }
}
