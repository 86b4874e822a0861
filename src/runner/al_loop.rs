//! The pool-based AL loop of one run (thesis Algorithm 1; NVIDIA Fig. 1):
//! round 0 trains on the random base set; every later round scores the candidates with the
//! previous round's model(s), selects, reveals labels, appends (or reselects), retrains and
//! evaluates on the test set.
//!
//! Shared across configurations within a repeat (so paired tests are valid): the base set,
//! the initial weights and the training streams. Per configuration: scoring and selection
//! streams.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crate::acquisition::Acquisition;
use crate::data::Splits;
use crate::learner::{load_weights, logits, train, Devices, Geometry, LearnerError, Net};
use crate::metrics::classification_metrics;
use crate::pool::{Pool, SampleId};
use crate::results::{RoundRecord, RunMeta, RunResult, SelectionRecord};
use crate::rng::{Purpose, Rng};
use crate::selection::{needs, ranking, select, SamplerParams, SelectInput};
use crate::spec::{fnv1a64, Config, Embedding, Reset};

use super::context::init_path;
use super::embedding::Embedded;
use super::progress::Progress;
use super::scoring::{score_candidates, Collect};

/// Geometry of the splits.
fn geometry(s: &Splits) -> Geometry {
    Geometry {
        channels: s.pool.channels,
        height: s.pool.height,
        width: s.pool.width,
        classes: s.pool.n_classes(),
    }
}

/// The initial models of a repeat: member `m` from `Rng(seed, Init, [repeat, m])`, or the
/// `model.init` weights file.
fn initial_models(
    c: &Config,
    g: Geometry,
    repeat: u32,
    devices: &Devices,
) -> Result<Vec<Net>, LearnerError> {
    (0..c.model.ensemble)
        .map(|m| {
            let mut rng = Rng::derive(c.seed, Purpose::Init, &[repeat as u64, m as u64]);
            let net = Net::new(c.model.arch, g, c.model.width, &mut rng, &devices.train);
            match init_path(&c.model.init) {
                Some(p) => load_weights(net, &p),
                None => Ok(net),
            }
        })
        .collect()
}

