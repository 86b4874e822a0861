//! Command-line definitions (clap only; no logic).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use albench::learner::BackendKind;

/// albench: active-learning experiments from a TOML spec.
#[derive(Parser, Debug)]
#[command(name = "albench", version, about)]
pub struct Cli {
    /// Command.
    #[command(subcommand)]
    pub command: Command,
}

/// Spec scales.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Scale {
    /// `[scale.smoke]` overrides (CI-sized).
    Smoke,
    /// The spec as written.
    Full,
}

/// Commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run an experiment (resumes: completed runs are skipped), then write its report.
    Run(RunArgs),
    /// Train a model on a spec's data and save its weights (a baseline for `model.init`).
    Pretrain(PretrainArgs),
    /// List scorers, samplers, datasets, models or backends.
    List {
        /// What to list (all when omitted).
        #[arg(value_enum)]
        what: Option<ListWhat>,
    },
    /// Write the report of a results directory.
    Report(ReportArgs),
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
    /// Run only shard I of N (`I/N`, 0-based), e.g. one per machine.
    #[arg(long)]
    pub shard: Option<String>,
    /// Backend.
    #[arg(long, value_enum, default_value = "flex")]
    pub backend: BackendKind,
    /// GPU index.
    #[arg(long, default_value_t = 0)]
    pub device: usize,
    /// Apply `[scale.<name>]` overrides.
    #[arg(long, value_enum)]
    pub scale: Option<Scale>,
    /// Print the expanded run table and exit without training.
    #[arg(long)]
    pub dry_run: bool,
    /// Discard results of a different spec in the results directory.
    #[arg(long)]
    pub force: bool,
    /// Do not write the report at the end.
    #[arg(long)]
    pub no_report: bool,
    /// Plain progress lines (logs, CI).
    #[arg(long)]
    pub quiet: bool,
}

/// `albench pretrain`.
#[derive(Args, Debug)]
pub struct PretrainArgs {
    /// Spec whose [data], [model] and [train] tables describe the training.
    pub spec: PathBuf,
    /// Weights file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Training samples drawn from the pool (default: the whole pool).
    #[arg(long)]
    pub samples: Option<usize>,
    /// Backend.
    #[arg(long, value_enum, default_value = "flex")]
    pub backend: BackendKind,
    /// Apply `[scale.<name>]` overrides.
    #[arg(long, value_enum)]
    pub scale: Option<Scale>,
}

/// `albench report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Results directory.
    pub results: PathBuf,
    /// Report directory (default: reports/<name>).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Things `albench list` can list.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ListWhat {
    /// Scoring functions.
    Scorers,
    /// Sampling strategies.
    Samplers,
    /// Datasets.
    Datasets,
    /// Model architectures.
    Models,
    /// Backends compiled in.
    Backends,
}
