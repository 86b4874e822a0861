//! The pool-based AL loop of one run (thesis Algorithm 1; NVIDIA Fig. 1): round 0 trains on
//! the random base set; every later round scores the candidates with the previous round's
//! model(s), selects, reveals labels, appends (or reselects), retrains and evaluates.
//!
//! The loop talks to a [`Learner`], never to a network. Shared across configurations within
//! a repeat (so paired tests are valid): the base set, the initial weights and the training
//! streams. Per configuration: scoring and selection streams.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::acquisition::Acquisition;
use crate::data::Splits;
use crate::learner::{Evaluation, Learner, LearnerError};
use crate::pool::{Pool, SampleId};
use crate::results::{RoundRecord, RunMeta, RunResult, RunStatus, SelectionRecord};
use crate::rng::{Purpose, Rng};
use crate::selection::needs;
use crate::spec::{fnv1a64, Config};

use super::progress::Progress;
use super::query::{score_round, select_from};

/// The random streams of one run that depend on the configuration: `Rng(seed, purpose,
/// [config key, repeat, round, …])`.
pub(super) struct Streams {
    seed: u64,
    config: u64,
    repeat: u64,
}

impl Streams {
    /// The stream of `purpose` at `round`, extended by `extra`.
    pub(super) fn of(&self, purpose: Purpose, round: u32, extra: &[u64]) -> Rng {
        let mut path = vec![self.config, self.repeat, round as u64];
        path.extend_from_slice(extra);
        Rng::derive(self.seed, purpose, &path)
    }
}

/// What every step of a run reads: its configuration, scorer, data and random streams.
pub(super) struct Run<'a> {
    pub(super) c: &'a Config,
    pub(super) acq: Acquisition,
    pub(super) splits: &'a Splits,
    pub(super) streams: Streams,
    /// Indices of `query.classes` in the dataset's classes (`round_robin`).
    pub(super) class_idx: Vec<usize>,
}

/// Why a round did not complete.
pub(super) enum Failure {
    /// The run failed (diverged, non-finite test loss): recorded as its status, kept.
    Run(String),
    /// Anything else stops the sweep.
    Fatal(LearnerError),
}

/// The samples chosen in one round, with the score and rank each had.
pub(super) struct Picked {
    pub(super) ids: Vec<SampleId>,
    pub(super) scores: Vec<f32>,
    pub(super) ranks: Vec<u32>,
}

/// Run one (configuration, repeat) with `learner`. Never panics on a diverging model: the run
/// is returned with a [`RunStatus::Failed`] status and the rounds it completed. `abandon` set
/// (a fatal error elsewhere, e.g. a full disk) stops it at the next round with
/// [`LearnerError::Abandoned`].
pub fn run_one(
    c: &Config,
    meta: RunMeta,
    splits: &Splits,
    learner: &mut dyn Learner,
    progress: &dyn Progress,
    slot: usize,
    abandon: &AtomicBool,
) -> Result<RunResult, LearnerError> {
    let run = Run {
        c,
        acq: Acquisition::new(
            c.query.scorer,
            &c.query.combine,
            c.query.normalize,
            c.query.aggregation,
        ),
        splits,
        class_idx: super::context::class_indices(&c.query.classes, &splits.pool.class_names)?,
        streams: Streams {
            seed: c.seed,
            config: fnv1a64(meta.config_id.as_bytes()),
            repeat: meta.repeat as u64,
        },
    };
    let mut pool = Pool::new(splits.pool.len());
    let mut rounds: Vec<RoundRecord> = Vec::with_capacity(c.al_loop.rounds + 1);
    let mut selections: Vec<SelectionRecord> = Vec::new();

    // Base set: shared by every configuration of this repeat.
    let base: Vec<SampleId> = Rng::derive(c.seed, Purpose::BaseSet, &[run.streams.repeat])
        .sample_indices(pool.size(), c.al_loop.base)
        .into_iter()
        .map(|i| SampleId(i as u32))
        .collect();
    let unscored = Picked {
        scores: vec![f32::NAN; base.len()],
        ranks: (0..base.len() as u32).collect(),
        ids: base,
    };
    reveal(&mut pool, &unscored, 0, true, splits, &mut selections);
    if let Some(ab) = &c.al_loop.ab {
        return super::ab_test::run_ab(&run, ab, meta, pool, selections, learner, progress, slot);
    }

    let mut status = RunStatus::Done;
    let mut target_size = c.al_loop.base;
    for round in 0..=c.al_loop.rounds as u32 {
        if abandon.load(Ordering::SeqCst) {
            return Err(LearnerError::Abandoned);
        }
        progress.round(slot, round, c.al_loop.rounds as u32);
        let mut rec = RoundRecord {
            round,
            ..Default::default()
        };
        if round > 0 {
            let amount = c.al_loop.budget.amount(target_size);
            target_size += amount;
            let n_pick = if c.al_loop.accumulate {
                amount
            } else {
                target_size
            };
            let picked = query(&run, &*learner, &pool, round, n_pick, &mut rec);
            let t = Instant::now();
            let accumulate = c.al_loop.accumulate;
            reveal(
                &mut pool,
                &picked,
                round,
                accumulate,
                splits,
                &mut selections,
            );
            rec.n_selected = picked.ids.len();
            rec.time_select_s += t.elapsed().as_secs_f64();
        }
        match train_round(learner, &pool, splits, round, &mut rec, progress, slot, c) {
            Ok(_) => {}
            Err(Failure::Run(reason)) => {
                rounds.push(rec);
                status = RunStatus::failed(reason);
                break;
            }
            Err(Failure::Fatal(e)) => return Err(e),
        }
        rounds.push(rec);
    }
    for r in rounds.iter_mut() {
        r.status = status.clone();
    }
    Ok(RunResult {
        meta,
        rounds,
        selections,
        ab: Vec::new(),
        status,
    })
}

/// Score the round's candidates and let the configured sampler pick `n_pick` of them;
/// records the scoring and selection times in `rec`.
fn query(
    run: &Run<'_>,
    learner: &dyn Learner,
    pool: &Pool,
    round: u32,
    n_pick: usize,
    rec: &mut RoundRecord,
) -> Picked {
    let sampler = run.c.query.sampler;
    let scores = score_round(run, learner, pool, round, needs(sampler), rec);
    select_from(run, &scores, sampler, n_pick, round, &[], rec)
}

/// Reveal the labels of `picked`: append them to the labeled set (or make them the whole
/// training set when `accumulate` is off) and record one selection row each.
fn reveal(
    pool: &mut Pool,
    picked: &Picked,
    round: u32,
    accumulate: bool,
    splits: &Splits,
    selections: &mut Vec<SelectionRecord>,
) {
    for ((&id, &score), &rank) in picked.ids.iter().zip(&picked.scores).zip(&picked.ranks) {
        let i = id.0 as usize;
        selections.push(SelectionRecord {
            round,
            sample: id.0,
            score,
            rank,
            label: splits.pool.labels[i],
            mislabeled: splits.mislabeled[i],
            n_boxes: splits
                .pool
                .is_detection()
                .then(|| splits.pool.objects[i].len() as u32),
        });
    }
    if accumulate {
        pool.append(&picked.ids, round);
    } else {
        pool.replace_training(&picked.ids, round);
    }
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
        Err(e) => Err(Failure::Fatal(e)),
    }
}

/// Test metrics of the round's model; a non-finite test loss is the run's failure.
pub(super) fn evaluate(
    learner: &dyn Learner,
    round: u32,
    rec: &mut RoundRecord,
) -> Result<Evaluation, Failure> {
    let m = learner.evaluate();
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
    Ok(m)
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}
