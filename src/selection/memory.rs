//! What the samplers that read embeddings hold in memory, in bytes, as a function of the
//! candidates `N`, the distinct labeled samples `L`, the embedding width `d`, the classes `C`,
//! the members `M` (ensemble × MC passes) and the picks `n` (docs/data-cache.md, "Memory per
//! sampler"). Counted from the code: every `Vec` a selection allocates that grows with `N`
//! (and the `k × d` centroids of k-means); constants and `O(n)` buffers are left out.
//!
//! Used for the line that warns, before the embeddings are computed, that a pool is too large
//! to diversify whole (`query.prefilter`).

use super::{needs, Distance, SamplerKind};

/// The sizes a selection's memory depends on.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Candidates `N` (after `query.prefilter`, when set).
    pub candidates: usize,
    /// Distinct labeled samples `L` (the centres of core-set, TypiClust, ProbCover).
    pub labeled: usize,
    /// Embedding width `d`.
    pub dim: usize,
    /// Classes `C`.
    pub classes: usize,
    /// Members `M` (ensemble members × MC passes).
    pub members: usize,
    /// Picks `n`.
    pub picks: usize,
    /// `query.distance`.
    pub distance: Distance,
}

/// The embeddings the runner holds for `kind`: `4 N d`, plus `4 L d` for the samplers that
/// start from the labeled set; 0 for a sampler that reads no embedding.
pub fn embedding_bytes(kind: SamplerKind, s: &Shape) -> u64 {
    let nd = needs(kind);
    if !nd.embeddings {
        return 0;
    }
    let rows = s.candidates + if nd.centres { s.labeled } else { 0 };
    4 * (rows as u64) * (s.dim as u64)
}

/// The sampler's own working memory beyond the embeddings and the scores (`None` for a
/// sampler that reads no embedding). With the cosine distance, add `4 N` (norms) to each.
/// - `kmeans_pp`, `core_set`: weights, running minimum, chosen flags: `9 N`;
/// - `omp`: two `N × r` factors of f64 (`r = d + 2`, cosine `r = d`), the f64 scores and
///   column norms, weights, flags: `16 N r + 21 N`, plus `8 n²` (Cholesky factor);
/// - `badge`: the `N × C` probability residuals, gradient norms, minimum, flags:
///   `4 N C + 9 N`, besides the `4 N C M` member probabilities the scoring pass keeps;
/// - `typiclust`: k-means (seeding `9 N`, two assignments `8 N`), clusters' members `8 N`,
///   typicality `4 N`, flags `N`: `30 N + 12 k d` with `k = min(L + n, 500)` centroids;
/// - `probcover`: its δ-balls, `24 N + 4 B` with `B` the number of (candidate, neighbour
///   within δ) pairs, between `N` and `N²` (counted here as `N`, a lower bound), degrees,
///   flags `10 N`; without `query.delta` the purity rule's k-means and radii `21 N` more.
pub fn working_bytes(kind: SamplerKind, s: &Shape) -> Option<u64> {
    let n = s.candidates as u64;
    let d = s.dim as u64;
    let norms = if s.distance == Distance::Cosine {
        4 * n
    } else {
        0
    };
    let own = match kind {
        SamplerKind::KmeansPp | SamplerKind::CoreSet => 9 * n,
        SamplerKind::Omp => {
            let r = if s.distance == Distance::Cosine {
                d
            } else {
                d + 2
            };
            16 * n * r + 21 * n + 8 * (s.picks as u64).pow(2)
        }
        SamplerKind::Badge => 4 * n * s.classes as u64 + 9 * n,
        SamplerKind::Typiclust => {
            let k = (s.labeled + s.picks).min(super::typiclust::MAX_CLUSTERS) as u64;
            30 * n + 12 * k * d
        }
        SamplerKind::Probcover => 24 * n + 4 * n + 10 * n + 21 * n,
        _ => return None,
    };
    Some(own + norms)
}

/// Everything a selection by `kind` holds that grows with the pool: embeddings, working
/// memory and (`badge`) the member probabilities; 0 for a sampler that reads no embedding.
pub fn selection_bytes(kind: SamplerKind, s: &Shape) -> u64 {
    let Some(own) = working_bytes(kind, s) else {
        return 0;
    };
    let probs = if needs(kind).member_probs {
        4 * (s.candidates * s.classes * s.members) as u64
    } else {
        0
    };
    embedding_bytes(kind, s) + own + probs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(distance: Distance) -> Shape {
        Shape {
            candidates: 1_000_000,
            labeled: 1_000,
            dim: 64,
            classes: 10,
            members: 1,
            picks: 100,
            distance,
        }
    }

    #[test]
    fn formulas_by_hand() {
        let e = shape(Distance::Euclidean);
        // kmeans_pp: 4 · 1e6 · 64 = 256,000,000 of embeddings + 9e6.
        assert_eq!(
            selection_bytes(SamplerKind::KmeansPp, &e),
            256_000_000 + 9_000_000
        );
        // core_set: (1e6 + 1e3) · 64 · 4 = 256,256,000 + 9e6; cosine + 4e6 norms.
        assert_eq!(
            selection_bytes(SamplerKind::CoreSet, &e),
            256_256_000 + 9_000_000
        );
        let c = shape(Distance::Cosine);
        assert_eq!(
            selection_bytes(SamplerKind::CoreSet, &c),
            256_256_000 + 13_000_000
        );
        // omp euclidean: r = 66: 16 · 1e6 · 66 = 1,056,000,000 + 21e6 + 8 · 100² = 80,000.
        assert_eq!(
            working_bytes(SamplerKind::Omp, &e),
            Some(1_056_000_000 + 21_000_000 + 80_000)
        );
        // badge: 4 · 1e6 · 10 residuals + 9e6, + 4 · 1e6 · 10 · 1 probabilities.
        assert_eq!(
            selection_bytes(SamplerKind::Badge, &e),
            256_000_000 + 40_000_000 + 9_000_000 + 40_000_000
        );
        // typiclust: k = min(1100, 500) = 500: 30e6 + 12 · 500 · 64 = 384,000.
        assert_eq!(working_bytes(SamplerKind::Typiclust, &e), Some(30_384_000));
        // samplers without embeddings hold none.
        assert_eq!(selection_bytes(SamplerKind::TopN, &e), 0);
        assert_eq!(working_bytes(SamplerKind::Random, &e), None);
    }
}
