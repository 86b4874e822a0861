//! Writing `reports/<name>/`: report.md, report.html, one AUC CSV and one penalty-matrix CSV
//! per metric, analysis.json and every figure (SVG + PNG). Only this file writes a report.

use std::path::{Path, PathBuf};

use super::analysis::{analyse, Analysis, Options};
use super::compare::compare_csv;
use super::cross_render::cross_csv;
use super::document::Block;
use super::figures::figures;
use super::markdown::report_document;
use super::montage;
use super::penalty_section;
use super::plots::Rendered;
use super::ReportError;
use crate::results::{clean_stale_temps, write_atomic, ResultsData};

/// Read and analyse a results directory with `opts`.
pub fn analyse_dir(results: &Path, opts: &Options) -> Result<Analysis, ReportError> {
    analyse(&ResultsData::read(results)?, opts)
}

/// The description, the "Environment" line and the stored spec, above the report's tables.
fn header(data: &ResultsData) -> Vec<Block> {
    let m = &data.manifest;
    let known = |s: &str| {
        if s.is_empty() {
            "?".to_string()
        } else {
            s.to_string()
        }
    };
    let mut h = Vec::new();
    if !data.header.description.is_empty() {
        h.push(Block::Paragraph(data.header.description.clone()));
    }
    h.push(Block::Paragraph(format!(
        "Environment: albench {}, backend `{}`, device `{}`, CPU {}; runs from {} to {}.",
        known(&m.albench_version),
        known(&m.backend),
        known(&m.device),
        known(&m.cpu),
        known(&m.started),
        if m.ended.is_empty() {
            "(running)"
        } else {
            &m.ended
        },
    )));
    h.push(Block::Details {
        summary: "Spec as run".into(),
        lang: "toml".into(),
        code: data.spec_text.clone(),
    });
    h
}

/// Write the report of the results directory `results` into `out` with the stored spec's
/// `[report]` options. Returns the path of report.md.
pub fn write_report(results: &Path, out: &Path) -> Result<PathBuf, ReportError> {
    let data = ResultsData::read(results)?;
    let opts = Options::from_report(&data.header.report);
    write_report_with(&data, out, &opts)
}

/// Write the report of `data` into `out` with explicit options. Every file is written
/// atomically, report.md last; temp files left in `out` by a killed writer are removed first,
/// so a rerun after a crash leaves the same directory as an uninterrupted one.
pub fn write_report_with(
    data: &ResultsData,
    out: &Path,
    opts: &Options,
) -> Result<PathBuf, ReportError> {
    let a = analyse(data, opts)?;
    let io = |p: &Path, source: std::io::Error| ReportError::Write {
        path: p.into(),
        source,
    };
    let write = |name: &str, bytes: &[u8]| -> Result<(), ReportError> {
        let p = out.join(name);
        write_atomic(&p, bytes).map_err(|e| io(&p, e))
    };
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    clean_stale_temps(out).map_err(|e| io(out, e))?;
    for m in &a.metrics {
        write(&format!("auc_{}.csv", m.metric), compare_csv(m).as_bytes())?;
        let penalty = cross_csv(&penalty_section::rankings(&a, m).0);
        write(&format!("penalty_{}.csv", m.metric), penalty.as_bytes())?;
    }
    let json = serde_json::to_string_pretty(&a).expect("analysis serializes");
    write("analysis.json", json.as_bytes())?;
    let mut figs = figures(&a).map_err(|source| ReportError::Plot {
        path: out.into(),
        source,
    })?;
    let write_figures = |figs: &[(String, String, Rendered)]| -> Result<(), ReportError> {
        for (name, _, r) in figs {
            write(&format!("{name}.svg"), r.svg.as_bytes())?;
            write(&format!("{name}.png"), &r.png)?;
        }
        Ok(())
    };
    write_figures(&figs)?;
    // Montages need the pool images: a spec whose data cannot be loaded here still gets its
    // report, with a note instead.
    let mut notes = Vec::new();
    match montage::plan(data, &a).and_then(|p| p.map_or(Ok(Vec::new()), |p| montage::render(&p))) {
        Ok(m) => {
            write_figures(&m)?;
            figs.extend(m);
        }
        Err(why) => notes.push(format!("no image montage: {why}")),
    }
    let captions: Vec<(String, String)> = figs
        .iter()
        .map(|(n, caption, _)| (n.clone(), caption.clone()))
        .collect();
    let doc = report_document(&a, header(data), &captions, &notes);
    write("report.html", doc.html(&figs).as_bytes())?;
    write("report.md", doc.markdown().as_bytes())?;
    Ok(out.join("report.md"))
}
