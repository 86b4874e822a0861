//! The classification task's [`Learner`]: an ensemble of [`Net`]s on an image pool.

use super::batch::ids_to_indices;
use super::ensemble::Ensemble;
use super::infer::{embeddings, evaluate_set, predict_probs, Probs};
use super::init::{load_init, InitLoad};
use super::member::Member;
use super::seam::{EpochHook, Evaluation, Learner, ScoreRequest, ScoreSink, Weights};
use super::train::{Classify, TrainReport};
use super::ModelSpec;
use super::{DetectorNet, Devices, Geometry, LearnerConfig, LearnerError, Net};
use crate::acquisition::OutputBatch;
use crate::data::{ImageSet, Splits};
use crate::pool::SampleId;
use crate::rng::Rng;
use burn::prelude::Device;

/// Check, before anything is written, that `model` fits the data of geometry `g` and that its
/// `model.init` weights file (if any) loads into it: a mismatch is bad input, not a failed run.
/// Returns what the file gives the model (every weight, or the backbone with a fresh head when
/// the file was trained for another number of classes); `None` without a file.
pub fn check_model(
    model: &ModelSpec,
    g: Geometry,
    devices: &Devices,
) -> Result<Option<InitLoad>, LearnerError> {
    if let Some(path) = model.init_path().filter(|p| !p.is_file()) {
        return Err(LearnerError::Config {
            key: "model.init".into(),
            message: format!(
                "\"{}\" is neither \"scratch\" nor an existing weights file (make one with `albench pretrain`)",
                path.display()
            ),
        });
    }
    let (rng, device) = (&mut Rng::new(0), &devices.train);
    if model.arch == crate::learner::Arch::Detector {
        super::detector::grid_of(g.height, g.width, g.classes)?;
        return match model.init_path() {
            Some(path) => {
                let net = DetectorNet::new(g.channels, g.classes, model.width, rng, device);
                Ok(Some(load_init(net, &path, device)?.1))
            }
            None => Ok(None),
        };
    }
    g.check(model.arch)?;
    match model.init_path() {
        Some(path) => {
            let net = Net::new(model.arch, g, model.width, rng, device);
            Ok(Some(load_init(net, &path, device)?.1))
        }
        None => Ok(None),
    }
}

/// An ensemble classifier for one (configuration, repeat): an [`Ensemble`] of [`Net`]s
/// (seeds, `model.init` and `train.reset` as documented there). Test metrics and embeddings
/// come from member 0; scoring averages every member and MC pass.
pub struct ClassifierLearner<'a> {
    config: LearnerConfig<'a>,
    splits: &'a Splits,
    devices: &'a Devices,
    members: Ensemble<Net>,
    vae: Option<super::VaeState>,
}

impl Member for Net {
    /// `<Variant>.classifier.bias` (`[classes]`).
    const HEAD_BIAS: &'static str = "classifier.bias";

    fn classes_of_bias(len: usize) -> usize {
        len
    }

    fn classes(&self) -> usize {
        self.network().classifier().weight.dims()[1]
    }

    fn with_new_head(self, rng: &mut Rng, device: &Device) -> Net {
        Net::with_new_head(self, rng, device)
    }

    fn with_classes(mut self, classes: usize, rng: &mut Rng, device: &Device) -> Net {
        let d_in = self.feature_dim();
        *self.network_mut().classifier_mut() = super::layers::linear(d_in, classes, rng, device);
        self
    }

    fn with_head_of(mut self, other: &Net) -> Net {
        *self.network_mut().classifier_mut() = other.network().classifier().clone();
        self
    }
}

impl<'a> ClassifierLearner<'a> {
    /// The initial ensemble of `config` for `repeat`, on the geometry of `splits.pool`.
    pub fn new(
        config: LearnerConfig<'a>,
        splits: &'a Splits,
        devices: &'a Devices,
        repeat: u32,
    ) -> Result<Self, LearnerError> {
        let g = Geometry::of(&splits.pool);
        let model = &config.model;
        g.check(model.arch)?;
        let device = &devices.train;
        let members = Ensemble::new(model, config.seed, repeat, device, |rng| {
            Net::new(model.arch, g, model.width, rng, device)
        })?;
        Ok(ClassifierLearner {
            config,
            splits,
            devices,
            members,
            vae: super::VaeState::new(model, &splits.pool, config.seed, repeat, device),
        })
    }

    fn batch(&self) -> usize {
        self.config.batch_size
    }
}

impl ClassifierLearner<'_> {
    /// Member 0's test metrics on `set`.
    fn evaluate_images(&self, set: &ImageSet) -> Evaluation {
        let m = evaluate_set(
            self.members.first(Weights::Current),
            set,
            self.batch(),
            self.devices,
            &self.config.train.top_k.0,
        );
        Evaluation {
            loss: m.loss,
            accuracy: Some(m.accuracy),
            top_k: m.top_k,
            detection: None,
        }
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
        let task = Classify::new(
            &self.splits.pool,
            &self.splits.validation,
            c.model.dropout,
            self.devices,
        );
        let idx = ids_to_indices(train_ids);
        let first = self.members.fit(&task, &idx, c.train, round, hook)?;
        if let Some(v) = self.vae.as_mut() {
            v.refit(&self.splits.pool, round, self.devices)?;
        }
        Ok(first)
    }

    fn evaluate(&self) -> Evaluation {
        self.evaluate_images(&self.splits.test)
    }

    fn evaluate_on(&self, ids: &[SampleId]) -> Evaluation {
        self.evaluate_images(&self.splits.pool.subset(&ids_to_indices(ids)))
    }

    fn anchor(&mut self) {
        self.members.anchor();
    }

    fn restrict_members(&mut self, members: usize) {
        self.members.truncate(members);
    }

    fn score(&self, ids: &[SampleId], req: ScoreRequest, masks: &mut Rng, sink: ScoreSink<'_>) {
        let pool = &self.splits.pool;
        let idx = ids_to_indices(ids);
        let valid: Vec<Net> = self.members.members().iter().map(Net::inference).collect();
        let probs = Probs {
            members: &valid,
            mc_samples: req.mc_samples,
            dropout: self.config.model.dropout,
            batch: self.batch(),
            features: req.features,
            member_features: req.member_features,
        };
        let classes = pool.n_classes();
        let members = valid.len() * req.mc_samples;
        let feature_dim = valid[0].feature_dim();
        let mut labels: Vec<u32> = Vec::with_capacity(if req.labels { self.batch() } else { 0 });
        predict_probs(
            &probs,
            pool,
            &idx,
            masks,
            &self.devices.infer,
            |offset, b, p, feats, member_feats| {
                let recon = match (&self.vae, req.reconstruction) {
                    (Some(v), true) => {
                        Some(v.losses(pool, &idx[offset..offset + b], &self.devices.infer))
                    }
                    _ => None,
                };
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
                    maps: None,
                    features: member_feats,
                    feature_dim: if member_feats.is_some() {
                        feature_dim
                    } else {
                        0
                    },
                    recon: recon.as_deref(),
                };
                sink(offset, &batch, feats);
            },
        );
    }

    fn embed(&self, ids: &[SampleId], weights: Weights) -> Vec<f32> {
        embeddings(
            &self.members.first(weights).inference(),
            &self.splits.pool,
            &ids_to_indices(ids),
            self.batch(),
            &self.devices.infer,
        )
    }

    fn embedding_dim(&self) -> usize {
        self.members.first(Weights::Current).feature_dim()
    }
}

#[cfg(test)]
#[path = "classifier_tests.rs"]
mod tests;
