//! `query.prefilter` in a round: after the scoring pass, the samplers that read embeddings see
//! only the highest-scored fraction of the candidates ([`Kept`]), and only those are embedded;
//! without it, a line says when the whole pool's embeddings would be large
//! ([`warn_if_large`]).
//!
//! Two lists of positions meet here: the round's candidates (what the scores are indexed by)
//! and the kept list (what the sampler sees). [`Kept::full`] is the only conversion.

use crate::pool::{Candidates, PoolPosition};
use crate::selection::memory::{selection_bytes, Shape};
use crate::selection::{gather_rows, prefilter, SamplerKind};

use super::scoring::Scored;

/// Above this many bytes of embeddings and sampler memory, a run without `query.prefilter`
/// says so (1 GiB: the whole budget for a 1M pool).
pub const WARN_BYTES: u64 = 1 << 30;

/// The candidates a sampler that reads embeddings sees under `query.prefilter`: position `i`
/// of this list is position `positions[i]` of the round's candidates.
#[derive(Debug)]
pub struct Kept {
    /// Positions in the round's candidate list, ascending.
    pub positions: Vec<PoolPosition>,
    /// The kept candidates (those embedded).
    pub candidates: Candidates,
    /// Their scores.
    pub scores: Vec<f32>,
    /// Their predicted classes, when collected.
    pub predicted: Option<Vec<u32>>,
    /// Their members' probabilities `[kept, classes, members]` and the members, when
    /// collected.
    pub member_probs: Option<(Vec<f32>, usize)>,
}

impl Kept {
    /// Keep the `⌈fraction · N⌉` (at least `at_least`) highest-scored of `candidates`, with
    /// their rows of `scored` (`classes` classes).
    pub fn new(
        candidates: &Candidates,
        scored: &Scored,
        fraction: f64,
        at_least: usize,
        classes: usize,
    ) -> Kept {
        let positions = prefilter(&scored.scores, fraction, at_least);
        Kept {
            candidates: candidates.subset(&positions),
            scores: gather_rows(&scored.scores, 1, &positions),
            predicted: scored
                .predicted
                .as_ref()
                .map(|p| gather_rows(p, 1, &positions)),
            member_probs: scored
                .member_probs
                .as_ref()
                .map(|(p, m)| (gather_rows(p, classes * m, &positions), *m)),
            positions,
        }
    }

    /// Position `p` of the kept list as a position of the round's candidates.
    pub fn full(&self, p: PoolPosition) -> PoolPosition {
        self.positions[p.0]
    }
}

/// The fraction to suggest for `query.prefilter` so that `bytes` shrink below
/// [`WARN_BYTES`]: the largest of 0.5, 0.2, 0.1, 0.05, … 0.0001 that does (else 0.0001).
fn suggested_fraction(bytes: u64) -> f64 {
    const STEPS: [f64; 12] = [
        0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005, 0.0002, 0.0001,
    ];
    STEPS
        .into_iter()
        .find(|f| bytes as f64 * f <= WARN_BYTES as f64)
        .unwrap_or(STEPS[STEPS.len() - 1])
}

/// The line saying that `samplers` over the shape `s` hold more than [`WARN_BYTES`], and what
/// to set; `None` when they fit.
pub fn large_pool_line(samplers: &[SamplerKind], s: &Shape) -> Option<String> {
    let (kind, bytes) = samplers
        .iter()
        .map(|&k| (k, selection_bytes(k, s)))
        .max_by_key(|&(_, b)| b)?;
    if bytes <= WARN_BYTES {
        return None;
    }
    let f = suggested_fraction(bytes);
    Some(format!(
        "query.sampler = \"{}\" over {} candidates holds about {:.2} GB (embeddings of {} floats each and its own memory, docs/data-cache.md); set query.prefilter = {f} to diversify among the highest-scored {:.0} % only",
        kind.name(),
        s.candidates,
        bytes as f64 / 1e9,
        s.dim,
        f * 100.0
    ))
}

