//! The detection task's [`Learner`]: an ensemble of [`DetectorNet`]s on a `scenes` pool.
//!
//! Seeds, members, `model.init`-free starts and `train.reset` work exactly as in
//! [`super::ClassifierLearner`]; one training loop ([`super::train::train_task`]) trains
//! both. Test metrics are COCO-style AP of member 0's decoded boxes. A scoring pass hands
//! the scorers every member's (and MC pass's) probability maps, each class's highest map
//! probability as the image-level probabilities, the boxes decoded from the member-mean maps
//! (Det-Ent) and, for the oracle `loss` scorer, each image's detection loss.

mod grid;
mod loss;
mod net;
#[cfg(test)]
mod tests;

pub use grid::{decode, encode, DecodeParams, Grid};
pub use net::{grid_of, DetectorNet};

use burn::prelude::*;
use burn::tensor::activation::sigmoid;

use self::loss::{per_image_loss, Targets};
use super::batch::{ids_to_indices, images};
use super::net::dropout_mask;
use super::seam::{EpochHook, Evaluation, Learner, ScoreRequest, ScoreSink, Weights};
use super::train::{train_task, TrainReport, TrainTask};
use super::{Devices, LearnerError, MapLoss, Reset};
use crate::acquisition::{MapOutputs, OutputBatch};
use crate::data::{ImageSet, Splits};
use crate::metrics::detection::{evaluate, ApSummary, AreaRanges, Detection, GroundTruth};
use crate::pool::SampleId;
use crate::rng::{Purpose, Rng};
use crate::spec::Config;

/// The size buckets of detection metrics on `side × side` images: small ≤ (side/8)²,
/// medium ≤ (side/4)² px² (at 96 px: 12², 24²). COCO's 32² / 96² are meant for ~640 px
/// images, where they are 1/20 and 3/20 of the side; ours keep objects of a few pixels out
/// of "medium" at our image sizes.
pub fn size_ranges(side: usize) -> AreaRanges {
    let s = side as f64;
    AreaRanges {
        small: (s / 8.0).powi(2),
        medium: (s / 4.0).powi(2),
    }
}

/// Targets of images `idx` of `set` as tensors (one allocation per array per batch).
fn targets(set: &ImageSet, idx: &[usize], g: Grid, device: &Device) -> Targets {
    let (p, c, b) = (g.positions(), g.classes, idx.len());
    let mut heat = vec![0.0f32; b * c * p];
    let mut boxes = vec![0.0f32; b * 4 * p];
    let mut mask = vec![0.0f32; b * p];
    for (k, &i) in idx.iter().enumerate() {
        encode(
            &set.objects[i],
            g,
            &mut heat[k * c * p..(k + 1) * c * p],
            &mut boxes[k * 4 * p..(k + 1) * 4 * p],
            &mut mask[k * p..(k + 1) * p],
        );
    }
    let n = g.cells;
    Targets {
        heat: Tensor::from_data(TensorData::new(heat, [b, c, n, n]), device),
        boxes: Tensor::from_data(TensorData::new(boxes, [b, 4, n, n]), device),
        mask: Tensor::from_data(TensorData::new(mask, [b, 1, n, n]), device),
    }
}

/// Class probabilities `[b, classes, n, n]` and predicted boxes `[b, 4, n, n]` (offsets
/// through the sigmoid, log sizes raw) of head outputs, as plain arrays.
fn maps_and_boxes(out: Tensor<4>, classes: usize) -> (Vec<f32>, Vec<f32>) {
    let probs = sigmoid(out.clone().narrow(1, 0, classes));
    let raw = out.narrow(1, classes, 4);
    let boxes = Tensor::cat(
        vec![sigmoid(raw.clone().narrow(1, 0, 2)), raw.narrow(1, 2, 2)],
        1,
    );
    let v = |t: Tensor<4>| t.into_data().try_into_vec::<f32>().expect("f32 outputs");
    (v(probs), v(boxes))
}

/// Mean detection loss and AP of `net` (inference mode) on every image of `set`.
pub fn evaluate_detector(
    net: &DetectorNet,
    set: &ImageSet,
    g: Grid,
    kind: MapLoss,
    batch: usize,
    device: &Device,
) -> (f64, ApSummary) {
    let mut gts = Vec::new();
    for (i, objs) in set.objects.iter().enumerate() {
        for o in objs {
            gts.push(GroundTruth {
                id: gts.len() as i64 + 1,
                image: i as i64,
                category: o.class as i64,
                bbox: o.bbox,
                area: o.bbox.area(),
                crowd: false,
            });
        }
    }
    let mut dets = Vec::new();
    let mut decoded = Vec::new();
    let (mut loss_sum, p, c) = (0.0f64, g.positions(), g.classes);
    let idx: Vec<usize> = (0..set.len()).collect();
    for chunk in idx.chunks(batch.max(1)) {
        let out = net.head(net.features(images(set, chunk, device)), None);
        let t = targets(set, chunk, g, device);
        let l = per_image_loss(out.clone(), &t, c, kind)
            .into_data()
            .try_into_vec::<f32>()
            .expect("f32 losses");
        loss_sum += l.iter().map(|&v| v as f64).sum::<f64>();
        let (probs, boxes) = maps_and_boxes(out, c);
        for (k, &i) in chunk.iter().enumerate() {
            decode(
                &probs[k * c * p..(k + 1) * c * p],
                &boxes[k * 4 * p..(k + 1) * 4 * p],
                g,
                DecodeParams::default(),
                &mut decoded,
            );
            dets.extend(decoded.iter().map(|d| Detection {
                image: i as i64,
                category: d.class as i64,
                bbox: d.bbox,
                score: d.score as f64,
            }));
        }
    }
    let images: Vec<i64> = (0..set.len() as i64).collect();
    let categories: Vec<i64> = (0..c as i64).collect();
    let ap = evaluate(
        &gts,
        &dets,
        &images,
        &categories,
        size_ranges(set.height),
        100,
    );
    (loss_sum / set.len().max(1) as f64, ap)
}

