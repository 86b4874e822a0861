//! Reading the per-run row tables back: `selections/<run>.parquet` and `ab/<run>.parquet`,
//! each into a [`PerRun`] of the record type its writer used.

use std::path::Path;

use polars::prelude::*;

use super::parquet::{parquet_files, scan};
use super::{AbRecord, PerRun, ReadError, SelectionRecord};

/// Every selection table of `dir` (none when `selections/` is absent), sorted by file name.
pub(super) fn read_selections(dir: &Path) -> Result<Vec<PerRun<SelectionRecord>>, ReadError> {
    read_tables(dir, "selections", "cannot read selections", selection_rows)
}

/// Every A/B table of `dir` (none when `ab/` is absent), sorted by file name.
pub(super) fn read_ab(dir: &Path) -> Result<Vec<PerRun<AbRecord>>, ReadError> {
    read_tables(dir, "ab", "cannot read the A/B table", ab_rows)
}

/// Each `.parquet` file of `dir/sub` as a [`PerRun`]: its rows by `rows`, the run's identity
/// from its first row's `config_id` and `repeat`, or from the file name
/// `<config_id>-r<repeat>` when it has none. `what` starts the message of an unreadable file.
fn read_tables<T>(
    dir: &Path,
    sub: &str,
    what: &str,
    rows: fn(&DataFrame) -> PolarsResult<Vec<T>>,
) -> Result<Vec<PerRun<T>>, ReadError> {
    let Some(paths) = parquet_files(dir, sub) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(paths.len());
    for p in paths {
        let err = |e: PolarsError| ReadError::Invalid {
            path: p.clone(),
            message: format!("{what}: {e}"),
        };
        let df = scan(&p).and_then(|lf| lf.collect()).map_err(err)?;
        let (config_id, repeat) = identity(&df, &p).map_err(err)?;
        out.push(PerRun {
            config_id,
            repeat,
            rows: rows(&df).map_err(err)?,
        });
    }
    Ok(out)
}

/// (config id, repeat) of a run's table: from its first row, or from the file name of `p`
/// when the table is empty.
fn identity(df: &DataFrame, p: &Path) -> PolarsResult<(String, u32)> {
    let cid = df.column("config_id")?.str()?;
    let repeat = df.column("repeat")?.u32()?;
    if df.height() > 0 {
        return Ok((
            cid.get(0).unwrap_or("").to_string(),
            repeat.get(0).unwrap_or(0),
        ));
    }
    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let from_name = super::parse_run_id(stem);
    Ok((
        from_name.map_or("", |(c, _)| c).to_string(),
        from_name.map_or(0, |(_, r)| r),
    ))
}

/// The rows of a selection table (`n_boxes` is absent in files written before it existed).
fn selection_rows(df: &DataFrame) -> PolarsResult<Vec<SelectionRecord>> {
    let s = |name: &str| df.column(name);
    let round = s("round")?.u32()?;
    let sample = s("sample")?.u32()?;
    let score = s("score")?.f32()?;
    let rank = s("rank")?.u32()?;
    let label = s("label")?.u32()?;
    let bad = s("mislabeled")?.bool()?;
    let boxes = df.column("n_boxes").ok().and_then(|c| c.u32().ok());
    Ok((0..df.height())
        .map(|i| SelectionRecord {
            round: round.get(i).unwrap_or(0),
            sample: sample.get(i).unwrap_or(0),
            score: score.get(i).unwrap_or(f32::NAN),
            rank: rank.get(i).unwrap_or(0),
            label: label.get(i).unwrap_or(0),
            mislabeled: bad.get(i).unwrap_or(false),
            n_boxes: boxes.and_then(|b| b.get(i)),
        })
        .collect())
}

/// The rows of an A/B table.
fn ab_rows(df: &DataFrame) -> PolarsResult<Vec<AbRecord>> {
    let text = |name: &str| df.column(name).and_then(|c| c.str());
    let (arm, set, metric, class) = (
        text("arm")?,
        text("test_set")?,
        text("metric")?,
        text("class")?,
    );
    let split = df.column("split")?.u32()?;
    let value = df.column("value")?.f64()?;
    let get = |c: &StringChunked, i: usize| c.get(i).unwrap_or("").to_string();
    Ok((0..df.height())
        .map(|i| AbRecord {
            split: split.get(i).unwrap_or(0),
            arm: get(arm, i),
            test_set: get(set, i),
            metric: get(metric, i),
            class: get(class, i),
            value: value.get(i),
        })
        .collect())
}
