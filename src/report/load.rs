//! Loading the round tables of a results directory with one lazy polars scan.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::ReportError;

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
    /// Round numbers.
    pub rounds: Vec<u32>,
    /// `n_labeled` per round.
    pub n_labeled: Vec<f64>,
    /// `n_unique` per round.
    pub n_unique: Vec<f64>,
    /// Metric values per round (None where null or absent).
    pub metrics: BTreeMap<String, Vec<Option<f64>>>,
}

/// All runs of a results directory, plus the aggregated curves polars computed.
#[derive(Clone, Debug, Default)]
pub struct Runs {
    /// Runs, ordered by (first appearance of the label in config order, repeat).
    pub runs: Vec<RunRows>,
    /// Metric columns found in at least one run file.
    pub available: Vec<String>,
}

fn files(dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    let runs = dir.join("runs");
    let rd = std::fs::read_dir(&runs).map_err(|e| ReportError::Io {
        path: runs.clone(),
        message: format!("cannot list run files: {e}"),
    })?;
    let mut out: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.starts_with('.') && name.ends_with(".parquet")
        })
        .collect();
    out.sort();
    if out.is_empty() {
        return Err(ReportError::Results {
            path: dir.into(),
            message: "no run files in runs/ (has `albench run` completed a run?)".into(),
        });
    }
    Ok(out)
}

