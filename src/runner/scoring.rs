//! Scoring the candidates of a round in streaming batches.

use crate::acquisition::{Acquisition, OutputBatch};
use crate::data::ImageSet;
use crate::learner::{predict_probs, Devices, Net, Probs};
use crate::pool::Candidates;
use crate::rng::Rng;

/// One score per candidate (indexed by pool position), higher = more informative.
///
/// Memory: one probability buffer of `batch × classes × members` floats plus one score
/// column per scorer term (N floats each); nothing of size N × classes is ever built.
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
) -> Vec<f32> {
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
    };
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
        |offset, b, p| {
            let batch = OutputBatch {
                batch: b,
                classes,
                members: members_total,
                probs: p,
                labels: labels.as_ref().map(|l| &l[offset..offset + b]),
            };
            acq.score_batch(&batch, &mut cols, offset, rng);
        },
    );
    acq.finish(cols)
}
