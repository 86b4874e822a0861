//! `[loop.ab]`: the A/B protocol of the NVIDIA paper's Table V (Sec. V).
//!
//! One run of an A/B spec trains a reference model on the base set (round 0), lets the
//! configured sampler (the *active* arm) and `against` (the *comparison* arm, e.g. `expert`,
//! the emulated manual selection) each pick `loop.budget` images from the candidates, splits
//! each selection `splits` times into train / test portions (`test_fraction` to test), and
//! per split trains one model per arm on the base set plus the arm's train portion. Every
//! model (reference included) is evaluated per class on the union of both arms' test
//! portions and on the comparison arm's test portion alone.

use serde::{Deserialize, Serialize};

use crate::selection::SamplerKind;

/// What the arms' models start from.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AbStart {
    /// The weights every round starts from (`model.init` or the repeat's initial weights):
    /// each arm's model is trained anew on the base set plus its train portion.
    Init,
    /// The reference model of round 0: each arm's model fine-tunes it.
    Reference,
}

/// `loop.ab`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AbSpec {
    /// The comparison arm's sampler (the configured `query.sampler` is the active arm).
    pub against: SamplerKind,
    /// Random train / test splits of each selection (the paper: 3).
    pub splits: usize,
    /// Fraction of each selection held out as its test portion, in (0, 1) (the paper: 0.1).
    pub test_fraction: f64,
    /// What the arms' models start from.
    pub start: AbStart,
    /// Ensemble members trained per arm model; member 0 is evaluated (the reference keeps
    /// `model.ensemble` members for scoring).
    pub members: usize,
}

impl Default for AbSpec {
    fn default() -> Self {
        AbSpec {
            against: SamplerKind::Expert,
            splits: 3,
            test_fraction: 0.1,
            start: AbStart::Init,
            members: 1,
        }
    }
}

impl AbSpec {
    /// Images of a selection of `n` that go to its test portion (at least 1).
    pub fn n_test(&self, n: usize) -> usize {
        ((n as f64 * self.test_fraction).round() as usize).clamp(1, n.saturating_sub(1).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_portion_is_rounded_and_never_empty_or_whole() {
        let ab = AbSpec::default();
        assert_eq!(ab.n_test(190), 19);
        assert_eq!(ab.n_test(4), 1, "0.4 rounds to 0, clamped to 1");
        assert_eq!(ab.n_test(2), 1);
        let half = AbSpec {
            test_fraction: 0.99,
            ..AbSpec::default()
        };
        assert_eq!(half.n_test(10), 9, "one image always stays for training");
    }
}
