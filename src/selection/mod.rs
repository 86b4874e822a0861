//! Samplers: from a score vector (indexed by [`PoolPosition`]) to the positions chosen.
//!
//! The ranking is by score descending (most informative first); ties are broken by position
//! ascending and NaN scores rank last, so a ranking is a total, deterministic order.
//! Adding a sampler = one file here + one arm in [`crate::spec::SamplerKind`] and [`select`].

mod pivot;
mod random;
mod ranking;
mod top_bottom;
mod top_n;
mod top_third;

pub use pivot::pivot_window;
pub use ranking::ranking;

use crate::pool::PoolPosition;
use crate::rng::Rng;
use crate::spec::SamplerKind;

/// Choose `n` distinct positions from `scores` (`n <= scores.len()`, checked by the caller).
/// `pivot` is used by [`SamplerKind::Pivot`] only; `rng` by the samplers that draw.
pub fn select(
    kind: SamplerKind,
    scores: &[f32],
    n: usize,
    pivot: f64,
    rng: &mut Rng,
) -> Vec<PoolPosition> {
    let n = n.min(scores.len());
    match kind {
        SamplerKind::Random => random::random(scores.len(), n, rng),
        SamplerKind::TopN => top_n::top_n(scores, n),
        SamplerKind::BottomN => top_n::bottom_n(scores, n),
        SamplerKind::TopThird => top_third::top_third(scores, n, rng),
        SamplerKind::TopBottom => top_bottom::top_bottom(scores, n),
        SamplerKind::Pivot => pivot::pivot(scores, n, pivot),
    }
}
