//! The pipelines that commands share, on top of the library's parts: run an experiment into
//! a results directory ([`run_loaded`]), pretrain a baseline ([`pretrain_weights`]), and run
//! and write the source papers' table pages ([`make_pages`]). A command turns its flags
//! into one of these requests and maps the typed [`PipelineError`] to an exit code.
//!
//! Dependencies point one way: pipeline → runner, report, learner, data, spec, results.

mod adapter;
mod embed;
mod error;
mod experiment;
mod overrides;
mod paper;
mod paper_committed;
mod pretrain;

pub use embed::{embed_features, EmbedRequest};
pub use error::PipelineError;
pub use experiment::{default_report_dir, default_results_dir, load_spec, run_loaded, RunRequest};
pub use overrides::ReportOverrides;
pub use paper::{make_pages, PaperRequest, PaperScale};
pub use pretrain::{pretrain_weights, PretrainRequest};
