//! Command-line definitions (clap only; no logic).

mod results;

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use albench::learner::BackendKind;

pub use results::{
    CompareArgs, ExportArgs, Format, MapArgs, MapFormat, ReportArgs, StatsArgs, TablesArgs,
    TablesFormat, TablesLayout,
};

/// A flag whose values are the names of a library enum: `all` its values, `name` their
/// spelling. The library owns the vocabulary; clap only checks and converts.
pub(crate) fn names<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    name: fn(T) -> &'static str,
) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(all.iter().map(move |t| name(*t))).map(move |s| {
        *all.iter()
            .find(|t| name(**t) == s)
            .expect("clap checked the possible values")
    })
}

/// albench: active-learning experiments from a TOML spec.
#[derive(Parser, Debug)]
#[command(name = "albench", version, about)]
pub struct Cli {
    /// Command.
    #[command(subcommand)]
    pub command: Command,
}

/// Commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run an experiment (resumes: completed runs are skipped), then write its report.
    Run(RunArgs),
    /// Train a model on a spec's data and save its weights (a baseline for `model.init`).
    Pretrain(PretrainArgs),
    /// Write a trained classifier's penultimate features of a spec's dataset as a `features`
    /// dataset directory (train/test .npy files and classes.txt).
    Embed(EmbedArgs),
    /// List scorers, samplers, datasets, models or backends.
    List {
        /// What to list (all when omitted).
        #[arg(value_enum)]
        what: Option<ListWhat>,
    },
    /// Write the report of a results directory.
    Report(ReportArgs),
    /// Print the AUC table and p-value matrix of one metric.
    Compare(CompareArgs),
    /// Write a results directory's compact results (spec, manifest, every round and
    /// selection as text, small enough to commit), which `report`, `compare` and `tables`
    /// read like the results directory itself.
    Export(ExportArgs),
    /// Publication tables of a results directory: AUC, p-values, per round, labeling cost.
    Tables(TablesArgs),
    /// Evaluate COCO-format detections against COCO-format ground truth (AP, AP50, AP75,
    /// per class, per size, wMAP), as pycocotools' COCOeval does.
    Map(MapArgs),
    /// Write (and with --submit, submit) a Slurm job array that runs an experiment, one shard
    /// per array task, and a report job that runs when the array ends (docs/cluster.md).
    Slurm(SlurmArgs),
}

/// `albench run`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// Spec file (TOML).
    pub spec: PathBuf,
    /// Results directory (default: results/<name>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Runs computed concurrently.
    #[arg(long, default_value_t = 1)]
    pub jobs: usize,
    /// Run only shard I of N (`I/N`, 0-based), e.g. one per machine; `auto` (or `auto/N`)
    /// takes I and N from a Slurm job array or a Kubernetes Indexed Job (docs/cluster.md).
    #[arg(long)]
    pub shard: Option<String>,
    /// A run claimed by a process on another host is taken over once its claim has not been
    /// refreshed for this many seconds (default 300, or ALBENCH_LEASE_SECS).
    #[arg(long, value_name = "SECS")]
    pub lease_secs: Option<f64>,
    /// Backend.
    #[arg(long, value_parser = names(&BackendKind::ALL, BackendKind::name), default_value = "flex")]
    pub backend: BackendKind,
    /// GPU index.
    #[arg(long, default_value_t = 0)]
    pub device: usize,
    /// Apply the spec's `[scale.<NAME>]` overrides (`full`: the spec as written).
    #[arg(long, value_name = "NAME")]
    pub scale: Option<String>,
    /// Print the expanded run table (and every learner command the run would start) and
    /// exit without training.
    #[arg(long)]
    pub dry_run: bool,
    /// Allow `model.command` learners whose script is not inside the spec's directory
    /// (they run code on this machine: read them first).
    #[arg(long)]
    pub allow_exec: bool,
    /// Discard results of a different spec in the results directory.
    #[arg(long)]
    pub force: bool,
    /// Do not write the report at the end.
    #[arg(long)]
    pub no_report: bool,
    /// Plain progress lines (logs, CI).
    #[arg(long)]
    pub quiet: bool,
    /// Data-cache directory (default: ALBENCH_CACHE, else <out>/cache; docs/data-cache.md).
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
}

