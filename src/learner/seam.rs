//! The seam between the AL loop and a task's model: what the runner may ask of a learner.
//!
//! A task (classification today, detection next) is one [`Learner`] implementation; the
//! loop, the store, the statistics and the report are shared. Everything that crosses the
//! seam is plain data: sample ids, [`OutputBatch`] arrays, feature rows, metric values.

use crate::acquisition::OutputBatch;
use crate::metrics::detection::ApSummary;
use crate::pool::SampleId;
use crate::rng::Rng;

use super::{LearnerError, TrainReport};

/// Called after every epoch with the 1-based epoch number (progress display).
pub type EpochHook<'a> = &'a (dyn Fn(usize) + Sync);

/// What the scoring pass must hand to the scorers besides the probabilities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScoreRequest {
    /// Forward passes per member (1 = deterministic; > 1 = MC-dropout).
    pub mc_samples: usize,
    /// The candidates' true labels (oracle scorers such as `loss`).
    pub labels: bool,
    /// The first member's penultimate features of every candidate (the `backbone` embedding).
    pub features: bool,
    /// Every member's penultimate features in the [`OutputBatch`] (`grad`).
    pub member_features: bool,
    /// The VAE's reconstruction losses in the [`OutputBatch`] (`vae`).
    pub reconstruction: bool,
}

/// Receives each batch of a scoring pass: `(offset, outputs, features)`, where `offset` is
/// the position of the batch's first sample in the id list and `features`, when requested,
/// is `[outputs.batch, embedding_dim]` row-major.
pub type ScoreSink<'a> = &'a mut dyn FnMut(usize, &OutputBatch<'_>, Option<&[f32]>);

/// Which weights an embedding comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weights {
    /// The model trained in the latest round (member 0).
    Current,
    /// The model every round starts from: `model.init` or the repeat's initial weights
    /// (the NVIDIA paper's "baseline" embedding).
    Initial,
}

/// A task's test metrics of the current model (member 0, NVIDIA: "the performance of a
/// single model"). Fields a task does not produce are `None`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evaluation {
    /// Mean test loss (natural-log cross-entropy for classification).
    pub loss: f64,
    /// Top-1 accuracy in [0, 1].
    pub accuracy: Option<f64>,
    /// Top-k accuracy in [0, 1] for each k of `train.top_k`, in that order (empty when the
    /// task has none).
    pub top_k: Vec<f64>,
    /// Detection: COCO-style AP of the test set (`None` for classification).
    pub detection: Option<ApSummary>,
}

/// The model side of one run: trained, evaluated and queried by the AL loop.
///
/// Sample ids are dataset indices into the pool split. Implementations own their randomness
/// streams (derived from the spec's seed, the repeat, the round and the member), except the
/// MC-dropout masks of a scoring pass, which the loop hands in.
pub trait Learner {
    /// Train the round's model(s) on `train` (acquisition order, repeats allowed), from the
    /// initial weights or the previous round's (`train.reset`). Returns member 0's report. A
    /// diverging member is [`LearnerError::Diverged`] and leaves the previous models in place.
    fn fit(
        &mut self,
        train: &[SampleId],
        round: u32,
        hook: EpochHook<'_>,
    ) -> Result<TrainReport, LearnerError>;

    /// Test metrics of the current model.
    fn evaluate(&self) -> Evaluation;

    /// The same metrics of the current model on pool samples `ids` (the A/B protocol's
    /// held-out portions of the selections; their labels are revealed).
    fn evaluate_on(&self, ids: &[SampleId]) -> Evaluation;

    /// Every later `fit` starts from the current models instead of the initial weights
    /// (A/B `start = "reference"`: the arms fine-tune the reference model).
    fn anchor(&mut self);

    /// Every later `fit` trains only the first `members` members (A/B arms: one model each).
    fn restrict_members(&mut self, members: usize);

    /// Stream the outputs of every member (and MC pass) over `ids` into `sink`, batch by
    /// batch; memory stays bounded by one batch whatever `ids.len()` is.
    fn score(&self, ids: &[SampleId], request: ScoreRequest, masks: &mut Rng, sink: ScoreSink<'_>);

    /// Penultimate features `[ids.len(), embedding_dim]` (row-major) of `weights`.
    fn embed(&self, ids: &[SampleId], weights: Weights) -> Vec<f32>;

    /// Width of an embedding row.
    fn embedding_dim(&self) -> usize;

    /// The failure of an `evaluate`, `evaluate_on`, `score` or `embed` call (which return no
    /// error), for a learner that can fail there (an external process that crashed, hung or
    /// replied wrongly). Once `Some`, what those calls returned is a placeholder: the loop
    /// checks this after them and records the run as failed with this message. Built-in
    /// learners never fail there.
    fn fault(&self) -> Option<String> {
        None
    }
}
