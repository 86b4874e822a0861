//! A [`Learner`] without a network, for fast, exact tests of the AL loop: its outputs are
//! tables the test writes by hand, and it records every call the loop makes.

use std::cell::RefCell;

use super::seam::{EpochHook, Evaluation, Learner, ScoreRequest, ScoreSink, Weights};
use super::{LearnerError, TrainReport};
use crate::acquisition::OutputBatch;
use crate::pool::SampleId;
use crate::rng::Rng;

/// A scripted learner over a pool of `probs.len() / classes` samples.
///
/// - `score` hands out the fixed probabilities `probs[id]` (one member, in batches of
///   `batch`), and `labels[id]` when asked;
/// - `embed` returns the fixed rows `features[id]` for [`Weights::Current`] and rows of zeros
///   for [`Weights::Initial`];
/// - `fit` records the ids it was given, calls the hook once, and fails with
///   [`LearnerError::Diverged`] at the round given by `diverge_at`;
/// - `evaluate` reports accuracy = distinct samples trained on / pool size, loss = 1 − accuracy;
///   `evaluate_on(ids)` the fraction of `ids` the last fit trained on (and records `ids`).
#[derive(Debug)]
pub struct MockLearner {
    /// Class probabilities `[pool, classes]` row-major.
    pub probs: Vec<f32>,
    /// Classes.
    pub classes: usize,
    /// True labels `[pool]`.
    pub labels: Vec<u32>,
    /// Embedding rows `[pool, dim]` row-major.
    pub features: Vec<f32>,
    /// Embedding width.
    pub dim: usize,
    /// Scoring batch size.
    pub batch: usize,
    /// Round whose `fit` fails, if any.
    pub diverge_at: Option<u32>,
    /// Every `fit` call: (round, training ids in the order given).
    pub fits: Vec<(u32, Vec<SampleId>)>,
    /// Every `score` call's id list.
    pub scored: RefCell<Vec<Vec<SampleId>>>,
    /// Every `evaluate_on` call's id list.
    pub evaluated: RefCell<Vec<Vec<SampleId>>>,
    /// Calls of `anchor`.
    pub anchors: usize,
    /// The last `restrict_members`, if any.
    pub members: Option<usize>,
}

impl MockLearner {
    /// A mock with the given probabilities and labels, 2-D embeddings `(id, 0)`, batch 4.
    pub fn new(probs: Vec<f32>, classes: usize, labels: Vec<u32>) -> Self {
        let n = labels.len();
        assert_eq!(probs.len(), n * classes, "probs must be [pool, classes]");
        MockLearner {
            probs,
            classes,
            labels,
            features: (0..n).flat_map(|i| [i as f32, 0.0]).collect(),
            dim: 2,
            batch: 4,
            diverge_at: None,
            fits: Vec::new(),
            scored: RefCell::new(Vec::new()),
            evaluated: RefCell::new(Vec::new()),
            anchors: 0,
            members: None,
        }
    }
}

impl Learner for MockLearner {
    fn fit(
        &mut self,
        train: &[SampleId],
        round: u32,
        hook: EpochHook<'_>,
    ) -> Result<TrainReport, LearnerError> {
        if self.diverge_at == Some(round) {
            return Err(LearnerError::Diverged(
                "member 0: diverged: scripted".into(),
            ));
        }
        self.fits.push((round, train.to_vec()));
        hook(1);
        Ok(TrainReport {
            epochs: 1,
            train_loss: 1.0 / (1.0 + train.len() as f64),
            val_loss: f64::NAN,
            val_accuracy: f64::NAN,
            steps: 1,
            best_epoch: 1,
        })
    }

    fn evaluate(&self) -> Evaluation {
        let mut ids: Vec<SampleId> = self.fits.last().map_or(Vec::new(), |f| f.1.clone());
        ids.sort_unstable();
        ids.dedup();
        let acc = ids.len() as f64 / self.labels.len() as f64;
        Evaluation {
            loss: 1.0 - acc,
            accuracy: Some(acc),
            top_k: vec![acc],
            detection: None,
        }
    }

    /// Accuracy = the fraction of `ids` the last fit trained on.
    fn evaluate_on(&self, ids: &[SampleId]) -> Evaluation {
        self.evaluated.borrow_mut().push(ids.to_vec());
        let trained = self.fits.last().map_or(&[][..], |f| f.1.as_slice());
        let hit = ids.iter().filter(|id| trained.contains(id)).count();
        let acc = hit as f64 / ids.len().max(1) as f64;
        Evaluation {
            loss: 1.0 - acc,
            accuracy: Some(acc),
            top_k: vec![acc],
            detection: None,
        }
    }

    fn anchor(&mut self) {
        self.anchors += 1;
    }

    fn restrict_members(&mut self, members: usize) {
        self.members = Some(members);
    }

    fn score(&self, ids: &[SampleId], req: ScoreRequest, _masks: &mut Rng, sink: ScoreSink<'_>) {
        self.scored.borrow_mut().push(ids.to_vec());
        let c = self.classes;
        let mut probs = Vec::with_capacity(self.batch * c);
        let mut labels = Vec::with_capacity(self.batch);
        let mut feats = Vec::with_capacity(self.batch * self.dim);
        for (k, chunk) in ids.chunks(self.batch.max(1)).enumerate() {
            probs.clear();
            labels.clear();
            feats.clear();
            for id in chunk {
                let i = id.0 as usize;
                probs.extend_from_slice(&self.probs[i * c..(i + 1) * c]);
                labels.push(self.labels[i]);
                feats.extend_from_slice(&self.features[i * self.dim..(i + 1) * self.dim]);
            }
            let batch = OutputBatch {
                batch: chunk.len(),
                classes: c,
                members: 1,
                probs: &probs,
                labels: req.labels.then_some(labels.as_slice()),
                maps: None,
                features: None,
                feature_dim: 0,
                recon: None,
            };
            sink(
                k * self.batch,
                &batch,
                req.features.then_some(feats.as_slice()),
            );
        }
    }

    fn embed(&self, ids: &[SampleId], weights: Weights) -> Vec<f32> {
        let mut out = Vec::with_capacity(ids.len() * self.dim);
        for id in ids {
            let i = id.0 as usize;
            match weights {
                Weights::Current => {
                    out.extend_from_slice(&self.features[i * self.dim..(i + 1) * self.dim])
                }
                Weights::Initial => out.extend(std::iter::repeat_n(0.0, self.dim)),
            }
        }
        out
    }

    fn embedding_dim(&self) -> usize {
        self.dim
    }
}
