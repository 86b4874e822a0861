//! Samplers: from a score vector (indexed by [`PoolPosition`]) — and, for the diversity
//! samplers, embeddings or predicted classes — to the positions chosen.
//!
//! The ranking is by score descending (most informative first); ties are broken by position
//! ascending and NaN scores rank last, so a ranking is a total, deterministic order.
//! Adding a sampler = one file here + one arm in [`crate::spec::SamplerKind`], [`needs`] and
//! [`select`].

mod class_balanced;
mod core_set;
mod kmeans_pp;
mod pivot;
mod points;
mod random;
mod ranking;
mod top_bottom;
mod top_n;
mod top_third;
mod weights;

pub use class_balanced::class_balanced;
pub use core_set::core_set;
pub use kmeans_pp::kmeans_pp;
pub use pivot::pivot_window;
pub use points::{distance, Points};
pub use ranking::ranking;
pub use weights::weights;

use crate::pool::PoolPosition;
use crate::rng::Rng;
use crate::spec::{Distance, SamplerKind};

/// What a sampler needs besides the scores; the runner computes nothing else.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// An embedding of every candidate (`query.embedding`).
    pub embeddings: bool,
    /// Embeddings of the labeled samples (core-set's initial centres).
    pub centres: bool,
    /// The predicted class of every candidate.
    pub predicted: bool,
}

/// What `kind` needs.
pub fn needs(kind: SamplerKind) -> Needs {
    match kind {
        SamplerKind::KmeansPp => Needs {
            embeddings: true,
            ..Needs::default()
        },
        SamplerKind::CoreSet => Needs {
            embeddings: true,
            centres: true,
            ..Needs::default()
        },
        SamplerKind::ClassBalanced => Needs {
            predicted: true,
            ..Needs::default()
        },
        _ => Needs::default(),
    }
}

/// The inputs of one selection. `scores` has one entry per candidate; `points` (one row per
/// candidate), `centres` and `predicted` (one class per candidate, `< classes`) are present
/// when [`needs`] asks for them.
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
}

/// Choose `n` distinct positions (`n <= scores.len()`, checked by the caller). `rng` is used
/// by the samplers that draw.
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
    let scores = input.scores;
    let n = n.min(scores.len());
    let points = || input.points.expect("the runner provides embeddings");
    match kind {
        SamplerKind::Random => random::random(scores.len(), n, rng),
        SamplerKind::TopN => top_n::top_n(scores, n),
        SamplerKind::BottomN => top_n::bottom_n(scores, n),
        SamplerKind::TopThird => top_third::top_third(scores, n, rng),
        SamplerKind::TopBottom => top_bottom::top_bottom(scores, n),
        SamplerKind::Pivot => pivot::pivot(scores, n, params.pivot),
        SamplerKind::KmeansPp => kmeans_pp(&points(), &weights(scores), n, params.distance, rng),
        SamplerKind::CoreSet => core_set(
            &points(),
            &input
                .centres
                .expect("the runner provides the labeled embeddings"),
            &weights(scores),
            n,
            params.distance,
        ),
        SamplerKind::ClassBalanced => class_balanced(
            scores,
            input
                .predicted
                .expect("the runner provides predicted classes"),
            input.classes,
            n,
        ),
    }
}

/// The plain indices of `v` (for tests' hand-computed expectations).
#[cfg(test)]
pub(crate) fn positions(v: &[PoolPosition]) -> Vec<usize> {
    v.iter().map(|p| p.0).collect()
}
