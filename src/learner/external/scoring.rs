//! Streaming a scoring pass of an external learner: one `predict` (and `embed`, when
//! the features are asked for) per chunk of candidates, then the chunk's outputs to the
//! sink in batches of `query.batch_size`, in the [`OutputBatch`] layout. After a fault the
//! remaining batches carry uniform probabilities and zero features (placeholders of the
//! right shape, never used: the loop sees the fault first).

use crate::acquisition::OutputBatch;
use crate::learner::{Learner, ScoreRequest, ScoreSink};
use crate::pool::SampleId;

use super::validate::to_output_layout;

/// What a scoring pass asks of the learner, chunk by chunk.
pub(super) trait ChunkSource: Learner {
    /// Probabilities `float32 [members, passes, n, classes]` (and features `[n, dim]` when
    /// `request.features`) of `chunk`, or `None` after a fault.
    fn outputs_of(
        &self,
        chunk: &[SampleId],
        request: ScoreRequest,
    ) -> Option<(Vec<f32>, Option<Vec<f32>>)>;

    /// Members per request, classes and the pool's labels.
    fn shape(&self) -> (usize, usize, &[u32]);

    /// Samples per batch handed to the sink (`query.batch_size`).
    fn batch_size(&self) -> usize;
}

/// Score `ids` with `learner` into `sink`, `chunk_size` candidates per request.
pub(super) fn stream(
    learner: &impl ChunkSource,
    ids: &[SampleId],
    request: ScoreRequest,
    sink: ScoreSink<'_>,
    chunk_size: usize,
) {
    let (members, classes, all_labels) = learner.shape();
    let passes = request.mc_samples.max(1);
    let outputs = members * passes;
    let dim = if request.features {
        learner.embedding_dim()
    } else {
        0
    };
    let bs = learner.batch_size();
    let (mut batch_probs, mut labels) = (Vec::new(), Vec::with_capacity(bs));
    for (c, chunk) in ids.chunks(chunk_size).enumerate() {
        let start = c * chunk_size;
        let got = learner.outputs_of(chunk, request);
        let n = chunk.len();
        for (b, part) in chunk.chunks(bs).enumerate() {
            let offset = b * bs;
            match &got {
                Some((probs, _)) => to_output_layout(
                    probs,
                    (members, passes, n, classes),
                    offset,
                    part.len(),
                    &mut batch_probs,
                ),
                None => {
                    batch_probs.clear();
                    batch_probs.resize(part.len() * classes * outputs, 1.0 / classes as f32);
                }
            }
            labels.clear();
            labels.extend(part.iter().map(|id| all_labels[id.0 as usize]));
            let zeros;
            let feats = match (&got, request.features) {
                (Some((_, Some(f))), _) => Some(&f[offset * dim..(offset + part.len()) * dim]),
                (_, true) => {
                    zeros = vec![0.0f32; part.len() * dim];
                    Some(&zeros[..])
                }
                _ => None,
            };
            let batch = OutputBatch {
                batch: part.len(),
                classes,
                members: outputs,
                probs: &batch_probs,
                labels: request.labels.then_some(&labels[..]),
                maps: None,
                features: None,
                feature_dim: 0,
                recon: None,
            };
            sink(start + offset, &batch, feats);
        }
    }
}
