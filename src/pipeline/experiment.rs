//! Run an experiment into a results directory: load and check everything before writing,
//! run the planned runs (resuming, sharded, in parallel, Ctrl-C aware) and say what happened.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use crate::learner::{make_device, BackendKind};
use crate::results::ResultsDir;
use crate::runner::{
    check_models, plan, prepare_data, run_waiting, ProgressMode, RunContext, Shard, Summary,
};
use crate::spec::{self, Experiment, SpecError};

use super::PipelineError;

/// `results/<experiment name>`: where a run writes unless told otherwise.
pub fn default_results_dir(name: &str) -> PathBuf {
    PathBuf::from("results").join(name)
}

/// `reports/<experiment name>`: where a report goes unless told otherwise.
pub fn default_report_dir(name: &str) -> PathBuf {
    PathBuf::from("reports").join(name)
}

/// Load the spec at `path` (at `scale`, if given) and print its warnings to stderr.
pub fn load_spec(path: &Path, scale: Option<&str>) -> Result<Experiment, SpecError> {
    let exp = spec::load(path, scale)?;
    for w in &exp.warnings {
        eprintln!("warning: {}: {w}", path.display());
    }
    Ok(exp)
}

/// How to run a loaded experiment.
#[derive(Clone, Debug)]
pub struct RunRequest {
    /// Results directory.
    pub out: PathBuf,
    /// Parallel runs (≥ 1).
    pub jobs: usize,
    /// The runs of this process.
    pub shard: Shard,
    /// Backend.
    pub backend: BackendKind,
    /// Device index of the backend.
    pub device: usize,
    /// Start over in a directory that holds results of another spec.
    pub force: bool,
    /// Progress display.
    pub mode: ProgressMode,
    /// The command line that resumes this run (quoted in messages).
    pub resume: String,
    /// Start external learner commands whose script is not inside the spec's directory
    /// (`--allow-exec`).
    pub allow_exec: bool,
}

/// Refuse (bad input) an external learner command the user has not allowed: its script
/// must lie inside the spec's directory, or `allow_exec` be set (docs/external-learner.md).
pub fn check_commands(exp: &Experiment, allow_exec: bool) -> Result<(), PipelineError> {
    let dir = crate::runner::spec_dir(exp);
    for c in exp.configs.iter().map(|c| &c.config.model) {
        if c.arch.is_external() {
            crate::learner::external::trust::check_allowed(&c.command, &dir, allow_exec).map_err(
                |message| crate::learner::LearnerError::Config {
                    key: "model.command".into(),
                    message,
                },
            )?;
        }
    }
    Ok(())
}

/// Run `exp` as `r` says: check learner commands, data and models before anything is written, prepare the
/// results directory, run this shard's remaining runs, and print on stderr what was done.
/// The first Ctrl-C starts no new run and lets the runs in progress finish; the second
/// exits (130) at once. Interrupted runs show as `Summary::cancelled`.
pub fn run_loaded(exp: &Experiment, r: &RunRequest) -> Result<Summary, PipelineError> {
    check_commands(exp, r.allow_exec)?;
    let devices = make_device(r.backend, r.device)?;
    super::adapter::warn_if_software(&devices);
    let splits = prepare_data(exp)?;
    let init = check_models(exp, &splits, &devices)?;
    let dir = ResultsDir::new(&r.out);
    dir.prepare(&exp.resolved, r.force)?;
    let ctx = RunContext {
        splits,
        devices,
        init,
    };
    let p = plan(exp, &dir, r.shard);
    eprintln!(
        "albench run {}: {} runs in this shard, {} already complete, {} to do, --jobs {} → {}",
        exp.spec.name,
        p.runs.len(),
        p.runs.len() - p.todo.len(),
        p.todo.len(),
        r.jobs,
        r.out.display()
    );
    let cancel = cancel_on_ctrl_c();
    let summary =
        run_waiting(exp, &ctx, &dir, r.shard, &p, r.jobs, r.mode, &cancel).map_err(|e| {
            PipelineError::Sweep {
                source: e,
                out: r.out.clone(),
                resume: r.resume.clone(),
            }
        })?;
    print_summary(&summary, r);
    Ok(summary)
}

/// A flag that the first Ctrl-C sets (start no new run, finish and write the runs in
/// progress); the second Ctrl-C kills every external learner's process group and stops the
/// process now (completed run files are intact; partial ones are temp files).
fn cancel_on_ctrl_c() -> Arc<AtomicBool> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let presses = AtomicUsize::new(0);
    let _ = ctrlc::set_handler(move || {
        if presses.fetch_add(1, Ordering::SeqCst) == 0 {
            flag.store(true, Ordering::SeqCst);
            eprintln!("\ninterrupted: finishing the runs in progress (Ctrl-C again to stop now)");
        } else {
            crate::learner::external::process::kill_all();
            eprintln!("\nstopped; completed runs are kept. Resume with the same command.");
            std::process::exit(130);
        }
    });
    cancel
}

/// What the sweep did, on stderr: counts, failed runs, runs left to another process, and
/// how to resume an interrupted sweep.
fn print_summary(summary: &Summary, r: &RunRequest) {
    eprintln!(
        "done: {} completed, {} failed, {} skipped (already complete)",
        summary.completed,
        summary.failed.len(),
        summary.skipped
    );
    for (id, status) in &summary.failed {
        eprintln!("  {id}: {status}");
    }
    if summary.taken > 0 {
        eprintln!(
            "{} run(s) were being computed by another process on {}",
            summary.taken,
            r.out.display()
        );
    }
    if summary.cancelled > 0 {
        eprintln!(
            "interrupted: {} run(s) not started. Resume with: {}",
            summary.cancelled, r.resume
        );
    }
}
