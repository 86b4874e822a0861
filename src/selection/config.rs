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
