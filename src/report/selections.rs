//! Selection statistics: which classes each method picked, and how many of its picks had a
//! flipped label (`data.label_noise`). Read from `selections/*.parquet` in one lazy scan.

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;
use serde::Serialize;

use super::analysis::{Curve, CurvePoint};
use super::ReportError;

/// Selection statistics of all methods (rounds ≥ 1: the random base set is excluded).
#[derive(Clone, Debug, Default, Serialize)]
pub struct SelectionStats {
    /// Per label: fraction of its selected samples in each class (index = class id).
    pub class_fractions: Vec<(String, Vec<f64>)>,
    /// Per label: fraction of selected samples that were mislabeled, per round (as curves with
    /// x = round). Empty when no selected sample was ever mislabeled.
    pub mislabeled: Vec<Curve>,
    /// Per label: fraction of each round's picks that add no new original image (mean ± std
    /// over repeats, x = round), for runs with `data.duplicates > 1`; empty otherwise. See
    /// [`super::redundancy`].
    pub redundant: Vec<Curve>,
}

/// Load and summarise the selections of `dir`; `labels` maps config ids to labels and gives
/// the order. Runs whose config id is not in `labels` (failed, other spec) are ignored.
pub fn selection_stats(
    dir: &Path,
    labels: &[(String, String)],
    order: &[String],
) -> Result<SelectionStats, ReportError> {
    let sel_dir = dir.join("selections");
    let err = |e: PolarsError| ReportError::Results {
        path: sel_dir.clone(),
        message: format!("cannot read selections: {e}"),
    };
    let mut paths: Vec<PlRefPath> = Vec::new();
    if let Ok(rd) = std::fs::read_dir(&sel_dir) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') && name.ends_with(".parquet") {
                paths.push(PlRefPath::new(e.path().to_string_lossy().as_ref()));
            }
        }
    }
    if paths.is_empty() {
        return Ok(SelectionStats::default());
    }
    paths.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    let df = LazyFrame::scan_parquet_files(paths.into_iter().collect(), ScanArgsParquet::default())
        .map_err(err)?
        .filter(col("round").gt(lit(0u32)))
        .group_by([col("config_id"), col("round"), col("label")])
        .agg([
            len().alias("n"),
            col("mislabeled").cast(DataType::UInt32).sum().alias("bad"),
        ])
        .collect()
        .map_err(err)?;
    let cid = df
        .column("config_id")
        .map_err(err)?
        .str()
        .map_err(err)?
        .clone();
    let round = df.column("round").map_err(err)?.u32().map_err(err)?.clone();
    let class = df.column("label").map_err(err)?.u32().map_err(err)?.clone();
    let n = df
        .column("n")
        .map_err(err)?
        .cast(&DataType::UInt64)
        .map_err(err)?
        .u64()
        .map_err(err)?
        .clone();
    let bad = df
        .column("bad")
        .map_err(err)?
        .cast(&DataType::UInt64)
        .map_err(err)?
        .u64()
        .map_err(err)?
        .clone();

    let mut classes: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut per_round: BTreeMap<(String, u32), (f64, f64)> = BTreeMap::new();
    let mut any_bad = false;
    for i in 0..df.height() {
        let Some(label) = cid
            .get(i)
            .and_then(|c| labels.iter().find(|(id, _)| id == c))
            .map(|(_, l)| l.clone())
        else {
            continue;
        };
        let (r, k, cnt, b) = (
            round.get(i).unwrap_or(0),
            class.get(i).unwrap_or(0) as usize,
            n.get(i).unwrap_or(0) as f64,
            bad.get(i).unwrap_or(0) as f64,
        );
        let v = classes.entry(label.clone()).or_default();
        if v.len() <= k {
            v.resize(k + 1, 0.0);
        }
        v[k] += cnt;
        let e = per_round.entry((label, r)).or_insert((0.0, 0.0));
        e.0 += cnt;
        e.1 += b;
        any_bad |= b > 0.0;
    }
    let width = classes.values().map(Vec::len).max().unwrap_or(0);
    let class_fractions = order
        .iter()
        .filter_map(|l| {
            let v = classes.get(l)?;
            let total: f64 = v.iter().sum();
            let mut f: Vec<f64> = v.iter().map(|c| c / total.max(1.0)).collect();
            f.resize(width, 0.0);
            Some((l.clone(), f))
        })
        .collect();
    let mislabeled = if any_bad {
        order
            .iter()
            .map(|l| Curve {
                label: l.clone(),
                points: per_round
                    .iter()
                    .filter(|((x, _), _)| x == l)
                    .map(|((_, r), (cnt, b))| CurvePoint {
                        round: *r,
                        x: *r as f64,
                        mean: b / cnt.max(1.0),
                        std: f64::NAN,
                        n: 1,
                        sem: f64::NAN,
                    })
                    .collect(),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(SelectionStats {
        class_fractions,
        mislabeled,
        redundant: Vec::new(),
    })
}
