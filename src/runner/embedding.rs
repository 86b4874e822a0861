//! The embeddings a diversity sampler works on (`query.embedding`): of every candidate, and
//! of the labeled samples (core-set's initial centres).

use crate::data::ImageSet;
use crate::learner::{Learner, Weights};
use crate::pool::SampleId;
use crate::selection::Points;
use crate::spec::Embedding;

/// Embedding rows owned for one selection. Pixels are not copied: the rows are views into the
/// pool's images.
#[derive(Debug)]
pub enum Embedded {
    /// Raw pixels of pool samples `candidates` and `labeled`.
    Pixels {
        /// Dataset index of each candidate.
        candidates: Vec<usize>,
        /// Dataset index of each labeled sample.
        labeled: Vec<usize>,
    },
    /// Penultimate features `[candidates, dim]` and `[labeled, dim]`.
    Features {
        /// Candidates' features.
        candidates: Vec<f32>,
        /// Labeled samples' features.
        labeled: Vec<f32>,
        /// Feature dimension.
        dim: usize,
    },
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
    ) -> Embedded {
        let dim = learner.embedding_dim();
        match kind {
            Embedding::Pixels => Embedded::Pixels {
                candidates: candidates.iter().map(|id| id.0 as usize).collect(),
                labeled: labeled.iter().map(|id| id.0 as usize).collect(),
            },
            Embedding::Backbone => Embedded::Features {
                candidates: scored_features
                    .unwrap_or_else(|| learner.embed(candidates, Weights::Current)),
                labeled: learner.embed(labeled, Weights::Current),
                dim,
            },
            Embedding::Baseline => Embedded::Features {
                candidates: learner.embed(candidates, Weights::Initial),
                labeled: learner.embed(labeled, Weights::Initial),
                dim,
            },
        }
    }

    /// (candidates, labeled) as point sets.
    pub fn points<'a>(&'a self, pool: &'a ImageSet) -> (Points<'a>, Points<'a>) {
        match self {
            Embedded::Pixels {
                candidates,
                labeled,
            } => (
                Points::indexed(&pool.pixels, pool.sample_len(), candidates),
                Points::indexed(&pool.pixels, pool.sample_len(), labeled),
            ),
            Embedded::Features {
                candidates,
                labeled,
                dim,
            } => (
                Points::dense(candidates, *dim),
                Points::dense(labeled, *dim),
            ),
        }
    }
}
