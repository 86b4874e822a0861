//! `albench report`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::AppError;
use crate::cli::ReportArgs;

/// `reports/<name>` for a results directory `results/<name>`.
pub fn default_report_dir(results: &Path) -> PathBuf {
    PathBuf::from("reports").join(results.file_name().unwrap_or_default())
}

/// Write the report of `results` into `out`; returns the report.md path.
pub fn write(results: &Path, out: &Path) -> Result<PathBuf, AppError> {
    albench::report::write_report(results, out).map_err(|e| AppError::Input(e.to_string()))
}

/// `albench report`.
pub fn report(a: ReportArgs) -> Result<ExitCode, AppError> {
    let out = a.out.unwrap_or_else(|| default_report_dir(&a.results));
    let p = write(&a.results, &out)?;
    println!("{}", p.display());
    Ok(ExitCode::SUCCESS)
}