/// The detection training task: per-image loss averaged over the batch; validation = (mean
/// loss, AP50).
struct Detect<'a> {
    set: &'a ImageSet,
    val: &'a ImageSet,
    grid: Grid,
    dropout: f64,
    kind: MapLoss,
    devices: &'a Devices,
}

impl TrainTask for Detect<'_> {
    type Model = DetectorNet;

    fn batch_loss(&self, model: &DetectorNet, batch: &[usize], rng: &mut Rng) -> Tensor<1> {
        let device = &self.devices.train;
        let f = model.features(images(self.set, batch, device));
        let mask = (self.dropout > 0.0).then(|| feature_mask(rng, &f, self.dropout, device));
        let out = model.head(f, mask);
        let t = targets(self.set, batch, self.grid, device);
        per_image_loss(out, &t, self.grid.classes, self.kind).mean()
    }

    fn validate(&self, model: &DetectorNet) -> (f64, f64) {
        if self.val.is_empty() {
            return (f64::NAN, f64::NAN);
        }
        let (loss, ap) = evaluate_detector(
            &model.inference(),
            self.val,
            self.grid,
            self.kind,
            64,
            &self.devices.infer,
        );
        (loss, ap.map50.unwrap_or(f64::NAN))
    }
}

/// A dropout mask of the shape of `features` (`[b, f, n, n]`).
fn feature_mask(rng: &mut Rng, features: &Tensor<4>, p: f64, device: &Device) -> Tensor<4> {
    let [b, f, n, m] = features.dims();
    dropout_mask(rng, b, f * n * m, p, device).reshape([b, f, n, m])
}

/// An ensemble detector for one (configuration, repeat).
pub struct DetectorLearner<'a> {
    config: &'a Config,
    splits: &'a Splits,
    devices: &'a Devices,
    repeat: u32,
    grid: Grid,
    init: Vec<DetectorNet>,
    current: Vec<DetectorNet>,
    vae: Option<super::VaeState>,
}

impl<'a> DetectorLearner<'a> {
    /// The initial ensemble of `config` for `repeat`.
    pub fn new(
        config: &'a Config,
        splits: &'a Splits,
        devices: &'a Devices,
        repeat: u32,
    ) -> Result<Self, LearnerError> {
        let pool = &splits.pool;
        let grid = grid_of(pool.height, pool.width, pool.n_classes())?;
        let init: Vec<DetectorNet> = (0..config.model.ensemble)
            .map(|m| {
                let mut rng = Rng::derive(config.seed, Purpose::Init, &[repeat as u64, m as u64]);
                DetectorNet::new(
                    pool.channels,
                    pool.n_classes(),
                    config.model.width,
                    &mut rng,
                    &devices.train,
                )
            })
            .collect();
        Ok(DetectorLearner {
            config,
            splits,
            devices,
            repeat,
            grid,
            current: init.clone(),
            init,
            vae: super::VaeState::new(&config.model, pool, config.seed, repeat, &devices.train),
        })
    }

    fn batch(&self) -> usize {
        self.config.query.batch_size.min(128)
    }