/// Print [`large_pool_line`] on stderr, when there is one.
pub fn warn_if_large(samplers: &[SamplerKind], s: &Shape) {
    if let Some(line) = large_pool_line(samplers, s) {
        eprintln!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pool::{Pool, PoolMode, SampleId};
    use crate::selection::Distance;

    /// Pool of 8, ids 1 and 4 labeled: candidates by position 0..6 are ids 0 2 3 5 6 7.
    /// Scores by position 0.2 0.9 0.1 0.7 0.5 0.3: the ranking is 1 3 4 5 0 2.
    fn round() -> (Candidates, Scored) {
        let mut p = Pool::new(8);
        p.append(&[SampleId(1), SampleId(4)], 0);
        let c = p.candidates(PoolMode::Unlabeled, true);
        let scored = Scored {
            scores: vec![0.2, 0.9, 0.1, 0.7, 0.5, 0.3],
            predicted: Some(vec![0, 1, 0, 1, 1, 0]),
            // 2 classes, 1 member: row i = [i, 10 + i]
            member_probs: Some((
                (0..6).flat_map(|i| [i as f32, 10.0 + i as f32]).collect(),
                1,
            )),
            ..Scored::default()
        };
        (c, scored)
    }

    #[test]
    fn the_top_half_survives_with_its_rows_and_ids() {
        let (c, scored) = round();
        // 0.5 of 6 = 3 kept: positions 1 3 4 (scores 0.9 0.7 0.5), ids 2 5 6.
        let k = Kept::new(&c, &scored, 0.5, 1, 2);
        assert_eq!(
            k.positions,
            vec![PoolPosition(1), PoolPosition(3), PoolPosition(4)]
        );
        assert_eq!(k.candidates.ids(), &[SampleId(2), SampleId(5), SampleId(6)]);
        assert_eq!(k.scores, vec![0.9, 0.7, 0.5]);
        assert_eq!(k.predicted, Some(vec![1, 1, 1]));
        assert_eq!(
            k.member_probs,
            Some((vec![1.0, 11.0, 3.0, 13.0, 4.0, 14.0], 1))
        );
        // kept position 2 is candidate position 4, sample id 6
        assert_eq!(k.full(PoolPosition(2)), PoolPosition(4));
        assert_eq!(c.sample(k.full(PoolPosition(2))), SampleId(6));
        assert_eq!(k.candidates.sample(PoolPosition(2)), SampleId(6));
    }

    #[test]
    fn a_round_picking_more_keeps_more() {
        let (c, scored) = round();
        // picking 4 keeps 4 though 0.5 of 6 is 3: position 5 (0.3, id 7) joins.
        let k = Kept::new(&c, &scored, 0.5, 4, 2);
        assert_eq!(
            k.candidates.ids(),
            &[SampleId(2), SampleId(5), SampleId(6), SampleId(7)]
        );
    }

    #[test]
    fn large_pools_get_one_line_small_ones_none() {
        let mut s = Shape {
            candidates: 1_000_000,
            labeled: 200,
            dim: 784,
            classes: 10,
            members: 1,
            picks: 1000,
            distance: Distance::Euclidean,
        };
        // core_set: 4 · (1e6 + 200) · 784 = 3,136,627,200 + 9e6 = 3.15 GB > 1 GiB; 0.2 of it
        // is 0.63 GB, the largest of 0.5, 0.2 that fits.
        let line = large_pool_line(&[SamplerKind::TopN, SamplerKind::CoreSet], &s).unwrap();
        assert!(
            line.starts_with(
                "query.sampler = \"core_set\" over 1000000 candidates holds about 3.15 GB"
            ),
            "{line}"
        );
        assert!(line.contains("query.prefilter = 0.2 "), "{line}");
        s.dim = 64; // 256 MB: fits
        assert_eq!(large_pool_line(&[SamplerKind::CoreSet], &s), None);
        assert_eq!(large_pool_line(&[SamplerKind::TopN], &s), None);
        assert_eq!(suggested_fraction(10 * WARN_BYTES), 0.1);
        assert_eq!(suggested_fraction(WARN_BYTES + 1), 0.5);
    }
}
