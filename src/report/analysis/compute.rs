//! What each method cost to run: wall-clock seconds spent training, scoring and selecting, and
//! epochs trained, summed over a run's rounds, then mean ± std over its runs.

use serde::Serialize;

use crate::results::RunRounds;
use crate::stats::Summary;

/// One method's compute.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ComputeRow {
    /// Method.
    pub label: String,
    /// Runs with timings.
    pub runs: usize,
    /// Training seconds per run (all rounds, all members): (mean, std).
    pub train_s: (f64, f64),
    /// Scoring seconds per run (inference, scorers, embeddings).
    pub score_s: (f64, f64),
    /// Selection seconds per run.
    pub select_s: (f64, f64),
    /// Epochs trained per run by member 0.
    pub epochs: (f64, f64),
}

/// Per label in `labels` order, from the ok runs of each label (`runs`); a label whose runs
/// carry no timings is left out.
pub fn compute_table(runs: &[RunRounds], labels: &[String]) -> Vec<ComputeRow> {
    let total = |r: &RunRounds, m: &str| -> Option<f64> {
        r.has_values(m)
            .then(|| (0..r.rounds.len()).filter_map(|i| r.value(i, m)).sum())
    };
    labels
        .iter()
        .filter_map(|l| {
            let mine: Vec<&RunRounds> = runs.iter().filter(|r| &r.meta.label == l).collect();
            let col = |m: &str| -> Vec<f64> { mine.iter().filter_map(|r| total(r, m)).collect() };
            let train = col("time_train_s");
            if train.is_empty() {
                return None;
            }
            let s = |v: Vec<f64>| {
                let s = Summary::of(&v);
                (s.mean, s.std)
            };
            Some(ComputeRow {
                label: l.clone(),
                runs: train.len(),
                train_s: s(train),
                score_s: s(col("time_score_s")),
                select_s: s(col("time_select_s")),
                epochs: s(col("epochs")),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::{RoundRecord, RunMeta};

    fn run(label: &str, train: &[f64], epochs: &[usize]) -> RunRounds {
        let rounds = (0..3)
            .map(|i| RoundRecord {
                round: i as u32,
                time_train_s: train[i],
                time_score_s: [0.0, 1.0, 1.0][i],
                time_select_s: [0.0, 0.5, 0.5][i],
                epochs: Some(epochs[i]),
                ..Default::default()
            })
            .collect();
        let meta = RunMeta {
            label: label.into(),
            ..Default::default()
        };
        RunRounds { meta, rounds }
    }

    #[test]
    fn sums_per_run_then_mean_and_std_over_runs() {
        // a: runs of 6 s and 10 s training (mean 8, std 2.828); 12 and 16 epochs (14, 2.828).
        let runs = [
            run("a", &[1.0, 2.0, 3.0], &[4, 4, 4]),
            run("a", &[2.0, 3.0, 5.0], &[5, 5, 6]),
            run("b", &[1.0, 1.0, 1.0], &[1, 1, 1]),
        ];
        let t = compute_table(&runs, &["a".into(), "b".into(), "c".into()]);
        assert_eq!(t.len(), 2, "c has no runs");
        assert_eq!(t[0].runs, 2);
        assert_eq!(t[0].train_s.0, 8.0);
        assert!((t[0].train_s.1 - 8f64.sqrt()).abs() < 1e-12);
        assert_eq!(t[0].epochs.0, 14.0);
        assert_eq!((t[0].score_s.0, t[0].select_s.0), (2.0, 1.0));
        assert!(t[1].train_s.1.is_nan(), "one run: no std");
    }
}
