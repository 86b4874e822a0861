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
use crate::results::{RoundRecord, RunMeta, RunResult, SelectionRecord};
use crate::rng::{Purpose, Rng};
use crate::selection::{needs, ranking, select, Frames, SamplerParams, SelectInput};
use crate::spec::{fnv1a64, Config, Embedding};

use super::embedding::Embedded;
use super::progress::Progress;
use super::scoring::{score_candidates, Collect, PerClass};

/// The random streams of one run that depend on the configuration: `Rng(seed, purpose,
/// [config key, repeat, round, …])`.
struct Streams {
    seed: u64,
    config: u64,
    repeat: u64,
}

impl Streams {
    fn of(&self, purpose: Purpose, round: u32, extra: &[u64]) -> Rng {
        let mut path = vec![self.config, self.repeat, round as u64];
        path.extend_from_slice(extra);
        Rng::derive(self.seed, purpose, &path)
    }
}

/// What every step of a run reads: its configuration, scorer, data and random streams.
struct Run<'a> {
    c: &'a Config,
    acq: Acquisition,
    splits: &'a Splits,
    streams: Streams,
    /// Indices of `query.classes` in the dataset's classes (`round_robin`).
    class_idx: Vec<usize>,
}

/// Why a round did not complete.
enum Failure {
    /// The run failed (diverged, non-finite test loss): recorded as its status, kept.
    Run(String),
    /// Anything else stops the sweep.
    Fatal(LearnerError),
}

/// The samples chosen in one round, with the score and rank each had.
struct Picked {
    ids: Vec<SampleId>,
    scores: Vec<f32>,
    ranks: Vec<u32>,
}

/// Run one (configuration, repeat) with `learner`. Never panics on a diverging model: the run
/// is returned with `status = "failed: <reason>"` and the rounds it completed. `abandon` set
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

    let mut status = String::from("ok");
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
        let outcome = fit(
            learner,
            &pool,
            round,
            &mut rec,
            progress,
            slot,
            c.train.max_epochs,
        )
        .and_then(|()| evaluate(&*learner, round, &mut rec));
        match outcome {
            Ok(()) => {}
            Err(Failure::Run(failure)) => {
                rec.status = failure.clone();
                rounds.push(rec);
                status = failure;
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
        status,
    })
}

/// Score the round's candidates and select `n_pick` of them; records the scoring and
/// selection times in `rec`.
fn query(
    run: &Run<'_>,
    learner: &dyn Learner,
    pool: &Pool,
    round: u32,
    n_pick: usize,
    rec: &mut RoundRecord,
) -> Picked {
    let (c, streams) = (run.c, &run.streams);
    let t0 = Instant::now();
    let candidates = pool.candidates(c.al_loop.pool, c.al_loop.accumulate);
    let needs = needs(c.query.sampler);
    let collect = Collect {
        predicted: needs.predicted,
        features: needs.embeddings && c.query.embedding == Embedding::Backbone,
        per_class: needs.class_scores.then_some(PerClass {
            scorer: c.query.scorer,
            aggregation: c.query.aggregation,
            classes: &run.class_idx,
        }),
    };
    let mut scored = score_candidates(
        &run.acq,
        learner,
        &candidates,
        c.query.mc_samples,
        &mut streams.of(Purpose::Score, round, &[]),
        &mut streams.of(Purpose::Score, round, &[1]),
        collect,
    );
    let embedded = needs.embeddings.then(|| {
        // Core-set's centres: the labeled set (none when the whole set is reselected).
        let mut labeled: Vec<SampleId> = if needs.centres && c.al_loop.accumulate {
            pool.training().to_vec()
        } else {
            Vec::new()
        };
        labeled.sort_unstable();
        labeled.dedup();
        Embedded::compute(
            c.query.embedding,
            candidates.ids(),
            &labeled,
            learner,
            scored.features.take(),
        )
    });
    rec.time_score_s = t0.elapsed().as_secs_f64();

    let t1 = Instant::now();
    // expert: the candidates' recording metadata and target visibility (ground truth: what a
    // person looking at the frames sees)
    let frames = needs.frames.then(|| {
        let pool = &run.splits.pool;
        let ids = candidates.ids();
        let seq: Vec<u32> = ids
            .iter()
            .map(|id| pool.meta[id.0 as usize].sequence)
            .collect();
        let frame: Vec<u32> = ids
            .iter()
            .map(|id| pool.meta[id.0 as usize].frame)
            .collect();
        let visible: Vec<bool> = ids
            .iter()
            .map(|id| {
                pool.objects[id.0 as usize]
                    .iter()
                    .any(|o| run.class_idx.contains(&(o.class as usize)))
            })
            .collect();
        (seq, frame, visible)
    });
    let scores = &scored.scores;
    let (points, centres) = match &embedded {
        Some(e) => {
            let (p, l) = e.points(&run.splits.pool);
            (Some(p), Some(l))
        }
        None => (None, None),
    };
    let input = SelectInput {
        scores,
        points,
        centres,
        predicted: scored.predicted.as_deref(),
        classes: run.splits.pool.n_classes(),
        class_scores: scored
            .class_scores
            .as_deref()
            .map(|s| (s, run.class_idx.len())),
        frames: frames.as_ref().map(|(s, f, v)| Frames {
            sequence: s,
            frame: f,
            visible: v,
        }),
    };
    let params = SamplerParams {
        pivot: c.query.pivot,
        distance: c.query.distance,
    };
    let chosen = select(
        c.query.sampler,
        &input,
        n_pick,
        params,
        &mut streams.of(Purpose::Select, round, &[]),
    );
    let order = ranking(scores);
    let mut rank_of = vec![0u32; scores.len()];
    for (r, p) in order.iter().enumerate() {
        rank_of[p.0] = r as u32;
    }
    let picked = Picked {
        ids: chosen.iter().map(|&p| candidates.sample(p)).collect(),
        scores: chosen.iter().map(|p| scores[p.0]).collect(),
        ranks: chosen.iter().map(|p| rank_of[p.0]).collect(),
    };
    rec.time_select_s = t1.elapsed().as_secs_f64();
    picked
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

/// Train the round's model(s) on the training set; a diverging member is the run's failure.
fn fit(
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
        Err(LearnerError::Diverged(msg)) => {
            Err(Failure::Run(format!("failed: round {round}, {msg}")))
        }
        Err(e) => Err(Failure::Fatal(e)),
    }
}

/// Test metrics of the round's model; a non-finite test loss is the run's failure.
fn evaluate(learner: &dyn Learner, round: u32, rec: &mut RoundRecord) -> Result<(), Failure> {
    let m = learner.evaluate();
    if !m.loss.is_finite() {
        return Err(Failure::Run(format!(
            "failed: round {round}: test loss is {}",
            m.loss
        )));
    }
    rec.test_loss = Some(m.loss);
    rec.test_accuracy = m.accuracy;
    rec.test_top_k = m.top_k.into_iter().map(Some).collect();
    if let Some(ap) = m.detection {
        rec.test_map = ap.map;
        rec.test_map50 = ap.map50;
        rec.test_wmap = ap.wmap;
        rec.test_ap = ap.per_class;
    }
    rec.status = "ok".into();
    Ok(())
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}
