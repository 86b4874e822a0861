//! The A/B protocol's analysis (`loop.ab`, NVIDIA Table V): per test set and metric, each
//! arm's improvement over the reference model, in points (×100 for AP-type metrics), with
//! paired tests. Pure.
//!
//! Pairing: every (repeat, split) gives one reference, one active and one comparison value
//! on the same test images. Splits of one repeat share its selections and reference, so
//! besides the test over all splits × repeats (the paper's cross-validation, which treats
//! them as independent) the same test is run on the per-repeat means of the splits (the
//! conservative one, needs ≥ 2 repeats).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::results::{AbRecord, RunAb, SelectionRecord};
use crate::stats::{mean, paired_t, std_dev, PValue};

/// One metric on one test set: the reference's level and each arm's improvement over it.
#[derive(Clone, Debug, Serialize)]
pub struct AbLine {
    /// `ap` rows: the class; otherwise the metric (`wmap`, `map`, `map50`, `accuracy`).
    pub name: String,
    /// Pairs (repeat, split) behind the line.
    pub n: usize,
    /// Repeats behind it.
    pub repeats: usize,
    /// The reference model's mean value (points).
    pub reference: f64,
    /// The comparison arm's mean improvement over the reference (points) and its std.
    pub comparison: (f64, f64),
    /// The active arm's mean improvement and its std.
    pub active: (f64, f64),
    /// Paired t, active vs comparison, over splits × repeats.
    pub p_active_vs_comparison: PValue,
    /// The same on the per-repeat means.
    pub p_repeats: PValue,
    /// Paired t of each arm vs the reference (active, comparison), splits × repeats.
    pub p_vs_reference: (PValue, PValue),
}

/// One test set's lines.
#[derive(Clone, Debug, Serialize)]
pub struct AbSet {
    /// `union`, `comparison` or `test`.
    pub test_set: String,
    /// Mean images in the test set.
    pub n_images: f64,
    /// Classes first (in the order of the records), then the summary metrics.
    pub lines: Vec<AbLine>,
}

/// The A/B analysis of one configuration.
#[derive(Clone, Debug, Serialize)]
pub struct AbAnalysis {
    /// Configuration label.
    pub label: String,
    /// The active arm's sampler and the comparison arm's (from the spec).
    pub arms: (String, String),
    /// Test sets in the order union, comparison, test.
    pub sets: Vec<AbSet>,
    /// Labeling cost per arm (active, comparison): images and ground-truth boxes selected,
    /// per repeat (detection; empty boxes for classification).
    pub cost: [ArmCost; 2],
}

/// What one arm's selections cost, one entry per repeat.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ArmCost {
    /// Images selected.
    pub images: Vec<f64>,
    /// Ground-truth boxes in them (empty when not recorded).
    pub boxes: Vec<f64>,
}

impl ArmCost {
    /// From the selection rows of one arm's selection rounds, one `rows` per repeat.
    pub fn of<'a>(per_repeat: impl Iterator<Item = &'a [SelectionRecord]>, round: u32) -> Self {
        let mut c = ArmCost::default();
        for rows in per_repeat {
            let mine: Vec<_> = rows.iter().filter(|r| r.round == round).collect();
            c.images.push(mine.len() as f64);
            if mine.iter().all(|r| r.n_boxes.is_some()) && !mine.is_empty() {
                c.boxes
                    .push(mine.iter().map(|r| r.n_boxes.unwrap_or(0) as f64).sum());
            }
        }
        c
    }
}

/// (repeat, split).
type Key = (u32, u32);
/// arm → (repeat, split) → value of one (metric, class) on one test set.
type ArmValues = BTreeMap<&'static str, BTreeMap<Key, f64>>;
/// (rank, metric, class) → the arms' values on one test set.
type SetTable = BTreeMap<(usize, String, String), ArmValues>;

/// Scale of a metric in the tables: AP-type metrics and accuracy in points.
fn scale(metric: &str) -> f64 {
    match metric {
        "loss" | "n_images" => 1.0,
        _ => 100.0,
    }
}

