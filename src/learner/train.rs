//! One round's training: mini-batches, optimizer steps, validation, early stopping.

use burn::module::Module;
use burn::optim::decay::WeightDecayConfig;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer, SgdConfig};
use burn::prelude::*;

use super::batch::images;
use super::batches::Batches;
use super::early_stopping::{EarlyStopper, Verdict};
use super::infer::evaluate_set;
use super::net::dropout_mask;
use super::ops::cross_entropy;
use super::registry::Net;
use super::seam::EpochHook;
use super::{Devices, LearnerError, Optimizer, TrainSpec};
use crate::data::ImageSet;
use crate::rng::Rng;

/// What one round's training did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TrainReport {
    /// Epochs run (0 when there was nothing to train on).
    pub epochs: usize,
    /// Mean training loss of the kept epoch (NaN when no epoch ran).
    pub train_loss: f64,
    /// Validation loss of the kept model (NaN without a validation set).
    pub val_loss: f64,
    /// Validation accuracy of the kept model (NaN without a validation set).
    pub val_accuracy: f64,
    /// Optimizer steps taken, over all epochs.
    pub steps: usize,
    /// Epoch whose weights are returned (the best one when early stopping restores it;
    /// 0 when no epoch ran).
    pub best_epoch: usize,
}

fn optimizer(spec: &TrainSpec) -> ModuleOptimizer {
    let wd = (spec.weight_decay > 0.0).then(|| WeightDecayConfig::new(spec.weight_decay as f32));
    match spec.optimizer {
        Optimizer::Adam => AdamConfig::new().with_weight_decay(wd).init(),
        Optimizer::Sgd => SgdConfig::new()
            .with_momentum(
                (spec.momentum > 0.0).then(|| MomentumConfig::new().with_momentum(spec.momentum)),
            )
            .with_weight_decay(wd)
            .init(),
    }
}

/// What the training loop needs from a task: the mini-batch loss and a validation pass.
/// One loop ([`train_task`]) trains every task's model.
pub trait TrainTask {
    /// The model (a burn module on the training device).
    type Model: Module;

    /// Mean loss `[1]` of the samples `batch` (dataset indices) with an autodiff graph;
    /// dropout masks come from `rng`.
    fn batch_loss(&self, model: &Self::Model, batch: &[usize], rng: &mut Rng) -> Tensor<1>;

    /// Validation loss and score (accuracy for classification, AP50 for detection); NaN
    /// when there is no validation set.
    fn validate(&self, model: &Self::Model) -> (f64, f64);
}

/// Classification: cross-entropy of a [`Net`] on `set`, validated on `val`.
pub struct Classify<'a> {
    /// Training images.
    pub set: &'a ImageSet,
    /// Validation images.
    pub val: &'a ImageSet,
    /// Dropout probability on the penultimate features.
    pub dropout: f64,
    /// Devices.
    pub devices: &'a Devices,
}

impl<'a> Classify<'a> {
    /// The classification task on `set`, validated on `val`.
    pub fn new(set: &'a ImageSet, val: &'a ImageSet, dropout: f64, devices: &'a Devices) -> Self {
        Classify {
            set,
            val,
            dropout,
            devices,
        }
    }
}

impl TrainTask for Classify<'_> {
    type Model = Net;

    fn batch_loss(&self, model: &Net, batch: &[usize], rng: &mut Rng) -> Tensor<1> {
        let device = &self.devices.train;
        let x = images(self.set, batch, device);
        let targets: Vec<usize> = batch.iter().map(|&i| self.set.labels[i] as usize).collect();
        let mask = (self.dropout > 0.0)
            .then(|| dropout_mask(rng, batch.len(), model.feature_dim(), self.dropout, device));
        cross_entropy(model.forward(x, mask), &targets)
    }

    fn validate(&self, model: &Net) -> (f64, f64) {
        if self.val.is_empty() {
            return (f64::NAN, f64::NAN);
        }
        let m = evaluate_set(model, self.val, 256, self.devices, &[]);
        (m.loss, m.accuracy)
    }
}

/// Train a classifier: [`train_task`] with [`Classify`].
#[allow(clippy::too_many_arguments)]
pub fn train(
    model: Net,
    set: &ImageSet,
    train_idx: &[usize],
    val: &ImageSet,
    spec: &TrainSpec,
    dropout: f64,
    devices: &Devices,
    rng: &mut Rng,
    hook: EpochHook<'_>,
) -> Result<(Net, TrainReport), LearnerError> {
    train_task(
        &Classify::new(set, val, dropout, devices),
        model,
        train_idx,
        spec,
        rng,
        hook,
    )
}

/// Optimizer steps over the mini-batches of one training run.
struct Stepper<'a> {
    spec: &'a TrainSpec,
    optim: ModuleOptimizer,
    batches: Batches,
    batch_idx: Vec<usize>,
    /// Steps taken so far, over all epochs.
    steps: usize,
}

