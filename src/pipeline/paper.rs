//! The source papers' tables: run (resuming) the specs of experiments/paper/ and write one
//! page per source table plus the index.

use std::path::{Path, PathBuf};

use crate::learner::BackendKind;
use crate::report::{
    analyse, elapsed_between, index_markdown, page_markdown, Claim, MadePage, Options, PageRun,
    PaperPage, Pretrain, PAGES,
};
use crate::results::ResultsData;
use crate::runner::{ProgressMode, Shard};

use super::experiment::{load_spec, run_loaded, RunRequest};
use super::paper_committed::{committed_size, read_committed, write_bytes, write_committed};
use super::pretrain::{pretrain_weights, PretrainRequest};
use super::{PipelineError, ReportOverrides};

/// The scale of the paper pages: smoke (quick, its own directories) or full.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaperScale {
    /// `--scale smoke`: results/paper-smoke/, reports/paper-smoke/.
    Smoke,
    /// The specs as written: results/paper/, reports/paper/.
    Full,
}

impl PaperScale {
    fn smoke(self) -> bool {
        self == PaperScale::Smoke
    }

    /// Where this scale's results and pages go.
    fn dirs(self) -> (PathBuf, PathBuf) {
        if self.smoke() {
            ("results/paper-smoke".into(), "reports/paper-smoke".into())
        } else {
            ("results/paper".into(), "reports/paper".into())
        }
    }
}

/// Which pages to make, and how.
#[derive(Clone, Debug)]
pub struct PaperRequest {
    /// Scale.
    pub scale: PaperScale,
    /// Parallel runs per spec (≥ 1).
    pub jobs: usize,
    /// The pages to run (names of [`PAGES`]); the others are rewritten from their stored
    /// results, nothing is run for them.
    pub chosen: Vec<&'static str>,
    /// Report options over each spec's `[report]`.
    pub overrides: ReportOverrides,
    /// Backend of every run and pretraining.
    pub backend: BackendKind,
    /// Device index of the backend.
    pub device: usize,
    /// `--from-committed`: rebuild the chosen pages from their committed compact results
    /// (`<pages>/results/<page>/`) instead of running or reading `results/`; nothing is
    /// trained. Pages without committed results keep their index line.
    pub from_committed: bool,
}

/// Make the chosen pages (running their specs, resuming), rewrite the others from their
/// stored results, and write the index; with `from_committed`, rebuild the chosen pages from
/// their committed results instead. Returns the index's path.
pub fn make_pages(r: &PaperRequest) -> Result<PathBuf, PipelineError> {
    // the commit is read before anything is written (each page then names the same one)
    git_commit();
    let (_, pages_dir) = r.scale.dirs();
    let mut made = Vec::new();
    for page in PAGES {
        let chosen = r.chosen.contains(&page.name);
        let made_now = if r.from_committed {
            if chosen {
                page_from_committed(page, r)?
            } else {
                None
            }
        } else if chosen {
            eprintln!("page {}: {}", page.name, page.spec_path().display());
            Some(make_page(page, r)?)
        } else {
            // pages made earlier keep their line in the index (their page is rewritten from
            // their stored results, nothing is run)
            page_from_results(page, r)?
        };
        let made_now = made_now.or_else(|| made_before(page, r.scale));
        made.push((page, made_now, committed_size(&pages_dir, page)));
    }
    let index = pages_dir.join("index.md");
    write_file(&index, &index_markdown(&made))?;
    Ok(index)
}

/// Run the page's spec (resuming) and write its page; returns what the index needs.
fn make_page(page: &PaperPage, r: &PaperRequest) -> Result<MadePage, PipelineError> {
    let (results_root, _) = r.scale.dirs();
    let out = results_root.join(page.name);
    let spec = page.spec_path();
    if !spec.is_file() {
        return Err(PipelineError::MissingSpec(spec));
    }
    for b in page.pretrain {
        make_baseline(b, r)?;
    }
    let exp = load_spec(&spec, r.scale.smoke().then_some("smoke"))?;
    let summary = run_loaded(
        &exp,
        &RunRequest {
            out: out.clone(),
            jobs: r.jobs,
            shard: Shard::default(),
            backend: r.backend,
            device: r.device,
            force: false,
            mode: ProgressMode::Plain,
            resume: format!("albench run {} --out {}", spec.display(), out.display()),
            allow_exec: false,
        },
    )?;
    if summary.cancelled > 0 || !summary.failed.is_empty() {
        return Err(PipelineError::RunsFailed { spec, out });
    }
    page_from_results(page, r)?.ok_or(PipelineError::NoResults(out))
}

/// The line a baseline's pretraining printed, kept beside its weights file.
fn baseline_note(b: &Pretrain) -> PathBuf {
    PathBuf::from(format!("{}.txt", b.out))
}

/// Pretrain `b` unless its weights file is there (at the spec's full scale, for every
/// scale). Delete the file to make it again — and the page's results, whose runs started
/// from the old one.
fn make_baseline(b: &Pretrain, r: &PaperRequest) -> Result<(), PipelineError> {
    let out = PathBuf::from(b.out);
    if out.is_file() {
        return Ok(());
    }
    eprintln!("baseline {}: {}", b.out, b.command());
    if let Some(d) = out.parent() {
        create_dir(d)?;
    }
    let line = pretrain_weights(&PretrainRequest {
        spec: b.spec.into(),
        out,
        samples: None,
        reserved: b.reserved,
        backend: r.backend,
        device: r.device,
        scale: None,
    })?;
    write_file(&baseline_note(b), &format!("`{}`: {line}\n", b.command()))
}

