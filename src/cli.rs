//! Command-line definitions (clap only; no logic).

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use albench::learner::BackendKind;
use albench::report::{Band, XAxis};
use albench::spec::{Correction, TestKind};

/// A flag whose values are the names of a library enum: `all` its values, `name` their
/// spelling. The library owns the vocabulary; clap only checks and converts.
fn names<T: Copy + Send + Sync + 'static>(
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

/// `albench tables`.
#[derive(Args, Debug)]
pub struct TablesArgs {
    /// Results directory (not with --paper); several: the methods ranked across these
    /// experiments for each metric (mean rank, Ash et al.'s penalty matrix, normalised AUBC).
    #[arg(required_unless_present = "paper", conflicts_with = "paper", num_args = 1..)]
    pub results: Vec<PathBuf>,
    /// Regenerate the source papers' tables: run (resuming) experiments/paper/<name>.toml and
    /// write reports/paper/<name>.md and index.md (smoke scale: results/paper-smoke/,
    /// reports/paper-smoke/).
    #[arg(long)]
    pub paper: bool,
    /// With --paper: rebuild pages and index from reports/paper/results/ alone (no training).
    #[arg(long, requires = "paper")]
    pub from_committed: bool,
    /// With --paper: only these pages (repeatable).
    #[arg(long, requires = "paper", value_name = "NAME")]
    pub only: Vec<String>,
    /// With --paper: parallel runs per spec.
    #[arg(long, requires = "paper", default_value_t = 1)]
    pub jobs: usize,
    /// With --paper: backend of the runs and the baselines' pretraining.
    #[arg(long, requires = "paper", value_parser = names(&BackendKind::ALL, BackendKind::name), default_value = "flex")]
    pub backend: BackendKind,
    /// With --paper: GPU index.
    #[arg(long, requires = "paper", default_value_t = 0)]
    pub device: usize,
    /// Table layout.
    #[arg(long, value_enum, default_value = "auc")]
    pub layout: TablesLayout,
    /// Metrics (default: the spec's report.metrics).
    #[arg(long = "metric")]
    pub metrics: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: TablesFormat,
    /// Divide AUCs by this (1e-2: the thesis' "AUC scaled by 10^-2"); with --paper, the
    /// scale of the specs: `smoke` or `full` (default full).
    #[arg(long)]
    pub scale: Option<String>,
    /// Statistics options.
    #[command(flatten)]
    pub stats: StatsArgs,
}

/// `albench tables --layout`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum TablesLayout {
    /// Methods × metrics, mean AUC ± std (thesis Table 4.2).
    Auc,
    /// Pairwise p-value matrix per metric (thesis Tables 4.3–4.5).
    Pvalues,
    /// Metric per round (NVIDIA Table IV).
    Rounds,
    /// Labeling cost at the last round.
    Cost,
}

/// `albench tables --format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum TablesFormat {
    /// Markdown.
    Md,
    /// Standalone LaTeX (booktabs).
    Latex,
    /// CSV.
    Csv,
}

/// `albench map`.
#[derive(Args, Debug)]
pub struct MapArgs {
    /// Ground truth: a COCO instances JSON (images, annotations, categories).
    pub ground_truth: PathBuf,
    /// Detections: a COCO results JSON (a list of {image_id, category_id, bbox, score}).
    pub detections: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: MapFormat,
    /// Size ranges: `coco` (small ≤ 32², medium ≤ 96² px²) or `WxH` to scale them to the
    /// fraction of a W×H image that COCO's cover of 640×480 (docs/detection.md).
    #[arg(long, default_value = "coco")]
    pub sizes: String,
}

/// `albench map --format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum MapFormat {
    /// A readable table.
    Table,
    /// One JSON object.
    Json,
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

/// Statistics options shared by `report` and `compare` (defaults: the spec's `[report]`).
#[derive(Args, Debug, Clone)]
pub struct StatsArgs {
    /// Baseline label.
    #[arg(long)]
    pub baseline: Option<String>,
    /// Test on per-run AUCs.
    #[arg(long, value_parser = names(&TestKind::ALL, TestKind::name))]
    pub test: Option<TestKind>,
    /// Multiple-comparison correction.
    #[arg(long, value_parser = names(&Correction::ALL, Correction::name))]
    pub correction: Option<Correction>,
    /// x axis of curves and AUCs.
    #[arg(long, value_parser = names(&XAxis::ALL, XAxis::flag), default_value = "n-labeled")]
    pub x: XAxis,
    /// Label-efficiency target, fraction of the baseline's final mean.
    #[arg(long)]
    pub target: Option<f64>,
    /// Equivalence margin in AUC units: "equivalent" only when a TOST shows |Δ| < M.
    #[arg(long, value_name = "M")]
    pub equivalence: Option<f64>,
    /// Use only run files written by this spec hash.
    #[arg(long)]
    pub spec_hash: Option<String>,
}

/// `albench report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Results directory.
    pub results: PathBuf,
    /// Report directory (default: reports/<name>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Metrics (default: the spec's report.metrics).
    #[arg(long = "metric")]
    pub metrics: Vec<String>,
    /// The band around learning curves: ±1 std over runs, or the 95% CI of the mean.
    #[arg(long, value_parser = names(&Band::ALL, Band::flag), default_value = "std")]
    pub band: Band,
    /// Add a table of each method against the baseline at every round (p corrected over
    /// every method × round).
    #[arg(long)]
    pub per_round: bool,
    /// Statistics options.
    #[command(flatten)]
    pub stats: StatsArgs,
}

/// `albench export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Results directory (or compact results).
    pub results: PathBuf,
    /// Directory to write the compact results into (created; its files are replaced).
    #[arg(long)]
    pub out: PathBuf,
}

/// `albench compare`.
#[derive(Args, Debug)]
pub struct CompareArgs {
    /// Results directory; several: the ranking of the methods across these experiments
    /// (mean rank, Ash et al.'s penalty matrix, normalised AUBC).
    #[arg(required = true, num_args = 1..)]
    pub results: Vec<PathBuf>,
    /// Metric.
    #[arg(long)]
    pub metric: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Statistics options.
    #[command(flatten)]
    pub stats: StatsArgs,
}

/// `--format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Plain-text table (Markdown layout).
    Table,
    /// Markdown.
    Md,
    /// CSV of the AUC table.
    Csv,
    /// One JSON object (docs/report.md).
    Json,
    /// LaTeX tables (several directories).
    Latex,
    /// An HTML page with the penalty matrix as a heatmap (several directories).
    Html,
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
