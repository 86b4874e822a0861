//! The classification task's [`Learner`]: an ensemble of [`Net`]s on an image pool.

use super::batch::ids_to_indices;
use super::checkpoint::load_weights;
use super::infer::{embeddings, evaluate_set, predict_probs, Probs};
use super::seam::{EpochHook, Evaluation, Learner, ScoreRequest, ScoreSink, Weights};
use super::train::{train, TrainReport};
use super::{Devices, Geometry, LearnerError, ModelSpec, Net, Reset};
use crate::acquisition::OutputBatch;
use crate::data::{ImageSet, Splits};
use crate::pool::SampleId;
use crate::rng::{Purpose, Rng};
use crate::spec::Config;

/// Check, before anything is written, that `model` fits the data of geometry `g` and that its
/// `model.init` weights file (if any) loads into it: a mismatch is bad input, not a failed run.
pub fn check_model(model: &ModelSpec, g: Geometry, devices: &Devices) -> Result<(), LearnerError> {
    if let Some(path) = model.init_path().filter(|p| !p.is_file()) {
        return Err(LearnerError::Config {
            key: "model.init".into(),
            message: format!(
                "\"{}\" is neither \"scratch\" nor an existing weights file (make one with `albench pretrain`)",
                path.display()
            ),
        });
    }
    if model.arch == crate::spec::Arch::Detector {
        super::detector::grid_of(g.height, g.width, g.classes)?;
        return Ok(());
    }
    g.check(model.arch)?;
    if let Some(path) = model.init_path() {
        let net = Net::new(model.arch, g, model.width, &mut Rng::new(0), &devices.train);
        load_weights(net, &path)?;
    }
    Ok(())
}

/// An ensemble classifier for one (configuration, repeat).
///
/// Member `m` starts from `Rng(seed, Init, [repeat, m])` weights. With `model.init`, every
/// member starts from the file's weights, and members `m ≥ 1` get their own output layer
/// drawn from that same stream, so the ensemble's members differ (member 0 keeps the file's
/// head exactly). Round `r` trains member `m` with `Rng(seed, Train, [repeat, r, m])`. Test
/// metrics and embeddings come from member 0; scoring averages every member and MC pass.
pub struct ClassifierLearner<'a> {
    config: &'a Config,
    splits: &'a Splits,
    devices: &'a Devices,
    repeat: u32,
    init: Vec<Net>,
    current: Vec<Net>,
    vae: Option<super::VaeState>,
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
                    Some(p) if m == 0 => load_weights(net, &p),
                    Some(p) => Ok(load_weights(net, &p)?.with_new_head(&mut rng, &devices.train)),
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
            vae: super::VaeState::new(
                &config.model,
                &splits.pool,
                config.seed,
                repeat,
                &devices.train,
            ),
        })
    }

    fn batch(&self) -> usize {
        self.config.query.batch_size
    }
}

