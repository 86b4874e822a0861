//! A detector ensemble's scoring pass: every member's (and MC pass's) probability maps, the
//! image-level probabilities, the boxes of the member-mean maps and, on request, the
//! detection losses, member features, embeddings and VAE reconstruction losses.

use burn::prelude::*;

use super::eval::{maps_and_boxes, targets};
use super::grid::Decoded;
use super::loss::{per_image_loss, Targets};
use super::task::feature_mask;
use super::{decode, DecodeParams, DetectorNet, Grid};
use crate::acquisition::{MapOutputs, OutputBatch};
use crate::data::ImageSet;
use crate::learner::batch::images;
use crate::learner::seam::{ScoreRequest, ScoreSink};
use crate::learner::MapLoss;
use crate::learner::VaeState;
use crate::rng::Rng;

/// The models and settings of one scoring pass.
pub(super) struct Scoring<'a> {
    /// The pool the ids index.
    pub pool: &'a ImageSet,
    /// The output grid of the pool's images.
    pub grid: Grid,
    /// Inference copies of the members.
    pub members: &'a [DetectorNet],
    /// Forward passes per member (≥ 1; > 1 draws dropout masks).
    pub mc: usize,
    /// Dropout probability of the MC passes.
    pub dropout: f64,
    /// The class-map loss of the oracle `loss` scorer.
    pub kind: MapLoss,
    /// Images per batch.
    pub batch: usize,
    /// The learner's VAE, if any.
    pub vae: Option<&'a VaeState>,
    /// The inference device.
    pub device: &'a Device,
}

/// Arrays of one batch, reused across batches. `m` = members × MC passes ("columns"),
/// `p` = grid positions, `c` = classes.
struct Buffers {
    classes: usize,
    positions: usize,
    columns: usize,
    dim: usize,
    /// `[b, p, c, m]` class probabilities.
    maps: Vec<f32>,
    /// `[b, c, m]` each class's highest map probability.
    image_probs: Vec<f32>,
    /// `[c, p]` member-mean map of one image.
    mean_map: Vec<f32>,
    /// `[b, 4, p]` member 0's (first pass's) boxes.
    first_boxes: Vec<f32>,
    /// Confidence of each decoded box, images one after another.
    box_conf: Vec<f32>,
    /// `[b + 1]` start of each image's boxes in `box_conf`.
    box_start: Vec<usize>,
    /// `[b]` detection loss averaged over the columns.
    losses: Vec<f32>,
    decoded: Vec<Decoded>,
    /// `[b, m, p, dim]` member features (empty unless requested).
    member_feats: Vec<f32>,
}

/// `t`'s values as a plain array.
fn to_vec<const D: usize>(t: Tensor<D>) -> Vec<f32> {
    t.into_data().try_into_vec::<f32>().expect("f32 outputs")
}

impl Buffers {
    fn new(s: &Scoring<'_>, req: ScoreRequest) -> Buffers {
        let (bs, c, p) = (s.batch, s.grid.classes, s.grid.positions());
        let m = s.members.len() * s.mc;
        let dim = s.members[0].feature_dim();
        Buffers {
            classes: c,
            positions: p,
            columns: m,
            dim,
            maps: vec![0.0; bs * p * c * m],
            image_probs: vec![0.0; bs * c * m],
            mean_map: vec![0.0; c * p],
            first_boxes: Vec::new(),
            box_conf: Vec::new(),
            box_start: Vec::with_capacity(bs + 1),
            losses: Vec::with_capacity(bs),
            decoded: Vec::new(),
            member_feats: vec![
                0.0;
                if req.member_features {
                    bs * m * p * dim
                } else {
                    0
                }
            ],
        }
    }

    /// Copy member `mi`'s features `[b, dim, p]` into every one of its MC columns of
    /// `member_feats` `[b, m, p, dim]`.
    fn copy_features(&mut self, f: Tensor<4>, b: usize, mi: usize, mc: usize) {
        let (m, p, dim) = (self.columns, self.positions, self.dim);
        let v = to_vec(f);
        for i in 0..b {
            for pass in 0..mc {
                let col = mi * mc + pass;
                for pos in 0..p {
                    let dst = ((i * m + col) * p + pos) * dim;
                    for k in 0..dim {
                        self.member_feats[dst + k] = v[(i * dim + k) * p + pos];
                    }
                }
            }
        }
    }

    /// Scatter column `col`'s probabilities `[b, c, p]` into `maps` `[b, p, c, m]`, and each
    /// class's highest one into `image_probs`.
    fn scatter(&mut self, probs: &[f32], b: usize, col: usize) {
        let (c, p, m) = (self.classes, self.positions, self.columns);
        for i in 0..b {
            for cl in 0..c {
                let src = &probs[(i * c + cl) * p..(i * c + cl + 1) * p];
                let mut best = 0.0f32;
                for (pos, &v) in src.iter().enumerate() {
                    self.maps[((i * p + pos) * c + cl) * m + col] = v;
                    best = best.max(v);
                }
                self.image_probs[(i * c + cl) * m + col] = best;
            }
        }
    }

