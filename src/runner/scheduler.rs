//! Running the runs of an experiment: order, shards, resume, concurrency, and the single
//! writer of results.
//!
//! Runs are ordered repeat-major (every configuration of repeat 0, then repeat 1, …) so an
//! interrupted sweep already holds complete comparisons. `--shard I/N` keeps runs whose index
//! in that order is ≡ I (mod N). A run whose round table exists is skipped (resume). Workers
//! (`--jobs`) compute runs; only the calling thread writes files and the manifest.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use crate::learner::{build_learner, LearnerError};
use crate::results::{now_rfc3339, Claim, Machine, ResultsDir, RunEntry, RunMeta, RunResult};
use crate::spec::Experiment;

use super::al_loop::run_one;
use super::context::{data_key, RunContext, RunError};
use super::progress::{Display, Progress, ProgressMode};

/// One run: a configuration index and a repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunKey {
    /// Index into `Experiment::configs`.
    pub config: usize,
    /// Repeat.
    pub repeat: u32,
}

/// `--shard I/N`: this process runs the runs with index ≡ I (mod N).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// 0-based shard index.
    pub index: usize,
    /// Number of shards (≥ 1).
    pub count: usize,
}

impl Default for Shard {
    fn default() -> Self {
        Shard { index: 0, count: 1 }
    }
}

/// The runs of this process.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Runs of this shard, in order.
    pub runs: Vec<RunKey>,
    /// Those not completed yet.
    pub todo: Vec<RunKey>,
}

/// Run id of a key.
pub fn run_id(exp: &Experiment, k: RunKey) -> String {
    crate::results::run_id(&exp.configs[k.config].id, k.repeat)
}

/// The runs of `shard`, and which of them are still to do in `dir`.
pub fn plan(exp: &Experiment, dir: &ResultsDir, shard: Shard) -> Plan {
    let mut runs = Vec::new();
    let mut i = 0;
    for repeat in 0..exp.spec.repeats {
        for config in 0..exp.configs.len() {
            if i % shard.count == shard.index {
                runs.push(RunKey { config, repeat });
            }
            i += 1;
        }
    }
    let todo = runs
        .iter()
        .copied()
        .filter(|k| !dir.is_complete(&run_id(exp, *k)))
        .collect();
    Plan { runs, todo }
}

/// What `run_experiment` did.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Runs completed now with status ok.
    pub completed: usize,
    /// Runs that failed (diverged); recorded and kept.
    pub failed: Vec<(String, String)>,
    /// Runs skipped because they were already complete.
    pub skipped: usize,
    /// Runs not started because of a cancellation.
    pub cancelled: usize,
    /// Runs left to another process working on the same directory.
    pub taken: usize,
}

/// What a worker sends to the writer.
type Done = (RunKey, Result<RunResult, LearnerError>, f64, usize, Claim);

