//! The sbatch scripts of `albench slurm`: a job array whose tasks each run their shard of an
//! experiment (`albench run SPEC --shard auto`), and a report job meant to be submitted with
//! `--dependency=afterany:<array job>`. Pure: options in, script text out.

use std::path::PathBuf;

/// What the scripts run and what they ask Slurm for. Paths should be absolute (the tasks run
/// on other nodes, from `workdir`).
#[derive(Clone, Debug, PartialEq)]
pub struct SlurmOptions {
    /// Experiment name (job names `albench-<name>`, `albench-<name>-report`).
    pub name: String,
    /// The albench binary the tasks run.
    pub albench: PathBuf,
    /// The spec file.
    pub spec: PathBuf,
    /// Results directory.
    pub out: PathBuf,
    /// Report directory.
    pub report: PathBuf,
    /// Working directory of the tasks (`--chdir`; relative paths in the spec resolve there).
    pub workdir: PathBuf,
    /// Directory of the tasks' log files.
    pub logs: PathBuf,
    /// Array tasks (≥ 1).
    pub tasks: usize,
    /// Total runs of the experiment (for the script's header comment).
    pub runs: usize,
    /// `--partition`.
    pub partition: Option<String>,
    /// `--time` (e.g. `2:00:00`).
    pub time: Option<String>,
    /// `--cpus-per-task`; also each task's `--jobs`.
    pub cpus_per_task: Option<usize>,
    /// `--gpus-per-task`.
    pub gpus_per_task: Option<usize>,
    /// `--mem` (e.g. `8G`).
    pub mem: Option<String>,
    /// Further `albench run` arguments (`--scale smoke`, `--backend wgpu`, …), one per item.
    pub run_args: Vec<String>,
}

/// Quote `s` for a POSIX shell (single quotes; bare when only safe characters).
pub fn shell_quote(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn q(p: &std::path::Path) -> String {
    shell_quote(&p.to_string_lossy())
}

/// `#SBATCH` lines shared by both jobs.
fn common(o: &SlurmOptions, job: &str, log: &str) -> String {
    let mut s = format!(
        "#SBATCH --job-name={job}\n#SBATCH --chdir={}\n#SBATCH --output={}/{log}\n",
        o.workdir.display(),
        o.logs.display()
    );
    if let Some(p) = &o.partition {
        s.push_str(&format!("#SBATCH --partition={p}\n"));
    }
    s
}

/// The job array: task `i` of `tasks` runs shard `i` (`--shard auto` reads
/// `SLURM_ARRAY_TASK_ID`). A requeued or resubmitted task resumes: runs already complete
/// are skipped, runs of a killed task are taken over.
pub fn array_script(o: &SlurmOptions) -> String {
    let mut s = format!(
        "#!/bin/bash\n# albench experiment {}: {} runs in {} array tasks (written by `albench slurm`).\n# Submit: sbatch {}/array.sbatch   Resubmitting resumes: complete runs are skipped.\n",
        o.name,
        o.runs,
        o.tasks,
        o.logs.parent().unwrap_or(&o.logs).display()
    );
    s.push_str(&common(o, &format!("albench-{}", o.name), "%x-%A_%a.out"));
    s.push_str(&format!(
        "#SBATCH --array=0-{}\n#SBATCH --ntasks=1\n#SBATCH --requeue\n",
        o.tasks.max(1) - 1
    ));
    if let Some(t) = &o.time {
        s.push_str(&format!("#SBATCH --time={t}\n"));
    }
    if let Some(c) = o.cpus_per_task {
        s.push_str(&format!("#SBATCH --cpus-per-task={c}\n"));
    }
    if let Some(g) = o.gpus_per_task {
        s.push_str(&format!("#SBATCH --gpus-per-task={g}\n"));
    }
    if let Some(m) = &o.mem {
        s.push_str(&format!("#SBATCH --mem={m}\n"));
    }
    let mut cmd = vec![
        q(&o.albench),
        "run".into(),
        q(&o.spec),
        "--out".into(),
        q(&o.out),
        "--shard".into(),
        "auto".into(),
        "--jobs".into(),
        o.cpus_per_task.unwrap_or(1).to_string(),
        "--no-report".into(),
        "--quiet".into(),
    ];
    cmd.extend(o.run_args.iter().map(|a| shell_quote(a)));
    s.push_str(&format!("set -eu\nexec {}\n", cmd.join(" ")));
    s
}

/// The report job: writes the report of the results directory once the array has ended
/// (submit it with `--dependency=afterany:<array job id>`).
pub fn report_script(o: &SlurmOptions) -> String {
    let mut s = format!(
        "#!/bin/bash\n# albench experiment {}: the report, after the array job (written by `albench slurm`).\n",
        o.name
    );
    s.push_str(&common(
        o,
        &format!("albench-{}-report", o.name),
        "%x-%j.out",
    ));
    s.push_str("#SBATCH --ntasks=1\n");
    if let Some(t) = &o.time {
        s.push_str(&format!("#SBATCH --time={t}\n"));
    }
    s.push_str(&format!(
        "set -eu\nexec {} report {} --out {}\n",
        q(&o.albench),
        q(&o.out),
        q(&o.report)
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> SlurmOptions {
        SlurmOptions {
            name: "tiny".into(),
            albench: "/opt/albench".into(),
            spec: "/w/my spec.toml".into(),
            out: "/w/results/tiny".into(),
            report: "/w/reports/tiny".into(),
            workdir: "/w".into(),
            logs: "/w/results/tiny/slurm/logs".into(),
            tasks: 3,
            runs: 6,
            partition: Some("gpu".into()),
            time: Some("1:00:00".into()),
            cpus_per_task: Some(4),
            gpus_per_task: Some(1),
            mem: Some("8G".into()),
            run_args: vec!["--scale".into(), "smoke".into()],
        }
    }

    #[test]
    fn the_array_runs_one_shard_per_task() {
        let s = array_script(&opts());
        for line in [
            "#SBATCH --array=0-2\n",
            "#SBATCH --partition=gpu\n",
            "#SBATCH --time=1:00:00\n",
            "#SBATCH --cpus-per-task=4\n",
            "#SBATCH --gpus-per-task=1\n",
            "#SBATCH --mem=8G\n",
            "#SBATCH --chdir=/w\n",
            "#SBATCH --output=/w/results/tiny/slurm/logs/%x-%A_%a.out\n",
            "exec /opt/albench run '/w/my spec.toml' --out /w/results/tiny --shard auto --jobs 4 --no-report --quiet --scale smoke\n",
        ] {
            assert!(s.contains(line), "{line} missing from\n{s}");
        }
        assert!(s.starts_with("#!/bin/bash\n"));
        let bare = array_script(&SlurmOptions {
            partition: None,
            time: None,
            cpus_per_task: None,
            gpus_per_task: None,
            mem: None,
            ..opts()
        });
        assert!(!bare.contains("--partition") && !bare.contains("--gpus"));
        assert!(bare.contains("--jobs 1 "));
    }

    #[test]
    fn the_report_job_writes_the_report() {
        let s = report_script(&opts());
        assert!(s.contains("#SBATCH --job-name=albench-tiny-report\n"));
        assert!(s.ends_with("exec /opt/albench report /w/results/tiny --out /w/reports/tiny\n"));
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
