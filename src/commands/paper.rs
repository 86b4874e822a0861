//! `albench tables --paper`: flags → [`albench::pipeline::make_pages`].

use std::process::ExitCode;

use albench::pipeline::{make_pages, PaperRequest, PaperScale};
use albench::report::{find_page, PAGES};

use super::flags::{check_jobs, report_overrides};
use super::AppError;
use crate::cli::TablesArgs;

/// `albench tables --paper [--from-committed] [--only NAME]... [--scale smoke|full]`.
pub fn paper(a: &TablesArgs) -> Result<ExitCode, AppError> {
    let scale = match a.scale.as_deref() {
        None | Some("full") => PaperScale::Full,
        Some("smoke") => PaperScale::Smoke,
        Some(s) => {
            return Err(AppError::Flag(format!(
                "--scale {s}: with --paper, smoke or full"
            )))
        }
    };
    check_jobs(a.jobs)?;
    let names: Vec<&str> = PAGES.iter().map(|p| p.name).collect();
    let chosen: Vec<&'static str> = if a.only.is_empty() {
        names.clone()
    } else {
        a.only
            .iter()
            .map(|n| {
                find_page(n).map(|p| p.name).ok_or_else(|| {
                    AppError::Flag(format!(
                        "--only {n}: no such page; pages: {}",
                        names.join(", ")
                    ))
                })
            })
            .collect::<Result<_, _>>()?
    };
    let index = make_pages(&PaperRequest {
        backend: a.backend,
        device: a.device,
        scale,
        jobs: a.jobs,
        chosen,
        overrides: report_overrides(&a.stats, &a.metrics)?,
        from_committed: a.from_committed,
    })?;
    super::print_out(&format!("{}\n", index.display()));
    Ok(ExitCode::SUCCESS)
}