/// Run the plan's remaining runs with `jobs` workers, writing each run as it finishes.
/// `cancel` stops handing out new runs (runs in progress finish and are written). A run
/// already claimed by another live process on the same directory is left to it. A failure
/// to write (full disk, read-only directory) stops the sweep at once: runs in progress are
/// abandoned at their next round, completed run files stay as they are.
///
/// Complete runs missing from the manifest (a crash between writing a run file and updating
/// the manifest) get their entry back from their run file.
pub fn run_experiment(
    exp: &Experiment,
    ctx: &RunContext,
    dir: &ResultsDir,
    plan: &Plan,
    jobs: usize,
    mode: ProgressMode,
    cancel: &AtomicBool,
) -> Result<Summary, RunError> {
    let mut detected = Machine::detect(ctx.devices.name);
    if let Some(a) = crate::learner::adapter(&ctx.devices) {
        detected = detected.with_gpu(&a.name, &a.target, a.software);
    }
    let machine = detected.fingerprint();
    let listed = dir.read_manifest();
    let mut recovered = Vec::new();
    for k in &plan.runs {
        let id = run_id(exp, *k);
        if !listed.runs.contains_key(&id) && dir.is_complete(&id) {
            recovered.push((id.clone(), dir.entry_from_run_file(&id)?));
        }
    }
    dir.update_manifest(|m| {
        for (id, e) in recovered {
            m.runs.entry(id).or_insert(e);
        }
        m.albench_version = env!("CARGO_PKG_VERSION").into();
        m.backend = ctx.devices.name.into();
        m.device = format!("{:?}", ctx.devices.infer);
        m.cpu = format!("{}, {} cores", detected.cpu, detected.threads);
        if !m.machines.contains(&machine) {
            m.machines.push(machine.clone());
        }
        m.spec_hash = exp.spec_hash.clone();
        if m.started.is_empty() {
            m.started = now_rfc3339();
        }
        // a resume with nothing to do keeps the time range of the runs that were made
        if !plan.todo.is_empty() {
            m.ended.clear();
        }
    })?;

    let mut summary = Summary {
        skipped: plan.runs.len() - plan.todo.len(),
        ..Default::default()
    };
    let jobs = jobs.clamp(1, plan.todo.len().max(1));
    let display = Display::new(mode, plan.todo.len(), jobs);
    let next = AtomicUsize::new(0);
    let abandon = AtomicBool::new(false);
    let taken = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<Done>();
    let result = std::thread::scope(|s| -> Result<(), RunError> {
        let mut workers = Vec::new();
        for slot in 0..jobs {
            let tx = tx.clone();
            let (next, taken, display, cancel, abandon, machine) =
                (&next, &taken, &display, cancel, &abandon, &machine);
            workers.push(s.spawn(move || -> Result<(), RunError> {
                loop {
                    if cancel.load(Ordering::SeqCst) {
                        return Ok(());
                    }
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&key) = plan.todo.get(i) else {
                        return Ok(());
                    };
                    let id = run_id(exp, key);
                    let claimed = dir.try_claim(&id).inspect_err(|_| {
                        cancel.store(true, Ordering::SeqCst);
                        abandon.store(true, Ordering::SeqCst);
                    })?;
                    let Some(claim) = claimed else {
                        taken.fetch_add(1, Ordering::SeqCst);
                        continue;
                    };
                    if dir.is_complete(&id) {
                        taken.fetch_add(1, Ordering::SeqCst);
                        continue;
                    }
                    let conf = &exp.configs[key.config];
                    let meta = RunMeta {
                        experiment: exp.spec.name.clone(),
                        config_id: conf.id.clone(),
                        label: conf.label.clone(),
                        repeat: key.repeat,
                        seed: exp.spec.seed,
                        spec_hash: exp.spec_hash.clone(),
                        top_k: conf.config.train.top_k.0.clone(),
                        ap_classes: {
                            let pool = &ctx.splits[&data_key(&conf.config.data, key.repeat)].pool;
                            if pool.is_detection() {
                                pool.class_names.clone()
                            } else {
                                Vec::new()
                            }
                        },
                        swept: conf.swept.clone(),
                        machine: machine.clone(),
                    };
                    display.start(slot, &format!("{} r{}", conf.label, key.repeat));
                    let t0 = Instant::now();
                    let splits = &ctx.splits[&data_key(&conf.config.data, key.repeat)];
                    let r = build_learner(&conf.config, splits, &ctx.devices, key.repeat).and_then(
                        |mut learner| {
                            run_one(
                                &conf.config,
                                meta,
                                splits,
                                learner.as_mut(),
                                display,
                                slot,
                                abandon,
                            )
                        },
                    );
                    if tx
                        .send((key, r, t0.elapsed().as_secs_f64(), slot, claim))
                        .is_err()
                    {
                        return Ok(());
                    }
                }
            }));
        }
        drop(tx);
        for (key, r, wall, slot, claim) in rx {
            let r = match r {
                Ok(r) => r,
                // Stopped because of a failure elsewhere, reported by whoever failed.
                Err(LearnerError::Abandoned) => continue,
                Err(e) => {
                    cancel.store(true, Ordering::SeqCst);
                    abandon.store(true, Ordering::SeqCst);
                    return Err(e.into());
                }
            };
            let written = dir.write_run(&r);
            drop(claim);
            if let Err(e) = written {
                cancel.store(true, Ordering::SeqCst);
                abandon.store(true, Ordering::SeqCst);
                return Err(e.into());
            }
            let id = run_id(exp, key);
            let (metric, last) = if r.meta.ap_classes.is_empty() {
                (
                    "test_accuracy",
                    r.rounds.iter().rev().find_map(|x| x.test_accuracy),
                )
            } else {
                ("test_map", r.rounds.iter().rev().find_map(|x| x.test_map))
            };
            // an A/B run's only test metric in its round table is the reference's
            let metric = if r.ab.is_empty() {
                format!("final {metric}")
            } else {
                format!("reference {metric}")
            };
            display.finish(
                slot,
                &format!(
                    "{} r{} ({id}): {}, {} rounds, {metric} {} ({wall:.1} s)",
                    r.meta.label,
                    key.repeat,
                    r.status,
                    r.rounds.len(),
                    last.map_or("n/a".into(), |a| format!("{a:.4}"))
                ),
            );
            if r.status == "ok" {
                summary.completed += 1;
            } else {
                summary.failed.push((id.clone(), r.status.clone()));
            }
            let entry = RunEntry {
                config_id: r.meta.config_id.clone(),
                label: r.meta.label.clone(),
                repeat: key.repeat,
                status: r.status.clone(),
                rounds: r.rounds.len(),
                wall_s: wall,
                finished: now_rfc3339(),
            };
            if let Err(e) = dir.update_manifest(|m| {
                m.runs.insert(id, entry);
            }) {
                cancel.store(true, Ordering::SeqCst);
                abandon.store(true, Ordering::SeqCst);
                return Err(e.into());
            }
        }
        for w in workers {
            w.join().map_err(|_| RunError::Config {
                key: "(worker)".into(),
                message: "a worker thread panicked".into(),
            })??;
        }
        Ok(())
    });
    display.close();
    result?;
    summary.taken = taken.load(Ordering::SeqCst);
    summary.cancelled = plan.todo.len() - summary.completed - summary.failed.len() - summary.taken;
    dir.update_manifest(|m| {
        if m.ended.is_empty() {
            m.ended = now_rfc3339();
        }
    })?;
    Ok(summary)
}
