//! The one reader of a results directory: `spec.toml`, `manifest.json`, every round table and
//! every selection table, read once into a typed [`ResultsData`]. The report analyses that
//! value; nothing else opens these files for reading.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::{is_metric_column, Manifest, ResultsDir};
use crate::spec::{Experiment, ReportSpec};

/// A results directory cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// A file or folder cannot be opened.
    #[error("{path}: {message}")]
    Io {
        /// Path.
        path: PathBuf,
        /// Cause.
        message: String,
    },
    /// The files are there but unusable (no runs, unreadable tables, bad spec).
    #[error("{path}: {message}")]
    Invalid {
        /// File or directory.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// The rounds of one run, in round order.
#[derive(Clone, Debug, Default)]
pub struct RunRows {
    /// Configuration label.
    pub label: String,
    /// Configuration id.
    pub config_id: String,
    /// Repeat.
    pub repeat: u32,
    /// `ok` or `failed: …`.
    pub status: String,
    /// Hash of the spec that wrote the run.
    pub spec_hash: String,
    /// Fingerprint of the machine that ran it (empty in files written before it was recorded).
    pub machine: String,
    /// Round numbers.
    pub rounds: Vec<u32>,
    /// `n_labeled` per round.
    pub n_labeled: Vec<f64>,
    /// `n_unique` per round.
    pub n_unique: Vec<f64>,
    /// Metric values per round (None where null), for every metric column of any run file
    /// except `n_labeled` (the field above); `n_unique` is both a field and a metric.
    pub metrics: BTreeMap<String, Vec<Option<f64>>>,
}

/// All runs of a results directory.
#[derive(Clone, Debug, Default)]
pub struct Runs {
    /// Runs, sorted by (config id, repeat).
    pub runs: Vec<RunRows>,
    /// Metric columns found in at least one run file, in order of first appearance.
    pub available: Vec<String>,
}

impl Runs {
    /// Whether any run has a non-null value in column `metric`.
    pub fn has_values(&self, metric: &str) -> bool {
        self.runs.iter().any(|r| {
            r.metrics
                .get(metric)
                .is_some_and(|v| v.iter().any(Option::is_some))
        })
    }
}

/// One row of a selection table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SelectionRow {
    /// Round (0 = the random base set).
    pub round: u32,
    /// Pool sample id.
    pub sample: u32,
    /// Score when selected (NaN for the base set).
    pub score: f32,
    /// Rank among the round's candidates (0 = highest score).
    pub rank: u32,
    /// Revealed label.
    pub label: u32,
    /// Whether the revealed label was flipped (`data.label_noise`).
    pub mislabeled: bool,
    /// Ground-truth boxes of the image (detection; `None` for classification and for files
    /// written before the column existed).
    pub n_boxes: Option<u32>,
}

/// The selection table of one run, rows in file order (round by round).
#[derive(Clone, Debug, Default)]
pub struct RunSelections {
    /// Configuration id.
    pub config_id: String,
    /// Repeat.
    pub repeat: u32,
    /// Rows.
    pub rows: Vec<SelectionRow>,
}

/// The part of the stored spec the report needs even when the whole spec no longer parses
/// (written by another albench version).
#[derive(Clone, Debug, serde::Deserialize)]
pub struct SpecHeader {
    /// Experiment name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// `[report]`.
    #[serde(default)]
    pub report: ReportSpec,
}

/// Everything a results directory holds.
#[derive(Clone, Debug)]
pub struct ResultsData {
    /// The directory.
    pub dir: PathBuf,
    /// `spec.toml` as stored.
    pub spec_text: String,
    /// Its name, description and `[report]`.
    pub header: SpecHeader,
    /// The whole stored spec, expanded; the parse error when this albench cannot read it
    /// (written by another version): statistics that need it are then left out.
    pub experiment: Result<Experiment, String>,
    /// `manifest.json` (default when absent or unreadable).
    pub manifest: Manifest,
    /// The round tables.
    pub runs: Runs,
    /// The selection tables, sorted by file name.
    pub selections: Vec<RunSelections>,
    /// The A/B tables' rows (`loop.ab`), in file order; empty otherwise.
    pub ab: Vec<AbRow>,
    /// Class names of the experiment's dataset, when known without loading it: the built-in
    /// datasets' names, or an image folder's class folders (listed, when `data.path` is
    /// still there); empty otherwise.
    pub class_names: Vec<String>,
}

