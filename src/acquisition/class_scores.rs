//! Per-class scores for `round_robin` over `query.classes` (NVIDIA Sec. V: "top images in a
//! round-robin fashion over our two classes of interest").
//!
//! The score of image i for class c is the scorer's measure restricted to class c: on
//! detection maps, the binary (per position) measure of class c's map aggregated over its
//! positions; for classification, the same binary measure of the member probabilities of
//! class c ("one class against the rest"). `random` draws one uniform score per image and
//! class.

use super::maps::aggregate;
use super::Aggregation;
use super::{Entropy, LeastConfidence, Margin, MutualInformation, OutputBatch, ScorerKind};
use crate::rng::Rng;

/// The scorers that have a per-class form.
pub const PER_CLASS: &[ScorerKind] = &[
    ScorerKind::Random,
    ScorerKind::Entropy,
    ScorerKind::MutualInformation,
    ScorerKind::LeastConfidence,
    ScorerKind::Margin,
];

/// The scorer's binary measure of the member probabilities `p` of one class (the scorer's
/// own formula, the one it applies to each position of a detection map).
fn measure(kind: ScorerKind, p: &[f32]) -> f32 {
    match kind {
        ScorerKind::Entropy => Entropy::binary(p),
        ScorerKind::MutualInformation => MutualInformation::binary(p),
        ScorerKind::LeastConfidence => LeastConfidence::binary(p),
        ScorerKind::Margin => Margin::binary(p),
        _ => unreachable!("validated: the scorer has a per-class form"),
    }
}

/// Scores `[batch, classes.len()]` (row-major) into `out`.
pub fn class_scores(
    kind: ScorerKind,
    agg: Aggregation,
    b: &OutputBatch<'_>,
    classes: &[usize],
    out: &mut [f32],
    rng: &mut Rng,
) {
    let k = classes.len();
    let m = b.members;
    for i in 0..b.batch {
        for (j, &c) in classes.iter().enumerate() {
            out[i * k + j] = if kind == ScorerKind::Random {
                rng.uniform() as f32
            } else if let Some(maps) = &b.maps {
                aggregate(
                    agg,
                    (0..maps.positions).map(|p| measure(kind, maps.members(i, p, c, b.classes, m))),
                )
            } else {
                let base = (i * b.classes + c) * m;
                measure(kind, &b.probs[base..base + m])
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_class_against_the_rest_by_hand() {
        // classification: 2 images, 3 classes, 1 member
        let probs = [0.5, 0.3, 0.2, 0.9, 0.05, 0.05];
        let b = OutputBatch {
            batch: 2,
            classes: 3,
            members: 1,
            probs: &probs,
            labels: None,
            maps: None,
            features: None,
            feature_dim: 0,
            recon: None,
        };
        let mut out = [0.0f32; 4];
        class_scores(
            ScorerKind::Entropy,
            Aggregation::Max,
            &b,
            &[0, 2],
            &mut out,
            &mut Rng::new(0),
        );
        // H(0.5) = 1; H(0.2) = 0.7219281; H(0.9) = 0.4689956; H(0.05) = 0.2863970
        let want = [1.0, 0.721_928_1, 0.468_995_6, 0.286_397];
        for (o, w) in out.iter().zip(want) {
            assert!((o - w).abs() < 1e-5, "{out:?}");
        }
        class_scores(
            ScorerKind::Margin,
            Aggregation::Max,
            &b,
            &[0, 2],
            &mut out,
            &mut Rng::new(0),
        );
        // 1 − |2p − 1|: 1, 0.4, 0.2, 0.1
        for (o, w) in out.iter().zip([1.0, 0.4, 0.2, 0.1]) {
            assert!((o - w).abs() < 1e-6, "{out:?}");
        }
    }
}
