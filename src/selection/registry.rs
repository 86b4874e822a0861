//! The sampler registry: the one place that lists every sampler with its spec name, its
//! description (`albench list`), what it needs besides the scores (read by the runner and
//! spec validation) and the function that selects. Adding a sampler = its file + one line
//! below.

use serde::{Deserialize, Serialize};

use super::class_balanced::class_balanced;
use super::core_set::core_set;
use super::expert::expert;
use super::kmeans_pp::kmeans_pp;
use super::omp::omp;
use super::round_robin::round_robin;
use super::weights::weights;
use super::{badge, batch_bald, epig, probcover, typiclust};
use super::{pivot, random, top_bottom, top_n, top_third, MemberProbs, SamplerParams, SelectInput};
use crate::pool::PoolPosition;
use crate::rng::Rng;

/// What a sampler needs besides the scores; the runner computes nothing else.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// An embedding of every candidate (`query.embedding`, `query.distance`).
    pub embeddings: bool,
    /// Embeddings of the labeled samples (core-set's initial centres).
    pub centres: bool,
    /// The predicted class of every candidate.
    pub predicted: bool,
    /// Per-class scores of `query.classes` (`round_robin`).
    pub class_scores: bool,
    /// The candidates' sequence, frame and target visibility (`expert`).
    pub frames: bool,
    /// Every member's class probabilities of every candidate (`badge`, `batch_bald`,
    /// `epig`; classification only).
    pub member_probs: bool,
}

/// `select(input, n, params, rng)`: `n` distinct positions (`n <= input.scores.len()`).
pub type SelectFn = fn(&SelectInput<'_>, usize, SamplerParams, &mut Rng) -> Vec<PoolPosition>;

/// One registered sampler.
#[derive(Clone, Copy, Debug)]
pub struct SamplerInfo {
    /// The sampler.
    pub kind: SamplerKind,
    /// Name in the spec (`query.sampler`).
    pub name: &'static str,
    /// One line for `albench list`.
    pub description: &'static str,
    /// What it needs.
    pub needs: Needs,
    /// The selection.
    pub select: SelectFn,
}

macro_rules! samplers {
    ($($(#[$doc:meta])* $kind:ident = $name:literal, $desc:literal, $needs:expr, $select:expr;)*) => {
        /// Samplers, as named in `query.sampler`.
        #[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
        #[serde(rename_all = "snake_case")]
        pub enum SamplerKind {
            $($(#[$doc])* $kind,)*
        }

        /// Every sampler, in `albench list` order.
        pub const SAMPLERS: &[SamplerInfo] = &[
            $(SamplerInfo { kind: SamplerKind::$kind, name: $name, description: $desc, needs: $needs, select: $select },)*
        ];
    };
}

const SCORES: Needs = Needs {
    embeddings: false,
    centres: false,
    predicted: false,
    class_scores: false,
    frames: false,
    member_probs: false,
};

const EMBED: Needs = Needs {
    embeddings: true,
    ..SCORES
};

const EMBED_LABELED: Needs = Needs {
    embeddings: true,
    centres: true,
    ..SCORES
};

const PROBS: Needs = Needs {
    member_probs: true,
    ..SCORES
};

fn points<'a>(i: &SelectInput<'a>) -> super::Points<'a> {
    i.points
        .expect("the runner provides embeddings (registry needs)")
}

fn labeled<'a>(i: &SelectInput<'a>) -> super::Points<'a> {
    i.centres
        .expect("the runner provides the labeled embeddings (registry needs)")
}

fn probs<'a>(i: &SelectInput<'a>) -> MemberProbs<'a> {
    i.member_probs
        .expect("the runner provides the member probabilities (registry needs)")
}