/// One row of an A/B table (see [`super::AbRecord`]).
#[derive(Clone, Debug, PartialEq)]
pub struct AbRow {
    /// Configuration id.
    pub config_id: String,
    /// Repeat.
    pub repeat: u32,
    /// Split.
    pub split: u32,
    /// `reference`, `active` or `comparison`.
    pub arm: String,
    /// `union`, `comparison` or `test`.
    pub test_set: String,
    /// Metric name.
    pub metric: String,
    /// Class (for `ap`).
    pub class: String,
    /// Value (`None` = undefined).
    pub value: Option<f64>,
}

impl ResultsData {
    /// Read `dir`. Fails when `spec.toml` is missing or unreadable, when there is no run
    /// file, or when a table cannot be read.
    pub fn read(dir: &Path) -> Result<ResultsData, ReadError> {
        let rd = ResultsDir::new(dir);
        let sp = rd.spec_path();
        let spec_text = std::fs::read_to_string(&sp).map_err(|e| ReadError::Io {
            path: sp.clone(),
            message: format!("cannot read (is this a results directory?): {e}"),
        })?;
        let header: SpecHeader = toml::from_str(&spec_text).map_err(|e| ReadError::Invalid {
            path: sp.clone(),
            message: e.message().to_string(),
        })?;
        let experiment = crate::spec::parse(&sp, &spec_text, None).map_err(|e| e.to_string());
        let class_names = experiment
            .as_ref()
            .ok()
            .and_then(|e| e.configs.first())
            .map(|c| &c.config.data)
            .and_then(|d| {
                crate::data::built_in_class_names(d.dataset).or_else(|| {
                    (d.dataset == crate::spec::DatasetKind::ImageFolder)
                        .then(|| crate::data::image_folder_class_names(Path::new(&d.path)).ok())
                        .flatten()
                })
            })
            .unwrap_or_default();
        Ok(ResultsData {
            class_names,
            dir: dir.to_path_buf(),
            manifest: rd.read_manifest(),
            runs: read_runs(dir)?,
            selections: read_selections(dir)?,
            ab: read_ab(dir)?,
            spec_text,
            header,
            experiment,
        })
    }

    /// The selection table of run (`config_id`, `repeat`), if present.
    pub fn selections_of(&self, config_id: &str, repeat: u32) -> Option<&RunSelections> {
        self.selections
            .iter()
            .find(|s| s.config_id == config_id && s.repeat == repeat)
    }
}

/// The visible `.parquet` files of `dir/sub`, sorted; `None` when the folder is absent.
fn parquet_files(dir: &Path, sub: &str) -> Option<Vec<PathBuf>> {
    let rd = std::fs::read_dir(dir.join(sub)).ok()?;
    let mut out: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.starts_with('.') && name.ends_with(".parquet")
        })
        .collect();
    out.sort();
    Some(out)
}

fn scan(p: &Path) -> PolarsResult<LazyFrame> {
    LazyFrame::scan_parquet(
        PlRefPath::new(p.to_string_lossy().as_ref()),
        ScanArgsParquet::default(),
    )
}

