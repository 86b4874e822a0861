//! Per label and round: mean, std and count of a metric over runs, aggregated by polars.

use polars::prelude::*;

use crate::report::XAxis;
use crate::results::Runs;

/// One aggregated point: a label's metric at one round over its runs.
#[derive(Clone, Debug, PartialEq)]
pub struct AggRow {
    /// Label.
    pub label: String,
    /// Round.
    pub round: u32,
    /// Mean x (`n_labeled`, `n_unique` or `n_boxes`).
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
pub fn aggregate(runs: &Runs, metric: &str, axis: XAxis) -> PolarsResult<Vec<AggRow>> {
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
            x.push(axis.of(r, i));
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
