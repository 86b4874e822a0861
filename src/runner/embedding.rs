//! The embeddings a diversity sampler works on (`query.embedding`): of every candidate, and
//! of the labeled samples (core-set's initial centres).

use crate::data::ImageSet;
use crate::learner::{embeddings, Devices, Net};
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
    /// Compute the embedding `kind` of `candidates` and `labeled` (dataset indices into
    /// `pool`). `current` is the model of this round (member 0 is used), `baseline` the
    /// `model.init` model; `scored_features` are the candidates' features from the scoring
    /// pass, reused for `backbone`.
    #[allow(clippy::too_many_arguments)]
    pub fn compute(
        kind: Embedding,
        pool: &ImageSet,
        candidates: Vec<usize>,
        labeled: Vec<usize>,
        current: &Net,
        baseline: &Net,
        scored_features: Option<Vec<f32>>,
        batch: usize,
        devices: &Devices,
    ) -> Embedded {
        let feats = |net: &Net, idx: &[usize]| {
            embeddings(&net.inference(), pool, idx, batch, &devices.infer)
        };
        match kind {
            Embedding::Pixels => Embedded::Pixels {
                candidates,
                labeled,
            },
            Embedding::Backbone => Embedded::Features {
                candidates: scored_features.unwrap_or_else(|| feats(current, &candidates)),
                labeled: feats(current, &labeled),
                dim: current.feature_dim(),
            },
            Embedding::Baseline => Embedded::Features {
                candidates: feats(baseline, &candidates),
                labeled: feats(baseline, &labeled),
                dim: baseline.feature_dim(),
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
