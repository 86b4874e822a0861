//! Reading the round tables (`runs/<run>.parquet`) back, one lazy scan over all of them, into
//! per-run columns: [`Runs`]. The round table's schema depends on the sweep (top-k and AP
//! columns, swept keys), so the reader keeps every metric column by name rather than in the
//! writer's fixed fields ([`super::RoundRecord`]); the run's identity and status are typed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::parquet::{parquet_files, scan};
use super::{is_metric_column, ReadError, RunStatus};

/// The rounds of one run, in round order.
#[derive(Clone, Debug, Default)]
pub struct RunRows {
    /// Configuration label.
    pub label: String,
    /// Configuration id.
    pub config_id: String,
    /// Repeat.
    pub repeat: u32,
    /// How the run ended.
    pub status: RunStatus,
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

/// Every round table of `dir`, in one lazy scan over the identity columns and every metric
/// column of any file (a column a file lacks is null there).
pub(super) fn read_runs(dir: &Path) -> Result<Runs, ReadError> {
    let paths = parquet_files(dir, "runs").ok_or_else(|| ReadError::Io {
        path: dir.join("runs"),
        message: "cannot list run files".into(),
    })?;
    if paths.is_empty() {
        return Err(ReadError::Invalid {
            path: dir.into(),
            message: "no run files in runs/ (has `albench run` completed a run?)".into(),
        });
    }
    let (available, schemas) = column_union(&paths)?;
    // The metric columns besides the x axes, which are read as identity columns.
    let value_columns: Vec<&str> = available
        .iter()
        .map(String::as_str)
        .filter(|m| *m != "n_labeled" && *m != "n_unique")
        .collect();
    let err = |e: PolarsError| ReadError::Invalid {
        path: dir.into(),
        message: format!("cannot read run files: {e}"),
    };
    let mut frames = Vec::with_capacity(paths.len());
    for (p, schema) in paths.iter().zip(&schemas) {
        frames.push(
            scan(p)
                .map_err(err)?
                .select(selection(schema, &value_columns)),
        );
    }
    let df = concat(frames, UnionArgs::default())
        .and_then(|lf| {
            lf.sort(["config_id", "repeat", "round"], Default::default())
                .collect()
        })
        .map_err(err)?;
    let runs = group_runs(&df, &value_columns).map_err(err)?;
    Ok(Runs { runs, available })
}

/// The metric columns of any of `paths`, in order of first appearance, and each file's schema.
fn column_union(paths: &[PathBuf]) -> Result<(Vec<String>, Vec<SchemaRef>), ReadError> {
    let mut available: Vec<String> = Vec::new();
    let mut schemas = Vec::with_capacity(paths.len());
    for p in paths {
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
    Ok((available, schemas))
}

/// The columns read from a file of `schema`: identity, x axes and status, then each of
/// `value_columns` as f64 (null where the file lacks it).
fn selection(schema: &Schema, value_columns: &[&str]) -> Vec<Expr> {
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
    for m in value_columns {
        cols.push(if schema.contains(m) {
            col(*m).cast(DataType::Float64)
        } else {
            lit(NULL).cast(DataType::Float64).alias(*m)
        });
    }
    cols
}

/// The rows of `df` (sorted by config id, repeat, round) grouped into runs.
fn group_runs(df: &DataFrame, value_columns: &[&str]) -> PolarsResult<Vec<RunRows>> {
    let s = |name: &str| df.column(name);
    let label = s("label")?.str()?;
    let cid = s("config_id")?.str()?;
    let repeat = s("repeat")?.u32()?;
    let round = s("round")?.u32()?;
    let nl = s("n_labeled")?.f64()?;
    let nu = s("n_unique")?.f64()?;
    let status = s("status")?.str()?;
    let hash = s("spec_hash")?.str()?;
    let machine = s("machine")?.str()?;
    let mcols: Vec<(&str, &Float64Chunked)> = value_columns
        .iter()
        .map(|m| Ok((*m, s(m)?.f64()?)))
        .collect::<PolarsResult<_>>()?;
    let text = |c: &StringChunked, i: usize| c.get(i).unwrap_or("").to_string();
    let mut runs: Vec<RunRows> = Vec::new();
    for i in 0..df.height() {
        let (c, r) = (cid.get(i).unwrap_or(""), repeat.get(i).unwrap_or(0));
        if runs
            .last()
            .is_none_or(|x| x.config_id != c || x.repeat != r)
        {
            runs.push(RunRows {
                label: text(label, i),
                config_id: c.to_string(),
                repeat: r,
                status: RunStatus::from_stored(status.get(i).unwrap_or("")),
                spec_hash: text(hash, i),
                machine: text(machine, i),
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
            run.metrics
                .entry(m.to_string())
                .or_default()
                .push(ca.get(i));
        }
    }
    Ok(runs)
}