/// Analyse the page's results (when its results directory exists), write its page, its
/// record (`<name>.json`) and its committed compact results.
fn page_from_results(
    page: &PaperPage,
    r: &PaperRequest,
) -> Result<Option<MadePage>, PipelineError> {
    let (results_root, pages_dir) = r.scale.dirs();
    let out = results_root.join(page.name);
    if !out.join("spec.toml").is_file() {
        return Ok(None);
    }
    let data = ResultsData::read(&out)?;
    let run = page_run(page, r.scale, &data);
    let made = write_page(page, r, &data, run)?;
    write_committed(&pages_dir, page, &data, &made.0)?;
    Ok(Some(made))
}

/// Rebuild the page from its committed compact results, when it has them (nothing else is
/// read: not `results/`, not the spec under experiments/).
fn page_from_committed(
    page: &PaperPage,
    r: &PaperRequest,
) -> Result<Option<MadePage>, PipelineError> {
    let (_, pages_dir) = r.scale.dirs();
    let Some((data, run)) = read_committed(&pages_dir, page)? else {
        return Ok(None);
    };
    eprintln!("page {}: from its committed results", page.name);
    write_page(page, r, &data, run).map(Some)
}

/// Analyse `data` and write the page (made as `run`) and its record (`<name>.json`).
fn write_page(
    page: &PaperPage,
    r: &PaperRequest,
    data: &ResultsData,
    run: PageRun,
) -> Result<MadePage, PipelineError> {
    let (_, pages_dir) = r.scale.dirs();
    let mut opts = r.overrides.apply(Options::from_report(&data.header.report));
    // a claim at a given round reads the per-round table
    opts.per_round |= page
        .claims
        .iter()
        .any(|c| matches!(c, Claim::Final { round: Some(_), .. }));
    let an = analyse(data, &opts).map_err(PipelineError::Analysis)?;
    let (text, checks) = page_markdown(page, &an, &run);
    write_file(&pages_dir.join(format!("{}.md", page.name)), &text)?;
    let made: MadePage = (run, checks);
    let json = serde_json::to_string_pretty(&made).map_err(|e| PipelineError::Encode {
        page: page.name.to_string(),
        source: e,
    })?;
    write_file(&pages_dir.join(format!("{}.json", page.name)), &json)?;
    Ok(made)
}

/// How the page's results were made: command, version, machine, compute, baselines.
fn page_run(page: &PaperPage, scale: PaperScale, data: &ResultsData) -> PageRun {
    let m = &data.manifest;
    PageRun {
        command: format!(
            "albench tables --paper --only {}{}",
            page.name,
            if scale.smoke() { " --scale smoke" } else { "" }
        ),
        version: m.albench_version.clone(),
        commit: git_commit(),
        run_commit: m.albench_commit.clone(),
        machine: if m.machines.is_empty() {
            m.cpu.clone()
        } else {
            m.machines.join("; ")
        },
        wall_s: m.runs.values().map(|r| r.wall_s).sum(),
        elapsed_s: elapsed_between(&m.started, &m.ended),
        scale: if scale.smoke() { "smoke" } else { "full" }.into(),
        repeats: data
            .experiment
            .as_ref()
            .map(|e| e.spec.repeats)
            .unwrap_or(0),
        init_scheme: init_schemes(m),
        baselines: page
            .pretrain
            .iter()
            .map(|b| {
                std::fs::read_to_string(baseline_note(b))
                    .map(|t| t.trim().to_string())
                    .unwrap_or_else(|_| format!("`{}`", b.command()))
            })
            .collect(),
    }
}

/// The distinct `model.init_scheme`s of the manifest's configurations, comma separated.
fn init_schemes(m: &crate::results::Manifest) -> String {
    let mut v: Vec<&str> = m.init_scheme.values().map(String::as_str).collect();
    v.sort_unstable();
    v.dedup();
    v.join(", ")
}

/// The commit the pages are written with (`git describe --always --dirty`), `unknown` outside
/// a git checkout or without git. Read once per process, before its first page is written:
/// the pages one invocation writes would otherwise mark the tree dirty for the next page.
fn git_commit() -> String {
    static COMMIT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    COMMIT
        .get_or_init(|| {
            std::process::Command::new("git")
                .args(["describe", "--always", "--dirty"])
                .output()
                .ok()
                .filter(|o| o.status.success())
                .and_then(|o| String::from_utf8(o.stdout).ok())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "unknown".into())
        })
        .clone()
}

/// What the index needs of a page whose results are not here (a fresh clone: `results/` is
/// not committed) but whose page was written before: its `<name>.json` beside the page.
fn made_before(page: &PaperPage, scale: PaperScale) -> Option<MadePage> {
    let p = scale.dirs().1.join(format!("{}.json", page.name));
    let text = std::fs::read_to_string(p).ok()?;
    serde_json::from_str(&text).ok()
}

fn create_dir(d: &Path) -> Result<(), PipelineError> {
    std::fs::create_dir_all(d).map_err(|e| PipelineError::Write {
        path: d.to_path_buf(),
        source: e,
    })
}

/// Write `text` to `p` atomically, creating its directory.
fn write_file(p: &Path, text: &str) -> Result<(), PipelineError> {
    write_bytes(p, text.as_bytes())
}
