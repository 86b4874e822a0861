//! The embeddings a diversity sampler works on (`query.embedding`): of every candidate, and
//! of the labeled samples (core-set's initial centres).

use crate::data::ImageSet;
use crate::learner::{Learner, Weights};
use crate::pool::SampleId;
use crate::selection::Points;
use crate::spec::Embedding;

/// Embedding rows owned for one selection: penultimate features, or raw pixels
/// (`dim = c·h·w`).
///
/// Memory: `(candidates + labeled) · dim · 4` bytes, `dim` = the feature dimension, or the
/// image's `c·h·w` for `pixels` (gathered as floats from the pool's storage: 3.1 KB per
/// 28×28 candidate, 3.1 GB for a 1M pool — use `backbone` or `baseline` on large pools).
#[derive(Debug)]
pub struct Embedded {
    /// Candidates' rows `[candidates, dim]`.
    pub candidates: Vec<f32>,
    /// Labeled samples' rows `[labeled, dim]`.
    pub labeled: Vec<f32>,
    /// Row length.
    pub dim: usize,
}

impl Embedded {
    /// Compute the embedding `kind` of `candidates` and `labeled` (pool samples) with the
    /// learner's current weights (`backbone`) or initial weights (`baseline`), or as pixels.
    /// `scored_features` are the candidates' features from the scoring pass, reused for
    /// `backbone`.
    pub fn compute(
        kind: Embedding,
        candidates: &[SampleId],
        labeled: &[SampleId],
        learner: &dyn Learner,
        scored_features: Option<Vec<f32>>,
        pool: &ImageSet,
    ) -> Embedded {
        let dim = learner.embedding_dim();
        match kind {
            Embedding::Pixels => Embedded {
                candidates: gather(pool, candidates),
                labeled: gather(pool, labeled),
                dim: pool.sample_len(),
            },
            Embedding::Backbone => Embedded {
                candidates: scored_features
                    .unwrap_or_else(|| learner.embed(candidates, Weights::Current)),
                labeled: learner.embed(labeled, Weights::Current),
                dim,
            },
            Embedding::Baseline => Embedded {
                candidates: learner.embed(candidates, Weights::Initial),
                labeled: learner.embed(labeled, Weights::Initial),
                dim,
            },
        }
    }

    /// (candidates, labeled) as point sets.
    pub fn points(&self) -> (Points<'_>, Points<'_>) {
        (
            Points::dense(&self.candidates, self.dim),
            Points::dense(&self.labeled, self.dim),
        )
    }
}

/// The pixels of pool samples `ids` as rows of floats `[ids.len(), c·h·w]`.
fn gather(pool: &ImageSet, ids: &[SampleId]) -> Vec<f32> {
    let idx: Vec<usize> = ids.iter().map(|id| id.0 as usize).collect();
    let mut out = Vec::with_capacity(ids.len() * pool.sample_len());
    pool.extend_images(&idx, &mut out);
    out
}