/// Read `runs/*.parquet` of `dir` in one lazy scan, keeping the identity columns and every
/// metric column listed in `metrics` that exists (absent ones are reported by the caller).
pub fn load_runs(dir: &Path, metrics: &[String]) -> Result<Runs, ReportError> {
    let paths = files(dir)?;
    let err = |e: PolarsError| ReportError::Results {
        path: dir.into(),
        message: format!("cannot read run files: {e}"),
    };
    // Union of the columns of every file (the schema of a run file depends on its sweep).
    let mut available: Vec<String> = Vec::new();
    for p in &paths {
        let schema = LazyFrame::scan_parquet(
            PlRefPath::new(p.to_string_lossy().as_ref()),
            ScanArgsParquet::default(),
        )
        .and_then(|mut lf| lf.collect_schema())
        .map_err(|e| ReportError::Results {
            path: p.clone(),
            message: format!("unreadable run file: {e}"),
        })?;
        for name in schema.iter_names() {
            if crate::results::is_metric_column(name)
                && !available.iter().any(|a| a == name.as_str())
            {
                available.push(name.to_string());
            }
        }
    }
    let mut frames = Vec::with_capacity(paths.len());
    for p in &paths {
        let lf = LazyFrame::scan_parquet(
            PlRefPath::new(p.to_string_lossy().as_ref()),
            ScanArgsParquet::default(),
        )
        .map_err(err)?;
        let schema = lf.clone().collect_schema().map_err(err)?;
        let mut cols = vec![
            col("label"),
            col("config_id"),
            col("repeat").cast(DataType::UInt32),
            col("round").cast(DataType::UInt32),
            col("n_labeled").cast(DataType::Float64),
            col("n_unique").cast(DataType::Float64),
            col("status"),
        ];
        cols.push(if schema.contains("spec_hash") {
            col("spec_hash")
        } else {
            lit("").alias("spec_hash")
        });
        for m in metrics {
            cols.push(if schema.contains(m) {
                col(m.as_str()).cast(DataType::Float64)
            } else {
                lit(NULL).cast(DataType::Float64).alias(m.as_str())
            });
        }
        frames.push(lf.select(cols));
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
    let mcols: Vec<(String, Float64Chunked)> = metrics
        .iter()
        .map(|m| Ok((m.clone(), s(m)?.f64().map_err(err)?.clone())))
        .collect::<Result<_, ReportError>>()?;

    let mut runs: Vec<RunRows> = Vec::new();
    for i in 0..df.height() {
        let (c, r) = (cid.get(i).unwrap_or(""), repeat.get(i).unwrap_or(0));
        let new = runs
            .last()
            .is_none_or(|x| x.config_id != c || x.repeat != r);
        if new {
            runs.push(RunRows {
                label: label.get(i).unwrap_or("").to_string(),
                config_id: c.to_string(),
                repeat: r,
                status: status.get(i).unwrap_or("").to_string(),
                spec_hash: hash.get(i).unwrap_or("").to_string(),
                ..Default::default()
            });
        }
        let run = runs.last_mut().expect("pushed above");
        run.rounds.push(round.get(i).unwrap_or(0));
        run.n_labeled.push(nl.get(i).unwrap_or(f64::NAN));
        run.n_unique.push(nu.get(i).unwrap_or(f64::NAN));
        for (m, ca) in &mcols {
            run.metrics.entry(m.clone()).or_default().push(ca.get(i));
        }
    }
    Ok(Runs { runs, available })
}

/// One aggregated point: a label's metric at one round over its runs.
#[derive(Clone, Debug, PartialEq)]
pub struct AggRow {
    /// Label.
    pub label: String,
    /// Round.
    pub round: u32,
    /// Mean x (`n_labeled` or `n_unique`).
    pub x: f64,
    /// Mean of the metric.
    pub mean: f64,
    /// Std (n − 1) of the metric; NaN for one run.
    pub std: f64,
    /// Runs with a value.
    pub n: u32,
}

/// Per label and round: mean / std / n of `metric` and mean x, aggregated by polars over the
/// ok runs, sorted by label then round.
pub fn aggregate(runs: &Runs, metric: &str, x_unique: bool) -> PolarsResult<Vec<AggRow>> {
    let mut label = Vec::new();
    let mut round = Vec::new();
    let mut x = Vec::new();
    let mut y = Vec::new();
    for r in runs.runs.iter().filter(|r| r.status == "ok") {
        // `n_unique` is kept beside the metrics; it can be aggregated like one.
        let stored;
        let vals = match (metric, r.metrics.get(metric)) {
            (_, Some(v)) => v,
            ("n_unique", None) => {
                stored = r.n_unique.iter().map(|&v| Some(v)).collect::<Vec<_>>();
                &stored
            }
            _ => continue,
        };
        for (i, &rnd) in r.rounds.iter().enumerate() {
            label.push(r.label.clone());
            round.push(rnd);
            x.push(if x_unique {
                r.n_unique[i]
            } else {
                r.n_labeled[i]
            });
            y.push(vals[i]);
        }
    }
    let n = label.len();
    let df = DataFrame::new(
        n,
        vec![
            Column::new("label".into(), label),
            Column::new("round".into(), round),
            Column::new("x".into(), x),
            Column::new("y".into(), y),
        ],
    )?;
    let out = df
        .lazy()
        .filter(col("y").is_not_null())
        .group_by([col("label"), col("round")])
        .agg([
            col("x").mean().alias("x"),
            col("y").mean().alias("mean"),
            col("y").std(1).alias("std"),
            col("y").count().cast(DataType::UInt32).alias("n"),
        ])
        .sort(["label", "round"], Default::default())
        .collect()?;
    let l = out.column("label")?.str()?.clone();
    let r = out.column("round")?.u32()?.clone();
    let xs = out.column("x")?.f64()?.clone();
    let m = out.column("mean")?.f64()?.clone();
    let s = out.column("std")?.f64()?.clone();
    let c = out.column("n")?.u32()?.clone();
    Ok((0..out.height())
        .map(|i| AggRow {
            label: l.get(i).unwrap_or("").to_string(),
            round: r.get(i).unwrap_or(0),
            x: xs.get(i).unwrap_or(f64::NAN),
            mean: m.get(i).unwrap_or(f64::NAN),
            std: s.get(i).unwrap_or(f64::NAN),
            n: c.get(i).unwrap_or(0),
        })
        .collect())
}
