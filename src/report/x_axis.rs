//! The x axis of curves and AUCs, and where a run's x value of a round comes from.

use serde::Serialize;

use crate::results::RunRounds;

/// The x axis of curves and AUCs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum XAxis {
    /// Training samples with repeats.
    NLabeled,
    /// Distinct labeled samples (labeling cost).
    NUnique,
    /// Ground-truth boxes of the distinct labeled images (detection: the NVIDIA paper's
    /// "# BBoxes", a labeling-cost proxy).
    NBoxes,
    /// Cumulative training time up to and including the round, seconds (`time_train_s`
    /// summed; every member): what a method's curve costs in compute, not in labels.
    TrainTime,
}

impl XAxis {
    /// Every x axis.
    pub const ALL: [XAxis; 4] = [
        XAxis::NLabeled,
        XAxis::NUnique,
        XAxis::NBoxes,
        XAxis::TrainTime,
    ];

    /// Name on the command line (`--x`).
    pub fn flag(self) -> &'static str {
        match self {
            XAxis::NLabeled => "n-labeled",
            XAxis::NUnique => "n-unique",
            XAxis::NBoxes => "n-boxes",
            XAxis::TrainTime => "train-time",
        }
    }

    /// Column name.
    pub fn name(self) -> &'static str {
        match self {
            XAxis::NLabeled => "n_labeled",
            XAxis::NUnique => "n_unique",
            XAxis::NBoxes => "n_boxes",
            XAxis::TrainTime => "train_time_s",
        }
    }

    /// The x value of round index `i` of run `r` (NaN where the run has none, e.g. `n_boxes`
    /// of a classification run).
    pub fn of(self, r: &RunRounds, i: usize) -> f64 {
        match self {
            XAxis::NLabeled => r.rounds[i].n_labeled as f64,
            XAxis::NUnique => r.rounds[i].n_unique as f64,
            XAxis::NBoxes => r.value(i, "n_boxes").unwrap_or(f64::NAN),
            XAxis::TrainTime => (0..=i)
                .map(|j| r.value(j, "time_train_s").unwrap_or(f64::NAN))
                .sum(),
        }
    }
}