/// Analyse the A/B tables of configuration `config_id` (only its `runs`, the (repeat) of
/// complete, ok runs).
pub fn analyse_ab(
    tables: &[RunAb],
    config_id: &str,
    label: &str,
    arms: (String, String),
    runs: &[u32],
    cost: [ArmCost; 2],
) -> Option<AbAnalysis> {
    let mine: Vec<(u32, &AbRecord)> = tables
        .iter()
        .filter(|t| t.config_id == config_id && runs.contains(&t.repeat))
        .flat_map(|t| t.rows.iter().map(move |r| (t.repeat, r)))
        .collect();
    if mine.is_empty() {
        return None;
    }
    // classes and metrics in the order the records list them (the dataset's class order)
    let mut rank_of: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (_, r) in &mine {
        let next = rank_of.len() + if r.metric == "ap" { 0 } else { 1_000 };
        rank_of
            .entry((r.metric.clone(), r.class.clone()))
            .or_insert(next);
    }
    let sets = ["union", "comparison", "test"]
        .into_iter()
        .filter_map(|set| {
            let (table, n_images) = set_table(&mine, set, &rank_of);
            let lines: Vec<AbLine> = table
                .into_iter()
                .filter_map(|((_, metric, class), arms)| {
                    line(if metric == "ap" { class } else { metric }, &arms)
                })
                .collect();
            (!lines.is_empty()).then(|| AbSet {
                test_set: set.to_string(),
                n_images: if n_images.is_empty() {
                    f64::NAN
                } else {
                    mean(&n_images)
                },
                lines,
            })
        })
        .collect();
    Some(AbAnalysis {
        label: label.to_string(),
        arms,
        sets,
        cost,
    })
}

/// The values of test set `set` by (metric, class) and arm, in points, and the reference's
/// image counts (`n_images`). Losses are left out.
fn set_table(
    mine: &[(u32, &AbRecord)],
    set: &str,
    rank_of: &BTreeMap<(String, String), usize>,
) -> (SetTable, Vec<f64>) {
    let mut table = SetTable::new();
    let mut n_images = Vec::new();
    for (repeat, r) in mine.iter().filter(|(_, r)| r.test_set == set) {
        if r.metric == "n_images" {
            if r.arm == "reference" {
                n_images.extend(r.value);
            }
            continue;
        }
        if r.metric == "loss" {
            continue;
        }
        let Some(v) = r.value else { continue };
        let rank = rank_of[&(r.metric.clone(), r.class.clone())];
        table
            .entry((rank, r.metric.clone(), r.class.clone()))
            .or_default()
            .entry(match r.arm.as_str() {
                "reference" => "reference",
                "active" => "active",
                _ => "comparison",
            })
            .or_default()
            .insert((*repeat, r.split), v * scale(&r.metric));
    }
    (table, n_images)
}

