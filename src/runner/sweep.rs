//! Running the planned runs of an experiment: concurrency, cancellation, and the single
//! writer of results. Workers (`--jobs`) compute runs; only the calling thread writes run
//! files and the manifest.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use crate::learner::external::{trust, ExternalLearner, ExternalPlace};
use crate::learner::{build_learner, LearnerError, ModelSpec};
use crate::results::{
    now_rfc3339, Claim, LearnerRecord, Machine, ResultsDir, RunEntry, RunMeta, RunResult,
};
use crate::spec::Experiment;

use super::al_loop::run_one;
use super::context::{data_key, RunContext, RunError};
use super::progress::{Display, Progress, ProgressMode};
use super::scheduler::{run_id, Plan, RunKey};

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

/// What a worker sends to the writer: the run, its result, wall time in seconds, the
/// worker's progress slot and the run's claim (released once the run file is written).
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
    open_manifest(exp, ctx, dir, plan, &detected, &machine)?;
    let jobs = jobs.clamp(1, plan.todo.len().max(1));
    let sweep = Sweep {
        exp,
        ctx,
        dir,
        plan,
        display: Display::new(mode, plan.todo.len(), jobs),
        machine,
        next: AtomicUsize::new(0),
        taken: AtomicUsize::new(0),
        cancel,
        abandon: AtomicBool::new(false),
    };
    let mut summary = Summary {
        skipped: plan.runs.len() - plan.todo.len(),
        ..Default::default()
    };
    let result = sweep.run(jobs, &mut summary);
    sweep.display.close();
    result?;
    summary.taken = sweep.taken.load(Ordering::SeqCst);
    summary.cancelled = plan.todo.len() - summary.completed - summary.failed.len() - summary.taken;
    dir.update_manifest(|m| {
        if m.ended.is_empty() {
            m.ended = now_rfc3339();
        }
    })?;
    Ok(summary)
}

/// Before any run: put back the manifest entries of complete runs it lacks, and record the
/// version, backend, device and machine of this process.
fn open_manifest(
    exp: &Experiment,
    ctx: &RunContext,
    dir: &ResultsDir,
    plan: &Plan,
    detected: &Machine,
    machine: &str,
) -> Result<(), RunError> {
    let listed = dir.read_manifest();
    let mut recovered = Vec::new();
    for k in &plan.runs {
        let id = run_id(exp, *k);
        if !listed.runs.contains_key(&id) && dir.is_complete(&id) {
            let mut entry = dir.entry_from_run_file(&id)?;
            // a run made before learner.json was written: the learner as it is now
            if entry.learner.is_none() {
                entry.learner = learner_record(&exp.configs[k.config].config.model, exp);
            }
            recovered.push((id.clone(), entry));
        }
    }
    dir.update_manifest(|m| {
        for (id, e) in recovered {
            m.runs.entry(id).or_insert(e);
        }
        m.albench_version = env!("CARGO_PKG_VERSION").into();
        m.albench_commit = env!("ALBENCH_COMMIT").into();
        m.backend = ctx.devices.name.into();
        m.device = format!("{:?}", ctx.devices.infer);
        m.cpu = format!("{}, {} cores", detected.cpu, detected.threads);
        if !m.machines.iter().any(|x| x == machine) {
            m.machines.push(machine.to_string());
        }
        m.spec_hash = exp.spec_hash.clone();
        m.model_init = ctx.init.clone();
        m.init_scheme = exp
            .configs
            .iter()
            .filter(|c| !c.config.model.arch.is_external())
            .map(|c| (c.id.clone(), c.config.model.init_scheme.name().into()))
            .collect();
        if m.started.is_empty() {
            m.started = now_rfc3339();
        }
        // a resume with nothing to do keeps the time range of the runs that were made
        if !plan.todo.is_empty() {
            m.ended.clear();
        }
    })?;
    Ok(())
}

/// What the workers and the writer of one sweep share.
struct Sweep<'a> {
    exp: &'a Experiment,
    ctx: &'a RunContext,
    dir: &'a ResultsDir,
    plan: &'a Plan,
    display: Display,
    /// This machine's fingerprint, recorded in every run.
    machine: String,
    /// Index into `plan.todo` of the next run to hand out.
    next: AtomicUsize,
    /// Runs left to another process.
    taken: AtomicUsize,
    /// Hand out no new run.
    cancel: &'a AtomicBool,
    /// Stop the runs in progress at their next round.
    abandon: AtomicBool,
}

