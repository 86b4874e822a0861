//! Reading the round tables (`runs/<run>.parquet`) back, file by file, into the writer's own
//! record types: each run a [`RunRounds`] of [`RoundRecord`]s with its [`RunMeta`]. The
//! schema depends on the sweep (`test_top{k}_accuracy` and `test_ap_<class>` columns, swept
//! keys); the reader takes a run's `top_k`, `ap_classes` and swept keys from its file's
//! columns, so [`RoundRecord::metric`] finds every metric column by name.

use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::parquet::{parquet_files, scan};
use super::{is_metric_column, ReadError, RoundRecord, RunMeta, RunRounds, RunStatus};

/// All runs of a results directory.
#[derive(Clone, Debug, Default)]
pub struct Runs {
    /// Runs, sorted by (config id, repeat).
    pub runs: Vec<RunRounds>,
    /// Metric columns found in at least one run file, in order of first appearance.
    pub available: Vec<String>,
}

impl Runs {
    /// Whether any run has a value in column `metric` ([`RunRounds::has_values`]).
    pub fn has_values(&self, metric: &str) -> bool {
        self.runs.iter().any(|r| r.has_values(metric))
    }
}

/// The columns of the round table that are neither metric columns nor swept keys: the run's
/// identity, the round, `n_selected` and the status. Every other column that is not a metric
/// column is a swept key.
const IDENTITY: &[&str] = &[
    "experiment",
    "config_id",
    "label",
    "repeat",
    "seed",
    "round",
    "n_selected",
    "status",
    "spec_hash",
    "machine",
];

/// Every round table of `dir`, each decoded into a [`RunRounds`], sorted by (config id,
/// repeat); and the metric columns of any file.
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
    let mut runs = Vec::with_capacity(paths.len());
    for (p, schema) in paths.iter().zip(&schemas) {
        runs.push(read_run(p, schema).map_err(|e| ReadError::Invalid {
            path: dir.into(),
            message: format!("cannot read run files: {e}"),
        })?);
    }
    runs.sort_by(|a, b| {
        (a.meta.config_id.as_str(), a.meta.repeat).cmp(&(b.meta.config_id.as_str(), b.meta.repeat))
    });
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

/// The run of the round table `p` (of `schema`), rows in round order.
fn read_run(p: &Path, schema: &Schema) -> PolarsResult<RunRounds> {
    let df = scan(p)?
        .select(selection(schema))
        .sort(["round"], Default::default())
        .collect()?;
    let meta = meta_of(&df, schema)?;
    let rounds = decode_rounds(&df, &meta)?;
    Ok(RunRounds { meta, rounds })
}

/// `test_top{k}_accuracy` columns of `schema`, in column order: their k's.
fn top_k_of(schema: &Schema) -> Vec<usize> {
    let k = |n: &str| {
        n.strip_prefix("test_top")?
            .strip_suffix("_accuracy")?
            .parse()
            .ok()
    };
    schema.iter_names().filter_map(|n| k(n.as_str())).collect()
}

/// `test_ap_<class>` columns of `schema`, in column order: their classes.
fn ap_classes_of(schema: &Schema) -> Vec<String> {
    schema
        .iter_names()
        .filter_map(|n| n.strip_prefix("test_ap_").filter(|c| !c.is_empty()))
        .map(str::to_string)
        .collect()
}

/// The columns read from a file of `schema`, each cast to the writer's type: identity
/// (`spec_hash` and `machine` empty in files written before they existed), swept keys as
/// text, counts as u64, metrics as f64 (a nullable metric column the file lacks is null).
fn selection(schema: &Schema) -> Vec<Expr> {
    let text = |c: &str| col(c).cast(DataType::String);
    let mut cols = vec![
        text("experiment"),
        text("config_id"),
        text("label"),
        col("repeat").cast(DataType::UInt32),
        col("seed").cast(DataType::UInt64),
        col("round").cast(DataType::UInt32),
        text("status"),
    ];
    for c in ["spec_hash", "machine"] {
        cols.push(if schema.contains(c) {
            text(c)
        } else {
            lit("").alias(c)
        });
    }
    for c in ["n_labeled", "n_unique", "n_selected", "n_boxes", "epochs"] {
        cols.push(nullable(
            schema,
            c,
            DataType::UInt64,
            c == "n_boxes" || c == "epochs",
        ));
    }
    for c in FLOATS.iter().map(|(c, _)| *c).chain(TIMES) {
        cols.push(nullable(schema, c, DataType::Float64, !TIMES.contains(&c)));
    }
    for n in schema.iter_names().map(|n| n.as_str()) {
        if is_keyed(n) {
            cols.push(col(n).cast(DataType::Float64));
        } else if is_swept(n) {
            cols.push(text(n));
        }
    }
    cols
}

/// Whether column `n` is a `test_top{k}_accuracy` or `test_ap_<class>` column.
fn is_keyed(n: &str) -> bool {
    (n.starts_with("test_top") || n.starts_with("test_ap_")) && is_metric_column(n)
}