/// `albench slurm`.
#[derive(Args, Debug)]
pub struct SlurmArgs {
    /// Spec file (TOML).
    pub spec: PathBuf,
    /// Results directory (default: results/<name>); the scripts go to <out>/slurm/.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Report directory of the report job (default: reports/<name>).
    #[arg(long)]
    pub report_out: Option<PathBuf>,
    /// Array tasks, each running one shard (default: one per run, at most 1000).
    #[arg(long)]
    pub tasks: Option<usize>,
    /// Slurm partition.
    #[arg(long)]
    pub partition: Option<String>,
    /// Time limit per task (Slurm syntax, e.g. 2:00:00).
    #[arg(long)]
    pub time: Option<String>,
    /// CPUs per task (also each task's --jobs).
    #[arg(long)]
    pub cpus_per_task: Option<usize>,
    /// GPUs per task.
    #[arg(long)]
    pub gpus_per_task: Option<usize>,
    /// Memory per node (Slurm syntax, e.g. 8G).
    #[arg(long)]
    pub mem: Option<String>,
    /// Apply the spec's `[scale.<NAME>]` overrides.
    #[arg(long, value_name = "NAME")]
    pub scale: Option<String>,
    /// Backend of the tasks.
    #[arg(long, value_parser = names(&BackendKind::ALL, BackendKind::name), default_value = "flex")]
    pub backend: BackendKind,
    /// Lease of the tasks' run claims, seconds (see `run --lease-secs`).
    #[arg(long, value_name = "SECS")]
    pub lease_secs: Option<f64>,
    /// Submit with sbatch (the array, then the report job with afterany) and print the job ids.
    #[arg(long)]
    pub submit: bool,
}

/// `albench pretrain`.
#[derive(Args, Debug)]
pub struct PretrainArgs {
    /// Spec whose [data], [model] and [train] tables describe the training.
    pub spec: PathBuf,
    /// Weights file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Training samples drawn from the pool, or from the reserved images with --reserved
    /// (default: all of them).
    #[arg(long)]
    pub samples: Option<usize>,
    /// Train on the spec's `data.reserve` images (training-split images its experiment never
    /// uses) instead of its pool: a baseline pretrained outside the experiment's splits.
    #[arg(long)]
    pub reserved: bool,
    /// Backend.
    #[arg(long, value_parser = names(&BackendKind::ALL, BackendKind::name), default_value = "flex")]
    pub backend: BackendKind,
    /// GPU index.
    #[arg(long, default_value_t = 0)]
    pub device: usize,
    /// Apply the spec's `[scale.<NAME>]` overrides (`full`: the spec as written).
    #[arg(long, value_name = "NAME")]
    pub scale: Option<String>,
}

/// `albench embed`.
#[derive(Args, Debug)]
pub struct EmbedArgs {
    /// Spec whose [data] gives the images and whose [model] gives arch and width.
    pub spec: PathBuf,
    /// Weights file (from `albench pretrain`).
    #[arg(long)]
    pub weights: PathBuf,
    /// Directory to write (must not exist): train_features.npy, train_labels.npy,
    /// test_features.npy, test_labels.npy, classes.txt.
    #[arg(long)]
    pub out: PathBuf,
    /// Backend.
    #[arg(long, value_parser = names(&BackendKind::ALL, BackendKind::name), default_value = "flex")]
    pub backend: BackendKind,
    /// GPU index.
    #[arg(long, default_value_t = 0)]
    pub device: usize,
    /// Apply the spec's `[scale.<NAME>]` overrides (`full`: the spec as written).
    #[arg(long, value_name = "NAME")]
    pub scale: Option<String>,
}

/// Things `albench list` can list.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ListWhat {
    /// Scoring functions.
    Scorers,
    /// Sampling strategies.
    Samplers,
    /// Aggregations of per-position scores (detection).
    Aggregations,
    /// Datasets.
    Datasets,
    /// Model architectures.
    Models,
    /// Backends compiled in.
    Backends,
}