/// Every round table of `dir`, in one lazy scan over the identity columns and every metric
/// column of any file (a column a file lacks is null there).
fn read_runs(dir: &Path) -> Result<Runs, ReadError> {
    let runs_dir = dir.join("runs");
    let paths = parquet_files(dir, "runs").ok_or_else(|| ReadError::Io {
        path: runs_dir.clone(),
        message: "cannot list run files".into(),
    })?;
    if paths.is_empty() {
        return Err(ReadError::Invalid {
            path: dir.into(),
            message: "no run files in runs/ (has `albench run` completed a run?)".into(),
        });
    }
    let err = |e: PolarsError| ReadError::Invalid {
        path: dir.into(),
        message: format!("cannot read run files: {e}"),
    };
    // Union of the columns of every file (the schema of a run file depends on its sweep).
    let mut available: Vec<String> = Vec::new();
    let mut schemas = Vec::with_capacity(paths.len());
    for p in &paths {
        let schema = scan(p)
            .and_then(|mut lf| lf.collect_schema())
            .map_err(|e| ReadError::Invalid {
                path: p.clone(),
                message: format!("unreadable run file: {e}"),
            })?;
        for name in schema.iter_names() {
            if is_metric_column(name) && !available.iter().any(|a| a == name.as_str()) {
                available.push(name.to_string());
            }
        }
        schemas.push(schema);
    }
    // The metric columns besides the x axes, which are read above as identity columns.
    let value_columns: Vec<&String> = available
        .iter()
        .filter(|m| *m != "n_labeled" && *m != "n_unique")
        .collect();
    let mut frames = Vec::with_capacity(paths.len());
    for (p, schema) in paths.iter().zip(&schemas) {
        let mut cols = vec![
            col("label"),
            col("config_id"),
            col("repeat").cast(DataType::UInt32),
            col("round").cast(DataType::UInt32),
            col("n_labeled").cast(DataType::Float64),
            col("n_unique").cast(DataType::Float64),
            col("status"),
        ];
        for id in ["spec_hash", "machine"] {
            cols.push(if schema.contains(id) {
                col(id)
            } else {
                lit("").alias(id)
            });
        }
        for m in &value_columns {
            cols.push(if schema.contains(m) {
                col(m.as_str()).cast(DataType::Float64)
            } else {
                lit(NULL).cast(DataType::Float64).alias(m.as_str())
            });
        }
        frames.push(scan(p).map_err(err)?.select(cols));
    }
    let df = concat(frames, UnionArgs::default())
        .map_err(err)?
        .sort(["config_id", "repeat", "round"], Default::default())
        .collect()
        .map_err(err)?;
    let s = |name: &str| df.column(name).map_err(err);
    let label = s("label")?.str().map_err(err)?.clone();
    let cid = s("config_id")?.str().map_err(err)?.clone();
    let repeat = s("repeat")?.u32().map_err(err)?.clone();
    let round = s("round")?.u32().map_err(err)?.clone();
    let nl = s("n_labeled")?.f64().map_err(err)?.clone();
    let nu = s("n_unique")?.f64().map_err(err)?.clone();
    let status = s("status")?.str().map_err(err)?.clone();
    let hash = s("spec_hash")?.str().map_err(err)?.clone();
    let machine = s("machine")?.str().map_err(err)?.clone();
    let mcols: Vec<(String, Float64Chunked)> = value_columns
        .iter()
        .map(|m| Ok(((*m).clone(), s(m)?.f64().map_err(err)?.clone())))
        .collect::<Result<_, ReadError>>()?;

    let mut runs: Vec<RunRows> = Vec::new();
    for i in 0..df.height() {
        let (c, r) = (cid.get(i).unwrap_or(""), repeat.get(i).unwrap_or(0));
        if runs
            .last()
            .is_none_or(|x| x.config_id != c || x.repeat != r)
        {
            runs.push(RunRows {
                label: label.get(i).unwrap_or("").to_string(),
                config_id: c.to_string(),
                repeat: r,
                status: status.get(i).unwrap_or("").to_string(),
                spec_hash: hash.get(i).unwrap_or("").to_string(),
                machine: machine.get(i).unwrap_or("").to_string(),
                ..Default::default()
            });
        }
        let run = runs.last_mut().expect("pushed above");
        run.rounds.push(round.get(i).unwrap_or(0));
        run.n_labeled.push(nl.get(i).unwrap_or(f64::NAN));
        run.n_unique.push(nu.get(i).unwrap_or(f64::NAN));
        // also a metric, so a report can analyse the labeling cost like any column
        run.metrics
            .entry("n_unique".to_string())
            .or_default()
            .push(nu.get(i));
        for (m, ca) in &mcols {
            run.metrics.entry(m.clone()).or_default().push(ca.get(i));
        }
    }
    Ok(Runs { runs, available })
}

