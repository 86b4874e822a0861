//! Reports: [`crate::results::ResultsData`] (read once) → [`analyse`] into one [`Analysis`]
//! (pure statistics from [`crate::stats`]) → renderers that return strings and bytes
//! (the report as a [`Document`] → Markdown and HTML; CSV, JSON, figures). Only
//! [`write_report_with`] touches the filesystem.

mod ab_section;
mod aggregate;
mod analysis;
mod auc;
mod cells;
mod compare;
mod cross_ranking;
mod cross_render;
mod curve;
mod document;
mod error;
mod family;
mod figures;
mod markdown;
mod montage;
mod paper;
mod paper_table;
mod penalty_section;
pub mod plots;
mod redundancy;
mod selections;
mod settings;
mod tables;
mod write;
mod x_axis;

pub use analysis::{
    analyse, analyse_ab, analyse_runs, AbAnalysis, AbLine, AbSet, Analysis, ArmCost, AucRow, Band,
    Curve, CurvePoint, EfficiencyRow, MetricAnalysis, Options, XAxis,
};
pub use compare::{compare_csv, compare_json, compare_markdown};
pub use cross_ranking::{cross_ranking, CrossRanking};
pub use cross_render::{cross_csv, cross_html, cross_json, cross_latex, cross_markdown};
pub use document::{Block, Document};
pub use error::ReportError;
pub use figures::figures;
pub use markdown::{report_document, verdicts};
pub use paper::{
    check_claims, elapsed_between, find_page, index_markdown, page_markdown, paper_tables,
    render_tables, Cell, Claim, ClaimCheck, Layout, MadePage, NotReproduced, Outcome, PageRun,
    PaperPage, PaperTable, PaperValue, Pretrain, TableFormat, NOT_REPRODUCED, PAGES,
};
pub use paper::{committed, SourceP};
pub use redundancy::{redundancy_curves, redundant_fractions};
pub use selections::{selection_stats, SelectionStats};
pub use write::{analyse_dir, write_report, write_report_with};