/// The line `name` from the arms' values: the pairs (repeat, split) that all three arms
/// have; `None` without such a pair.
fn line(name: String, arms: &ArmValues) -> Option<AbLine> {
    let (rf, ac, co) = (
        arms.get("reference")?,
        arms.get("active")?,
        arms.get("comparison")?,
    );
    let keys: Vec<Key> = rf
        .keys()
        .filter(|k| ac.contains_key(k) && co.contains_key(k))
        .copied()
        .collect();
    if keys.is_empty() {
        return None;
    }
    let col = |m: &BTreeMap<Key, f64>| -> Vec<f64> { keys.iter().map(|k| m[k]).collect() };
    let (r, a, c) = (col(rf), col(ac), col(co));
    let da: Vec<f64> = a.iter().zip(&r).map(|(x, y)| x - y).collect();
    let dc: Vec<f64> = c.iter().zip(&r).map(|(x, y)| x - y).collect();
    // per-repeat means of the splits
    let mut by_repeat: BTreeMap<u32, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for (k, (x, y)) in keys.iter().zip(a.iter().zip(&c)) {
        let e = by_repeat.entry(k.0).or_default();
        e.0.push(*x);
        e.1.push(*y);
    }
    let (ra, rc): (Vec<f64>, Vec<f64>) =
        by_repeat.values().map(|(x, y)| (mean(x), mean(y))).unzip();
    Some(AbLine {
        name,
        n: keys.len(),
        repeats: by_repeat.len(),
        reference: mean(&r),
        comparison: (mean(&dc), std_dev(&dc)),
        active: (mean(&da), std_dev(&da)),
        p_active_vs_comparison: paired_t(&a, &c),
        p_repeats: paired_t(&ra, &rc),
        p_vs_reference: (paired_t(&a, &r), paired_t(&c, &r)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-row table of run `c`-r`repeat`.
    fn row(
        repeat: u32,
        split: u32,
        arm: &str,
        set: &str,
        metric: &str,
        class: &str,
        v: f64,
    ) -> RunAb {
        let r = AbRecord {
            split,
            arm: arm.into(),
            test_set: set.into(),
            metric: metric.into(),
            class: class.into(),
            value: Some(v),
        };
        RunAb {
            config_id: "c".into(),
            repeat,
            rows: vec![r],
        }
    }

    #[test]
    fn improvements_are_paired_differences_in_points() {
        // 2 repeats × 2 splits on the union set, class "person":
        // reference 0.50, 0.40, 0.60, 0.50; active +0.05, +0.03, +0.04, +0.04;
        // comparison +0.01, +0.02, 0.00, +0.01.
        let rf = [0.50, 0.40, 0.60, 0.50];
        let da = [0.05, 0.03, 0.04, 0.04];
        let dc = [0.01, 0.02, 0.00, 0.01];
        let mut rows = Vec::new();
        for i in 0..4 {
            let (rep, split) = (i as u32 / 2, i as u32 % 2);
            rows.push(row(rep, split, "reference", "union", "ap", "person", rf[i]));
            rows.push(row(
                rep,
                split,
                "active",
                "union",
                "ap",
                "person",
                rf[i] + da[i],
            ));
            rows.push(row(
                rep,
                split,
                "comparison",
                "union",
                "ap",
                "person",
                rf[i] + dc[i],
            ));
            rows.push(row(
                rep,
                split,
                "reference",
                "union",
                "n_images",
                "",
                10.0 + i as f64,
            ));
        }
        let a = analyse_ab(
            &rows,
            "c",
            "rr",
            ("round_robin".into(), "expert".into()),
            &[0, 1],
            Default::default(),
        )
        .unwrap();
        assert_eq!(a.sets.len(), 1);
        let s = &a.sets[0];
        assert_eq!(s.test_set, "union");
        assert!((s.n_images - 11.5).abs() < 1e-12);
        let l = &s.lines[0];
        assert_eq!((l.name.as_str(), l.n, l.repeats), ("person", 4, 2));
        assert!((l.reference - 50.0).abs() < 1e-9);
        assert!(
            (l.active.0 - 4.0).abs() < 1e-9,
            "mean of +5, +3, +4, +4 points"
        );
        assert!((l.comparison.0 - 1.0).abs() < 1e-9);
        // active − comparison per pair: 4, 1, 4, 3 points: mean 3, sd √2 = 1.41421,
        // t = 3 / (1.41421 / 2) = 4.2426 on 3 df: two-sided p = 0.023981
        // (closed form of the t cdf for 3 df)
        let p = l.p_active_vs_comparison.value().unwrap();
        assert!((p - 0.023981).abs() < 1e-5, "{p}");
        // per-repeat means: (2.5, 3.5): sd 0.7071, t = 3 / 0.5 = 6 on 1 df:
        // p = 1 − 2·atan(6)/π = 0.105137
        let p = l.p_repeats.value().unwrap();
        assert!((p - 0.105137).abs() < 1e-5, "{p}");
    }

    #[test]
    fn other_configurations_and_failed_repeats_are_left_out() {
        let mut rows = vec![row(0, 0, "reference", "union", "ap", "car", 0.5)];
        rows[0].config_id = "other".into();
        assert!(analyse_ab(
            &rows,
            "c",
            "x",
            ("a".into(), "b".into()),
            &[0],
            Default::default()
        )
        .is_none());
        let rows = vec![row(3, 0, "reference", "union", "ap", "car", 0.5)];
        assert!(analyse_ab(
            &rows,
            "c",
            "x",
            ("a".into(), "b".into()),
            &[0],
            Default::default()
        )
        .is_none());
    }
}