    /// Decode the boxes of each image's member-mean maps (member 0's box regression).
    fn decode_mean_maps(&mut self, b: usize, g: Grid) {
        let (c, p, m) = (self.classes, self.positions, self.columns);
        self.box_conf.clear();
        self.box_start.clear();
        self.box_start.push(0);
        for i in 0..b {
            for cl in 0..c {
                for pos in 0..p {
                    let base = ((i * p + pos) * c + cl) * m;
                    self.mean_map[cl * p + pos] =
                        self.maps[base..base + m].iter().sum::<f32>() / m as f32;
                }
            }
            decode(
                &self.mean_map,
                &self.first_boxes[i * 4 * p..(i + 1) * 4 * p],
                g,
                DecodeParams::default(),
                &mut self.decoded,
            );
            self.box_conf.extend(self.decoded.iter().map(|d| d.score));
            self.box_start.push(self.box_conf.len());
        }
    }

    /// The scorers' view of the first `b` images.
    fn output<'b>(
        &'b self,
        b: usize,
        req: ScoreRequest,
        recon: Option<&'b [f32]>,
    ) -> OutputBatch<'b> {
        let (c, p, m, dim) = (self.classes, self.positions, self.columns, self.dim);
        OutputBatch {
            batch: b,
            classes: c,
            members: m,
            probs: &self.image_probs[..b * c * m],
            labels: None,
            maps: Some(MapOutputs {
                positions: p,
                probs: &self.maps[..b * p * c * m],
                box_conf: &self.box_conf,
                box_start: &self.box_start,
                losses: req.labels.then_some(self.losses.as_slice()),
            }),
            features: req
                .member_features
                .then(|| &self.member_feats[..b * m * p * dim]),
            feature_dim: if req.member_features { dim } else { 0 },
            recon,
        }
    }
}

impl Scoring<'_> {
    /// Stream the outputs over pool images `idx` into `sink`, batch by batch; MC-dropout
    /// masks come from `masks` (member by member, pass by pass).
    pub fn run(&self, idx: &[usize], req: ScoreRequest, masks: &mut Rng, sink: ScoreSink<'_>) {
        let mut buf = Buffers::new(self, req);
        let mut offset = 0;
        for chunk in idx.chunks(self.batch) {
            let b = chunk.len();
            let features = self.forward(chunk, req, masks, &mut buf);
            buf.decode_mean_maps(b, self.grid);
            let recon = match (self.vae, req.reconstruction) {
                (Some(v), true) => Some(v.losses(self.pool, chunk, self.device)),
                _ => None,
            };
            sink(
                offset,
                &buf.output(b, req, recon.as_deref()),
                features.as_deref(),
            );
            offset += b;
        }
    }

    /// Run every member and MC pass on images `chunk`, filling `buf`; returns member 0's
    /// embeddings `[b, dim]` when requested.
    fn forward(
        &self,
        chunk: &[usize],
        req: ScoreRequest,
        masks: &mut Rng,
        buf: &mut Buffers,
    ) -> Option<Vec<f32>> {
        let b = chunk.len();
        let x = images(self.pool, chunk, self.device);
        let t = req
            .labels
            .then(|| targets(self.pool, chunk, self.grid, self.device));
        buf.losses.clear();
        buf.losses.resize(b, 0.0);
        let mut features = None;
        for (mi, net) in self.members.iter().enumerate() {
            let f = net.features(x.clone());
            if req.member_features {
                buf.copy_features(f.clone(), b, mi, self.mc);
            }
            if mi == 0 && req.features {
                features = Some(to_vec(DetectorNet::embed(f.clone())));
            }
            for pass in 0..self.mc {
                self.head_pass(net, &f, t.as_ref(), mi * self.mc + pass, masks, buf, b);
            }
        }
        features
    }

    /// One head pass of `net` on features `f` (with a dropout mask when `mc > 1`) into
    /// column `col` of `buf`; adds its share of the detection loss when `t` is given.
    #[allow(clippy::too_many_arguments)]
    fn head_pass(
        &self,
        net: &DetectorNet,
        f: &Tensor<4>,
        t: Option<&Targets>,
        col: usize,
        masks: &mut Rng,
        buf: &mut Buffers,
        b: usize,
    ) {
        let c = self.grid.classes;
        let mask = (self.mc > 1).then(|| feature_mask(masks, f, self.dropout, self.device));
        let out = net.head(f.clone(), mask);
        if let Some(t) = t {
            let l = to_vec(per_image_loss(out.clone(), t, c, self.kind));
            let columns = buf.columns as f32;
            for (acc, v) in buf.losses.iter_mut().zip(l) {
                *acc += v / columns;
            }
        }
        let (probs, boxes) = maps_and_boxes(out, c);
        if col == 0 {
            buf.first_boxes = boxes;
        }
        buf.scatter(&probs, b, col);
    }
}
