//! Scoring the candidates of a round in streaming batches.

use crate::acquisition::{Acquisition, OutputBatch};
use crate::data::ImageSet;
use crate::learner::{predict_probs, Devices, Net, Probs};
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
}

/// What to collect besides the scores.
#[derive(Clone, Copy, Debug, Default)]
pub struct Collect {
    /// Predicted classes.
    pub predicted: bool,
    /// The first member's features.
    pub features: bool,
}

/// Score the candidates with `members` (and collect what `collect` asks for).
///
/// Memory: one probability buffer of `batch × classes × members` floats plus one score
/// column per scorer term (N floats each), N classes and `N × feature_dim` features when
/// asked; nothing of size N × classes is ever built.
#[allow(clippy::too_many_arguments)]
pub fn score_candidates(
    acq: &Acquisition,
    members: &[Net],
    pool: &ImageSet,
    candidates: &Candidates,
    mc_samples: usize,
    dropout: f64,
    batch: usize,
    devices: &Devices,
    rng: &mut Rng,
    mask_rng: &mut Rng,
    collect: Collect,
) -> Scored {
    let n = candidates.len();
    let idx: Vec<usize> = candidates.ids().iter().map(|id| id.0 as usize).collect();
    let labels: Option<Vec<u32>> = acq
        .needs()
        .labels
        .then(|| idx.iter().map(|&i| pool.labels[i]).collect());
    let mut cols = vec![vec![0.0f32; n]; acq.n_columns()];
    let valid: Vec<Net> = members.iter().map(Net::inference).collect();
    let probs = Probs {
        members: &valid,
        mc_samples,
        dropout,
        batch,
        features: collect.features,
    };
    let mut predicted = collect.predicted.then(|| vec![0u32; n]);
    let mut features = collect
        .features
        .then(|| Vec::with_capacity(n * valid[0].feature_dim()));
    // Scorers draw from `rng`, MC masks from the independent `mask_rng`, so the random scorer
    // gives the same scores whatever mc_samples is.
    let classes = pool.n_classes();
    let members_total = valid.len() * mc_samples;
    predict_probs(
        &probs,
        pool,
        &idx,
        mask_rng,
        &devices.infer,
        |offset, b, p, feats| {
            let batch = OutputBatch {
                batch: b,
                classes,
                members: members_total,
                probs: p,
                labels: labels.as_ref().map(|l| &l[offset..offset + b]),
            };
            acq.score_batch(&batch, &mut cols, offset, rng);
            if let Some(pred) = predicted.as_mut() {
                for (i, slot) in pred[offset..offset + b].iter_mut().enumerate() {
                    *slot = batch.predicted(i);
                }
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
    }
}
