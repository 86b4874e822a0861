//! `albench tables RESULTS`: publication tables of a results directory on stdout; with
//! several directories, the methods ranked across them, one block per metric.

use std::path::Path;
use std::process::ExitCode;

use albench::report::{
    cross_csv, cross_latex, cross_markdown, cross_ranking, paper_tables, render_tables, Layout,
    TableFormat,
};

use super::inputs::{analysis, options, read};
use super::report::{analyse_all, named};
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

/// `albench tables DIR DIR …`: for each metric (`--metric`, else the first directory's
/// `report.metrics`), the cross-experiment ranking of `albench compare DIR DIR …` in the
/// chosen format. Only the AUC layout and no `--scale` apply (exit 2 otherwise).
pub fn tables_across(a: &TablesArgs) -> Result<ExitCode, AppError> {
    if a.layout != TablesLayout::Auc || a.scale.is_some() {
        return Err(AppError::Flag(
            "several results directories: the ranking across experiments takes --layout auc (the default) and no --scale".into(),
        ));
    }
    let analyses = analyse_all(&a.results, &a.stats, &a.metrics)?;
    let metrics: Vec<String> = analyses[0]
        .1
        .metrics
        .iter()
        .map(|m| m.metric.clone())
        .collect();
    let ranked = metrics
        .iter()
        .map(|metric| (metric, cross_ranking(metric, &named(&analyses, metric))));
    let text = match a.format {
        TablesFormat::Md => ranked
            .map(|(_, c)| cross_markdown(&c))
            .collect::<Vec<_>>()
            .join("\n\n"),
        TablesFormat::Latex => ranked
            .map(|(_, c)| cross_latex(&c))
            .collect::<Vec<_>>()
            .join("\n\n"),
        TablesFormat::Csv => {
            // One table: the metric prefixed to each of compare's CSV lines.
            let mut s = String::from("metric,");
            for (i, (metric, c)) in ranked.enumerate() {
                for (l, line) in cross_csv(&c).lines().enumerate() {
                    if l > 0 {
                        s.push_str(&format!("{metric},{line}\n"));
                    } else if i == 0 {
                        s.push_str(&format!("{line}\n"));
                    }
                }
            }
            s.trim_end().to_string()
        }
    };
    super::print_out(&format!("{text}\n"));
    Ok(ExitCode::SUCCESS)
}