samplers! {
    /// The N highest scores.
    TopN = "top_n", "the N highest scores", SCORES, |i, n, _, _| top_n::top_n(i.scores, n);
    /// The N lowest scores.
    BottomN = "bottom_n", "the N lowest scores", SCORES, |i, n, _, _| top_n::bottom_n(i.scores, n);
    /// N uniformly from the top third of the ranking.
    TopThird = "top_third", "N uniformly from the top third of the ranking", SCORES,
        |i, n, _, rng| top_third::top_third(i.scores, n, rng);
    /// N/2 from the top, N/2 from the bottom.
    TopBottom = "top_bottom", "N/2 highest and N/2 lowest", SCORES,
        |i, n, _, _| top_bottom::top_bottom(i.scores, n);
    /// N consecutive ranks centred at quantile `query.pivot`.
    Pivot = "pivot", "N consecutive ranks centred at quantile query.pivot (thesis 4.1.3)", SCORES,
        |i, n, p, _| pivot::pivot(i.scores, n, p.pivot);
    /// N uniformly, ignoring scores.
    Random = "random", "N uniformly, ignoring scores", SCORES,
        |i, n, _, rng| random::random(i.scores.len(), n, rng);
    /// k-means++ seeding over `query.embedding`, distances weighted by score (NVIDIA "KMPP").
    KmeansPp = "kmeans_pp",
        "k-means++ seeding on query.embedding, P(x) ~ score x distance (NVIDIA KMPP)",
        EMBED,
        |i, n, p, rng| kmeans_pp(&points(i), &weights(i.scores), n, p.distance, rng);
    /// Greedy core-set from the labeled set over `query.embedding`, distances weighted by
    /// score (NVIDIA eq. 5).
    CoreSet = "core_set",
        "greedy k-centre from the labeled set, argmax score x distance (NVIDIA eq. 5)",
        EMBED_LABELED,
        |i, n, p, _| core_set(
            &points(i),
            &i.centres.expect("the runner provides the labeled embeddings (registry needs)"),
            &weights(i.scores),
            n,
            p.distance,
        );
    /// Orthogonal matching pursuit over `query.embedding` (NVIDIA OMP, eq. 6).
    Omp = "omp",
        "orthogonal matching pursuit: N columns of the similarity matrix best representing the scores (NVIDIA OMP, eq. 6), no N x N matrix",
        EMBED,
        |i, n, p, _| omp(&points(i), &weights(i.scores), n, p.distance);
    /// Alternate between the rankings of the classes of `query.classes` (NVIDIA Sec. V).
    RoundRobin = "round_robin",
        "alternate between the rankings of the classes of query.classes, no repeats (NVIDIA Sec. V)",
        Needs { embeddings: false, centres: false, predicted: false, class_scores: true, frames: false, member_probs: false },
        |i, n, _, _| {
            let (s, k) = i.class_scores.expect("the runner provides per-class scores (registry needs)");
            round_robin(s, k, n)
        };
    /// A manual selection emulated: whole runs of consecutive frames (NVIDIA Sec. V).
    Expert = "expert",
        "manual selection emulated: whole runs of consecutive frames showing a class of query.classes (NVIDIA Sec. V)",
        Needs { embeddings: false, centres: false, predicted: false, class_scores: false, frames: true, member_probs: false },
        |i, n, _, rng| {
            let f = i.frames.expect("the runner provides the frames (registry needs)");
            expert(f.sequence, f.frame, f.visible, n, rng)
        };
    /// The ranking, at most ⌈N / classes⌉ per predicted class (thesis 3.1.2).
    ClassBalanced = "class_balanced",
        "the ranking with at most ceil(N / classes) per predicted class (thesis 3.1.2)",
        Needs { embeddings: false, centres: false, predicted: true, class_scores: false, frames: false, member_probs: false },
        |i, n, _, _| class_balanced(
            i.scores,
            i.predicted.expect("the runner provides predicted classes (registry needs)"),
            i.classes,
            n,
        );
    /// BADGE (Ash et al. 2020).
    Badge = "badge",
        "k-means++ seeding on gradient embeddings (p - e_y) x h of the output layer, closed-form distances (Ash et al., ICLR 2020)",
        Needs { embeddings: true, member_probs: true, ..SCORES },
        |i, n, _, rng| badge::badge(&probs(i), &points(i), n, rng);
    /// BatchBALD (Kirsch et al. 2019).
    BatchBald = "batch_bald",
        "greedy joint mutual information of the batch over members / MC passes, exact then sampled (query.joint_samples), optionally among the top-BALD query.joint_candidates (Kirsch et al., NeurIPS 2019)",
        PROBS,
        |i, n, p, rng| {
            let m = &p.methods;
            batch_bald::batch_bald_among(&probs(i), n, (m.joint_samples, m.joint_candidates), rng)
        };
    /// TypiClust (Hacohen et al. 2022).
    Typiclust = "typiclust",
        "the most typical point (1 / mean distance to query.neighbours nearest) of the largest uncovered k-means cluster of query.embedding (Hacohen et al., ICML 2022)",
        EMBED_LABELED,
        |i, n, p, rng| typiclust::typiclust(&points(i), &labeled(i), n, p.methods.neighbours, p.distance, rng);
    /// ProbCover (Yehuda et al. 2022).
    Probcover = "probcover",
        "greedy coverage of the query.delta-ball graph of query.embedding, delta by the 0.95 purity rule when absent (Yehuda et al., NeurIPS 2022)",
        EMBED_LABELED,
        |i, n, p, rng| probcover::probcover(
            &points(i),
            &labeled(i),
            n,
            (p.methods.delta, i.classes),
            p.distance,
            rng,
        );
    /// EPIG (Bickford Smith et al. 2023).
    Epig = "epig",
        "the N highest expected predictive information gain about query.targets candidates drawn from the pool (Bickford Smith et al., AISTATS 2023)",
        PROBS,
        |i, n, p, rng| epig::epig(&probs(i), n, p.methods.targets, rng);
}

/// The registry entry of `kind`.
pub fn sampler_info(kind: SamplerKind) -> &'static SamplerInfo {
    SAMPLERS
        .iter()
        .find(|s| s.kind == kind)
        .expect("every SamplerKind has a registry entry (generated together)")
}

impl SamplerKind {
    /// Name in the spec.
    pub fn name(self) -> &'static str {
        sampler_info(self).name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_names_are_the_spec_names() {
        for s in SAMPLERS {
            let json = serde_json::to_string(&s.kind).unwrap();
            assert_eq!(json, format!("\"{}\"", s.name));
        }
    }
}
