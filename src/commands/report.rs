//! `albench report` and `albench compare`: a results directory → report files or one
//! metric's comparison on stdout.

use std::process::ExitCode;

use albench::pipeline::default_report_dir;
use albench::report::{
    compare_csv, compare_json, compare_markdown, cross_csv, cross_html, cross_json, cross_latex,
    cross_markdown, cross_ranking, write_report_with, MetricAnalysis, Options,
};

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
    let mut analyses = Vec::new();
    for dir in &a.results {
        let data = read(dir)?;
        let opts = options(&data, &a.stats, std::slice::from_ref(&a.metric))?;
        analyses.push(analysis(&data, &opts)?);
    }
    let mut named: Vec<(String, &MetricAnalysis)> = Vec::new();
    for (an, dir) in analyses.iter().zip(&a.results) {
        let name = if analyses
            .iter()
            .filter(|b| b.experiment == an.experiment)
            .count()
            > 1
        {
            dir.display().to_string()
        } else {
            an.experiment.clone()
        };
        named.push((name, &an.metrics[0]));
    }
    let c = cross_ranking(&a.metric, &named);
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
