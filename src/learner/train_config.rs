//! `[train]`: optimizer, learning rate, batches and epochs, the reset between rounds, early
//! stopping and the recorded top-k accuracies, and the checks of the section on its own.

use serde::{Deserialize, Serialize};

use super::{EarlyStopping, TopK};

/// A failed check: (dotted key, message).
type Problem = (String, String);

fn bad(key: &str, msg: String) -> Result<(), Problem> {
    Err((key.to_string(), msg))
}

/// Optimizers.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Optimizer {
    /// Adam.
    Adam,
    /// SGD with momentum `train.momentum`.
    Sgd,
}

/// What each round's training starts from.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Reset {
    /// Restart from `model.init` every round (thesis default).
    Baseline,
    /// Warm-start from the previous round's model.
    Continue,
}

/// `[train]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TrainSpec {
    /// Optimizer.
    pub optimizer: Optimizer,
    /// Learning rate (> 0).
    pub lr: f64,
    /// SGD momentum in [0, 1).
    pub momentum: f64,
    /// L2 weight decay (≥ 0).
    pub weight_decay: f64,
    /// Mini-batch size.
    pub batch_size: usize,
    /// Upper bound on epochs per round.
    pub max_epochs: usize,
    /// 0 = one pass over the labeled set per epoch; N = exactly N steps (thesis 4.1.2).
    pub steps_per_epoch: usize,
    /// Shuffle the labeled set every epoch (thesis 4.1.1); off keeps acquisition order.
    pub reshuffle: bool,
    /// Restart from `model.init` or warm-start every round.
    pub reset: Reset,
    /// `false`, or `{ monitor, patience, restore_best }`.
    pub early_stopping: EarlyStopping,
    /// k's of the recorded `test_top{k}_accuracy` columns.
    pub top_k: TopK,
}

impl Default for TrainSpec {
    fn default() -> Self {
        TrainSpec {
            optimizer: Optimizer::Adam,
            lr: 1e-3,
            momentum: 0.9,
            weight_decay: 0.0,
            batch_size: 64,
            max_epochs: 50,
            steps_per_epoch: 0,
            reshuffle: true,
            reset: Reset::Baseline,
            early_stopping: EarlyStopping::default(),
            top_k: Default::default(),
        }
    }
}

impl TrainSpec {
    /// Checks of `[train]` alone: a finite positive learning rate, momentum in [0, 1), a
    /// finite weight decay ≥ 0, non-zero batch size, epochs and patience, valid top-k's.
    /// Err: (dotted key, message).
    pub fn check(&self) -> Result<(), Problem> {
        if !(self.lr > 0.0 && self.lr.is_finite()) {
            return bad(
                "train.lr",
                format!("{} must be a finite number > 0", self.lr),
            );
        }
        if !(0.0..1.0).contains(&self.momentum) {
            return bad(
                "train.momentum",
                format!("{} must be in [0, 1)", self.momentum),
            );
        }
        if !(self.weight_decay >= 0.0 && self.weight_decay.is_finite()) {
            return bad(
                "train.weight_decay",
                format!("{} must be a finite number ≥ 0", self.weight_decay),
            );
        }
        if self.batch_size == 0 {
            return bad("train.batch_size", "must be ≥ 1, got 0".into());
        }
        if self.max_epochs == 0 {
            return bad("train.max_epochs", "must be ≥ 1, got 0".into());
        }
        if self.early_stopping.enabled && self.early_stopping.patience == 0 {
            return bad("train.early_stopping.patience", "must be ≥ 1, got 0".into());
        }
        if let Some(why) = self.top_k.problem() {
            return bad("train.top_k", why);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_pass_and_each_check_names_its_key() {
        let t = TrainSpec::default();
        assert_eq!(t.check(), Ok(()));
        let key = |t: TrainSpec| t.check().unwrap_err().0;
        assert_eq!(
            key(TrainSpec {
                lr: 0.0,
                ..t.clone()
            }),
            "train.lr"
        );
        assert_eq!(
            key(TrainSpec {
                momentum: 1.0,
                ..t.clone()
            }),
            "train.momentum"
        );
        let patience = EarlyStopping {
            patience: 0,
            ..EarlyStopping::default()
        };
        let stop = TrainSpec {
            early_stopping: patience,
            ..t.clone()
        };
        assert_eq!(key(stop), "train.early_stopping.patience");
        let off = TrainSpec {
            early_stopping: EarlyStopping {
                enabled: false,
                ..patience
            },
            ..t.clone()
        };
        assert_eq!(off.check(), Ok(()));
        assert_eq!(
            key(TrainSpec {
                top_k: TopK(vec![]),
                ..t
            }),
            "train.top_k"
        );
    }
}
