//! `[query]`: how the candidates are scored and selected.

use serde::{Deserialize, Serialize};

use super::validate::{bad, Problem};
use crate::acquisition::{check_combine, Aggregation, CombineTerm, Normalization, ScorerKind};
use crate::data::MetaFilter;
use crate::selection::{Distance, Embedding, MethodParams, SamplerKind};

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
    pub filter: Option<MetaFilter>,
    /// `batch_bald`: exact joint entropies up to this many label configurations, this many
    /// sampled beyond (absent: 1,000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joint_samples: Option<usize>,
    /// `batch_bald`: the greedy considers only this many candidates (at least the batch
    /// size), those of highest BALD score (absent: all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joint_candidates: Option<usize>,
    /// `typiclust`: neighbours of the typicality (absent: 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neighbours: Option<usize>,
    /// `probcover`: ball radius in `query.distance` units (absent: the purity rule).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<f64>,
    /// `epig`: size of the target set drawn from the pool (absent: 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets: Option<usize>,
    /// The samplers that read embeddings diversify among this fraction (in (0, 1]) of the
    /// candidates only, the highest-scored, and embed only those (absent: all candidates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefilter: Option<f64>,
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

    /// Checks of `[query]` alone: the pivot, the MC passes, the batch size, the pre-filter
    /// and the `combine` terms. Err: (dotted key, message).
    pub fn check(&self) -> Result<(), Problem> {
        if !(0.0..=1.0).contains(&self.pivot) {
            return bad(
                "query.pivot",
                format!("{} must be in [0, 1] (0 = top_n, 1 = bottom_n)", self.pivot),
            );
        }
        if self.mc_samples == 0 || self.mc_samples > 1000 {
            return bad(
                "query.mc_samples",
                format!("{} must be in 1..=1000", self.mc_samples),
            );
        }
        if self.batch_size == 0 {
            return bad("query.batch_size", "must be ≥ 1, got 0".into());
        }
        if let Some(f) = self.prefilter.filter(|f| !(*f > 0.0 && *f <= 1.0)) {
            return bad(
                "query.prefilter",
                format!("{f} must be a fraction in (0, 1] of the candidates (0.1 keeps the highest-scored 10 % for the diversity sampler)"),
            );
        }
        if let Some(v) = self.joint_candidates.filter(|&v| v == 0 || v > 10_000_000) {
            return bad(
                "query.joint_candidates",
                format!("{v} must be in 1..=10000000 (candidates of highest BALD score the batch_bald greedy considers)"),
            );
        }
        crate::selection::check_method_keys(
            self.joint_samples,
            self.neighbours,
            self.delta,
            self.targets,
        )?;
        check_combine(self.scorer, &self.combine)
    }

    /// The parameters of the samplers that read `joint_samples`, `neighbours`, `delta` and
    /// `targets` (defaults where absent).
    pub fn method_params(&self) -> MethodParams {
        let d = MethodParams::default();
        MethodParams {
            joint_samples: self.joint_samples.unwrap_or(d.joint_samples),
            joint_candidates: self.joint_candidates,
            neighbours: self.neighbours.unwrap_or(d.neighbours),
            delta: self.delta,
            targets: self.targets.unwrap_or(d.targets),
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
            joint_samples: None,
            joint_candidates: None,
            neighbours: None,
            delta: None,
            targets: None,
            prefilter: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefilter_is_a_fraction_in_0_1() {
        let mut q = QuerySpec::default();
        for ok in [None, Some(1.0), Some(0.1), Some(1e-6)] {
            q.prefilter = ok;
            assert!(q.check().is_ok(), "{ok:?}");
        }
        for bad in [0.0, -0.1, 1.5, f64::NAN, f64::INFINITY] {
            q.prefilter = Some(bad);
            let (key, msg) = q.check().unwrap_err();
            assert_eq!(key, "query.prefilter");
            assert!(msg.contains("must be a fraction in (0, 1]"), "{msg}");
        }
    }
}
