//! `albench slurm`: write the sbatch scripts of an experiment (a job array, one shard per
//! task, and a report job), print the array script, and with `--submit` submit both
//! (the report job with `--dependency=afterany:<array>`) and print the job ids.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use albench::cluster::{array_script, report_script, shell_quote, SlurmOptions};
use albench::spec;

use super::AppError;
use crate::cli::SlurmArgs;

/// Slurm's default `MaxArraySize` is 1001: array indices 0..=1000.
const MAX_TASKS: usize = 1000;

fn absolute(p: &Path) -> Result<PathBuf, AppError> {
    std::path::absolute(p).map_err(|e| AppError::Input(format!("{}: {e}", p.display())))
}

/// An `#SBATCH` value must be one word: Slurm does not unquote them.
fn one_word(flag: &str, v: &str) -> Result<(), AppError> {
    if v.is_empty() || v.chars().any(|c| c.is_whitespace() || c == '#') {
        return Err(AppError::Flag(format!(
            "{flag} {v:?}: must be one word without spaces (Slurm reads #SBATCH values unquoted)"
        )));
    }
    Ok(())
}

/// The options of the scripts, from the flags and the loaded spec.
fn options(a: &SlurmArgs) -> Result<SlurmOptions, AppError> {
    let exp = spec::load(&a.spec, a.scale.as_deref())?;
    let runs = exp.n_runs();
    let tasks = match a.tasks {
        Some(0) => return Err(AppError::Flag("--tasks 0: must be ≥ 1".into())),
        Some(n) if n > MAX_TASKS => {
            return Err(AppError::Flag(format!(
                "--tasks {n}: at most {MAX_TASKS} (Slurm's default MaxArraySize)"
            )))
        }
        Some(n) if n > runs => {
            eprintln!("note: --tasks {n} > {runs} runs: {runs} tasks");
            runs
        }
        Some(n) => n,
        None => runs.min(MAX_TASKS),
    };
    if a.cpus_per_task == Some(0) {
        return Err(AppError::Flag("--cpus-per-task 0: must be ≥ 1".into()));
    }
    super::hosts::lease(a.lease_secs)?;
    let out = absolute(
        &a.out
            .clone()
            .unwrap_or_else(|| PathBuf::from("results").join(&exp.spec.name)),
    )?;
    let report = absolute(
        &a.report_out
            .clone()
            .unwrap_or_else(|| albench::pipeline::default_report_dir(&exp.spec.name)),
    )?;
    let workdir = absolute(Path::new("."))?;
    let logs = out.join("slurm").join("logs");
    for (flag, v) in [
        ("--partition", a.partition.as_deref()),
        ("--time", a.time.as_deref()),
        ("--mem", a.mem.as_deref()),
        ("--out", Some(&*logs.to_string_lossy())),
        ("(working directory)", Some(&*workdir.to_string_lossy())),
    ] {
        if let Some(v) = v {
            one_word(flag, v)?;
        }
    }
    if a.gpus_per_task.is_some_and(|g| g > 0) && matches!(a.backend.name(), "flex" | "cpu") {
        eprintln!(
            "note: --gpus-per-task with --backend {}: the tasks train on the CPU; pass --backend cuda or wgpu to use the GPUs",
            a.backend.name()
        );
    }
    let mut run_args = vec!["--backend".to_string(), a.backend.name().to_string()];
    if let Some(s) = &a.scale {
        run_args.extend(["--scale".to_string(), s.clone()]);
    }
    if let Some(l) = a.lease_secs {
        run_args.extend(["--lease-secs".to_string(), l.to_string()]);
    }
    Ok(SlurmOptions {
        name: exp.spec.name.clone(),
        albench: std::env::current_exe()
            .map_err(|e| AppError::Failure(format!("the albench binary: {e}")))?,
        spec: absolute(&a.spec)?,
        out,
        report,
        workdir,
        logs,
        tasks,
        runs,
        partition: a.partition.clone(),
        time: a.time.clone(),
        cpus_per_task: a.cpus_per_task,
        gpus_per_task: a.gpus_per_task,
        mem: a.mem.clone(),
        run_args,
    })
}

/// `albench slurm`.
pub fn slurm(a: SlurmArgs) -> Result<ExitCode, AppError> {
    let o = options(&a)?;
    let dir = o.out.join("slurm");
    let (array, report) = (dir.join("array.sbatch"), dir.join("report.sbatch"));
    let fail = |p: &Path, e: std::io::Error| AppError::Failure(format!("{}: {e}", p.display()));
    std::fs::create_dir_all(&o.logs).map_err(|e| fail(&o.logs, e))?;
    std::fs::write(&array, array_script(&o)).map_err(|e| fail(&array, e))?;
    std::fs::write(&report, report_script(&o)).map_err(|e| fail(&report, e))?;
    if !a.submit {
        super::print_out(&array_script(&o));
        eprintln!(
            "wrote {} and {}; submit both with:\n  jid=$(sbatch --parsable {}) && sbatch --dependency=afterany:${{jid%%;*}} {}",
            array.display(),
            report.display(),
            shell_quote(&array.to_string_lossy()),
            shell_quote(&report.to_string_lossy())
        );
        return Ok(ExitCode::SUCCESS);
    }
    let array_id = sbatch(&[], &array)?;
    let report_id = sbatch(&[format!("--dependency=afterany:{array_id}")], &report)?;
    println!("array job {array_id} ({} tasks)", o.tasks);
    println!("report job {report_id} (after the array ends)");
    eprintln!(
        "watch: squeue -j {array_id},{report_id}; logs in {}; report in {}",
        o.logs.display(),
        o.report.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Run `sbatch --parsable ARGS SCRIPT`; the job id.
fn sbatch(args: &[String], script: &Path) -> Result<String, AppError> {
    let out = Command::new("sbatch")
        .arg("--parsable")
        .args(args)
        .arg(script)
        .output()
        .map_err(|e| AppError::Failure(format!("sbatch: {e} (is Slurm installed and on PATH?)")))?;
    if !out.status.success() {
        return Err(AppError::Failure(format!(
            "sbatch {}: {}",
            script.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    // `--parsable` prints `<id>` or `<id>;<cluster>`
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .trim()
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string())
}
