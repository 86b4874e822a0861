//! `albench run`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use albench::learner::make_device;
use albench::results::ResultsDir;
use albench::runner::{check_models, plan, prepare_data, ProgressMode, RunContext, Shard};
use albench::spec::{self, Experiment};

use super::AppError;
use crate::cli::RunArgs;

/// Parse `I/N`, `auto` or `auto/N` (see [`super::hosts::shard`]).
pub fn parse_shard(s: &str) -> Result<Shard, AppError> {
    super::hosts::shard(s)
}

/// The `model.init` files the configurations name that are not there (each once).
fn missing_init_files(exp: &Experiment) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in &exp.configs {
        if let Some(p) = c.config.model.init_path().filter(|p| !p.is_file()) {
            let p = p.display().to_string();
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// The expanded run table.
pub fn dry_run_table(exp: &Experiment, dir: &ResultsDir, shard: Shard) -> String {
    let p = plan(exp, dir, shard);
    let mut out = String::new();
    let keys = &exp.swept_keys;
    out.push_str(&format!(
        "{:<10}  {:<28}  {:>6}",
        "config_id", "label", "repeat"
    ));
    for k in keys {
        out.push_str(&format!("  {k}"));
    }
    out.push_str("  state\n");
    for k in &p.runs {
        let c = &exp.configs[k.config];
        let id = albench::results::run_id(&c.id, k.repeat);
        out.push_str(&format!("{:<10}  {:<28}  {:>6}", c.id, c.label, k.repeat));
        for (_, v) in &c.swept {
            out.push_str(&format!("  {v}"));
        }
        out.push_str(if dir.is_complete(&id) {
            "  done\n"
        } else {
            "  todo\n"
        });
    }
    out.push_str(&format!(
        "{} configurations × {} repeats = {} training runs{}; {} to do\n",
        exp.configs.len(),
        exp.spec.repeats,
        exp.n_runs(),
        if shard.count > 1 {
            format!(
                " ({} in shard {}/{})",
                p.runs.len(),
                shard.index,
                shard.count
            )
        } else {
            String::new()
        },
        p.todo.len()
    ));
    out
}

/// `albench run`.
pub fn run(a: RunArgs) -> Result<ExitCode, AppError> {
    let shard = a
        .shard
        .as_deref()
        .map(parse_shard)
        .transpose()?
        .unwrap_or_default();
    if a.jobs == 0 {
        return Err(AppError::Flag("--jobs 0: must be ≥ 1".into()));
    }
    super::hosts::lease(a.lease_secs)?;
    let exp = spec::load(&a.spec, a.scale.as_deref())?;
    for w in &exp.warnings {
        eprintln!("warning: {}: {w}", a.spec.display());
    }
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("results").join(&exp.spec.name));
    let dir = ResultsDir::new(&out);
    if a.dry_run {
        super::print_out(&dry_run_table(&exp, &dir, shard));
        for w in missing_init_files(&exp) {
            eprintln!("note: model.init \"{w}\" does not exist yet; make it with `albench pretrain` before the run");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let devices = make_device(a.backend, a.device)?;
    super::adapter::warn_if_software(&devices);
    let splits = prepare_data(&exp)?;
    check_models(&exp, &splits, &devices)?;
    dir.prepare(&exp.resolved, a.force)?;
    let ctx = RunContext { splits, devices };
    let p = plan(&exp, &dir, shard);
    let mode = if a.quiet {
        ProgressMode::Plain
    } else {
        ProgressMode::Auto
    };
    eprintln!(
        "albench run {}: {} runs in this shard, {} already complete, {} to do, --jobs {} → {}",
        exp.spec.name,
        p.runs.len(),
        p.runs.len() - p.todo.len(),
        p.todo.len(),
        a.jobs,
        out.display()
    );
    let cancel = Arc::new(AtomicBool::new(false));
    {
        // First Ctrl-C: start no new run, finish and write the runs in progress.
        // Second Ctrl-C: stop now (completed run files are intact; partial ones are temp files).
        let cancel = cancel.clone();
        let presses = AtomicUsize::new(0);
        let _ = ctrlc::set_handler(move || {
            if presses.fetch_add(1, Ordering::SeqCst) == 0 {
                cancel.store(true, Ordering::SeqCst);
                eprintln!(
                    "\ninterrupted: finishing the runs in progress (Ctrl-C again to stop now)"
                );
            } else {
                eprintln!("\nstopped; completed runs are kept. Resume with the same command.");
                std::process::exit(130);
            }
        });
    }
    let resume = format!(
        "albench run {}{}",
        a.spec.display(),
        a.out
            .as_ref()
            .map_or(String::new(), |o| format!(" --out {}", o.display()))
    );
    let summary = match super::hosts::run_waiting(&exp, &ctx, &dir, shard, &p, a.jobs, mode, &cancel)
    {
        Ok(s) => s,
        Err(e) => {
            return Err(match AppError::from(e) {
                AppError::Failure(m) => AppError::Failure(format!(
                    "{m}; the runs completed in {} are intact: fix the cause (free space, a writable directory) and resume with: {resume}",
                    out.display()
                )),
                other => other,
            })
        }
    };
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
            out.display()
        );
    }
    if summary.cancelled > 0 {
        eprintln!(
            "interrupted: {} run(s) not started. Resume with: {resume}",
            summary.cancelled
        );
        return Ok(ExitCode::from(130));
    }
    if !a.no_report {
        let report_dir = super::report::default_report_dir(&exp.spec.name);
        match super::report::write(&out, &report_dir) {
            Ok(path) => eprintln!("report: {}", path.display()),
            Err(e) => {
                return Err(AppError::Failure(format!(
                    "report not written: {e}; the results in {} are complete: write it with: albench report {} --out {}",
                    out.display(),
                    out.display(),
                    report_dir.display()
                )))
            }
        }
    }
    Ok(if summary.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
