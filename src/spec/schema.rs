//! The typed spec: every key with its default. See docs/spec.md for the reference.
//!
//! `Config` is what one configuration (one row of the sweep) resolves to; `Spec` adds the
//! experiment-level keys (name, repeats, report). Unknown keys are rejected
//! (`deny_unknown_fields`), so a typo never silently falls back to a default.

use serde::{Deserialize, Serialize};

pub use super::query::*;
pub use super::report::*;
pub use crate::acquisition::ScorerKind;
pub use crate::data::DatasetKind;
pub use crate::learner::Arch;
pub use crate::selection::SamplerKind;

use super::budget::Budget;
use super::early_stopping::EarlyStopping;

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

/// `[data]`: which samples form the pool, validation and test sets, and their transforms.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DataSpec {
    /// Dataset name.
    pub dataset: DatasetKind,
    /// Directory of on-disk datasets ("" = the dataset's standard location, if any).
    pub path: String,
    /// Unlabeled pool size, sampled from the training split (before `duplicates`).
    pub pool: usize,
    /// Validation set size (from the training split, disjoint from the pool).
    pub validation: usize,
    /// Test set size (from the test split).
    pub test: usize,
    /// Standard deviation of additive Gaussian pixel noise, pixels in [0, 1] (thesis "Noisy").
    pub noise: f64,
    /// Each pool item appears k times, copies rotated by a small random angle (thesis "Hard").
    pub duplicates: usize,
    /// Fraction of pool labels flipped to another class; recorded per sample.
    pub label_noise: f64,
    /// Ratio of the most to the least frequent class in the pool (thesis "Mixed"); 1 = balanced.
    pub imbalance: f64,
    /// Side of the square images `image-folder` resizes to, in pixels.
    pub image_size: usize,
    /// `image-folder`: convert images to one grayscale channel.
    pub grayscale: bool,
    /// `scenes`: relative class frequencies, one per class (default car 1, person 1,
    /// bicycle 0.25, road sign 0.6, traffic light 0.6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_weights: Option<Vec<f64>>,
    /// `scenes`: frames per recorded sequence (default 8).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence_length: Option<usize>,
    /// `scenes`: probability that a sequence is recorded at night (default 0.25).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub night: Option<f64>,
    /// Restrict the pool to images whose acquisition metadata match (NVIDIA Sec. V: a pool
    /// "shortlisted using acquisition metadata").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<MetaFilter>,
    /// `image-folder`, `coco`, `yolo`: a CSV of per-image acquisition metadata (`file`,
    /// `night`, `sequence`, `frame`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
    /// Draw pool, validation and test anew for every repeat (from the same dataset), so the
    /// repeats' spread includes the split; every configuration of a repeat still shares it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub resample_splits: bool,
    /// Training-split images set aside before validation, pool and test are drawn, never used
    /// by the experiment: the data of `albench pretrain --reserved` (a baseline pretrained on
    /// images outside the experiment's splits). Which images depends only on the seed and the
    /// training split, not on the other `[data]` keys, so every scale of a spec reserves the
    /// same ones. 0 = none.
    #[serde(skip_serializing_if = "is_zero")]
    pub reserve: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// `data.filter`: metadata an image must match to enter the pool.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MetaFilter {
    /// Recorded at night (`true`) or by day (`false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub night: Option<bool>,
}

impl MetaFilter {
    /// Whether an image with metadata `m` passes.
    pub fn accepts(&self, m: &crate::data::ImageMeta) -> bool {
        self.night.is_none_or(|n| m.night == n)
    }
}

impl Default for DataSpec {
    fn default() -> Self {
        DataSpec {
            dataset: DatasetKind::Shapes,
            path: String::new(),
            pool: 6000,
            validation: 1000,
            test: 2000,
            noise: 0.0,
            duplicates: 1,
            label_noise: 0.0,
            imbalance: 1.0,
            image_size: 32,
            grayscale: false,
            class_weights: None,
            sequence_length: None,
            night: None,
            filter: None,
            metadata: None,
            resample_splits: false,
            reserve: 0,
        }
    }
}

/// Loss on the detector's class maps.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MapLoss {
    /// Focal loss (α = 0.25, γ = 2).
    #[default]
    Focal,
    /// Binary cross-entropy.
    Bce,
}

