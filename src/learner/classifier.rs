//! The classification task's [`Learner`]: an ensemble of [`Net`]s on an image pool.

use super::batch::ids_to_indices;
use super::checkpoint::load_weights;
use super::infer::{embeddings, evaluate_set, predict_probs, Probs};
use super::seam::{EpochHook, Evaluation, Learner, ScoreRequest, ScoreSink, Weights};
use super::train::{train, TrainReport};
use super::{Devices, Geometry, LearnerError, Net};
use crate::acquisition::OutputBatch;
use crate::data::Splits;
use crate::pool::SampleId;
use crate::rng::{Purpose, Rng};
use crate::spec::{Config, ModelSpec, Reset};

/// Check, before anything is written, that `model` fits the data of geometry `g` and that its
/// `model.init` weights file (if any) loads into it: a mismatch is bad input, not a failed run.
pub fn check_model(model: &ModelSpec, g: Geometry, devices: &Devices) -> Result<(), LearnerError> {
    g.check(model.arch)?;
    if let Some(path) = model.init_path() {
        let net = Net::new(model.arch, g, model.width, &mut Rng::new(0), &devices.train);
        load_weights(net, &path)?;
    }
    Ok(())
}

/// An ensemble classifier for one (configuration, repeat).
///
/// Member `m` starts from `Rng(seed, Init, [repeat, m])` weights, or from the `model.init`
/// file; round `r` trains member `m` with `Rng(seed, Train, [repeat, r, m])`. Test metrics
/// and embeddings come from member 0; scoring averages every member and MC pass.
pub struct ClassifierLearner<'a> {
    config: &'a Config,
    splits: &'a Splits,
    devices: &'a Devices,
    repeat: u32,
    init: Vec<Net>,
    current: Vec<Net>,
}

impl<'a> ClassifierLearner<'a> {
    /// The initial ensemble of `config` for `repeat`, on the geometry of `splits.pool`.
    pub fn new(
        config: &'a Config,
        splits: &'a Splits,
        devices: &'a Devices,
        repeat: u32,
    ) -> Result<Self, LearnerError> {
        let g = Geometry::of(&splits.pool);
        g.check(config.model.arch)?;
        let init: Vec<Net> = (0..config.model.ensemble)
            .map(|m| {
                let mut rng = Rng::derive(config.seed, Purpose::Init, &[repeat as u64, m as u64]);
                let net = Net::new(
                    config.model.arch,
                    g,
                    config.model.width,
                    &mut rng,
                    &devices.train,
                );
                match config.model.init_path() {
                    Some(p) => load_weights(net, &p),
                    None => Ok(net),
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(ClassifierLearner {
            config,
            splits,
            devices,
            repeat,
            current: init.clone(),
            init,
        })
    }

    fn batch(&self) -> usize {
        self.config.query.batch_size
    }
}

impl Learner for ClassifierLearner<'_> {
    fn fit(
        &mut self,
        train_ids: &[SampleId],
        round: u32,
        hook: EpochHook<'_>,
    ) -> Result<TrainReport, LearnerError> {
        let c = self.config;
        let idx = ids_to_indices(train_ids);
        let starts = match c.train.reset {
            Reset::Baseline => &self.init,
            Reset::Continue => &self.current,
        };
        let mut trained = Vec::with_capacity(starts.len());
        let mut first = TrainReport::default();
        for (m, start) in starts.iter().enumerate() {
            let mut rng = Rng::derive(
                c.seed,
                Purpose::Train,
                &[self.repeat as u64, round as u64, m as u64],
            );
            let (net, report) = train(
                start.clone(),
                &self.splits.pool,
                &idx,
                &self.splits.validation,
                &c.train,
                c.model.dropout,
                self.devices,
                &mut rng,
                hook,
            )
            .map_err(|e| match e {
                LearnerError::Diverged(msg) => {
                    LearnerError::Diverged(format!("member {m}: diverged: {msg}"))
                }
                other => other,
            })?;
            if m == 0 {
                first = report;
            }
            trained.push(net);
        }
        self.current = trained;
        Ok(first)
    }

    fn evaluate(&self) -> Evaluation {
        let m = evaluate_set(
            &self.current[0],
            &self.splits.test,
            self.batch(),
            self.devices,
            self.config.train.top_k,
        );
        Evaluation {
            loss: m.loss,
            accuracy: Some(m.accuracy),
            top_k: Some(m.top_k),
        }
    }

    fn score(&self, ids: &[SampleId], req: ScoreRequest, masks: &mut Rng, sink: ScoreSink<'_>) {
        let pool = &self.splits.pool;
        let idx = ids_to_indices(ids);
        let valid: Vec<Net> = self.current.iter().map(Net::inference).collect();
        let probs = Probs {
            members: &valid,
            mc_samples: req.mc_samples,
            dropout: self.config.model.dropout,
            batch: self.batch(),
            features: req.features,
        };
        let classes = pool.n_classes();
        let members = valid.len() * req.mc_samples;
        let mut labels: Vec<u32> = Vec::with_capacity(if req.labels { self.batch() } else { 0 });
        predict_probs(
            &probs,
            pool,
            &idx,
            masks,
            &self.devices.infer,
            |offset, b, p, feats| {
                if req.labels {
                    labels.clear();
                    labels.extend(idx[offset..offset + b].iter().map(|&i| pool.labels[i]));
                }
                let batch = OutputBatch {
                    batch: b,
                    classes,
                    members,
                    probs: p,
                    labels: req.labels.then_some(labels.as_slice()),
                };
                sink(offset, &batch, feats);
            },
        );
    }

    fn embed(&self, ids: &[SampleId], weights: Weights) -> Vec<f32> {
        let net = match weights {
            Weights::Current => &self.current[0],
            Weights::Initial => &self.init[0],
        };
        embeddings(
            &net.inference(),
            &self.splits.pool,
            &ids_to_indices(ids),
            self.batch(),
            &self.devices.infer,
        )
    }

    fn embedding_dim(&self) -> usize {
        self.current[0].feature_dim()
    }
}
