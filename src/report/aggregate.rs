//! Mean learning curves from the round tables: per label and round, the mean, std and count
//! of a metric over the completed runs ([`crate::stats::running_mean`],
//! [`crate::stats::running_std_dev`], in run order).

use std::collections::BTreeMap;

use super::curve::{Curve, CurvePoint};
use super::x_axis::XAxis;
use crate::results::Runs;
use crate::stats::{running_mean, running_std_dev};

/// The mean curve of `metric` per label of `labels` (in that order; a label without runs has
/// no points), over the completed runs of `runs`. A point per round where at least one run
/// has a value (NaN counts as a value): mean x on `axis`, mean, std (n − 1; NaN for one run),
/// count and standard error of the values.
pub fn mean_curves(runs: &Runs, metric: &str, axis: XAxis, labels: &[String]) -> Vec<Curve> {
    let by_label = values_by_label(runs, metric, axis);
    labels
        .iter()
        .map(|l| Curve {
            label: l.clone(),
            points: by_label
                .get(l.as_str())
                .map(|rounds| rounds.iter().map(|(&r, xy)| point(r, xy)).collect())
                .unwrap_or_default(),
        })
        .collect()
}

/// (x values, metric values) of every completed run that has a value, by label and round.
type Values<'a> = BTreeMap<&'a str, BTreeMap<u32, (Vec<f64>, Vec<f64>)>>;

fn values_by_label<'a>(runs: &'a Runs, metric: &str, axis: XAxis) -> Values<'a> {
    let mut out = Values::new();
    for r in runs.runs.iter().filter(|r| r.status().is_done()) {
        for (i, round) in r.rounds.iter().enumerate() {
            if let Some(y) = r.value(i, metric) {
                let e = out
                    .entry(r.meta.label.as_str())
                    .or_default()
                    .entry(round.round)
                    .or_default();
                e.0.push(axis.of(r, i));
                e.1.push(y);
            }
        }
    }
    out
}

/// The curve point of `round` from the runs' (x values, metric values).
fn point(round: u32, (x, y): &(Vec<f64>, Vec<f64>)) -> CurvePoint {
    let std = running_std_dev(y);
    let n = y.len() as u32;
    CurvePoint {
        round,
        x: running_mean(x),
        mean: running_mean(y),
        std,
        n,
        sem: std / (n as f64).sqrt(),
    }
}

#[cfg(test)]
mod tests {
    use polars::prelude::*;

    use crate::stats::{running_mean, running_std_dev};

    /// The curve points' statistics are those of a polars group-by (mean, std with ddof 1),
    /// bit for bit, in row order: the reports computed them that way before.
    #[test]
    fn point_statistics_match_a_polars_group_by_bit_for_bit() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let (mut group, mut y) = (Vec::new(), Vec::new());
        for g in 0..40u32 {
            let scale = [1e-3, 0.9, 37.0, 1e4][g as usize % 4];
            for _ in 0..(1 + g % 13) {
                group.push(g);
                y.push(0.5 + scale * next());
            }
        }
        let df = DataFrame::new(
            group.len(),
            vec![
                Column::new("g".into(), group.clone()),
                Column::new("y".into(), y.clone()),
            ],
        )
        .unwrap();
        let out = df
            .lazy()
            .group_by([col("g")])
            .agg([col("y").mean().alias("mean"), col("y").std(1).alias("std")])
            .sort(["g"], Default::default())
            .collect()
            .unwrap();
        let means = out.column("mean").unwrap().f64().unwrap().clone();
        let stds = out.column("std").unwrap().f64().unwrap().clone();
        for g in 0..40u32 {
            let v: Vec<f64> = group
                .iter()
                .zip(&y)
                .filter(|(x, _)| **x == g)
                .map(|(_, v)| *v)
                .collect();
            let i = g as usize;
            assert_eq!(means.get(i).unwrap().to_bits(), running_mean(&v).to_bits());
            let want = stds.get(i).unwrap_or(f64::NAN);
            let got = running_std_dev(&v);
            assert!(
                want.to_bits() == got.to_bits() || (want.is_nan() && got.is_nan()),
                "group {g} ({} values): polars {want}, running {got}",
                v.len()
            );
        }
    }
}