/// Whether column `n` is a swept key: neither an identity nor a metric column.
fn is_swept(n: &str) -> bool {
    !IDENTITY.contains(&n) && !is_metric_column(n)
}

/// Column `c` cast to `dtype`; when the file lacks it, null if `optional`, else the column
/// itself (so that the read fails naming it).
fn nullable(schema: &Schema, c: &str, dtype: DataType, optional: bool) -> Expr {
    if optional && !schema.contains(c) {
        lit(NULL).cast(dtype).alias(c)
    } else {
        col(c).cast(dtype)
    }
}

/// The nullable f64 columns of a round and where they go.
type Field = fn(&mut RoundRecord) -> &mut Option<f64>;
const FLOATS: &[(&str, Field)] = &[
    ("train_loss", |r| &mut r.train_loss),
    ("val_loss", |r| &mut r.val_loss),
    ("val_accuracy", |r| &mut r.val_accuracy),
    ("test_loss", |r| &mut r.test_loss),
    ("test_accuracy", |r| &mut r.test_accuracy),
    ("test_map", |r| &mut r.test_map),
    ("test_map50", |r| &mut r.test_map50),
    ("test_wmap", |r| &mut r.test_wmap),
];

/// The non-null f64 columns: seconds spent per round.
const TIMES: [&str; 3] = ["time_train_s", "time_score_s", "time_select_s"];

/// The run's identity from the first row of `df` (a file holds one run) and the keyed
/// columns of its `schema`.
fn meta_of(df: &DataFrame, schema: &Schema) -> PolarsResult<RunMeta> {
    let text = |c: &str| -> PolarsResult<String> {
        Ok(df.column(c)?.str()?.get(0).unwrap_or("").to_string())
    };
    let swept = schema
        .iter_names()
        .filter(|n| is_swept(n))
        .map(|k| Ok((k.to_string(), text(k)?)))
        .collect::<PolarsResult<_>>()?;
    Ok(RunMeta {
        experiment: text("experiment")?,
        config_id: text("config_id")?,
        label: text("label")?,
        repeat: df.column("repeat")?.u32()?.get(0).unwrap_or(0),
        seed: df.column("seed")?.u64()?.get(0).unwrap_or(0),
        spec_hash: text("spec_hash")?,
        machine: text("machine")?,
        top_k: top_k_of(schema),
        ap_classes: ap_classes_of(schema),
        swept,
    })
}

/// The rows of `df` as [`RoundRecord`]s; the keyed columns in the order of `meta.top_k` and
/// `meta.ap_classes`. A null in a column the writer never leaves null is an error.
fn decode_rounds(df: &DataFrame, meta: &RunMeta) -> PolarsResult<Vec<RoundRecord>> {
    let u64s = |c: &str| df.column(c).and_then(|s| s.u64());
    let f64s = |c: &str| df.column(c).and_then(|s| s.f64());
    let (round, status) = (df.column("round")?.u32()?, df.column("status")?.str()?);
    let counts = [u64s("n_labeled")?, u64s("n_unique")?, u64s("n_selected")?];
    let (boxes, epochs) = (u64s("n_boxes")?, u64s("epochs")?);
    let floats: Vec<(Field, &Float64Chunked)> = FLOATS
        .iter()
        .map(|(c, field)| Ok((*field, f64s(c)?)))
        .collect::<PolarsResult<_>>()?;
    let times = [f64s(TIMES[0])?, f64s(TIMES[1])?, f64s(TIMES[2])?];
    let top_k = keyed(
        df,
        meta.top_k.iter().map(|k| format!("test_top{k}_accuracy")),
    )?;
    let ap = keyed(df, meta.ap_classes.iter().map(|c| format!("test_ap_{c}")))?;
    let null = |c: &str| PolarsError::ComputeError(format!("null in column {c}").into());
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let count = |j: usize, c: &str| counts[j].get(i).map(|v| v as usize).ok_or_else(|| null(c));
        let time = |j: usize| times[j].get(i).ok_or_else(|| null(TIMES[j]));
        let mut r = RoundRecord {
            round: round.get(i).ok_or_else(|| null("round"))?,
            n_labeled: count(0, "n_labeled")?,
            n_unique: count(1, "n_unique")?,
            n_selected: count(2, "n_selected")?,
            n_boxes: boxes.get(i).map(|v| v as usize),
            epochs: epochs.get(i).map(|v| v as usize),
            test_top_k: top_k.iter().map(|c| c.get(i)).collect(),
            test_ap: ap.iter().map(|c| c.get(i)).collect(),
            time_train_s: time(0)?,
            time_score_s: time(1)?,
            time_select_s: time(2)?,
            status: RunStatus::from_stored(status.get(i).unwrap_or("")),
            ..RoundRecord::default()
        };
        for (field, c) in &floats {
            *field(&mut r) = c.get(i);
        }
        out.push(r);
    }
    Ok(out)
}

/// The f64 columns `names` of `df`.
fn keyed(
    df: &DataFrame,
    names: impl Iterator<Item = String>,
) -> PolarsResult<Vec<&Float64Chunked>> {
    names.map(|n| df.column(&n)?.f64()).collect()
}