/// Run one (configuration, repeat). Never panics on a diverging model: the run is returned
/// with `status = "failed: <reason>"` and the rounds it completed. `abandon` set (a fatal
/// error elsewhere, e.g. a full disk) stops it at the next round with
/// [`LearnerError::Abandoned`].
pub fn run_one(
    c: &Config,
    meta: RunMeta,
    splits: &Splits,
    devices: &Devices,
    progress: &dyn Progress,
    slot: usize,
    abandon: &AtomicBool,
) -> Result<RunResult, LearnerError> {
    let g = geometry(splits);
    let seed = c.seed;
    let rep = meta.repeat as u64;
    let cfg_key = fnv1a64(meta.config_id.as_bytes());
    let pool_set = &splits.pool;
    let mut pool = Pool::new(pool_set.len());
    let acq = Acquisition::new(c.query.scorer, &c.query.combine, c.query.normalize);
    let mut rounds: Vec<RoundRecord> = Vec::with_capacity(c.al_loop.rounds + 1);
    let mut selections: Vec<SelectionRecord> = Vec::new();

    // Base set: shared by every configuration of this repeat.
    let mut base_rng = Rng::derive(seed, Purpose::BaseSet, &[rep]);
    let base: Vec<SampleId> = base_rng
        .sample_indices(pool_set.len(), c.al_loop.base)
        .into_iter()
        .map(|i| SampleId(i as u32))
        .collect();
    pool.append(&base, 0);
    for (rank, id) in base.iter().enumerate() {
        selections.push(record(0, *id, f32::NAN, rank as u32, splits));
    }

    let init = initial_models(c, g, meta.repeat, devices)?;
    let mut current: Vec<Net> = init.clone();
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
            let t0 = Instant::now();
            let candidates = pool.candidates(c.al_loop.pool, c.al_loop.accumulate);
            let mut score_rng = Rng::derive(seed, Purpose::Score, &[cfg_key, rep, round as u64]);
            let mut mask_rng = Rng::derive(seed, Purpose::Score, &[cfg_key, rep, round as u64, 1]);
            let needs = needs(c.query.sampler);
            let backbone = needs.embeddings && c.query.embedding == Embedding::Backbone;
            let mut scored = score_candidates(
                &acq,
                &current,
                pool_set,
                &candidates,
                c.query.mc_samples,
                c.model.dropout,
                c.query.batch_size,
                devices,
                &mut score_rng,
                &mut mask_rng,
                Collect {
                    predicted: needs.predicted,
                    features: backbone,
                },
            );
            let scored_features = scored.features.take();
            let scores = &scored.scores;
            let embedded = needs.embeddings.then(|| {
                let cand: Vec<usize> = candidates.ids().iter().map(|id| id.0 as usize).collect();
                // Core-set's centres: the labeled set (none when the whole set is reselected).
                let mut labeled: Vec<usize> = if needs.centres && c.al_loop.accumulate {
                    pool.training().iter().map(|id| id.0 as usize).collect()
                } else {
                    Vec::new()
                };
                labeled.sort_unstable();
                labeled.dedup();
                Embedded::compute(
                    c.query.embedding,
                    pool_set,
                    cand,
                    labeled,
                    &current[0],
                    &init[0],
                    scored_features,
                    c.query.batch_size,
                    devices,
                )
            });
            rec.time_score_s = t0.elapsed().as_secs_f64();
            let t1 = Instant::now();
            let amount = c.al_loop.budget.amount(target_size);
            target_size += amount;
            let n_pick = if c.al_loop.accumulate {
                amount
            } else {
                target_size
            };
            let mut sel_rng = Rng::derive(seed, Purpose::Select, &[cfg_key, rep, round as u64]);
            let (points, centres) = match &embedded {
                Some(e) => {
                    let (p, l) = e.points(pool_set);
                    (Some(p), Some(l))
                }
                None => (None, None),
            };
            let input = SelectInput {
                scores,
                points,
                centres,
                predicted: scored.predicted.as_deref(),
                classes: pool_set.n_classes(),
            };
            let params = SamplerParams {
                pivot: c.query.pivot,
                distance: c.query.distance,
            };
            let chosen = select(c.query.sampler, &input, n_pick, params, &mut sel_rng);
            let order = ranking(scores);
            let mut rank_of = vec![0u32; scores.len()];
            for (r, p) in order.iter().enumerate() {
                rank_of[p.0] = r as u32;
            }
            let ids: Vec<SampleId> = chosen.iter().map(|&p| candidates.sample(p)).collect();
            for (&p, &id) in chosen.iter().zip(&ids) {
                selections.push(record(round, id, scores[p.0], rank_of[p.0], splits));
            }
            if c.al_loop.accumulate {
                pool.append(&ids, round);
            } else {
                pool.replace_training(&ids, round);
            }
            rec.n_selected = ids.len();
            rec.time_select_s = t1.elapsed().as_secs_f64();
        }
        rec.n_labeled = pool.training().len();
        rec.n_unique = pool.n_unique();

        let t2 = Instant::now();
        let train_idx: Vec<usize> = pool.training().iter().map(|id| id.0 as usize).collect();
        let starts: Vec<Net> = match c.train.reset {
            Reset::Baseline => init.clone(),
            Reset::Continue => current.clone(),
        };
        let mut trained = Vec::with_capacity(starts.len());
        let mut failure = None;
        for (m, start) in starts.into_iter().enumerate() {
            let mut rng = Rng::derive(seed, Purpose::Train, &[rep, round as u64, m as u64]);
            let hook = |e: usize| progress.epoch(slot, e, c.train.max_epochs);
            match train(
                start,
                pool_set,
                &train_idx,
                &splits.validation,
                &c.train,
                c.model.dropout,
                devices,
                &mut rng,
                &hook,
            ) {
                Ok((net, report)) => {
                    if m == 0 {
                        rec.epochs = Some(report.epochs);
                        rec.train_loss = finite(report.train_loss);
                        rec.val_loss = finite(report.val_loss);
                        rec.val_accuracy = finite(report.val_accuracy);
                    }
                    trained.push(net);
                }
                Err(LearnerError::Diverged(msg)) => {
                    failure = Some(format!(
                        "failed: round {round}, member {m}: diverged: {msg}"
                    ));
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        rec.time_train_s = t2.elapsed().as_secs_f64();
        if let Some(f) = failure {
            rec.status = f.clone();
            rounds.push(rec);
            status = f;
            break;
        }
        current = trained;

        // Test metrics of member 0 (NVIDIA: "the performance of a single model").
        let test = &splits.test;
        let idx: Vec<usize> = (0..test.len()).collect();
        let l = logits(
            &current[0].inference(),
            test,
            &idx,
            c.query.batch_size,
            &devices.infer,
        );
        let m = classification_metrics(&l, &test.labels, test.n_classes(), c.train.top_k);
        if !m.loss.is_finite() {
            let f = format!("failed: round {round}: test loss is {}", m.loss);
            rec.status = f.clone();
            rounds.push(rec);
            status = f;
            break;
        }
        rec.test_loss = Some(m.loss);
        rec.test_accuracy = Some(m.accuracy);
        rec.test_top_k = Some(m.top_k);
        rec.status = "ok".into();
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

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

fn record(round: u32, id: SampleId, score: f32, rank: u32, s: &Splits) -> SelectionRecord {
    let i = id.0 as usize;
    SelectionRecord {
        round,
        sample: id.0,
        score,
        rank,
        label: s.pool.labels[i],
        mislabeled: s.mislabeled[i],
    }
}
