//! The scorer registry: the one place that lists every scorer with its spec name, its
//! description (`albench list`), what it needs from the learner (read by spec validation and
//! the scoring pass) and its constructor. Adding a scorer = its file + one line below.

use serde::{Deserialize, Serialize};

use super::det_entropy::DetEntropy;
use super::entropy::Entropy;
use super::grad::Grad;
use super::least_confidence::LeastConfidence;
use super::loss::Loss;
use super::margin::Margin;
use super::mutual_information::MutualInformation;
use super::random::RandomScore;
use super::vae::VaeScore;
use super::{Aggregation, Scorer};

/// What a scorer needs from the learner besides mean class probabilities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// True labels of the candidates (oracle scorers such as `loss`).
    pub labels: bool,
    /// Several sets of outputs per sample (`model.ensemble > 1` or `query.mc_samples > 1`):
    /// the scorer measures their disagreement and is 0 everywhere with one.
    pub members: bool,
    /// Every member's penultimate features (`grad`: the input of the output layer).
    pub features: bool,
    /// The VAE's reconstruction loss (`vae`; needs `model.vae`).
    pub reconstruction: bool,
}

/// One registered scorer.
#[derive(Clone, Copy, Debug)]
pub struct ScorerInfo {
    /// The scorer.
    pub kind: ScorerKind,
    /// Name in the spec (`query.scorer`).
    pub name: &'static str,
    /// One line for `albench list`.
    pub description: &'static str,
    /// What it needs.
    pub needs: Needs,
    /// The `query.aggregation` values it accepts on detection maps (empty: it gives one
    /// score per image directly, and the key has no effect).
    pub aggregations: &'static [Aggregation],
    /// Only meaningful for detection (needs decoded boxes).
    pub detection_only: bool,
    /// Constructor from `query.aggregation`; `None` for `combine`, which is built from
    /// `query.combine`.
    pub build: Option<fn(Aggregation) -> Box<dyn Scorer>>,
}

macro_rules! scorers {
    ($($(#[$doc:meta])* $kind:ident = $name:literal, $desc:literal, $needs:expr, $aggs:expr, $det:expr, $build:expr;)*) => {
        /// Scorers, as named in `query.scorer`.
        #[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
        #[serde(rename_all = "snake_case")]
        pub enum ScorerKind {
            $($(#[$doc])* $kind,)*
        }

        /// Every scorer, in `albench list` order.
        pub const SCORERS: &[ScorerInfo] = &[
            $(ScorerInfo { kind: ScorerKind::$kind, name: $name, description: $desc, needs: $needs, aggregations: $aggs, detection_only: $det, build: $build },)*
        ];
    };
}

const NONE: Needs = Needs {
    labels: false,
    members: false,
    features: false,
    reconstruction: false,
};

const ALL: &[Aggregation] = &[Aggregation::Max, Aggregation::Mean, Aggregation::Sum];

scorers! {
    /// Uniform random scores (the baseline).
    Random = "random", "uniform random scores (the baseline with top_n)", NONE, &[], false,
        Some(|_| Box::new(RandomScore));
    /// Thesis eq. 3.1.
    LeastConfidence = "least_confidence",
        "(1 - max p) * n/(n-1), thesis eq. 3.1; detection: per position and class, aggregated",
        NONE, ALL, false, Some(|a| Box::new(LeastConfidence(a)));
    /// Thesis eq. 3.2.
    Margin = "margin", "1 - (p1 - p2), thesis eq. 3.2; detection: per position and class, aggregated",
        NONE, ALL, false, Some(|a| Box::new(Margin(a)));
    /// Thesis eq. 3.3 (normalized); NVIDIA eq. 1 on maps.
    Entropy = "entropy",
        "-sum p log2 p / log2 n, thesis eq. 3.3; detection: binary entropy per position and class (NVIDIA eq. 1), aggregated",
        NONE, ALL, false, Some(|a| Box::new(Entropy(a)));
    /// Oracle loss against the truth (thesis "loss descending").
    Loss = "loss",
        "loss against the true label / boxes (oracle, thesis 'loss descending'); detection: the detector's loss per image",
        Needs { labels: true, members: false, features: false, reconstruction: false }, &[], false, Some(|_| Box::new(Loss));
    /// Disagreement of ensemble members or MC-dropout passes (NVIDIA eq. 3, BALD).
    MutualInformation = "mutual_information",
        "H(mean p) - mean H(p_e) over ensemble members / MC passes, NVIDIA eq. 2-3; detection: per position and class, aggregated",
        Needs { labels: false, members: true, features: false, reconstruction: false }, ALL, false,
        Some(|a| Box::new(MutualInformation(a)));
    /// NVIDIA Det-Ent: entropy of the decoded boxes' confidences.
    DetEntropy = "det_entropy",
        "detection: binary entropy of each decoded box's confidence, aggregated by sum (NVIDIA Det-Ent, footnote 1) or max",
        NONE, &[Aggregation::Sum, Aggregation::Max], true, Some(|a| Box::new(DetEntropy(a)));
    /// NVIDIA "Grad": the norm of the hallucinated gradient of the output layer.
    Grad = "grad",
        "norm of the loss gradient w.r.t. the output layer with the model's own prediction as the label (NVIDIA Grad), closed form; members and map positions by query.aggregation (max or mean)",
        Needs { labels: false, members: false, features: true, reconstruction: false }, &[Aggregation::Max, Aggregation::Mean], false,
        Some(|a| Box::new(Grad(a)));
    /// The VAE+SSD note's reconstruction term (combine it with a task term).
    Vae = "vae",
        "the VAE's reconstruction loss per pixel (needs model.vae; VAE+SSD dual score: combine with loss or an uncertainty)",
        Needs { labels: false, members: false, features: false, reconstruction: true }, &[], false,
        Some(|_| Box::new(VaeScore));
    /// Weighted sum of normalized scorers (`query.combine`).
    Combine = "combine", "weighted sum of normalized scorers (query.combine, query.normalize)",
        NONE, &[], false, None;
}

/// The registry entry of `kind`.
pub fn scorer_info(kind: ScorerKind) -> &'static ScorerInfo {
    SCORERS
        .iter()
        .find(|s| s.kind == kind)
        .expect("every ScorerKind has a registry entry (generated together)")
}

impl ScorerKind {
    /// Name in the spec.
    pub fn name(self) -> &'static str {
        scorer_info(self).name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_names_are_the_spec_names() {
        for s in SCORERS {
            let json = serde_json::to_string(&s.kind).unwrap();
            assert_eq!(json, format!("\"{}\"", s.name));
        }
    }

    #[test]
    fn only_combine_has_no_constructor() {
        for s in SCORERS {
            assert_eq!(
                s.build.is_none(),
                s.kind == ScorerKind::Combine,
                "{}",
                s.name
            );
        }
    }
}
