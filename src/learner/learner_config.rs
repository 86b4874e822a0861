//! What a learner reads of a configuration: the seed, the scoring batch size, `[model]` and
//! `[train]`. `spec::Config::learner` builds it, so the learner never depends on the spec.

use super::{ModelSpec, TrainSpec};

/// The part of a configuration a learner is built from (borrowed from it).
#[derive(Clone, Copy, Debug)]
pub struct LearnerConfig<'a> {
    /// The experiment's seed: every member's initial and training streams derive from it.
    pub seed: u64,
    /// Images per inference batch when scoring, embedding and evaluating (`query.batch_size`).
    pub batch_size: usize,
    /// `[model]`.
    pub model: &'a ModelSpec,
    /// `[train]`.
    pub train: &'a TrainSpec,
}
