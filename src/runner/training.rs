//! One round's training and evaluation: fit the round's model(s) on the labeled set, test
//! them, and record both in the round's row. A diverging model or a non-finite test loss is
//! the run's failure (recorded, kept); any other learner error stops the sweep.

use std::time::Instant;

use crate::data::Splits;
use crate::learner::{Evaluation, Learner, LearnerError};
use crate::pool::{Pool, SampleId};
use crate::results::{RoundRecord, RunStatus};
use crate::spec::Config;

use super::progress::Progress;

/// Why a round did not complete.
pub(super) enum Failure {
    /// The run failed (diverged, non-finite test loss): recorded as its status, kept.
    Run(String),
    /// Anything else stops the sweep.
    Fatal(LearnerError),
}

/// Count the labeled set into `rec`, train the round's model(s) on it and evaluate.
#[allow(clippy::too_many_arguments)]
pub(super) fn train_round(
    learner: &mut dyn Learner,
    pool: &Pool,
    splits: &Splits,
    round: u32,
    rec: &mut RoundRecord,
    progress: &dyn Progress,
    slot: usize,
    c: &Config,
) -> Result<Evaluation, Failure> {
    rec.n_labeled = pool.training().len();
    rec.n_unique = pool.n_unique();
    if splits.pool.is_detection() {
        rec.n_boxes = Some(
            (0..pool.size())
                .filter(|&i| pool.is_labeled(SampleId(i as u32)))
                .map(|i| splits.pool.objects[i].len())
                .sum(),
        );
    }
    fit(
        learner,
        pool,
        round,
        rec,
        progress,
        slot,
        c.train.max_epochs,
    )?;
    evaluate(&*learner, round, rec)
}

/// Train the round's model(s) on the training set; a diverging member is the run's failure.
pub(super) fn fit(
    learner: &mut dyn Learner,
    pool: &Pool,
    round: u32,
    rec: &mut RoundRecord,
    progress: &dyn Progress,
    slot: usize,
    max_epochs: usize,
) -> Result<(), Failure> {
    let t = Instant::now();
    let hook = |e: usize| progress.epoch(slot, e, max_epochs);
    let report = learner.fit(pool.training(), round, &hook);
    rec.time_train_s = t.elapsed().as_secs_f64();
    match report {
        Ok(r) => {
            rec.epochs = Some(r.epochs);
            rec.train_loss = finite(r.train_loss);
            rec.val_loss = finite(r.val_loss);
            rec.val_accuracy = finite(r.val_accuracy);
            Ok(())
        }
        Err(LearnerError::Diverged(msg)) => Err(Failure::Run(format!("round {round}, {msg}"))),
        Err(LearnerError::Failed(msg)) => Err(Failure::Run(msg)),
        Err(e) => Err(Failure::Fatal(e)),
    }
}

/// Test metrics of the round's model; a non-finite test loss (or a learner fault) is the
/// run's failure.
pub(super) fn evaluate(
    learner: &dyn Learner,
    round: u32,
    rec: &mut RoundRecord,
) -> Result<Evaluation, Failure> {
    let m = learner.evaluate();
    if let Some(fault) = learner.fault() {
        return Err(Failure::Run(fault));
    }
    if !m.loss.is_finite() {
        return Err(Failure::Run(format!(
            "round {round}: test loss is {}",
            m.loss
        )));
    }
    rec.test_loss = Some(m.loss);
    rec.test_accuracy = m.accuracy;
    rec.test_top_k = m.top_k.iter().copied().map(Some).collect();
    if let Some(ap) = &m.detection {
        rec.test_map = ap.map;
        rec.test_map50 = ap.map50;
        rec.test_wmap = ap.wmap;
        rec.test_ap = ap.per_class.clone();
    }
    rec.status = RunStatus::Done;
    Ok(m)
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}