impl MapLoss {
    fn is_focal(&self) -> bool {
        *self == MapLoss::Focal
    }
}

/// `[model]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ModelSpec {
    /// Architecture.
    pub arch: Arch,
    /// `"scratch"` or a weights file written by `albench pretrain`.
    pub init: String,
    /// Dropout probability before the classifier, in [0, 1).
    pub dropout: f64,
    /// Members trained per round (NVIDIA paper: 6–8); their probabilities are averaged.
    pub ensemble: usize,
    /// Width: hidden units of `mlp`, base channel count of `cnn` / `resnet` / `detector`.
    pub width: usize,
    /// `detector`: loss on the class maps (`focal` or `bce`); boxes always take L1.
    #[serde(skip_serializing_if = "MapLoss::is_focal")]
    pub map_loss: MapLoss,
    /// The VAE of the `vae` scorer: trained on the whole pool `once` or every round.
    #[serde(skip_serializing_if = "VaeMode::is_none")]
    pub vae: VaeMode,
    /// Epochs of each VAE training (default 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vae_epochs: Option<usize>,
}

/// When the VAE of the dual score is trained.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum VaeMode {
    /// No VAE.
    #[default]
    None,
    /// Trained once, before round 1's scoring, on the whole pool.
    Once,
    /// Retrained every round on the whole pool (labeled and unlabeled images).
    PerRound,
}

impl VaeMode {
    fn is_none(&self) -> bool {
        *self == VaeMode::None
    }
}

impl ModelSpec {
    /// The `model.init` weights file, when it is not `"scratch"`.
    pub fn init_path(&self) -> Option<std::path::PathBuf> {
        (self.init != "scratch").then(|| std::path::PathBuf::from(&self.init))
    }
}

impl Default for ModelSpec {
    fn default() -> Self {
        ModelSpec {
            arch: Arch::Cnn,
            init: "scratch".into(),
            dropout: 0.25,
            ensemble: 1,
            width: 16,
            map_loss: MapLoss::Focal,
            vae: VaeMode::None,
            vae_epochs: None,
        }
    }
}

/// Optimizers.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Optimizer {
    /// Adam.
    Adam,
    /// SGD with momentum `train.momentum`.
    Sgd,
}

/// What each round's training starts from.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Reset {
    /// Restart from `model.init` every round (thesis default).
    Baseline,
    /// Warm-start from the previous round's model.
    Continue,
}

/// `[train]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TrainSpec {
    /// Optimizer.
    pub optimizer: Optimizer,
    /// Learning rate (> 0).
    pub lr: f64,
    /// SGD momentum in [0, 1).
    pub momentum: f64,
    /// L2 weight decay (≥ 0).
    pub weight_decay: f64,
    /// Mini-batch size.
    pub batch_size: usize,
    /// Upper bound on epochs per round.
    pub max_epochs: usize,
    /// 0 = one pass over the labeled set per epoch; N = exactly N steps (thesis 4.1.2).
    pub steps_per_epoch: usize,
    /// Shuffle the labeled set every epoch (thesis 4.1.1); off keeps acquisition order.
    pub reshuffle: bool,
    /// Restart from `model.init` or warm-start every round.
    pub reset: Reset,
    /// `false`, or `{ monitor, patience, restore_best }`.
    pub early_stopping: EarlyStopping,
    /// k's of the recorded `test_top{k}_accuracy` columns.
    pub top_k: super::TopK,
}

impl Default for TrainSpec {
    fn default() -> Self {
        TrainSpec {
            optimizer: Optimizer::Adam,
            lr: 1e-3,
            momentum: 0.9,
            weight_decay: 0.0,
            batch_size: 64,
            max_epochs: 50,
            steps_per_epoch: 0,
            reshuffle: true,
            reset: Reset::Baseline,
            early_stopping: EarlyStopping::default(),
            top_k: Default::default(),
        }
    }
}

/// Which samples are scored each round.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PoolMode {
    /// Only samples never labeled.
    Unlabeled,
    /// Labeled and unlabeled together; a sample can be chosen again (NVIDIA [X_u, X_l]).
    All,
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
