//! `albench tables --paper`: run (resuming) the specs of experiments/paper/ and write one
//! page per source table plus the index.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use albench::report::{
    analyse, find_page, index_markdown, page_markdown, Claim, MadePage, Options, PageRun,
    PaperPage, Pretrain, PAGES,
};
use albench::results::{write_atomic, ResultsData};

use super::AppError;
use crate::cli::{PretrainArgs, RunArgs, TablesArgs};

/// Where a scale's results and pages go.
fn dirs(smoke: bool) -> (PathBuf, PathBuf) {
    if smoke {
        ("results/paper-smoke".into(), "reports/paper-smoke".into())
    } else {
        ("results/paper".into(), "reports/paper".into())
    }
}

/// Run the page's spec (resuming) and write its page; returns what the index needs.
fn make_page(
    page: &PaperPage,
    smoke: bool,
    jobs: usize,
    a: &TablesArgs,
) -> Result<MadePage, AppError> {
    let (results_root, _) = dirs(smoke);
    let out = results_root.join(page.name);
    let spec = page.spec_path();
    if !spec.is_file() {
        return Err(AppError::Input(format!(
            "{}: missing (run albench tables --paper from the repository root)",
            spec.display()
        )));
    }
    for b in page.pretrain {
        make_baseline(b, a)?;
    }
    let code = super::run::run(RunArgs {
        spec: spec.clone(),
        out: Some(out.clone()),
        jobs,
        shard: None,
        lease_secs: None,
        backend: a.backend,
        device: a.device,
        scale: smoke.then(|| "smoke".to_string()),
        dry_run: false,
        force: false,
        no_report: true,
        quiet: true,
    })?;
    if code != ExitCode::SUCCESS {
        return Err(AppError::Failure(format!(
            "{}: some runs failed; see {}",
            spec.display(),
            out.display()
        )));
    }
    page_from_results(page, smoke, a)?
        .ok_or_else(|| AppError::Failure(format!("{}: no results after the run", out.display())))
}

/// The line a baseline's pretraining printed, kept beside its weights file.
fn baseline_note(b: &Pretrain) -> PathBuf {
    PathBuf::from(format!("{}.txt", b.out))
}

/// Pretrain `b` unless its weights file is there (at the spec's full scale, for every
/// scale). Delete the file to make it again — and the page's results, whose runs started
/// from the old one.
fn make_baseline(b: &Pretrain, a: &TablesArgs) -> Result<(), AppError> {
    let out = PathBuf::from(b.out);
    if out.is_file() {
        return Ok(());
    }
    eprintln!("baseline {}: {}", b.out, b.command());
    if let Some(d) = out.parent() {
        std::fs::create_dir_all(d)
            .map_err(|e| AppError::Failure(format!("{}: {e}", d.display())))?;
    }
    let line = super::pretrain::pretrain_weights(&PretrainArgs {
        spec: b.spec.into(),
        out,
        samples: None,
        reserved: b.reserved,
        backend: a.backend,
        device: a.device,
        scale: None,
    })?;
    write_file(&baseline_note(b), &format!("`{}`: {line}\n", b.command()))
}

