//! `albench report` and `albench compare`: a results directory → report files or one
//! metric's comparison on stdout.

use std::process::ExitCode;

use albench::pipeline::default_report_dir;
use albench::report::{compare_csv, compare_json, compare_markdown, write_report_with, Options};

use super::inputs::{analysis, options, read};
use super::AppError;
use crate::cli::{CompareArgs, Format, ReportArgs};

/// `albench report`.
pub fn report(a: ReportArgs) -> Result<ExitCode, AppError> {
    let data = read(&a.results)?;
    let opts = Options {
        band: a.band,
        per_round: a.per_round,
        ..options(&data, &a.stats, &a.metrics)?
    };
    let out = a
        .out
        .unwrap_or_else(|| default_report_dir(&data.header.name));
    let p = write_report_with(&data, &out, &opts)?;
    super::print_out(&format!("{}\n", p.display()));
    Ok(ExitCode::SUCCESS)
}

/// `albench compare`.
pub fn compare(a: CompareArgs) -> Result<ExitCode, AppError> {
    let data = read(&a.results)?;
    let opts = options(&data, &a.stats, std::slice::from_ref(&a.metric))?;
    let an = analysis(&data, &opts)?;
    let m = &an.metrics[0];
    let text = match a.format {
        Format::Table | Format::Md => compare_markdown(&an, m),
        Format::Csv => compare_csv(m),
        Format::Json => compare_json(&an, m),
    };
    super::print_out(&format!("{text}\n"));
    Ok(ExitCode::SUCCESS)
}
