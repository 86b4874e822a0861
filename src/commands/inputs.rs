//! What several commands read: a results directory, analysed with the report options of
//! its spec and the flags.

use std::path::Path;

use albench::report::{analyse, Analysis, Options};
use albench::results::ResultsData;

use super::flags::report_overrides;
use super::AppError;
use crate::cli::StatsArgs;

/// The results directory `dir`, read once (bad input when unreadable).
pub fn read(dir: &Path) -> Result<ResultsData, AppError> {
    ResultsData::read(dir).map_err(|e| AppError::Input(e.to_string()))
}

/// The spec's report options with the flags applied.
pub fn options(data: &ResultsData, s: &StatsArgs, metrics: &[String]) -> Result<Options, AppError> {
    Ok(report_overrides(s, metrics)?.apply(Options::from_report(&data.header.report)))
}

/// Analyse `data` with `opts` (bad input when the results do not allow it).
pub fn analysis(data: &ResultsData, opts: &Options) -> Result<Analysis, AppError> {
    analyse(data, opts).map_err(|e| AppError::Input(e.to_string()))
}
