//! Labeled / unlabeled bookkeeping of one run.
//!
//! Two index spaces exist and must never be mixed (baal's classic bug):
//! - [`SampleId`]: the index of a sample in the run's pool dataset (stable for the whole run);
//! - [`PoolPosition`]: the position of a sample in the candidate list scored this round
//!   (what scorers and samplers see: position `i` of the score vector).
//!
//! Only this module converts between them ([`Candidates::sample`]).

/// `loop.pool`: which samples are scored each round.
#[derive(Clone, Copy, Debug, serde::Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PoolMode {
    /// Only samples never labeled.
    Unlabeled,
    /// Labeled and unlabeled together; a sample can be chosen again (NVIDIA [X_u, X_l]).
    All,
}

/// Index of a sample in the pool dataset of a run. Stable for the whole run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SampleId(pub u32);

/// Position of a sample in this round's candidate list (index into the score vector).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PoolPosition(pub usize);

/// The candidate list of one round: position `i` holds the [`SampleId`] scored at `i`.
#[derive(Clone, Debug)]
pub struct Candidates {
    ids: Vec<SampleId>,
}

impl Candidates {
    /// Number of candidates (length of the score vector).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when there is nothing to score.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The sample at a position. Panics if the position is out of range (a sampler bug).
    pub fn sample(&self, pos: PoolPosition) -> SampleId {
        self.ids[pos.0]
    }

    /// All candidate ids in position order.
    pub fn ids(&self) -> &[SampleId] {
        &self.ids
    }

    /// The candidates at positions `kept` (in that order) as a new candidate list: its
    /// position `i` holds the sample at position `kept[i]` of `self` (`query.prefilter`).
    pub fn subset(&self, kept: &[PoolPosition]) -> Candidates {
        Candidates {
            ids: kept.iter().map(|&p| self.sample(p)).collect(),
        }
    }

    /// Keep only the candidates `keep` accepts (positions are renumbered; `query.filter`).
    pub fn retain(&mut self, keep: impl Fn(SampleId) -> bool) {
        self.ids.retain(|&id| keep(id));
    }
}

/// Labeled set (with repeats when `loop.pool = "all"`) and the round each sample was acquired in.
#[derive(Clone, Debug)]
pub struct Pool {
    /// Round in which each sample was first labeled, `None` if still unlabeled.
    acquired: Vec<Option<u32>>,
    /// Training set in acquisition order; may hold the same id more than once.
    training: Vec<SampleId>,
}

impl Pool {
    /// An empty pool of `n` samples (all unlabeled).
    pub fn new(n: usize) -> Self {
        Pool {
            acquired: vec![None; n],
            training: Vec::new(),
        }
    }

    /// Size of the pool dataset.
    pub fn size(&self) -> usize {
        self.acquired.len()
    }

    /// Training samples with repeats, in acquisition order (`n_labeled` = its length).
    pub fn training(&self) -> &[SampleId] {
        &self.training
    }

    /// Distinct labeled samples (what labeling costs).
    pub fn n_unique(&self) -> usize {
        self.acquired.iter().filter(|a| a.is_some()).count()
    }

    /// Number of samples never labeled.
    pub fn n_unlabeled(&self) -> usize {
        self.size() - self.n_unique()
    }

    /// Whether a sample has been labeled.
    pub fn is_labeled(&self, id: SampleId) -> bool {
        self.acquired[id.0 as usize].is_some()
    }

    /// Round a sample was first labeled in.
    pub fn acquired_round(&self, id: SampleId) -> Option<u32> {
        self.acquired[id.0 as usize]
    }

    /// Add samples to the training set (labels are revealed), recording the round.
    pub fn append(&mut self, ids: &[SampleId], round: u32) {
        for &id in ids {
            let slot = &mut self.acquired[id.0 as usize];
            if slot.is_none() {
                *slot = Some(round);
            }
            self.training.push(id);
        }
    }

    /// Replace the training set (reselection, `loop.accumulate = false`). Labels already
    /// revealed stay revealed: `n_unique` keeps counting everything ever labeled.
    pub fn replace_training(&mut self, ids: &[SampleId], round: u32) {
        self.training.clear();
        self.append(ids, round);
    }

    /// The candidates to score this round.
    /// - `Unlabeled`: samples never labeled, in id order;
    /// - `All`: every sample (labeled and unlabeled), so a sample can be chosen again;
    /// - reselection (`accumulate = false`) also scores every sample.
    pub fn candidates(&self, mode: PoolMode, accumulate: bool) -> Candidates {
        let all = mode == PoolMode::All || !accumulate;
        let ids = (0..self.size() as u32)
            .map(SampleId)
            .filter(|&id| all || !self.is_labeled(id))
            .collect();
        Candidates { ids }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_map_to_unlabeled_ids() {
        let mut p = Pool::new(6);
        p.append(&[SampleId(1), SampleId(4)], 0);
        let c = p.candidates(PoolMode::Unlabeled, true);
        assert_eq!(
            c.ids(),
            &[SampleId(0), SampleId(2), SampleId(3), SampleId(5)]
        );
        assert_eq!(c.sample(PoolPosition(2)), SampleId(3));
        assert_eq!(p.n_unique(), 2);
        assert_eq!(p.n_unlabeled(), 4);
    }

    #[test]
    fn a_subset_maps_its_positions_to_the_kept_samples() {
        let mut p = Pool::new(6);
        p.append(&[SampleId(1), SampleId(4)], 0);
        // candidates by position: 0 → id 0, 1 → id 2, 2 → id 3, 3 → id 5
        let c = p.candidates(PoolMode::Unlabeled, true);
        let k = c.subset(&[PoolPosition(1), PoolPosition(3)]);
        assert_eq!(k.ids(), &[SampleId(2), SampleId(5)]);
        assert_eq!(k.sample(PoolPosition(1)), SampleId(5));
    }

    #[test]
    fn pool_all_allows_repeats() {
        let mut p = Pool::new(4);
        p.append(&[SampleId(1)], 0);
        let c = p.candidates(PoolMode::All, true);
        assert_eq!(c.len(), 4);
        p.append(&[SampleId(1), SampleId(2)], 1);
        assert_eq!(p.training().len(), 3);
        assert_eq!(p.n_unique(), 2);
        assert_eq!(p.acquired_round(SampleId(1)), Some(0));
        assert_eq!(p.acquired_round(SampleId(2)), Some(1));
    }

    #[test]
    fn reselection_replaces_training_but_keeps_cost() {
        let mut p = Pool::new(5);
        p.append(&[SampleId(0), SampleId(1)], 0);
        p.replace_training(&[SampleId(3)], 1);
        assert_eq!(p.training(), &[SampleId(3)]);
        assert_eq!(p.n_unique(), 3);
    }
}
