//! `train.early_stopping`: `false`, `true` (defaults) or `{ monitor, patience, restore_best }`.

use serde::{Deserialize, Serialize};

/// What early stopping watches.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Monitor {
    /// Validation cross-entropy (lower is better). Thesis 4.1.2's recommendation.
    ValLoss,
    /// Validation accuracy (higher is better).
    ValAccuracy,
}

/// Early-stopping settings; `enabled = false` trains `max_epochs` epochs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EarlyStopping {
    /// Whether early stopping is on.
    pub enabled: bool,
    /// Metric watched on the validation set.
    pub monitor: Monitor,
    /// Epochs without improvement before stopping.
    pub patience: usize,
    /// Restore the best epoch's weights when training ends.
    pub restore_best: bool,
}

impl Default for EarlyStopping {
    fn default() -> Self {
        EarlyStopping {
            enabled: true,
            monitor: Monitor::ValLoss,
            patience: 3,
            restore_best: true,
        }
    }
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Table {
    #[serde(default = "d_monitor")]
    monitor: Monitor,
    #[serde(default = "d_patience")]
    patience: usize,
    #[serde(default = "d_restore")]
    restore_best: bool,
}
fn d_monitor() -> Monitor {
    Monitor::ValLoss
}
fn d_patience() -> usize {
    3
}
fn d_restore() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Raw {
    Flag(bool),
    Table(Table),
}

impl<'de> Deserialize<'de> for EarlyStopping {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Raw::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "expected false, true, or { monitor = \"val_loss\"|\"val_accuracy\", patience = N, restore_best = true|false }",
            )
        })?;
        Ok(match raw {
            Raw::Flag(enabled) => EarlyStopping {
                enabled,
                ..Default::default()
            },
            Raw::Table(t) => EarlyStopping {
                enabled: true,
                monitor: t.monitor,
                patience: t.patience,
                restore_best: t.restore_best,
            },
        })
    }
}

impl Serialize for EarlyStopping {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !self.enabled {
            return s.serialize_bool(false);
        }
        Table {
            monitor: self.monitor,
            patience: self.patience,
            restore_best: self.restore_best,
        }
        .serialize(s)
    }
}