impl ClassifierLearner<'_> {
    /// Member 0's test metrics on `set`.
    fn evaluate_images(&self, set: &ImageSet) -> Evaluation {
        let m = evaluate_set(
            &self.current[0],
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
        self.init = self.current.clone();
    }

    fn restrict_members(&mut self, members: usize) {
        self.init.truncate(members.max(1));
        self.current.truncate(members.max(1));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::ImageSet;
    use crate::learner::{make_device, save_weights, BackendKind};
    use crate::learner::Arch;

    /// 12 random 6×6 grayscale images of 3 classes.
    fn splits() -> Splits {
        let mut rng = Rng::new(3);
        let pool = ImageSet {
            channels: 1,
            height: 6,
            width: 6,
            class_names: vec!["a".into(), "b".into(), "c".into()],
            pixels: (0..12 * 36).map(|_| rng.uniform() as f32).collect(),
            labels: (0..12).map(|i| i % 3).collect(),
            objects: Vec::new(),
            meta: Vec::new(),
            files: Vec::new(),
        };
        Splits {
            mislabeled: vec![false; 12],
            validation: pool.clone(),
            test: pool.clone(),
            pool,
        }
    }

    /// Per sample and class, whether member 0's and member 1's probabilities differ.
    fn members_differ(l: &ClassifierLearner<'_>) -> bool {
        let ids: Vec<SampleId> = (0..12).map(SampleId).collect();
        let mut differ = false;
        let req = ScoreRequest {
            mc_samples: 1,
            labels: false,
            features: false,
            member_features: false,
            reconstruction: false,
        };
        l.score(&ids, req, &mut Rng::new(0), &mut |_, b, _| {
            assert_eq!(b.members, 2);
            differ |= b.probs.chunks(2).any(|p| (p[0] - p[1]).abs() > 1e-6);
        });
        differ
    }

    #[test]
    fn ensemble_members_differ_with_and_without_an_init_file() {
        let devices = make_device(BackendKind::Flex, 0).unwrap();
        let s = splits();
        let mut c = Config::default();
        c.model.arch = Arch::Mlp;
        c.model.width = 4;
        c.model.ensemble = 2;
        let scratch = ClassifierLearner::new(&c, &s, &devices, 0).unwrap();
        assert!(members_differ(&scratch), "members from their own seeds");

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("base.bpk");
        let base = Net::new(
            Arch::Mlp,
            Geometry::of(&s.pool),
            4,
            &mut Rng::new(9),
            &devices.train,
        );
        save_weights(&base, &file).unwrap();
        c.model.init = file.to_string_lossy().into_owned();
        let init = ClassifierLearner::new(&c, &s, &devices, 0).unwrap();
        assert!(
            members_differ(&init),
            "members from one init file get their own heads"
        );
        // Member 0 is the file's model exactly: its embeddings equal the saved network's.
        let ids: Vec<SampleId> = (0..12).map(SampleId).collect();
        let want = embeddings(
            &base.inference(),
            &s.pool,
            &ids_to_indices(&ids),
            256,
            &devices.infer,
        );
        assert_eq!(init.embed(&ids, Weights::Initial), want);
        let file_loss = evaluate_set(&base, &s.test, 256, &devices, &[]).loss;
        assert_eq!(
            init.evaluate().loss,
            file_loss,
            "member 0 keeps the file's head"
        );
        // Same seed, same members.
        let again = ClassifierLearner::new(&c, &s, &devices, 0).unwrap();
        assert_eq!(
            again.embed(&ids, Weights::Current),
            init.embed(&ids, Weights::Current)
        );
    }

    fn config() -> Config {
        let mut c = Config::default();
        c.model.arch = Arch::Mlp;
        c.model.width = 4;
        c.train.max_epochs = 2;
        c.train.batch_size = 4;
        c.train.early_stopping.enabled = false;
        c
    }

    #[test]
    fn reset_baseline_restarts_from_the_initial_weights_continue_from_the_last() {
        let devices = make_device(BackendKind::Flex, 0).unwrap();
        let s = splits();
        let ids: Vec<SampleId> = (0..12).map(SampleId).collect();
        for reset in [Reset::Baseline, Reset::Continue] {
            let mut c = config();
            c.train.reset = reset;
            let mut l = ClassifierLearner::new(&c, &s, &devices, 0).unwrap();
            l.fit(&ids, 0, &|_| {}).unwrap();
            let trained = l.embed(&ids, Weights::Current);
            assert_ne!(trained, l.embed(&ids, Weights::Initial), "round 0 trained");
            // Nothing to train on: the model is where the round starts from.
            l.fit(&[], 1, &|_| {}).unwrap();
            let now = l.embed(&ids, Weights::Current);
            match reset {
                Reset::Baseline => assert_eq!(now, l.embed(&ids, Weights::Initial)),
                Reset::Continue => assert_eq!(now, trained),
            }
        }
    }

    /// Probabilities `[sample, class, pass]` of one scoring pass.
    fn probs(l: &ClassifierLearner<'_>, mc: usize, seed: u64) -> Vec<f32> {
        let ids: Vec<SampleId> = (0..12).map(SampleId).collect();
        let req = ScoreRequest {
            mc_samples: mc,
            labels: false,
            features: false,
            member_features: false,
            reconstruction: false,
        };
        let mut out = Vec::new();
        l.score(&ids, req, &mut Rng::new(seed), &mut |_, b, _| {
            assert_eq!(b.members, mc);
            out.extend_from_slice(b.probs);
        });
        out
    }

    #[test]
    fn mc_dropout_passes_differ_and_repeat_with_the_same_seed() {
        let devices = make_device(BackendKind::Flex, 0).unwrap();
        let s = splits();
        let mut c = config();
        c.model.dropout = 0.5;
        let l = ClassifierLearner::new(&c, &s, &devices, 0).unwrap();
        let a = probs(&l, 3, 7);
        assert!(
            a.chunks(3).any(|p| p[0] != p[1] || p[1] != p[2]),
            "passes draw different masks"
        );
        assert_eq!(a, probs(&l, 3, 7), "same mask stream, same probabilities");
        assert_ne!(a, probs(&l, 3, 8));
        // One pass is the deterministic network, whatever the stream.
        assert_eq!(probs(&l, 1, 7), probs(&l, 1, 8));
    }
}
