//! One round's training: mini-batches, optimizer steps, validation, early stopping.

use burn::nn::loss::CrossEntropyLoss;
use burn::optim::decay::WeightDecayConfig;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer, SgdConfig};

use super::batch::{images, labels};
use super::batches::Batches;
use super::early_stopping::{EarlyStopper, Verdict};
use super::infer::evaluate_set;
use super::net::{dropout_mask, Net};
use super::seam::EpochHook;
use super::{Devices, LearnerError};
use crate::data::ImageSet;
use crate::rng::Rng;
use crate::spec::{Optimizer, TrainSpec};

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

fn validate(model: &Net, val: &ImageSet, devices: &Devices) -> (f64, f64) {
    if val.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let m = evaluate_set(model, val, 256, devices, &[]);
    (m.loss, m.accuracy)
}

/// Train `model` on images `train_idx` of `set` (order = acquisition order, repeats allowed).
///
/// Epochs: one pass over `train_idx` in batches of `batch_size` (`steps_per_epoch = 0`), or
/// exactly `steps_per_epoch` batches cycling through it. With `reshuffle` the order is
/// shuffled every epoch from `rng`; without, acquisition order is kept (thesis Fig. 4.1).
/// Early stopping watches the validation set after every epoch and, with `restore_best`,
/// returns the best epoch's weights. A non-finite training loss is an error.
#[allow(clippy::too_many_arguments)]
pub fn train(
    mut model: Net,
    set: &ImageSet,
    train_idx: &[usize],
    val: &ImageSet,
    spec: &TrainSpec,
    dropout: f64,
    devices: &Devices,
    rng: &mut Rng,
    hook: EpochHook<'_>,
) -> Result<(Net, TrainReport), LearnerError> {
    if train_idx.is_empty() {
        let (val_loss, val_accuracy) = validate(&model, val, devices);
        return Ok((
            model,
            TrainReport {
                epochs: 0,
                train_loss: f64::NAN,
                val_loss,
                val_accuracy,
                steps: 0,
                best_epoch: 0,
            },
        ));
    }
    let device = &devices.train;
    let loss_fn = CrossEntropyLoss::new(None, device);
    let mut optim = optimizer(spec);
    let es = spec.early_stopping;
    let mut batches = Batches::new(train_idx, spec.batch_size, spec.steps_per_epoch);
    let mut batch_idx: Vec<usize> = Vec::with_capacity(spec.batch_size);
    let mut steps = 0;
    let feature_dim = model.feature_dim();

    let mut stopper = es
        .enabled
        .then(|| EarlyStopper::new(es.monitor, es.patience));
    let mut best: Option<(Net, TrainReport)> = None;
    let mut last = TrainReport::default();
    for epoch in 1..=spec.max_epochs {
        batches.start_epoch(spec.reshuffle, rng);
        let (mut sum, mut count) = (0.0f64, 0usize);
        for _ in 0..batches.steps() {
            batches.next_into(&mut batch_idx);
            let x = images(set, &batch_idx, device);
            let y = labels(set, &batch_idx, device);
            let mask = (dropout > 0.0)
                .then(|| dropout_mask(rng, batch_idx.len(), feature_dim, dropout, device));
            let out = model.forward(x, mask);
            let loss = loss_fn.forward(out, y);
            let value: f32 = loss.clone().into_scalar();
            if !value.is_finite() {
                return Err(LearnerError::Diverged(format!(
                    "training loss is {value} at epoch {epoch} (train.lr = {} may be too high)",
                    spec.lr
                )));
            }
            sum += value as f64 * batch_idx.len() as f64;
            count += batch_idx.len();
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            model = optim.step(spec.lr, model, grads);
            steps += 1;
            let _ = crate::fault::hit(crate::fault::Point::Step, None);
        }
        let (val_loss, val_accuracy) = if es.enabled {
            validate(&model, val, devices)
        } else {
            (f64::NAN, f64::NAN)
        };
        last = TrainReport {
            epochs: epoch,
            train_loss: sum / count.max(1) as f64,
            val_loss,
            val_accuracy,
            steps,
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
    if !es.enabled {
        let (val_loss, val_accuracy) = validate(&model, val, devices);
        last.val_loss = val_loss;
        last.val_accuracy = val_accuracy;
        return Ok((model, last));
    }
    match best {
        Some((best_model, mut report)) if es.restore_best => {
            report.epochs = last.epochs;
            report.steps = last.steps;
            Ok((best_model, report))
        }
        _ => Ok((model, last)),
    }
}
