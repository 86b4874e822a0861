//! Selection statistics: which classes each method picked, and how many of its picks had a
//! flipped label (`data.label_noise`), from the selection tables of [`ResultsData`].

use std::collections::BTreeMap;

use serde::Serialize;

use super::curve::{Curve, CurvePoint};
use crate::results::ResultsData;

/// Selection statistics of all methods (rounds ≥ 1: the random base set is excluded).
#[derive(Clone, Debug, Default, Serialize)]
pub struct SelectionStats {
    /// Per label: fraction of its selected samples in each class (index = class id).
    pub class_fractions: Vec<(String, Vec<f64>)>,
    /// Class names by class id, when the dataset's are known without reading it (else empty).
    pub class_names: Vec<String>,
    /// Per label: fraction of selected samples that were mislabeled, per round (as curves with
    /// x = round). Empty when no selected sample was ever mislabeled.
    pub mislabeled: Vec<Curve>,
    /// Per label: for each run, the fraction of round 1's picks that were mislabeled (the
    /// thesis' Table 4.1 looks at the first 100 selected images); empty when no selected
    /// sample was ever mislabeled.
    pub mislabeled_runs: Vec<(String, Vec<f64>)>,
    /// Per label: fraction of each round's picks that add no new original image (mean ± std
    /// over repeats, x = round), for runs with `data.duplicates > 1`; empty otherwise. See
    /// [`super::redundancy`].
    pub redundant: Vec<Curve>,
}

/// Counts over the selected samples of rounds ≥ 1, by label.
#[derive(Default)]
struct Counts {
    /// label → picks per class id.
    classes: BTreeMap<String, Vec<f64>>,
    /// (label, round) → (picks, mislabeled among them).
    per_round: BTreeMap<(String, u32), (f64, f64)>,
    /// (label, repeat) → (round-1 picks, mislabeled among them).
    first_round: BTreeMap<(String, u32), (f64, f64)>,
    /// Whether any pick was mislabeled.
    any_bad: bool,
}

impl Counts {
    /// Count the selection rows of the runs whose config id is in `counted`.
    fn of(data: &ResultsData, counted: &[(String, String)]) -> Counts {
        let mut c = Counts::default();
        for run in &data.selections {
            let Some(label) = counted
                .iter()
                .find(|(id, _)| *id == run.config_id)
                .map(|(_, l)| l)
            else {
                continue;
            };
            for row in run.rows.iter().filter(|r| r.round > 0) {
                let k = row.label as usize;
                let v = c.classes.entry(label.clone()).or_default();
                if v.len() <= k {
                    v.resize(k + 1, 0.0);
                }
                v[k] += 1.0;
                let e = c
                    .per_round
                    .entry((label.clone(), row.round))
                    .or_insert((0.0, 0.0));
                e.0 += 1.0;
                if row.mislabeled {
                    e.1 += 1.0;
                    c.any_bad = true;
                }
                if row.round == 1 {
                    let f = c
                        .first_round
                        .entry((label.clone(), run.repeat))
                        .or_insert((0.0, 0.0));
                    f.0 += 1.0;
                    f.1 += f64::from(u8::from(row.mislabeled));
                }
            }
        }
        c
    }
}

/// Summarise the selections of the runs of `data` whose config id is in `counted` (config id →
/// label); `order` gives the label order. Other runs (failed, other spec) are ignored.
pub fn selection_stats(
    data: &ResultsData,
    counted: &[(String, String)],
    order: &[String],
) -> SelectionStats {
    let c = Counts::of(data, counted);
    let width = c.classes.values().map(Vec::len).max().unwrap_or(0);
    let class_fractions = order
        .iter()
        .filter_map(|l| {
            let v = c.classes.get(l)?;
            let total: f64 = v.iter().sum();
            let mut f: Vec<f64> = v.iter().map(|c| c / total.max(1.0)).collect();
            f.resize(width, 0.0);
            Some((l.clone(), f))
        })
        .collect();
    let (mislabeled, mislabeled_runs) = if c.any_bad {
        (mislabeled_curves(&c, order), mislabeled_runs(&c, order))
    } else {
        (Vec::new(), Vec::new())
    };
    SelectionStats {
        class_fractions,
        class_names: Vec::new(),
        mislabeled,
        mislabeled_runs,
        redundant: Vec::new(),
    }
}

/// Per label: the mislabeled fraction of each round's picks, as a curve with x = round.
fn mislabeled_curves(c: &Counts, order: &[String]) -> Vec<Curve> {
    order
        .iter()
        .map(|l| Curve {
            label: l.clone(),
            points: c
                .per_round
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
}

/// Per label: each run's mislabeled fraction of round 1's picks.
fn mislabeled_runs(c: &Counts, order: &[String]) -> Vec<(String, Vec<f64>)> {
    order
        .iter()
        .map(|l| {
            let v = c
                .first_round
                .iter()
                .filter(|((x, _), _)| x == l)
                .map(|(_, (n, b))| b / n.max(1.0))
                .collect();
            (l.clone(), v)
        })
        .collect()
}
