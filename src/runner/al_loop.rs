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
use crate::learner::{Learner, LearnerError};
use crate::pool::{Pool, SampleId};
use crate::results::{RoundRecord, RunMeta, RunResult, RunStatus, SelectionRecord};
use crate::rng::{Purpose, Rng};
use crate::selection::needs;
use crate::spec::{fnv1a64, Config};

use super::progress::Progress;
use super::query::{score_round, select_from};
use super::state::{Picked, Run, Streams};
use super::training::{train_round, Failure};

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
    let mut selections: Vec<SelectionRecord> = Vec::new();
    reveal_base_set(&run, &mut pool, &mut selections);
    if let Some(ab) = &c.al_loop.ab {
        return super::ab_loop::run_ab(&run, ab, meta, pool, selections, learner, progress, slot);
    }
    let (rounds, status) = rounds(
        &run,
        &mut pool,
        &mut selections,
        learner,
        progress,
        slot,
        abandon,
    )?;
    Ok(RunResult {
        meta,
        rounds,
        selections,
        ab: Vec::new(),
        status,
    })
}

/// Draw the random base set (shared by every configuration of this repeat) and reveal it as
/// selection round 0 (no scores; ranks in draw order).
fn reveal_base_set(run: &Run<'_>, pool: &mut Pool, selections: &mut Vec<SelectionRecord>) {
    let c = run.c;
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
    reveal(pool, &unscored, 0, true, run.splits, selections);
}

/// Rounds 0..=`loop.rounds`: query (from round 1 on), train, evaluate. Returns the round rows
/// (each with the run's final status) and that status; a failed round is the last row.
fn rounds(
    run: &Run<'_>,
    pool: &mut Pool,
    selections: &mut Vec<SelectionRecord>,
    learner: &mut dyn Learner,
    progress: &dyn Progress,
    slot: usize,
    abandon: &AtomicBool,
) -> Result<(Vec<RoundRecord>, RunStatus), LearnerError> {
    let (c, splits) = (run.c, run.splits);
    let mut rounds: Vec<RoundRecord> = Vec::with_capacity(c.al_loop.rounds + 1);
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
            let picked = query(run, &*learner, pool, round, n_pick, &mut rec);
            if let Some(fault) = learner.fault() {
                // nothing of a failed scoring pass is revealed or recorded
                status = RunStatus::failed(fault);
                rec.status = status.clone();
                rounds.push(rec);
                break;
            }
            let t = Instant::now();
            reveal(
                pool,
                &picked,
                round,
                c.al_loop.accumulate,
                splits,
                selections,
            );
            rec.n_selected = picked.ids.len();
            rec.time_select_s += t.elapsed().as_secs_f64();
        }
        match train_round(learner, pool, splits, round, &mut rec, progress, slot, c) {
            Ok(_) => {}
            Err(Failure::Run(failure)) => {
                status = RunStatus::failed(failure);
                rec.status = status.clone();
                rounds.push(rec);
                break;
            }
            Err(Failure::Fatal(e)) => return Err(e),
        }
        rounds.push(rec);
    }
    for r in rounds.iter_mut() {
        r.status = status.clone();
    }
    Ok((rounds, status))
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
    let scores = score_round(run, learner, pool, round, needs(sampler), n_pick, rec);
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
