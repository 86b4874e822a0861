//! The detection task's [`Learner`]: an ensemble of [`DetectorNet`]s on a `scenes` pool.
//!
//! Seeds, members, `model.init` and `train.reset` work exactly as in
//! [`super::ClassifierLearner`]: one [`Ensemble`] holds and trains the members of both, with
//! one training loop ([`super::train::train_task`]). Test metrics are COCO-style AP of member
//! 0's decoded boxes. A scoring pass (`score.rs`) hands the scorers every member's (and MC
//! pass's) probability maps, each class's highest map probability as the image-level
//! probabilities, the boxes decoded from the member-mean maps (Det-Ent) and, for the oracle
//! `loss` scorer, each image's detection loss.

mod eval;
mod grid;
mod loss;
mod net;
mod pretrain;
mod score;
mod task;
#[cfg(test)]
mod tests;

pub use eval::{evaluate_detector, size_ranges};
pub use grid::{decode, encode, DecodeParams, Grid};
pub use net::{grid_of, DetectorNet};
pub use pretrain::{pretrain_detector, Pretrained};

use self::score::Scoring;
use self::task::Detect;
use super::batch::{ids_to_indices, images};
use super::ensemble::Ensemble;
use super::seam::{EpochHook, Evaluation, Learner, ScoreRequest, ScoreSink, Weights};
use super::train::TrainReport;
use super::{Devices, LearnerConfig, LearnerError};
use crate::data::{ImageSet, Splits};
use crate::pool::SampleId;
use crate::rng::Rng;
#[cfg(test)]
use {
    super::train::{train_task, TrainTask},
    crate::learner::MapLoss,
    burn::prelude::*,
};

/// An ensemble detector for one (configuration, repeat).
pub struct DetectorLearner<'a> {
    config: LearnerConfig<'a>,
    splits: &'a Splits,
    devices: &'a Devices,
    grid: Grid,
    members: Ensemble<DetectorNet>,
    vae: Option<super::VaeState>,
}

impl<'a> DetectorLearner<'a> {
    /// The initial ensemble of `config` for `repeat`.
    pub fn new(
        config: LearnerConfig<'a>,
        splits: &'a Splits,
        devices: &'a Devices,
        repeat: u32,
    ) -> Result<Self, LearnerError> {
        let pool = &splits.pool;
        let grid = grid_of(pool.height, pool.width, pool.n_classes())?;
        let (model, device) = (&config.model, &devices.train);
        let (channels, classes) = (pool.channels, pool.n_classes());
        let members = Ensemble::new(model, config.seed, repeat, device, |rng| {
            DetectorNet::new(channels, classes, model.width, rng, device)
        })?;
        Ok(DetectorLearner {
            config,
            splits,
            devices,
            grid,
            members,
            vae: super::VaeState::new(model, pool, config.seed, repeat, device),
        })
    }

    fn batch(&self) -> usize {
        self.config.batch_size.min(128)
    }

    /// Member 0's detection loss and AP on `set`.
    fn evaluate_images(&self, set: &ImageSet) -> Evaluation {
        let (loss, ap) = evaluate_detector(
            &self.members.first(Weights::Current).inference(),
            set,
            self.grid,
            self.config.model.map_loss,
            self.batch(),
            &self.devices.infer,
        );
        Evaluation {
            loss,
            accuracy: None,
            top_k: Vec::new(),
            detection: Some(ap),
        }
    }
}

impl Learner for DetectorLearner<'_> {
    fn fit(
        &mut self,
        train_ids: &[SampleId],
        round: u32,
        hook: EpochHook<'_>,
    ) -> Result<TrainReport, LearnerError> {
        let c = self.config;
        let task = Detect {
            set: &self.splits.pool,
            val: &self.splits.validation,
            grid: self.grid,
            dropout: c.model.dropout,
            kind: c.model.map_loss,
            devices: self.devices,
        };
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
        let valid: Vec<DetectorNet> = self
            .members
            .members()
            .iter()
            .map(DetectorNet::inference)
            .collect();
        let scoring = Scoring {
            pool: &self.splits.pool,
            grid: self.grid,
            members: &valid,
            mc: req.mc_samples.max(1),
            dropout: self.config.model.dropout,
            kind: self.config.model.map_loss,
            batch: self.batch(),
            vae: self.vae.as_ref(),
            device: &self.devices.infer,
        };
        scoring.run(&ids_to_indices(ids), req, masks, sink);
    }

    fn embed(&self, ids: &[SampleId], weights: Weights) -> Vec<f32> {
        let net = self.members.first(weights).inference();
        let idx = ids_to_indices(ids);
        let mut out = Vec::with_capacity(idx.len() * net.feature_dim());
        for chunk in idx.chunks(self.batch()) {
            let f = net.features(images(&self.splits.pool, chunk, &self.devices.infer));
            out.extend(
                DetectorNet::embed(f)
                    .into_data()
                    .try_into_vec::<f32>()
                    .expect("f32 features"),
            );
        }
        out
    }

    fn embedding_dim(&self) -> usize {
        self.members.first(Weights::Current).feature_dim()
    }
}
