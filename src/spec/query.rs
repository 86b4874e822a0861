//! `[query]`: how the candidates are scored and selected.

use serde::{Deserialize, Serialize};

use super::schema::{SamplerKind, ScorerKind};

/// Aggregation of per-position / per-box scores to one score per image.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Maximum (NVIDIA eq. 4).
    Max,
    /// Mean.
    Mean,
    /// Sum.
    Sum,
}

impl Aggregation {
    /// Name in the spec.
    pub fn name(self) -> &'static str {
        match self {
            Aggregation::Max => "max",
            Aggregation::Mean => "mean",
            Aggregation::Sum => "sum",
        }
    }
}

/// Normalization of each `query.combine` term.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Normalization {
    /// `(s − mean) / std` over the candidates.
    Zscore,
    /// Rank fraction in [0, 1].
    Rank,
}

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

/// One term of `query.combine`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CombineTerm {
    /// Scorer of the term (not `combine`).
    pub scorer: ScorerKind,
    /// Weight of the normalized term.
    pub weight: f64,
}

/// `[query]`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct QuerySpec {
    /// Scorer.
    pub scorer: ScorerKind,
    /// Aggregation of per-position scores (detection).
    pub aggregation: Aggregation,
    /// Sampler.
    pub sampler: SamplerKind,
    /// Centre of the `pivot` window, in [0, 1].
    pub pivot: f64,
    /// Forward passes with dropout active when scoring (1 = plain deterministic pass).
    pub mc_samples: usize,
    /// Embedding for diversity samplers.
    pub embedding: Embedding,
    /// Distance for diversity samplers.
    pub distance: Distance,
    /// Terms of the `combine` scorer.
    pub combine: Vec<CombineTerm>,
    /// Normalization of `combine` terms.
    pub normalize: Normalization,
    /// Candidates scored per inference batch (memory bound of scoring).
    pub batch_size: usize,
    /// `round_robin`: the classes (names) whose rankings the picks alternate between.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<String>,
    /// Only candidates whose acquisition metadata match are scored and selected (NVIDIA
    /// Sec. V: a pool "shortlisted using acquisition metadata"); unlike `data.filter`, the
    /// base set is still drawn from the whole pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<super::MetaFilter>,
}

impl QuerySpec {
    /// The scorers that compute scores: the `combine` terms with `scorer = "combine"`, else
    /// the scorer itself.
    pub fn scorers(&self) -> Vec<ScorerKind> {
        if self.scorer == ScorerKind::Combine {
            self.combine.iter().map(|t| t.scorer).collect()
        } else {
            vec![self.scorer]
        }
    }
}

impl Default for QuerySpec {
    fn default() -> Self {
        QuerySpec {
            scorer: ScorerKind::Margin,
            aggregation: Aggregation::Max,
            sampler: SamplerKind::TopN,
            pivot: 0.0,
            mc_samples: 1,
            embedding: Embedding::Backbone,
            distance: Distance::Euclidean,
            combine: Vec::new(),
            normalize: Normalization::Zscore,
            batch_size: 256,
            classes: Vec::new(),
            filter: None,
        }
    }
}
