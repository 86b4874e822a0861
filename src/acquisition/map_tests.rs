//! Map scorers on hand-made detection outputs.
//!
//! One image, 2 positions × 2 classes × 2 members, layout `[position, class, member]`:
//!
//! | position, class | members | mean p̄ | H(p̄) bits | mean H(p_e) | MI | 2(1 − max(p̄, 1 − p̄)) |
//! |---|---|---|---|---|---|---|
//! | 0, 0 | 0.5, 0.5 | 0.5 | 1 | 1 | 0 | 1 |
//! | 0, 1 | 0.9, 0.1 | 0.5 | 1 | H(0.9) = 0.4689956 | 0.5310044 | 1 |
//! | 1, 0 | 0.2, 0.2 | 0.2 | H(0.2) = 0.7219281 | 0.7219281 | 0 | 0.4 |
//! | 1, 1 | 0, 0 | 0 | 0 | 0 | 0 | 0 |
//!
//! with H(0.9) = 0.9·log2(1/0.9) + 0.1·log2(10) = 0.1368028 + 0.3321928 and
//! H(0.2) = 0.2·log2 5 + 0.8·log2 1.25 = 0.4643856 + 0.2575425. A second image has all
//! maps at 0 (every measure 0).

use super::*;
use crate::acquisition::Aggregation::{self, Max, Mean, Sum};

const MAPS: [f32; 16] = [
    0.5, 0.5, 0.9, 0.1, 0.2, 0.2, 0.0, 0.0, //
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
];
const IMAGE: [f32; 8] = [0.9, 0.1, 0.2, 0.2, 0.0, 0.0, 0.0, 0.0];
const CONF: [f32; 3] = [0.5, 0.9, 0.2];
const START: [usize; 3] = [0, 3, 3];
const LOSSES: [f32; 2] = [1.25, 0.5];

fn batch() -> OutputBatch<'static> {
    OutputBatch {
        batch: 2,
        classes: 2,
        members: 2,
        probs: &IMAGE,
        labels: None,
        maps: Some(MapOutputs {
            positions: 2,
            probs: &MAPS,
            box_conf: &CONF,
            box_start: &START,
            losses: Some(&LOSSES),
        }),
        features: None,
        feature_dim: 0,
        recon: None,
    }
}

fn score(kind: ScorerKind, agg: Aggregation) -> [f32; 2] {
    let s = (scorer_info(kind).build.unwrap())(agg);
    let mut out = [f32::NAN; 2];
    s.score(&batch(), &mut out, &mut Rng::new(0));
    out
}

fn close(got: [f32; 2], want: [f32; 2]) {
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-5, "{got:?} vs {want:?}");
    }
}

#[test]
fn entropy_on_maps_with_each_aggregation() {
    let h2 = 0.721_928_1;
    close(score(ScorerKind::Entropy, Max), [1.0, 0.0]);
    close(score(ScorerKind::Entropy, Sum), [2.0 + h2, 0.0]);
    close(score(ScorerKind::Entropy, Mean), [(2.0 + h2) / 4.0, 0.0]);
}

#[test]
fn mutual_information_on_maps_with_each_aggregation() {
    let mi = 1.0 - 0.468_995_6;
    close(score(ScorerKind::MutualInformation, Max), [mi, 0.0]);
    close(score(ScorerKind::MutualInformation, Sum), [mi, 0.0]);
    close(score(ScorerKind::MutualInformation, Mean), [mi / 4.0, 0.0]);
}

#[test]
fn least_confidence_and_margin_on_maps() {
    for kind in [ScorerKind::LeastConfidence, ScorerKind::Margin] {
        close(score(kind, Max), [1.0, 0.0]);
        close(score(kind, Sum), [2.4, 0.0]);
        close(score(kind, Mean), [0.6, 0.0]);
    }
}

#[test]
fn det_entropy_sum_vs_max_and_the_oracle_loss() {
    // boxes of image 0: confidences 0.5, 0.9, 0.2 → entropies 1, 0.4689956, 0.7219281;
    // image 1 has no box
    close(
        score(ScorerKind::DetEntropy, Sum),
        [1.0 + 0.468_995_6 + 0.721_928_1, 0.0],
    );
    close(score(ScorerKind::DetEntropy, Max), [1.0, 0.0]);
    close(score(ScorerKind::Loss, Max), LOSSES);
    // the image-level probabilities (each class's map maximum) give the predicted class
    assert_eq!(batch().predicted(0), 0);
}