impl Sweep<'_> {
    /// Stop the sweep after a fatal error: no new run, runs in progress abandoned.
    fn stop(&self) {
        self.cancel.store(true, Ordering::SeqCst);
        self.abandon.store(true, Ordering::SeqCst);
    }

    /// Start `jobs` workers and write their runs as they finish; the first fatal error stops
    /// the sweep and is returned.
    fn run(&self, jobs: usize, summary: &mut Summary) -> Result<(), RunError> {
        let (tx, rx) = mpsc::channel::<Done>();
        std::thread::scope(|s| -> Result<(), RunError> {
            let workers: Vec<_> = (0..jobs)
                .map(|slot| {
                    let tx = tx.clone();
                    s.spawn(move || self.work(slot, tx))
                })
                .collect();
            drop(tx);
            for done in rx {
                self.write(done, summary)?;
            }
            for w in workers {
                w.join().map_err(|_| RunError::Config {
                    key: "(worker)".into(),
                    message: "a worker thread panicked".into(),
                })??;
            }
            Ok(())
        })
    }

    /// One worker: take the next run of the plan, claim it, compute it and send it to the
    /// writer, until the plan is done, the sweep is cancelled or the writer is gone.
    fn work(&self, slot: usize, tx: mpsc::Sender<Done>) -> Result<(), RunError> {
        loop {
            if self.cancel.load(Ordering::SeqCst) {
                return Ok(());
            }
            let i = self.next.fetch_add(1, Ordering::SeqCst);
            let Some(&key) = self.plan.todo.get(i) else {
                return Ok(());
            };
            let id = run_id(self.exp, key);
            let claimed = self.dir.try_claim(&id).inspect_err(|_| self.stop())?;
            let Some(claim) = claimed else {
                self.taken.fetch_add(1, Ordering::SeqCst);
                continue;
            };
            if self.dir.is_complete(&id) {
                self.taken.fetch_add(1, Ordering::SeqCst);
                continue;
            }
            let t0 = Instant::now();
            let r = self.compute(key, slot);
            if tx
                .send((key, r, t0.elapsed().as_secs_f64(), slot, claim))
                .is_err()
            {
                return Ok(());
            }
        }
    }

    /// Compute run `key` in progress slot `slot`.
    fn compute(&self, key: RunKey, slot: usize) -> Result<RunResult, LearnerError> {
        let conf = &self.exp.configs[key.config];
        let meta = self.meta(key);
        self.display
            .start(slot, &format!("{} r{}", conf.label, key.repeat));
        let splits = &self.ctx.splits[&data_key(&conf.config.data, key.repeat)];
        let learner = if conf.config.model.arch.is_external() {
            let id = run_id(self.exp, key);
            if let Some(r) = learner_record(&conf.config.model, self.exp) {
                self.dir
                    .record_learner(&id, &r)
                    .map_err(|e| LearnerError::Failed(e.to_string()))?;
            }
            let place = ExternalPlace {
                spec_dir: spec_dir(self.exp),
                work_dir: self.dir.root.join("external").join(id),
            };
            Ok(Box::new(ExternalLearner::new(conf.config.learner(), splits, place)) as Box<_>)
        } else {
            build_learner(conf.config.learner(), splits, &self.ctx.devices, key.repeat)
        };
        learner.and_then(|mut learner| {
            run_one(
                &conf.config,
                meta,
                splits,
                learner.as_mut(),
                &self.display,
                slot,
                &self.abandon,
            )
        })
    }

    /// What run `key`'s files record about it.
    fn meta(&self, key: RunKey) -> RunMeta {
        let (exp, conf) = (self.exp, &self.exp.configs[key.config]);
        let pool = &self.ctx.splits[&data_key(&conf.config.data, key.repeat)].pool;
        RunMeta {
            experiment: exp.spec.name.clone(),
            config_id: conf.id.clone(),
            label: conf.label.clone(),
            repeat: key.repeat,
            seed: exp.spec.seed,
            spec_hash: exp.spec_hash.clone(),
            top_k: conf.config.train.top_k.0.clone(),
            ap_classes: if pool.is_detection() {
                pool.class_names.clone()
            } else {
                Vec::new()
            },
            swept: conf.swept.clone(),
            machine: self.machine.clone(),
        }
    }

    /// The writer: write a finished run's file, release its claim, show it, count it in
    /// `summary` and enter it in the manifest. A failed write stops the sweep.
    fn write(&self, done: Done, summary: &mut Summary) -> Result<(), RunError> {
        let (key, r, wall, slot, claim) = done;
        let r = match r {
            Ok(r) => r,
            // Stopped because of a failure elsewhere, reported by whoever failed.
            Err(LearnerError::Abandoned) => return Ok(()),
            Err(e) => {
                self.stop();
                return Err(e.into());
            }
        };
        let written = self.dir.write_run(&r);
        drop(claim);
        written.inspect_err(|_| self.stop())?;
        let id = run_id(self.exp, key);
        self.display
            .finish(slot, &finished_line(&r, key, &id, wall));
        if r.status.is_done() {
            summary.completed += 1;
        } else {
            summary.failed.push((id.clone(), r.status.to_string()));
        }
        let entry = RunEntry {
            config_id: r.meta.config_id.clone(),
            label: r.meta.label.clone(),
            repeat: key.repeat,
            status: r.status.to_string(),
            rounds: r.rounds.len(),
            wall_s: wall,
            finished: now_rfc3339(),
            learner: self
                .dir
                .recorded_learner(&id)
                .or_else(|| learner_record(&self.exp.configs[key.config].config.model, self.exp)),
        };
        self.dir
            .update_manifest(|m| {
                m.runs.insert(id, entry);
            })
            .inspect_err(|_| self.stop())?;
        Ok(())
    }
}

/// The spec file's directory (`.` for a spec in the working directory): an external
/// learner's working directory and the root of its trusted scripts.
pub fn spec_dir(exp: &Experiment) -> std::path::PathBuf {
    match exp.path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
}

/// What the manifest records of an external learner: its command, script and the script's
/// SHA-256 (`None` for built-in models).
fn learner_record(model: &ModelSpec, exp: &Experiment) -> Option<LearnerRecord> {
    if !model.arch.is_external() {
        return None;
    }
    let (script, script_sha256) = trust::identify(&model.command, &spec_dir(exp));
    Some(LearnerRecord {
        command: model.command.clone(),
        script,
        script_sha256,
    })
}

/// The progress line of a finished run: status, rounds, last test metric, wall time.
fn finished_line(r: &RunResult, key: RunKey, id: &str, wall: f64) -> String {
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
    format!(
        "{} r{} ({id}): {}, {} rounds, {metric} {} ({wall:.1} s)",
        r.meta.label,
        key.repeat,
        r.status,
        r.rounds.len(),
        last.map_or("n/a".into(), |a| format!("{a:.4}"))
    )
}