    /// Member 0's detection loss and AP on `set`.
    fn evaluate_images(&self, set: &ImageSet) -> Evaluation {
        let (loss, ap) = evaluate_detector(
            &self.current[0].inference(),
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
        let idx = ids_to_indices(train_ids);
        let task = Detect {
            set: &self.splits.pool,
            val: &self.splits.validation,
            grid: self.grid,
            dropout: c.model.dropout,
            kind: c.model.map_loss,
            devices: self.devices,
        };
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
            let (net, report) = train_task(&task, start.clone(), &idx, &c.train, &mut rng, hook)
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
        let device = &self.devices.infer;
        let idx = ids_to_indices(ids);
        let valid: Vec<DetectorNet> = self.current.iter().map(DetectorNet::inference).collect();
        let (g, c) = (self.grid, self.grid.classes);
        let p = g.positions();
        let mc = req.mc_samples.max(1);
        let members = valid.len() * mc;
        let bs = self.batch();
        // buffers reused across batches
        let mut maps = vec![0.0f32; bs * p * c * members];
        let mut image_probs = vec![0.0f32; bs * c * members];
        let mut mean_map = vec![0.0f32; c * p];
        let mut first_boxes: Vec<f32> = Vec::new();
        let mut box_conf: Vec<f32> = Vec::new();
        let mut box_start: Vec<usize> = Vec::with_capacity(bs + 1);
        let mut losses: Vec<f32> = Vec::with_capacity(bs);
        let mut decoded = Vec::new();
        let dim = valid[0].feature_dim();
        let mut member_feats = vec![
            0.0f32;
            if req.member_features {
                bs * members * p * dim
            } else {
                0
            }
        ];
        let mut offset = 0;
        for chunk in idx.chunks(bs) {
            let b = chunk.len();
            let x = images(pool, chunk, device);
            let t = req.labels.then(|| targets(pool, chunk, g, device));
            losses.clear();
            losses.resize(b, 0.0);
            let mut features = None;
            for (mi, net) in valid.iter().enumerate() {
                let f = net.features(x.clone());
                if req.member_features {
                    // [b, dim, position] → [b, member, position, dim], repeated per MC pass
                    let v = f
                        .clone()
                        .into_data()
                        .try_into_vec::<f32>()
                        .expect("f32 features");
                    for i in 0..b {
                        for pass in 0..mc {
                            let col = mi * mc + pass;
                            for pos in 0..p {
                                let dst = ((i * members + col) * p + pos) * dim;
                                for k in 0..dim {
                                    member_feats[dst + k] = v[(i * dim + k) * p + pos];
                                }
                            }
                        }
                    }
                }
                if mi == 0 && req.features {
                    features = Some(
                        DetectorNet::embed(f.clone())
                            .into_data()
                            .try_into_vec::<f32>()
                            .expect("f32 features"),
                    );
                }
                for pass in 0..mc {
                    let mask = (mc > 1)
                        .then(|| feature_mask(masks, &f, self.config.model.dropout, device));
                    let out = net.head(f.clone(), mask);
                    if let Some(t) = &t {
                        let l = per_image_loss(out.clone(), t, c, self.config.model.map_loss)
                            .into_data()
                            .try_into_vec::<f32>()
                            .expect("f32 losses");
                        for (acc, v) in losses.iter_mut().zip(l) {
                            *acc += v / members as f32;
                        }
                    }
                    let (probs, boxes) = maps_and_boxes(out, c);
                    if mi == 0 && pass == 0 {
                        first_boxes = boxes;
                    }
                    let col = mi * mc + pass;
                    // [b, class, position] → [b, position, class, member]; class max → image probs
                    for i in 0..b {
                        for cl in 0..c {
                            let src = &probs[(i * c + cl) * p..(i * c + cl + 1) * p];
                            let mut best = 0.0f32;
                            for (pos, &v) in src.iter().enumerate() {
                                maps[((i * p + pos) * c + cl) * members + col] = v;
                                best = best.max(v);
                            }
                            image_probs[(i * c + cl) * members + col] = best;
                        }
                    }
                }
            }
            // boxes of the member-mean maps (member 0's box regression)
            box_conf.clear();
            box_start.clear();
            box_start.push(0);
            for i in 0..b {
                for cl in 0..c {
                    for pos in 0..p {
                        let base = ((i * p + pos) * c + cl) * members;
                        mean_map[cl * p + pos] =
                            maps[base..base + members].iter().sum::<f32>() / members as f32;
                    }
                }
                decode(
                    &mean_map,
                    &first_boxes[i * 4 * p..(i + 1) * 4 * p],
                    g,
                    DecodeParams::default(),
                    &mut decoded,
                );
                box_conf.extend(decoded.iter().map(|d| d.score));
                box_start.push(box_conf.len());
            }
            let recon = match (&self.vae, req.reconstruction) {
                (Some(v), true) => Some(v.losses(pool, chunk, device)),
                _ => None,
            };
            let batch = OutputBatch {
                batch: b,
                classes: c,
                members,
                probs: &image_probs[..b * c * members],
                labels: None,
                maps: Some(MapOutputs {
                    positions: p,
                    probs: &maps[..b * p * c * members],
                    box_conf: &box_conf,
                    box_start: &box_start,
                    losses: req.labels.then_some(losses.as_slice()),
                }),
                features: req
                    .member_features
                    .then(|| &member_feats[..b * members * p * dim]),
                feature_dim: if req.member_features { dim } else { 0 },
                recon: recon.as_deref(),
            };
            sink(offset, &batch, features.as_deref());
            offset += b;
        }
    }

    fn embed(&self, ids: &[SampleId], weights: Weights) -> Vec<f32> {
        let net = match weights {
            Weights::Current => &self.current[0],
            Weights::Initial => &self.init[0],
        }
        .inference();
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
        self.current[0].feature_dim()
    }
}
