//! Writing `reports/<name>/`: report.md, one AUC CSV per metric, analysis.json.

use std::path::{Path, PathBuf};

use super::analysis::{analyse, Analysis, Options, XAxis};
use super::compare::compare_csv;
use super::load::load_runs;
use super::markdown::report_markdown;
use super::plots::{auc_strip, class_histogram, curves, pvalue_heatmap, CurveSpec, Rendered};
use super::ReportError;
use crate::results::{clean_stale_temps, write_atomic, ResultsDir};
use crate::spec::ReportSpec;

#[derive(serde::Deserialize)]
struct StoredSpec {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    report: ReportSpec,
}

/// Options from the stored spec's `[report]` table.
pub fn options_from_spec(results: &Path) -> Result<(String, String, String, Options), ReportError> {
    let p = ResultsDir::new(results).spec_path();
    let text = std::fs::read_to_string(&p).map_err(|e| ReportError::Io {
        path: p.clone(),
        message: format!("cannot read (is this a results directory?): {e}"),
    })?;
    let s: StoredSpec = toml::from_str(&text).map_err(|e| ReportError::Results {
        path: p.clone(),
        message: e.message().to_string(),
    })?;
    let opts = Options {
        metrics: s.report.metrics.clone(),
        baseline: (!s.report.baseline.is_empty()).then(|| s.report.baseline.clone()),
        test: s.report.test,
        correction: s.report.correction,
        target: s.report.target,
        x: XAxis::NLabeled,
        spec_hash: None,
    };
    Ok((s.name, s.description, text, opts))
}

/// Load and analyse a results directory with `opts`.
pub fn analyse_dir(results: &Path, name: &str, opts: &Options) -> Result<Analysis, ReportError> {
    let mut wanted = opts.metrics.clone();
    if !wanted.iter().any(|m| m == "epochs") {
        wanted.push("epochs".into());
    }
    let runs = load_runs(results, &wanted)?;
    let mut a = analyse(name, &runs, opts).map_err(|message| ReportError::Results {
        path: results.into(),
        message,
    })?;
    // The runs the analysis counts: ok, of a reported method, of the chosen spec.
    let counted: Vec<_> = runs
        .runs
        .iter()
        .filter(|r| r.status == "ok" && a.labels.contains(&r.label))
        .filter(|r| opts.spec_hash.as_ref().is_none_or(|h| &r.spec_hash == h))
        .collect();
    let ids: Vec<(String, String)> = counted
        .iter()
        .map(|r| (r.config_id.clone(), r.label.clone()))
        .collect();
    a.selections = super::selections::selection_stats(results, &ids, &a.labels)?;
    let dups = duplicates_by_config(results);
    let dup_runs: Vec<(String, String, u32)> = counted
        .iter()
        .filter_map(|r| {
            let k = *dups.get(&r.config_id)?;
            (k > 1).then(|| (format!("{}-r{}", r.config_id, r.repeat), r.label.clone(), k))
        })
        .collect();
    if !dup_runs.is_empty() {
        a.selections.redundant =
            super::redundancy::redundancy_curves(results, &dup_runs, &a.labels)?;
    }
    for m in &opts.metrics {
        if !runs.available.contains(m) {
            a.notes.push(format!(
                "{m}: not a column of any run file; available: {}",
                runs.available.join(", ")
            ));
        }
    }
    Ok(a)
}

/// `data.duplicates` of every configuration of the stored spec (empty when it cannot be
/// parsed, e.g. results written by another albench version: the statistic is then omitted).
fn duplicates_by_config(results: &Path) -> std::collections::HashMap<String, u32> {
    let sp = ResultsDir::new(results).spec_path();
    std::fs::read_to_string(&sp)
        .ok()
        .and_then(|text| crate::spec::parse(&sp, &text, None).ok())
        .map(|exp| {
            exp.configs
                .iter()
                .map(|c| (c.id.clone(), c.config.data.duplicates as u32))
                .collect()
        })
        .unwrap_or_default()
}

fn header(description: &str, spec: &str, results: &Path) -> String {
    let m = ResultsDir::new(results).read_manifest();
    let mut h = String::new();
    if !description.is_empty() {
        h.push_str(description);
        h.push_str("\n\n");
    }
    h.push_str(&format!(
        "Environment: albench {}, backend `{}`, device `{}`, CPU {}; runs from {} to {}.\n\n",
        if m.albench_version.is_empty() {
            "?"
        } else {
            &m.albench_version
        },
        if m.backend.is_empty() {
            "?"
        } else {
            &m.backend
        },
        if m.device.is_empty() { "?" } else { &m.device },
        if m.cpu.is_empty() { "?" } else { &m.cpu },
        if m.started.is_empty() {
            "?"
        } else {
            &m.started
        },
        if m.ended.is_empty() {
            "(running)"
        } else {
            &m.ended
        },
    ));
    h.push_str("<details><summary>Spec as run</summary>\n\n```toml\n");
    h.push_str(spec);
    h.push_str("```\n</details>\n");
    h
}