impl<'a> Stepper<'a> {
    fn new(spec: &'a TrainSpec, train_idx: &[usize]) -> Self {
        Stepper {
            spec,
            optim: optimizer(spec),
            batches: Batches::new(train_idx, spec.batch_size, spec.steps_per_epoch),
            batch_idx: Vec::with_capacity(spec.batch_size),
            steps: 0,
        }
    }

    /// Epoch `epoch`'s steps: the model after them and their mean training loss. A
    /// non-finite loss is [`LearnerError::Diverged`].
    fn epoch<T: TrainTask>(
        &mut self,
        task: &T,
        mut model: T::Model,
        epoch: usize,
        rng: &mut Rng,
    ) -> Result<(T::Model, f64), LearnerError> {
        let spec = self.spec;
        self.batches.start_epoch(spec.reshuffle, rng);
        let (mut sum, mut count) = (0.0f64, 0usize);
        for _ in 0..self.batches.steps() {
            self.batches.next_into(&mut self.batch_idx);
            let loss = task.batch_loss(&model, &self.batch_idx, rng);
            let value: f32 = loss.clone().into_scalar();
            if !value.is_finite() {
                return Err(LearnerError::Diverged(format!(
                    "training loss is {value} at epoch {epoch} (train.lr = {} may be too high)",
                    spec.lr
                )));
            }
            sum += value as f64 * self.batch_idx.len() as f64;
            count += self.batch_idx.len();
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            model = self.optim.step(spec.lr, model, grads);
            self.steps += 1;
            let _ = crate::fault::hit(crate::fault::Point::Step, None);
        }
        Ok((model, sum / count.max(1) as f64))
    }
}

/// Train `model` on samples `train_idx` (order = acquisition order, repeats allowed).
///
/// Epochs: one pass over `train_idx` in batches of `batch_size` (`steps_per_epoch = 0`), or
/// exactly `steps_per_epoch` batches cycling through it. With `reshuffle` the order is
/// shuffled every epoch from `rng`; without, acquisition order is kept (thesis Fig. 4.1).
/// Early stopping watches the validation set after every epoch and, with `restore_best`,
/// returns the best epoch's weights. A non-finite training loss is an error.
pub fn train_task<T: TrainTask>(
    task: &T,
    mut model: T::Model,
    train_idx: &[usize],
    spec: &TrainSpec,
    rng: &mut Rng,
    hook: EpochHook<'_>,
) -> Result<(T::Model, TrainReport), LearnerError> {
    if train_idx.is_empty() {
        let (val_loss, val_accuracy) = task.validate(&model);
        let report = TrainReport {
            train_loss: f64::NAN,
            val_loss,
            val_accuracy,
            ..TrainReport::default()
        };
        return Ok((model, report));
    }
    let es = spec.early_stopping;
    let mut stepper = Stepper::new(spec, train_idx);
    let mut stopper = es
        .enabled
        .then(|| EarlyStopper::new(es.monitor, es.patience));
    let mut best: Option<(T::Model, TrainReport)> = None;
    let mut last = TrainReport::default();
    for epoch in 1..=spec.max_epochs {
        let train_loss;
        (model, train_loss) = stepper.epoch(task, model, epoch, rng)?;
        let (val_loss, val_accuracy) = if es.enabled {
            task.validate(&model)
        } else {
            (f64::NAN, f64::NAN)
        };
        last = TrainReport {
            epochs: epoch,
            train_loss,
            val_loss,
            val_accuracy,
            steps: stepper.steps,
            best_epoch: epoch,
        };
        hook(epoch);
        let Some(stopper) = stopper.as_mut() else {
            continue;
        };
        match stopper.observe(epoch, val_loss, val_accuracy) {
            Err(_) => {
                return Err(LearnerError::Diverged(format!(
                    "validation loss is {val_loss} at epoch {epoch}"
                )))
            }
            Ok(Verdict::Improved) => best = Some((model.clone(), last)),
            Ok(Verdict::Continue) => {}
            Ok(Verdict::Stop) => break,
        }
    }
    Ok(kept(task, model, last, best, spec))
}

/// The model a run returns: the last one (validated now when early stopping is off), or the
/// best one with `restore_best` (its report, with the run's epochs and steps).
fn kept<T: TrainTask>(
    task: &T,
    model: T::Model,
    mut last: TrainReport,
    best: Option<(T::Model, TrainReport)>,
    spec: &TrainSpec,
) -> (T::Model, TrainReport) {
    if !spec.early_stopping.enabled {
        (last.val_loss, last.val_accuracy) = task.validate(&model);
        return (model, last);
    }
    match best {
        Some((best_model, mut report)) if spec.early_stopping.restore_best => {
            report.epochs = last.epochs;
            report.steps = last.steps;
            (best_model, report)
        }
        _ => (model, last),
    }
}
