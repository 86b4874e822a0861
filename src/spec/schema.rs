//! The typed spec: every key with its default. See docs/spec.md for the reference.
//!
//! `Config` is what one configuration (one row of the sweep) resolves to; `Spec` adds the
//! experiment-level keys (name, repeats, report). Unknown keys are rejected
//! (`deny_unknown_fields`), so a typo never silently falls back to a default.

use serde::{Deserialize, Serialize};

use super::budget::Budget;
use super::{QuerySpec, ReportSpec};
use crate::data::DataSpec;
use crate::learner::{ModelSpec, TrainSpec};
use crate::pool::PoolMode;

pub use crate::data::DatasetKind;
pub use crate::learner::Arch;

/// Experiment-level keys plus the base configuration.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Experiment name; results go to `results/<name>/`. Default: the file stem.
    #[serde(default)]
    pub name: String,
    /// Free text shown in reports.
    #[serde(default)]
    pub description: String,
    /// Root of every RNG of the experiment.
    #[serde(default = "d_seed")]
    pub seed: u64,
    /// Runs per configuration; repeat k uses the same base set across configurations.
    #[serde(default = "d_repeats")]
    pub repeats: u32,
    /// `[data]`.
    #[serde(default)]
    pub data: DataSpec,
    /// `[model]`.
    #[serde(default)]
    pub model: ModelSpec,
    /// `[train]`.
    #[serde(default)]
    pub train: TrainSpec,
    /// `[loop]`.
    #[serde(default, rename = "loop")]
    pub al_loop: LoopSpec,
    /// `[query]`.
    #[serde(default)]
    pub query: QuerySpec,
    /// `[report]`.
    #[serde(default)]
    pub report: ReportSpec,
}

fn d_seed() -> u64 {
    7
}
fn d_repeats() -> u32 {
    3
}

/// The keys that can differ between configurations (everything that affects a run). The
/// default is every key's default with seed 0.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct Config {
    /// Experiment seed (shared by all configurations).
    pub seed: u64,
    /// `[data]`.
    pub data: DataSpec,
    /// `[model]`.
    pub model: ModelSpec,
    /// `[train]`.
    pub train: TrainSpec,
    /// `[loop]`.
    #[serde(rename = "loop")]
    pub al_loop: LoopSpec,
    /// `[query]`.
    pub query: QuerySpec,
}

impl Config {
    /// What a learner reads of this configuration (seed, scoring batch size, model, train).
    pub fn learner(&self) -> crate::learner::LearnerConfig<'_> {
        crate::learner::LearnerConfig {
            seed: self.seed,
            batch_size: self.query.batch_size,
            model: &self.model,
            train: &self.train,
        }
    }
}

impl Spec {
    /// The per-configuration part of the spec.
    pub fn config(&self) -> Config {
        Config {
            seed: self.seed,
            data: self.data.clone(),
            model: self.model.clone(),
            train: self.train.clone(),
            al_loop: self.al_loop.clone(),
            query: self.query.clone(),
        }
    }
}

/// `[loop]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct LoopSpec {
    /// Random base set size (thesis 4.2.4); 0 = none.
    pub base: usize,
    /// Samples acquired per round: a count, or `"10%"` growth of the labeled set.
    pub budget: Budget,
    /// Acquisition rounds after round 0.
    pub rounds: usize,
    /// false: reselect the whole labeled set each round (thesis 4.1.5).
    pub accumulate: bool,
    /// Which samples are candidates.
    pub pool: PoolMode,
    /// The A/B protocol of NVIDIA Table V instead of the AL rounds (`[loop.ab]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ab: Option<super::AbSpec>,
}

impl Default for LoopSpec {
    fn default() -> Self {
        LoopSpec {
            base: 500,
            budget: Budget::Count(500),
            rounds: 10,
            accumulate: true,
            pool: PoolMode::Unlabeled,
            ab: None,
        }
    }
}
