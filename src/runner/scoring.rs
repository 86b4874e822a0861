//! Scoring the candidates of a round in streaming batches.

use crate::acquisition::{class_scores as class_scores_of, Acquisition};
use crate::learner::{Learner, ScoreRequest};
use crate::pool::Candidates;
use crate::rng::Rng;

/// What one pass over the candidates gives, indexed by pool position.
#[derive(Clone, Debug, Default)]
pub struct Scored {
    /// One score per candidate, higher = more informative.
    pub scores: Vec<f32>,
    /// Predicted class per candidate (argmax of the members' mean probabilities), when asked.
    pub predicted: Option<Vec<u32>>,
    /// The first member's penultimate features `[candidates, feature_dim]`, when asked.
    pub features: Option<Vec<f32>>,
    /// Per-class scores `[candidates, classes]`, when asked.
    pub class_scores: Option<Vec<f32>>,
    /// Every member's probabilities `[candidates, classes, members]` and the number of
    /// members, when asked (classification).
    pub member_probs: Option<(Vec<f32>, usize)>,
}

/// What to collect besides the scores.
#[derive(Clone, Copy, Debug, Default)]
pub struct Collect<'a> {
    /// Predicted classes.
    pub predicted: bool,
    /// The first member's features.
    pub features: bool,
    /// Per-class scores (`round_robin`).
    pub per_class: Option<PerClass<'a>>,
    /// Every member's probabilities (`badge`, `batch_bald`, `epig`).
    pub member_probs: bool,
}

/// Per-class scores to collect: the scorer, the aggregation and the class indices.
#[derive(Clone, Copy, Debug)]
pub struct PerClass<'a> {
    /// Scorer (one of [`crate::acquisition::PER_CLASS`]).
    pub scorer: crate::spec::ScorerKind,
    /// Aggregation over map positions (detection).
    pub aggregation: crate::spec::Aggregation,
    /// Class indices.
    pub classes: &'a [usize],
}

/// Score the candidates with the learner's current model(s), `mc_samples` passes per member
/// (and collect what `collect` asks for).
///
/// Memory: one batch of outputs inside the learner plus one score column per scorer term
/// (N floats each), N classes and `N × feature_dim` features when asked; nothing of size
/// N × classes is built unless the member probabilities are asked for (`N × classes ×
/// members` floats, for the samplers that read them). Scorers draw from `rng`, MC masks from the independent
/// `mask_rng`, so the random scorer gives the same scores whatever `mc_samples` is.
pub fn score_candidates(
    acq: &Acquisition,
    learner: &dyn Learner,
    candidates: &Candidates,
    mc_samples: usize,
    rng: &mut Rng,
    mask_rng: &mut Rng,
    collect: Collect<'_>,
) -> Scored {
    let n = candidates.len();
    let mut cols = vec![vec![0.0f32; n]; acq.n_columns()];
    let mut predicted = collect.predicted.then(|| vec![0u32; n]);
    let mut class_rng = rng.clone();
    class_rng.next_u64();
    let mut class_scores = collect
        .per_class
        .map(|pc| vec![0.0f32; n * pc.classes.len()]);
    let mut member_probs = collect.member_probs.then(|| (Vec::new(), 1usize));
    let mut features = collect
        .features
        .then(|| Vec::with_capacity(n * learner.embedding_dim()));
    let request = ScoreRequest {
        mc_samples,
        labels: acq.needs().labels,
        features: collect.features,
        member_features: acq.needs().features,
        reconstruction: acq.needs().reconstruction,
    };
    learner.score(
        candidates.ids(),
        request,
        mask_rng,
        &mut |offset, batch, feats| {
            acq.score_batch(batch, &mut cols, offset, rng);
            if let Some(pred) = predicted.as_mut() {
                for (i, slot) in pred[offset..offset + batch.batch].iter_mut().enumerate() {
                    *slot = batch.predicted(i);
                }
            }
            if let (Some(out), Some(pc)) = (class_scores.as_mut(), collect.per_class) {
                let k = pc.classes.len();
                class_scores_of(
                    pc.scorer,
                    pc.aggregation,
                    batch,
                    pc.classes,
                    &mut out[offset * k..(offset + batch.batch) * k],
                    &mut class_rng,
                );
            }
            if let Some((out, members)) = member_probs.as_mut() {
                out.extend_from_slice(batch.probs);
                *members = batch.members;
            }
            if let (Some(out), Some(f)) = (features.as_mut(), feats) {
                out.extend_from_slice(f);
            }
        },
    );
    Scored {
        scores: acq.finish(cols),
        predicted,
        features,
        class_scores,
        member_probs,
    }
}
