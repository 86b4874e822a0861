//! `albench report` and `albench compare`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use albench::report::{
    analyse, compare_csv, compare_json, compare_markdown, write_report_with, Options,
};
use albench::results::ResultsData;

use super::AppError;
use crate::cli::{CompareArgs, Format, ReportArgs, StatsArgs};

/// `reports/<experiment name>`.
pub fn default_report_dir(name: &str) -> PathBuf {
    PathBuf::from("reports").join(name)
}

/// Write the report of `results` into `out` with the spec's options; returns report.md.
pub fn write(results: &Path, out: &Path) -> Result<PathBuf, AppError> {
    Ok(albench::report::write_report(results, out)?)
}

pub(super) fn apply(
    mut o: Options,
    s: &StatsArgs,
    metrics: &[String],
) -> Result<Options, AppError> {
    if !metrics.is_empty() {
        for m in metrics {
            if !albench::results::is_metric_column(m) {
                return Err(AppError::Flag(format!(
                    "--metric {m}: unknown; allowed: {}",
                    albench::results::METRIC_COLUMNS.join(", ")
                )));
            }
        }
        o.metrics = metrics.to_vec();
    }
    if let Some(b) = &s.baseline {
        o.baseline = Some(b.clone());
    }
    if let Some(t) = s.test {
        o.test = t;
    }
    if let Some(c) = s.correction {
        o.correction = c;
    }
    if let Some(t) = s.target {
        if !(t > 0.0 && t <= 2.0) {
            return Err(AppError::Flag(format!("--target {t}: must be in (0, 2]")));
        }
        o.target = t;
    }
    o.x = s.x;
    if let Some(e) = s.equivalence {
        if !(e >= 0.0 && e.is_finite()) {
            return Err(AppError::Flag(format!(
                "--equivalence {e}: must be a margin ≥ 0 in AUC units"
            )));
        }
        o.equivalence = e;
    }
    o.spec_hash = s.spec_hash.clone();
    Ok(o)
}

/// The results directory `dir`, read once (bad input when unreadable).
fn read(dir: &Path) -> Result<ResultsData, AppError> {
    ResultsData::read(dir).map_err(|e| AppError::Input(e.to_string()))
}

/// `albench report`.
pub fn report(a: ReportArgs) -> Result<ExitCode, AppError> {
    let data = read(&a.results)?;
    let opts = apply(
        Options::from_report(&data.header.report),
        &a.stats,
        &a.metrics,
    )?;
    let opts = Options {
        band: a.band,
        per_round: a.per_round,
        ..opts
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
    let opts = apply(
        Options::from_report(&data.header.report),
        &a.stats,
        std::slice::from_ref(&a.metric),
    )?;
    let an = analyse(&data, &opts).map_err(|e| AppError::Input(e.to_string()))?;
    let m = &an.metrics[0];
    let text = match a.format {
        Format::Table | Format::Md => compare_markdown(&an, m),
        Format::Csv => compare_csv(m),
        Format::Json => compare_json(&an, m),
    };
    super::print_out(&format!("{text}\n"));
    Ok(ExitCode::SUCCESS)
}

/// `albench tables`.
pub fn tables(a: crate::cli::TablesArgs) -> Result<ExitCode, AppError> {
    use crate::cli::{TablesFormat, TablesLayout};
    use albench::report::{paper_tables, render_tables, Layout, TableFormat};
    let Some(results) = &a.results else {
        return super::paper::paper(&a);
    };
    let scale: f64 = match a.scale.as_deref() {
        None => 1.0,
        Some(s) => match s.parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => v,
            _ => {
                return Err(AppError::Flag(format!(
                    "--scale {s}: must be a positive number (e.g. 1e-2); smoke and full go with --paper"
                )))
            }
        },
    };
    let data = read(results)?;
    let opts = apply(
        Options::from_report(&data.header.report),
        &a.stats,
        &a.metrics,
    )?;
    let an = analyse(&data, &opts).map_err(|e| AppError::Input(e.to_string()))?;
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