/// Write the report of `results` into `out` with the spec's `[report]` options.
/// Returns the path of report.md.
pub fn write_report(results: &Path, out: &Path) -> Result<PathBuf, ReportError> {
    let (name, _, _, opts) = options_from_spec(results)?;
    write_report_with(results, out, &name, &opts)
}

/// Write the report of `results` into `out` with explicit options. The stored spec is read
/// once here and shared by the header and the montages. Every file is written atomically,
/// report.md last; temp files left in `out` by a killed writer are removed first, so a
/// rerun after a crash leaves the same directory as an uninterrupted one.
pub fn write_report_with(
    results: &Path,
    out: &Path,
    name: &str,
    opts: &Options,
) -> Result<PathBuf, ReportError> {
    let (_, description, spec, _) = options_from_spec(results)?;
    let a = analyse_dir(results, name, opts)?;
    let io = |p: &Path, source: std::io::Error| ReportError::Write {
        path: p.into(),
        source,
    };
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    clean_stale_temps(out).map_err(|e| io(out, e))?;
    for m in &a.metrics {
        let p = out.join(format!("auc_{}.csv", m.metric));
        write_atomic(&p, compare_csv(m).as_bytes()).map_err(|e| io(&p, e))?;
    }
    let pj = out.join("analysis.json");
    write_atomic(
        &pj,
        serde_json::to_string_pretty(&a)
            .expect("analysis serializes")
            .as_bytes(),
    )
    .map_err(|e| io(&pj, e))?;
    let mut figs = figures(&a).map_err(|message| ReportError::Results {
        path: out.into(),
        message,
    })?;
    for (name, _, r) in &figs {
        for (ext, bytes) in [("svg", r.svg.as_bytes()), ("png", r.png.as_slice())] {
            let p = out.join(format!("{name}.{ext}"));
            write_atomic(&p, bytes).map_err(|e| io(&p, e))?;
        }
    }
    let mut a = a;
    match montages(results, &spec, &a) {
        Ok(m) => {
            for (name, _, r) in &m {
                for (ext, bytes) in [("svg", r.svg.as_bytes()), ("png", r.png.as_slice())] {
                    let p = out.join(format!("{name}.{ext}"));
                    write_atomic(&p, bytes).map_err(|e| io(&p, e))?;
                }
            }
            figs.extend(m);
        }
        Err(why) => a.notes.push(format!("no image montage: {why}")),
    }
    let list: Vec<(String, String)> = figs
        .iter()
        .map(|(n, caption, _)| (n.clone(), caption.clone()))
        .collect();
    let markdown = report_markdown(&a, &header(&description, &spec, results), &list);
    let html = super::html::report_html(&a.experiment, &markdown, &figs);
    let ph = out.join("report.html");
    write_atomic(&ph, html.as_bytes()).map_err(|e| io(&ph, e))?;
    let md = out.join("report.md");
    write_atomic(&md, markdown.as_bytes()).map_err(|e| io(&md, e))?;
    Ok(md)
}

