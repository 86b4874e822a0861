//! `[model]`: the architecture, its initialisation, width, dropout and ensemble size, the
//! detector's map loss and the dual score's VAE, and the checks of the section on its own.

use serde::{Deserialize, Serialize};

use super::InitScheme;

use super::Arch;

/// A failed check: (dotted key, message).
type Problem = (String, String);

fn bad(key: &str, msg: String) -> Result<(), Problem> {
    Err((key.to_string(), msg))
}

/// Loss on the detector's class maps.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MapLoss {
    /// Focal loss (α = 0.25, γ = 2).
    #[default]
    Focal,
    /// Binary cross-entropy.
    Bce,
}

impl MapLoss {
    fn is_focal(&self) -> bool {
        *self == MapLoss::Focal
    }
}

/// `[model]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ModelSpec {
    /// Architecture.
    pub arch: Arch,
    /// `"scratch"` or a weights file written by `albench pretrain`.
    pub init: String,
    /// How the layers draw their initial weights and biases (a framework's default).
    #[serde(skip_serializing_if = "InitScheme::is_default")]
    pub init_scheme: InitScheme,
    /// Dropout probability before the classifier, in [0, 1).
    pub dropout: f64,
    /// Members trained per round (NVIDIA paper: 6–8); their probabilities are averaged.
    pub ensemble: usize,
    /// Width: hidden units of `mlp`, base channel count of `cnn` / `resnet` / `detector`.
    pub width: usize,
    /// `detector`: loss on the class maps (`focal` or `bce`); boxes always take L1.
    #[serde(skip_serializing_if = "MapLoss::is_focal")]
    pub map_loss: MapLoss,
    /// The VAE of the `vae` scorer: trained on the whole pool `once` or every round.
    #[serde(skip_serializing_if = "VaeMode::is_none")]
    pub vae: VaeMode,
    /// Epochs of each VAE training (default 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vae_epochs: Option<usize>,
    /// `external`: the learner's argv, run from the spec file's directory.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    /// `external`: seconds to wait for any one reply before the learner is killed (default
    /// 600).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_s: Option<f64>,
}

/// When the VAE of the dual score is trained.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum VaeMode {
    /// No VAE.
    #[default]
    None,
    /// Trained once, before round 1's scoring, on the whole pool.
    Once,
    /// Retrained every round on the whole pool (labeled and unlabeled images).
    PerRound,
}

impl VaeMode {
    fn is_none(&self) -> bool {
        *self == VaeMode::None
    }
}

impl ModelSpec {
    /// The `model.init` weights file, when it is not `"scratch"`.
    pub fn init_path(&self) -> Option<std::path::PathBuf> {
        (self.init != "scratch").then(|| std::path::PathBuf::from(&self.init))
    }
}

impl Default for ModelSpec {
    fn default() -> Self {
        ModelSpec {
            arch: Arch::Cnn,
            init: "scratch".into(),
            init_scheme: InitScheme::HeUniform,
            dropout: 0.25,
            ensemble: 1,
            width: 16,
            map_loss: MapLoss::Focal,
            vae: VaeMode::None,
            vae_epochs: None,
            command: Vec::new(),
            timeout_s: None,
        }
    }
}

impl ModelSpec {
    /// Checks of `[model]` alone: dropout in [0, 1), ensemble in 1..=64, width in 1..=4096,
    /// `vae_epochs` ≥ 1. Err: (dotted key, message).
    pub fn check(&self) -> Result<(), Problem> {
        if !(0.0..1.0).contains(&self.dropout) {
            return bad(
                "model.dropout",
                format!("{} must be in [0, 1)", self.dropout),
            );
        }
        if self.ensemble == 0 || self.ensemble > 64 {
            return bad(
                "model.ensemble",
                format!("{} must be in 1..=64", self.ensemble),
            );
        }
        if self.width == 0 || self.width > 4096 {
            return bad("model.width", format!("{} must be in 1..=4096", self.width));
        }
        if self.vae_epochs == Some(0) {
            return bad("model.vae_epochs", "must be ≥ 1, got 0".into());
        }
        self.check_external()
    }

    /// `model.command` and `model.timeout_s` belong to `arch = "external"`, which needs a
    /// command and takes no weights file nor VAE.
    fn check_external(&self) -> Result<(), Problem> {
        let external = self.arch.is_external();
        if !external && (!self.command.is_empty() || self.timeout_s.is_some()) {
            let key = if self.command.is_empty() {
                "model.timeout_s"
            } else {
                "model.command"
            };
            return bad(key, "is only read by model.arch = \"external\"".into());
        }
        if !external {
            return Ok(());
        }
        if self.command.first().is_none_or(|p| p.is_empty()) {
            return bad("model.command", "model.arch = \"external\" needs the learner's argv, e.g. command = [\"python3\", \"learner.py\"] (run from the spec's directory)".into());
        }
        if let Some(t) = self
            .timeout_s
            .filter(|t| !(t.is_finite() && *t > 0.0 && *t <= 1e7))
        {
            return bad(
                "model.timeout_s",
                format!("{t} must be a number of seconds in (0, 1e7]"),
            );
        }
        if self.init != "scratch" {
            return bad(
                "model.init",
                "an external learner loads its own weights: remove model.init (or set \"scratch\")"
                    .into(),
            );
        }
        if !self.init_scheme.is_default() {
            return bad(
                "model.init_scheme",
                "an external learner initialises its own model: remove model.init_scheme".into(),
            );
        }
        if self.vae != VaeMode::None {
            return bad(
                "model.vae",
                "an external learner has no VAE: the vae scorer needs a built-in model".into(),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_pass_and_each_check_names_its_key() {
        let m = ModelSpec::default();
        assert_eq!(m.check(), Ok(()));
        let key = |m: ModelSpec| m.check().unwrap_err().0;
        assert_eq!(
            key(ModelSpec {
                dropout: 1.0,
                ..m.clone()
            }),
            "model.dropout"
        );
        assert_eq!(
            key(ModelSpec {
                ensemble: 65,
                ..m.clone()
            }),
            "model.ensemble"
        );
        assert_eq!(
            key(ModelSpec {
                width: 0,
                ..m.clone()
            }),
            "model.width"
        );
        let epochs = ModelSpec {
            vae_epochs: Some(0),
            ..m.clone()
        };
        assert_eq!(key(epochs), "model.vae_epochs");
        let stray = ModelSpec {
            command: vec!["python3".into()],
            ..m.clone()
        };
        assert_eq!(key(stray), "model.command");
        let external = ModelSpec {
            arch: Arch::External,
            ..m
        };
        assert_eq!(key(external.clone()), "model.command");
        let slow = ModelSpec {
            command: vec!["python3".into(), "l.py".into()],
            timeout_s: Some(0.0),
            ..external
        };
        assert_eq!(key(slow.clone()), "model.timeout_s");
        let ok = ModelSpec {
            timeout_s: Some(5.0),
            ..slow
        };
        assert_eq!(ok.check(), Ok(()));
    }
}
