//! Samplers: from a score vector (indexed by [`PoolPosition`]) — and, for the diversity
//! samplers, embeddings or predicted classes — to the positions chosen.
//!
//! The ranking is by score descending (most informative first); ties are broken by position
//! ascending and NaN scores rank last, so a ranking is a total, deterministic order.
//! Adding a sampler = one file here + one line in [`registry`] (name, description, needs,
//! selection function); `albench list`, spec validation and the runner read the registry.

mod badge;
mod batch_bald;
mod class_balanced;
mod config;
mod core_set;
mod epig;
mod expert;
mod joint_entropy;
mod joint_kernel;
mod kmeans;
mod kmeans_pp;
mod knn;
mod knn_tiles;
mod member_probs;
pub mod memory;
mod method_checks;
mod omp;
mod pivot;
mod points;
mod prefilter;
mod probcover;
mod random;
mod ranking;
mod registry;
mod round_robin;
mod top_bottom;
mod top_n;
mod top_third;
mod typiclust;
mod weights;

pub use badge::badge;
pub use batch_bald::batch_bald;
pub use class_balanced::class_balanced;
pub use config::{Distance, Embedding, MethodParams};
pub use core_set::core_set;
pub use epig::{epig, epig_scores};
pub use expert::expert;
pub use kmeans_pp::kmeans_pp;
pub use member_probs::MemberProbs;
pub use method_checks::{check_method_config, check_method_keys};
pub use pivot::pivot_window;
pub use points::{distance, Points};
pub use prefilter::{gather_rows, kept_count, prefilter};
pub use probcover::probcover;
pub use ranking::ranking;
pub use registry::{sampler_info, Needs, SamplerInfo, SamplerKind, SelectFn, SAMPLERS};
pub use typiclust::typiclust;
pub use weights::weights;

use crate::pool::PoolPosition;
use crate::rng::Rng;

/// What `kind` needs (its registry entry's needs).
pub fn needs(kind: SamplerKind) -> Needs {
    sampler_info(kind).needs
}

/// The inputs of one selection. `scores` has one entry per candidate; `points` (one row per
/// candidate), `centres`, `predicted` (one class per candidate, `< classes`) and
/// `member_probs` (one `[classes, members]` block per candidate) are present when [`needs`]
/// asks for them.
#[derive(Clone, Copy, Debug)]
pub struct SelectInput<'a> {
    /// Scores, higher = more informative.
    pub scores: &'a [f32],
    /// Embeddings of the candidates.
    pub points: Option<Points<'a>>,
    /// Embeddings of the labeled samples.
    pub centres: Option<Points<'a>>,
    /// Predicted classes of the candidates.
    pub predicted: Option<&'a [u32]>,
    /// Number of classes.
    pub classes: usize,
    /// `round_robin`: per-class scores `[candidates, k]` and `k` (the classes of
    /// `query.classes`).
    pub class_scores: Option<(&'a [f32], usize)>,
    /// `expert`: each candidate's (sequence, frame) and whether a class of `query.classes`
    /// is visible in it.
    pub frames: Option<Frames<'a>>,
    /// `badge`, `batch_bald`, `epig`: every member's class probabilities of every candidate.
    pub member_probs: Option<MemberProbs<'a>>,
}

/// Recording metadata of the candidates (`expert`).
#[derive(Clone, Copy, Debug)]
pub struct Frames<'a> {
    /// Sequence of each candidate.
    pub sequence: &'a [u32],
    /// Frame of each candidate in its sequence.
    pub frame: &'a [u32],
    /// Whether a target class is visible in the candidate.
    pub visible: &'a [bool],
}

impl<'a> SelectInput<'a> {
    /// Scores only (for the samplers that need nothing else).
    pub fn scores(scores: &'a [f32]) -> Self {
        SelectInput {
            scores,
            points: None,
            centres: None,
            predicted: None,
            classes: 0,
            class_scores: None,
            frames: None,
            member_probs: None,
        }
    }
}

/// Sampler parameters from `[query]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SamplerParams {
    /// `query.pivot`, for [`SamplerKind::Pivot`].
    pub pivot: f64,
    /// `query.distance`, for the embedding samplers.
    pub distance: Distance,
    /// BatchBALD's, TypiClust's, ProbCover's and EPIG's keys.
    pub methods: MethodParams,
}

/// Choose `n` distinct positions (`n <= scores.len()`, checked by the caller) with the
/// sampler `kind`. `rng` is used by the samplers that draw.
///
/// # Panics
/// When `input` lacks what [`needs`] says `kind` needs (a bug in the caller, not bad input).
pub fn select(
    kind: SamplerKind,
    input: &SelectInput<'_>,
    n: usize,
    params: SamplerParams,
    rng: &mut Rng,
) -> Vec<PoolPosition> {
    let n = n.min(input.scores.len());
    (sampler_info(kind).select)(input, n, params, rng)
}

/// The plain indices of `v` (for tests' hand-computed expectations).
#[cfg(test)]
pub(crate) fn positions(v: &[PoolPosition]) -> Vec<usize> {
    v.iter().map(|p| p.0).collect()
}
