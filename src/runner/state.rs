//! What the steps of one run share: the run's inputs ([`Run`]), its random streams
//! ([`Streams`]) and what a query returns ([`Picked`]). The loop, the A/B protocol and the
//! query all read these; none of them owns them.

use crate::acquisition::Acquisition;
use crate::data::Splits;
use crate::pool::SampleId;
use crate::rng::{Purpose, Rng};
use crate::spec::Config;

/// The random streams of one run that depend on the configuration: `Rng(seed, purpose,
/// [config key, repeat, round, …])`.
pub(super) struct Streams {
    pub(super) seed: u64,
    pub(super) config: u64,
    pub(super) repeat: u64,
}

impl Streams {
    /// The stream of `purpose` at `round`, extended by `extra`.
    pub(super) fn of(&self, purpose: Purpose, round: u32, extra: &[u64]) -> Rng {
        let mut path = vec![self.config, self.repeat, round as u64];
        path.extend_from_slice(extra);
        Rng::derive(self.seed, purpose, &path)
    }
}

/// What every step of a run reads: its configuration, scorer, data and random streams.
pub(super) struct Run<'a> {
    pub(super) c: &'a Config,
    pub(super) acq: Acquisition,
    pub(super) splits: &'a Splits,
    pub(super) streams: Streams,
    /// Indices of `query.classes` in the dataset's classes (`round_robin`).
    pub(super) class_idx: Vec<usize>,
}

/// The samples chosen in one round, with the score and rank each had (parallel vectors;
/// rank 0 = the highest score of the round's candidates).
pub(super) struct Picked {
    pub(super) ids: Vec<SampleId>,
    pub(super) scores: Vec<f32>,
    pub(super) ranks: Vec<u32>,
}
