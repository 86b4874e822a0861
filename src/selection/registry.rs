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
use super::{pivot, random, top_bottom, top_n, top_third, SamplerParams, SelectInput};
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
};

fn points<'a>(i: &SelectInput<'a>) -> super::Points<'a> {
    i.points
        .expect("the runner provides embeddings (registry needs)")
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
        Needs { embeddings: true, centres: false, predicted: false, class_scores: false, frames: false },
        |i, n, p, rng| kmeans_pp(&points(i), &weights(i.scores), n, p.distance, rng);
    /// Greedy core-set from the labeled set over `query.embedding`, distances weighted by
    /// score (NVIDIA eq. 5).
    CoreSet = "core_set",
        "greedy k-centre from the labeled set, argmax score x distance (NVIDIA eq. 5)",
        Needs { embeddings: true, centres: true, predicted: false, class_scores: false, frames: false },
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
        Needs { embeddings: true, centres: false, predicted: false, class_scores: false, frames: false },
        |i, n, p, _| omp(&points(i), &weights(i.scores), n, p.distance);
    /// Alternate between the rankings of the classes of `query.classes` (NVIDIA Sec. V).
    RoundRobin = "round_robin",
        "alternate between the rankings of the classes of query.classes, no repeats (NVIDIA Sec. V)",
        Needs { embeddings: false, centres: false, predicted: false, class_scores: true, frames: false },
        |i, n, _, _| {
            let (s, k) = i.class_scores.expect("the runner provides per-class scores (registry needs)");
            round_robin(s, k, n)
        };
    /// A manual selection emulated: whole runs of consecutive frames (NVIDIA Sec. V).
    Expert = "expert",
        "manual selection emulated: whole runs of consecutive frames showing a class of query.classes (NVIDIA Sec. V)",
        Needs { embeddings: false, centres: false, predicted: false, class_scores: false, frames: true },
        |i, n, _, rng| {
            let f = i.frames.expect("the runner provides the frames (registry needs)");
            expert(f.sequence, f.frame, f.visible, n, rng)
        };
    /// The ranking, at most ⌈N / classes⌉ per predicted class (thesis 3.1.2).
    ClassBalanced = "class_balanced",
        "the ranking with at most ceil(N / classes) per predicted class (thesis 3.1.2)",
        Needs { embeddings: false, centres: false, predicted: true, class_scores: false, frames: false },
        |i, n, _, _| class_balanced(
            i.scores,
            i.predicted.expect("the runner provides predicted classes (registry needs)"),
            i.classes,
            n,
        );
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
