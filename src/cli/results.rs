//! The arguments of the commands that read results: `report`, `compare`, `export`, `tables`
//! and `map` (clap only; no logic).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use albench::learner::BackendKind;
use albench::report::{Band, XAxis};
use albench::spec::{Correction, TestKind};

use super::names;

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