/// Every A/B table of `dir` (none when `ab/` is absent).
fn read_ab(dir: &Path) -> Result<Vec<AbRow>, ReadError> {
    let Some(paths) = parquet_files(dir, "ab") else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for p in paths {
        let err = |e: PolarsError| ReadError::Invalid {
            path: p.clone(),
            message: format!("cannot read the A/B table: {e}"),
        };
        let df = scan(&p).and_then(|lf| lf.collect()).map_err(err)?;
        let s = |name: &str| df.column(name).map_err(err);
        let text = |name: &str| -> Result<StringChunked, ReadError> {
            Ok(s(name)?.str().map_err(err)?.clone())
        };
        let (cid, arm, set, metric, class) = (
            text("config_id")?,
            text("arm")?,
            text("test_set")?,
            text("metric")?,
            text("class")?,
        );
        let repeat = s("repeat")?.u32().map_err(err)?.clone();
        let split = s("split")?.u32().map_err(err)?.clone();
        let value = s("value")?.f64().map_err(err)?.clone();
        let get = |c: &StringChunked, i: usize| c.get(i).unwrap_or("").to_string();
        out.extend((0..df.height()).map(|i| AbRow {
            config_id: get(&cid, i),
            repeat: repeat.get(i).unwrap_or(0),
            split: split.get(i).unwrap_or(0),
            arm: get(&arm, i),
            test_set: get(&set, i),
            metric: get(&metric, i),
            class: get(&class, i),
            value: value.get(i),
        }));
    }
    Ok(out)
}

/// Every selection table of `dir` (none when `selections/` is absent).
fn read_selections(dir: &Path) -> Result<Vec<RunSelections>, ReadError> {
    let Some(paths) = parquet_files(dir, "selections") else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(paths.len());
    for p in paths {
        let err = |e: PolarsError| ReadError::Invalid {
            path: p.clone(),
            message: format!("cannot read selections: {e}"),
        };
        let df = scan(&p).and_then(|lf| lf.collect()).map_err(err)?;
        let s = |name: &str| df.column(name).map_err(err);
        let cid = s("config_id")?.str().map_err(err)?.clone();
        let repeat = s("repeat")?.u32().map_err(err)?.clone();
        let round = s("round")?.u32().map_err(err)?.clone();
        let sample = s("sample")?.u32().map_err(err)?.clone();
        let score = s("score")?.f32().map_err(err)?.clone();
        let rank = s("rank")?.u32().map_err(err)?.clone();
        let label = s("label")?.u32().map_err(err)?.clone();
        let bad = s("mislabeled")?.bool().map_err(err)?.clone();
        let boxes = df
            .column("n_boxes")
            .ok()
            .and_then(|c| c.u32().ok().cloned());
        let rows = (0..df.height())
            .map(|i| SelectionRow {
                round: round.get(i).unwrap_or(0),
                sample: sample.get(i).unwrap_or(0),
                score: score.get(i).unwrap_or(f32::NAN),
                rank: rank.get(i).unwrap_or(0),
                label: label.get(i).unwrap_or(0),
                mislabeled: bad.get(i).unwrap_or(false),
                n_boxes: boxes.as_ref().and_then(|b| b.get(i)),
            })
            .collect();
        // The run's identity: from its rows, or from the file name `<config_id>-r<repeat>`
        // when it has none.
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let from_name = super::parse_run_id(stem);
        let (config_id, repeat) = if df.height() > 0 {
            (
                cid.get(0).unwrap_or("").to_string(),
                repeat.get(0).unwrap_or(0),
            )
        } else {
            (
                from_name.map_or("", |(c, _)| c).to_string(),
                from_name.map_or(0, |(_, r)| r),
            )
        };
        out.push(RunSelections {
            config_id,
            repeat,
            rows,
        });
    }
    Ok(out)
}