/// Montages of the highest- and lowest-scored selected images of the first and last round
/// (repeat 0), one row per method. Needs the pool images, rebuilt from the stored spec.
/// `spec_text` is the stored `spec.toml`.
pub fn montages(
    results: &Path,
    spec_text: &str,
    a: &Analysis,
) -> Result<Vec<(String, String, Rendered)>, String> {
    let sp = ResultsDir::new(results).spec_path();
    let exp = crate::spec::parse(&sp, spec_text, None).map_err(|e| e.to_string())?;
    let mut rows_of = Vec::new();
    let mut key = None;
    for l in &a.labels {
        let c = exp
            .configs
            .iter()
            .find(|c| &c.label == l)
            .ok_or_else(|| format!("label {l} is not in the stored spec"))?;
        let k = crate::runner::data_key(&c.config.data);
        if key.is_some_and(|x| x != k) {
            return Err("methods use different [data] settings".into());
        }
        key = Some(k);
        rows_of.push((
            l.clone(),
            ResultsDir::new(results).selection_path(&format!("{}-r0", c.id)),
        ));
    }
    let Some(key) = key else {
        return Ok(Vec::new());
    };
    let last = a
        .metrics
        .iter()
        .flat_map(|m| m.shared_rounds.iter().copied())
        .max()
        .unwrap_or(0);
    if last == 0 || rows_of.iter().any(|(_, p)| !p.is_file()) {
        return Ok(Vec::new());
    }
    let splits = crate::runner::prepare_data(&exp).map_err(|e| e.to_string())?;
    let pool = &splits.get(&key).ok_or("no data for the methods")?.pool;
    let mut out = Vec::new();
    let mut rounds = vec![1];
    if last > 1 {
        rounds.push(last);
    }
    for round in rounds {
        let mut rows = Vec::new();
        for (_, p) in &rows_of {
            rows.push(
                super::montage::extremes(p, round).map_err(|e| format!("{}: {e}", p.display()))?,
            );
        }
        let names: Vec<&str> = rows_of.iter().map(|(l, _)| l.as_str()).collect();
        out.push((
            format!("montage_r{round}"),
            format!(
                "Round {round}, repeat 0: rows {} (top to bottom); left: the {n} highest-scored selected images, right: the {n} lowest-scored",
                names.join(", "),
                n = super::montage::PER_SIDE
            ),
            super::montage::montage(pool, &rows)?,
        ));
    }
    Ok(out)
}

/// Every figure of the report: (file stem, caption, rendering).
pub fn figures(a: &Analysis) -> Result<Vec<(String, String, Rendered)>, String> {
    let runs: Vec<usize> = a
        .labels
        .iter()
        .map(|l| {
            a.runs_per_label
                .iter()
                .find(|(x, _)| x == l)
                .map_or(0, |x| x.1)
        })
        .collect();
    let mut out = Vec::new();
    for m in &a.metrics {
        let spec = CurveSpec {
            title: format!("{}: mean ± 1 std over runs", m.metric),
            x_label: a.x.name().to_string(),
            y_label: m.metric.clone(),
            curves: &m.curves,
            runs: runs.clone(),
        };
        out.push((
            format!("curves_{}", m.metric),
            format!("Learning curves of {} (±1 std bands)", m.metric),
            curves(&spec)?,
        ));
        out.push((
            format!("auc_{}", m.metric),
            format!("Per-run AUC of {} (bar: mean)", m.metric),
            auc_strip(
                format!("AUC of {} per run", m.metric),
                &a.labels,
                &m.auc_runs,
            )?,
        ));
        out.push((
            format!("pvalues_{}", m.metric),
            format!(
                "Pairwise p-values of {} AUCs ({:?}, {:?})",
                m.metric, a.test, a.correction
            ),
            pvalue_heatmap(
                format!("p-values, {} AUC", m.metric),
                &m.matrix_labels,
                &m.matrix,
            )?,
        ));
    }
    if !a.selections.class_fractions.is_empty() {
        out.push((
            "classes".into(),
            "Classes of the selected samples (rounds ≥ 1)".into(),
            class_histogram(&a.selections.class_fractions)?,
        ));
    }
    if !a.selections.mislabeled.is_empty() {
        let spec = CurveSpec {
            title: "Fraction of selected samples with a flipped label".into(),
            x_label: "round".into(),
            y_label: "mislabeled / selected".into(),
            curves: &a.selections.mislabeled,
            runs: runs.clone(),
        };
        out.push((
            "mislabeled".into(),
            "Mislabeled fraction of each round's selection (data.label_noise)".into(),
            curves(&spec)?,
        ));
    }
    if !a.selections.redundant.is_empty() {
        let spec = CurveSpec {
            title: "Picks that add no new original image (data.duplicates)".into(),
            x_label: "round".into(),
            y_label: "redundant / selected".into(),
            curves: &a.selections.redundant,
            runs: runs.clone(),
        };
        out.push((
            "redundant".into(),
            "Fraction of each round's picks whose original image was already labeled or picked twice (near-duplicates, data.duplicates), mean ± 1 std over repeats".into(),
            curves(&spec)?,
        ));
    }
    if a.epochs.iter().any(|c| !c.points.is_empty()) {
        let spec = CurveSpec {
            title: "Epochs trained per round (early stopping)".into(),
            x_label: a.x.name().to_string(),
            y_label: "epochs".into(),
            curves: &a.epochs,
            runs,
        };
        out.push((
            "epochs".into(),
            "Epochs trained per round".into(),
            curves(&spec)?,
        ));
    }
    Ok(out)
}