/// Analyse the page's results (when its results directory exists) and write its page.
fn page_from_results(
    page: &PaperPage,
    smoke: bool,
    a: &TablesArgs,
) -> Result<Option<MadePage>, AppError> {
    let out = dirs(smoke).0.join(page.name);
    if !out.join("spec.toml").is_file() {
        return Ok(None);
    }
    let data = ResultsData::read(&out).map_err(|e| AppError::Input(e.to_string()))?;
    let opts = super::report::apply(
        Options::from_report(&data.header.report),
        &a.stats,
        &a.metrics,
    )?;
    let mut opts = opts;
    // a claim at a given round reads the per-round table
    opts.per_round |= page
        .claims
        .iter()
        .any(|c| matches!(c, Claim::Final { round: Some(_), .. }));
    let an = analyse(&data, &opts).map_err(|e| AppError::Input(e.to_string()))?;
    let m = &data.manifest;
    let run = PageRun {
        command: format!(
            "albench tables --paper --only {}{}",
            page.name,
            if smoke { " --scale smoke" } else { "" }
        ),
        version: m.albench_version.clone(),
        machine: if m.machines.is_empty() {
            m.cpu.clone()
        } else {
            m.machines.join("; ")
        },
        wall_s: m.runs.values().map(|r| r.wall_s).sum(),
        scale: if smoke { "smoke" } else { "full" }.into(),
        repeats: data
            .experiment
            .as_ref()
            .map(|e| e.spec.repeats)
            .unwrap_or(0),
        baselines: page
            .pretrain
            .iter()
            .map(|b| {
                std::fs::read_to_string(baseline_note(b))
                    .map(|t| t.trim().to_string())
                    .unwrap_or_else(|_| format!("`{}`", b.command()))
            })
            .collect(),
    };
    let (text, checks) = page_markdown(page, &an, &run);
    let (_, pages_dir) = dirs(smoke);
    write_file(&pages_dir.join(format!("{}.md", page.name)), &text)?;
    let made: MadePage = (run, checks);
    let json = serde_json::to_string_pretty(&made)
        .map_err(|e| AppError::Failure(format!("{}: {e}", page.name)))?;
    write_file(&pages_dir.join(format!("{}.json", page.name)), &json)?;
    Ok(Some(made))
}

/// What the index needs of a page whose results are not here (a fresh clone: `results/` is
/// not committed) but whose page was written before: its `<name>.json` beside the page.
fn made_before(page: &PaperPage, smoke: bool) -> Option<MadePage> {
    let p = dirs(smoke).1.join(format!("{}.json", page.name));
    let text = std::fs::read_to_string(p).ok()?;
    serde_json::from_str(&text).ok()
}

fn write_file(p: &Path, text: &str) -> Result<(), AppError> {
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d)
            .map_err(|e| AppError::Failure(format!("{}: {e}", d.display())))?;
    }
    write_atomic(p, text.as_bytes()).map_err(|e| AppError::Failure(format!("{}: {e}", p.display())))
}

/// `albench tables --paper [--only NAME]... [--scale smoke|full]`.
pub fn paper(a: &TablesArgs) -> Result<ExitCode, AppError> {
    let smoke = match a.scale.as_deref() {
        None | Some("full") => false,
        Some("smoke") => true,
        Some(s) => {
            return Err(AppError::Flag(format!(
                "--scale {s}: with --paper, smoke or full"
            )))
        }
    };
    if a.jobs == 0 {
        return Err(AppError::Flag("--jobs 0: must be ≥ 1".into()));
    }
    let names: Vec<&str> = PAGES.iter().map(|p| p.name).collect();
    let chosen: Vec<&PaperPage> = if a.only.is_empty() {
        PAGES.iter().collect()
    } else {
        a.only
            .iter()
            .map(|n| {
                find_page(n).ok_or_else(|| {
                    AppError::Flag(format!(
                        "--only {n}: no such page; pages: {}",
                        names.join(", ")
                    ))
                })
            })
            .collect::<Result<_, _>>()?
    };
    let mut made = Vec::new();
    for page in PAGES {
        if chosen.iter().any(|p| p.name == page.name) {
            eprintln!("page {}: {}", page.name, page.spec_path().display());
            made.push((page, Some(make_page(page, smoke, a.jobs, a)?)));
        } else {
            // pages made earlier keep their line in the index (their page is rewritten from
            // their stored results, nothing is run)
            let made_now = page_from_results(page, smoke, a)?;
            made.push((page, made_now.or_else(|| made_before(page, smoke))));
        }
    }
    let (_, pages_dir) = dirs(smoke);
    write_file(&pages_dir.join("index.md"), &index_markdown(&made))?;
    super::print_out(&format!("{}\n", pages_dir.join("index.md").display()));
    Ok(ExitCode::SUCCESS)
}
