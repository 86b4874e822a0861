//! Reports: load the round tables (polars), analyse them into one [`Analysis`] struct (pure
//! statistics from [`crate::stats`]), then render it (Markdown, CSV, JSON). Renderers return
//! strings; only [`write_report`] touches the filesystem.

mod analysis;
mod compare;
mod error;
mod html;
mod load;
mod markdown;
mod montage;
pub mod plots;
mod redundancy;
mod selections;
mod write;
pub use write::{analyse_dir, options_from_spec};

pub use analysis::{
    analyse, Analysis, AucRow, Curve, CurvePoint, EfficiencyRow, MetricAnalysis, Options, XAxis,
};
pub use compare::{compare_csv, compare_json, compare_markdown};
pub use error::ReportError;
pub use load::{load_runs, RunRows, Runs};
pub use markdown::report_markdown;
pub use redundancy::{redundancy_curves, redundant_fractions};
pub use selections::{selection_stats, SelectionStats};
pub use write::{write_report, write_report_with};
