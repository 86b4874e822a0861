//! `albench run`: flags → [`albench::pipeline::run_loaded`], then the report.

use std::path::PathBuf;
use std::process::ExitCode;

use albench::learner::external::trust;
use albench::pipeline::{
    default_report_dir, default_results_dir, load_spec, run_loaded, RunRequest,
};
use albench::results::ResultsDir;
use albench::runner::{plan, spec_dir, ProgressMode, Shard};
use albench::spec::Experiment;

use super::flags::check_jobs;
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

/// The data-cache directory: `--cache`, else `ALBENCH_CACHE`, else `<out>/cache`.
fn cache_dir(flag: Option<&std::path::Path>, out: &std::path::Path) -> PathBuf {
    flag.map(PathBuf::from)
        .or_else(|| std::env::var_os("ALBENCH_CACHE").map(PathBuf::from))
        .unwrap_or_else(|| out.join("cache"))
}

/// The highest directory on `dir`'s path that does not exist yet (what creating `dir`
/// creates), or `None` when `dir` exists.
fn first_missing(dir: &std::path::Path) -> Option<PathBuf> {
    let mut top = None;
    let mut p = Some(dir);
    while let Some(d) = p.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        top = Some(d.to_path_buf());
        p = d.parent();
    }
    top
}

/// A run that stopped on an error leaves no directory it created only for the data cache
/// (bad input leaves no `results/` behind): `top` is removed when every file under it is in
/// `cache`.
fn remove_if_only_cache(top: &std::path::Path, cache: &std::path::Path) {
    fn only_cache(d: &std::path::Path, cache: &std::path::Path) -> bool {
        let Ok(rd) = std::fs::read_dir(d) else {
            return true;
        };
        rd.flatten().all(|e| {
            let p = e.path();
            p.starts_with(cache) || (p.is_dir() && only_cache(&p, cache))
        })
    }
    if only_cache(top, cache) {
        let _ = std::fs::remove_dir_all(top);
    }
}

/// Each distinct `model.command` of the configurations (external learners), once.
fn commands(exp: &Experiment) -> Vec<&[String]> {
    let mut out: Vec<&[String]> = Vec::new();
    for c in &exp.configs {
        let cmd = c.config.model.command.as_slice();
        if c.config.model.arch.is_external() && !out.contains(&cmd) {
            out.push(cmd);
        }
    }
    out
}

/// `--dry-run`: every learner command the run would start, from which directory, with its
/// script's SHA-256 and whether it may start (empty without external learners).
pub fn learner_commands(exp: &Experiment, allow_exec: bool) -> String {
    let dir = spec_dir(exp);
    let mut out = String::new();
    for cmd in commands(exp) {
        let (script, sha) = trust::identify(cmd, &dir);
        let may = match trust::check_allowed(cmd, &dir, allow_exec) {
            Ok(()) => "allowed".to_string(),
            Err(_) => "needs --allow-exec".to_string(),
        };
        out.push_str(&format!(
            "learner command (run from {}): {}  [script {}, sha256 {}; {may}]\n",
            dir.display(),
            trust::shown(cmd),
            script.as_deref().unwrap_or("none"),
            sha.as_deref().unwrap_or("n/a"),
        ));
    }
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
    check_jobs(a.jobs)?;
    super::hosts::lease(a.lease_secs)?;
    let exp = load_spec(&a.spec, a.scale.as_deref())?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| default_results_dir(&exp.spec.name));
    if a.dry_run {
        super::print_out(&dry_run_table(&exp, &ResultsDir::new(&out), shard));
        super::print_out(&learner_commands(&exp, a.allow_exec));
        for w in missing_init_files(&exp) {
            eprintln!("note: model.init \"{w}\" does not exist yet; make it with `albench pretrain` before the run");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let resume = format!(
        "albench run {}{}",
        a.spec.display(),
        a.out
            .as_ref()
            .map_or(String::new(), |o| format!(" --out {}", o.display()))
    );
    let cache = cache_dir(a.cache.as_deref(), &out);
    let made = first_missing(&cache);
    albench::data::cache::set_cache(Some(albench::data::cache::CacheConfig {
        dir: cache.clone(),
        quiet: a.quiet,
    }));
    let request = RunRequest {
        out: out.clone(),
        jobs: a.jobs,
        shard,
        backend: a.backend,
        device: a.device,
        force: a.force,
        mode: if a.quiet {
            ProgressMode::Plain
        } else {
            ProgressMode::Auto
        },
        resume,
        allow_exec: a.allow_exec,
    };
    let summary = run_loaded(&exp, &request).inspect_err(|_| {
        if let Some(top) = &made {
            remove_if_only_cache(top, &cache);
        }
    })?;
    if summary.cancelled > 0 {
        return Ok(ExitCode::from(130));
    }
    if !a.no_report {
        write_report(&out, &exp.spec.name)?;
    }
    Ok(if summary.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The report of the completed results `out` into `reports/<name>`; a failure says how to
/// write it later.
fn write_report(out: &std::path::Path, name: &str) -> Result<(), AppError> {
    let report_dir: PathBuf = default_report_dir(name);
    match albench::report::write_report(out, &report_dir) {
        Ok(path) => {
            eprintln!("report: {}", path.display());
            Ok(())
        }
        Err(e) => Err(AppError::Failure(format!(
            "report not written: {e}; the results in {} are complete: write it with: albench report {} --out {}",
            out.display(),
            out.display(),
            report_dir.display()
        ))),
    }
}
