//! `albench report` and `albench compare`: a results directory → report files or one
//! metric's comparison on stdout.

use std::path::PathBuf;
use std::process::ExitCode;

use albench::pipeline::default_report_dir;
use albench::report::{
    compare_csv, compare_json, compare_markdown, cross_csv, cross_html, cross_json, cross_latex,
    cross_markdown, cross_ranking, write_report_with, Analysis, MetricAnalysis, Options,
};

use super::inputs::{analysis, options, read};
use super::AppError;
use crate::cli::{CompareArgs, Format, ReportArgs, StatsArgs};

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
    if a.results.len() > 1 {
        return compare_across(a);
    }
    let data = read(&a.results[0])?;
    let opts = options(&data, &a.stats, std::slice::from_ref(&a.metric))?;
    let an = analysis(&data, &opts)?;
    let m = &an.metrics[0];
    let text = match a.format {
        Format::Table | Format::Md => compare_markdown(&an, m),
        Format::Csv => compare_csv(m),
        Format::Json => compare_json(&an, m),
        Format::Latex | Format::Html => {
            return Err(AppError::Flag(
                "--format latex and html rank methods across experiments: give several results directories".into(),
            ))
        }
    };
    super::print_out(&format!("{text}\n"));
    Ok(ExitCode::SUCCESS)
}

/// `albench compare DIR DIR …`: the methods ranked across the experiments.
fn compare_across(a: CompareArgs) -> Result<ExitCode, AppError> {
    let metrics = std::slice::from_ref(&a.metric);
    let analyses = analyse_all(&a.results, &a.stats, metrics)?;
    let c = cross_ranking(&a.metric, &named(&analyses, &a.metric));
    let text = match a.format {
        Format::Table | Format::Md => cross_markdown(&c),
        Format::Csv => cross_csv(&c),
        Format::Json => cross_json(&c),
        Format::Latex => cross_latex(&c),
        Format::Html => cross_html(&c),
    };
    super::print_out(&format!("{text}\n"));
    Ok(ExitCode::SUCCESS)
}

/// Each directory analysed with the statistics options and `metrics` (empty: each spec's
/// `report.metrics`), named by its experiment, or by its path when two directories hold the
/// same experiment.
pub fn analyse_all(
    dirs: &[PathBuf],
    stats: &StatsArgs,
    metrics: &[String],
) -> Result<Vec<(String, Analysis)>, AppError> {
    let mut analyses = Vec::new();
    for dir in dirs {
        let data = read(dir)?;
        let opts = options(&data, stats, metrics)?;
        analyses.push(analysis(&data, &opts)?);
    }
    let names: Vec<String> = analyses
        .iter()
        .zip(dirs)
        .map(|(an, dir)| {
            let twins = analyses.iter().filter(|b| b.experiment == an.experiment);
            if twins.count() > 1 {
                dir.display().to_string()
            } else {
                an.experiment.clone()
            }
        })
        .collect();
    Ok(names.into_iter().zip(analyses).collect())
}

/// The experiments' analyses of `metric` (an experiment without it is left out).
pub fn named<'a>(
    analyses: &'a [(String, Analysis)],
    metric: &str,
) -> Vec<(String, &'a MetricAnalysis)> {
    analyses
        .iter()
        .filter_map(|(name, an)| {
            an.metrics
                .iter()
                .find(|m| m.metric == metric)
                .map(|m| (name.clone(), m))
        })
        .collect()
}
