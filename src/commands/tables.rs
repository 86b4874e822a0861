//! `albench tables RESULTS`: publication tables of a results directory on stdout.

use std::path::Path;
use std::process::ExitCode;

use albench::report::{paper_tables, render_tables, Layout, TableFormat};

use super::inputs::{analysis, options, read};
use super::AppError;
use crate::cli::{TablesArgs, TablesFormat, TablesLayout};

/// `--scale X` without `--paper`: a positive factor for the table's values.
fn value_scale(s: Option<&str>) -> Result<f64, AppError> {
    match s {
        None => Ok(1.0),
        Some(s) => match s.parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
            _ => Err(AppError::Flag(format!(
                "--scale {s}: must be a positive number (e.g. 1e-2); smoke and full go with --paper"
            ))),
        },
    }
}

/// `albench tables RESULTS` (`results` is `a.results`, given without `--paper`).
pub fn tables(results: &Path, a: &TablesArgs) -> Result<ExitCode, AppError> {
    let scale = value_scale(a.scale.as_deref())?;
    let data = read(results)?;
    let opts = options(&data, &a.stats, &a.metrics)?;
    let an = analysis(&data, &opts)?;
    let layout = match a.layout {
        TablesLayout::Auc => Layout::Auc,
        TablesLayout::Pvalues => Layout::Pvalues,
        TablesLayout::Rounds => Layout::Rounds,
        TablesLayout::Cost => Layout::Cost,
    };
    let format = match a.format {
        TablesFormat::Md => TableFormat::Md,
        TablesFormat::Latex => TableFormat::Latex,
        TablesFormat::Csv => TableFormat::Csv,
    };
    super::print_out(&render_tables(&paper_tables(&an, layout, scale), format));
    Ok(ExitCode::SUCCESS)
}
