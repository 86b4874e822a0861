//! Scorers: pure functions from a batch of model outputs to one score per sample.
//!
//! Convention: higher score = more informative. Samplers decide what to do with the ranking.
//! Scorers never see burn types: the learner hands them [`OutputBatch`] (plain arrays).
//! Adding a scorer = one file here + one line in [`registry`] (name, description, needs,
//! constructor); `albench list`, spec validation and the scoring pass read the registry.

mod class_scores;
mod combine;
mod config;
mod det_entropy;
mod entropy;
mod grad;
mod least_confidence;
mod loss;
#[cfg(test)]
mod map_tests;
mod maps;
mod margin;
mod mutual_information;
mod output_batch;
mod random;
mod registry;
mod vae;

pub use class_scores::{class_scores, PER_CLASS};
pub use combine::{normalize, Combined};
pub use config::{check_combine, Aggregation, CombineTerm, Normalization};
pub use det_entropy::DetEntropy;
pub use entropy::Entropy;
pub use grad::Grad;
pub use least_confidence::LeastConfidence;
pub use loss::Loss;
pub use maps::{aggregate, binary_entropy_bits};
pub use margin::Margin;
pub use mutual_information::MutualInformation;
pub use output_batch::{MapOutputs, OutputBatch};
pub use random::RandomScore;
pub use registry::{scorer_info, Needs, ScorerInfo, ScorerKind, SCORERS};
pub use vae::VaeScore;

use crate::rng::Rng;

/// A scoring function: one score per sample of a batch, written into `out`. Its name and
/// needs are in its [`ScorerInfo`].
pub trait Scorer: Send + Sync {
    /// Score every sample of `batch` (`out.len() == batch.batch`). `rng` is the round's
    /// scoring stream, consumed in sample order so results do not depend on batch size.
    fn score(&self, batch: &OutputBatch<'_>, out: &mut [f32], rng: &mut Rng);
}

/// The scoring stage of a configuration: one scorer, or a weighted sum of normalized scorers.
pub enum Acquisition {
    /// One scorer; its raw scores are the ranking.
    Single(Box<dyn Scorer>, Needs),
    /// `query.combine`: scores of each term collected, normalized, then weighted and summed.
    Combined(Combined),
}

impl Acquisition {
    /// Build from the query spec (`scorer`, `combine`, `normalize`, `aggregation`).
    pub fn new(
        kind: ScorerKind,
        terms: &[CombineTerm],
        norm: Normalization,
        agg: Aggregation,
    ) -> Self {
        let info = scorer_info(kind);
        match info.build {
            Some(build) => Acquisition::Single(build(agg), info.needs),
            None => Acquisition::Combined(Combined::new(terms, norm, agg)),
        }
    }

    /// Union of the needs of every scorer involved.
    pub fn needs(&self) -> Needs {
        match self {
            Acquisition::Single(_, needs) => *needs,
            Acquisition::Combined(c) => c.needs(),
        }
    }

    /// Number of raw score columns produced per sample (1, or one per combine term).
    pub fn n_columns(&self) -> usize {
        match self {
            Acquisition::Single(..) => 1,
            Acquisition::Combined(c) => c.n_terms(),
        }
    }

    /// Score one batch into `cols[col][offset..offset + batch]` for every column.
    pub fn score_batch(
        &self,
        batch: &OutputBatch<'_>,
        cols: &mut [Vec<f32>],
        offset: usize,
        rng: &mut Rng,
    ) {
        let end = offset + batch.batch;
        match self {
            Acquisition::Single(s, _) => s.score(batch, &mut cols[0][offset..end], rng),
            Acquisition::Combined(c) => c.score_terms(batch, cols, offset, rng),
        }
    }

    /// Turn the raw columns (each of length N) into the final score vector.
    pub fn finish(&self, mut cols: Vec<Vec<f32>>) -> Vec<f32> {
        match self {
            Acquisition::Single(..) => cols.swap_remove(0),
            Acquisition::Combined(c) => c.combine(&cols),
        }
    }
}
