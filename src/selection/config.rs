//! The keys of `[query]` that the diversity samplers read: which embedding of the candidates
//! they compare, and with which distance.

use serde::{Deserialize, Serialize};

/// Embedding used by diversity samplers.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Embedding {
    /// Penultimate layer of the current model.
    Backbone,
    /// Penultimate layer of the `model.init` model.
    Baseline,
    /// Raw pixels.
    Pixels,
}

/// Distance used by diversity samplers.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Distance {
    /// Squared Euclidean.
    Euclidean,
    /// Cosine.
    Cosine,
}

/// The parameters of the samplers of Ash et al. 2020 (BADGE), Kirsch et al. 2019
/// (BatchBALD), Hacohen et al. 2022 (TypiClust), Yehuda et al. 2022 (ProbCover) and
/// Bickford Smith et al. 2023 (EPIG), from the optional `[query]` keys of the same names
/// (absent = the default).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MethodParams {
    /// `query.joint_samples`: BatchBALD's joint entropies are exact while the label
    /// configurations number at most this, estimated from this many sampled configurations
    /// beyond (default [`super::batch_bald::JOINT_SAMPLES`]).
    pub joint_samples: usize,
    /// `query.joint_candidates`: BatchBALD's greedy considers only this many candidates of
    /// highest BALD score (at least the batch size); `None` = all
    /// ([`super::batch_bald::batch_bald_among`]).
    pub joint_candidates: Option<usize>,
    /// `query.neighbours`: TypiClust's k nearest neighbours (default
    /// [`super::typiclust::NEIGHBOURS`]).
    pub neighbours: usize,
    /// `query.delta`: ProbCover's ball radius in `query.distance` units (squared for
    /// euclidean); `None` = the purity rule.
    pub delta: Option<f64>,
    /// `query.targets`: EPIG's target set size (default [`super::epig::TARGETS`]).
    pub targets: usize,
}

impl Default for MethodParams {
    fn default() -> Self {
        MethodParams {
            joint_samples: super::batch_bald::JOINT_SAMPLES,
            joint_candidates: None,
            neighbours: super::typiclust::NEIGHBOURS,
            delta: None,
            targets: super::epig::TARGETS,
        }
    }
}
