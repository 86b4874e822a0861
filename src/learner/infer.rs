//! Inference: logits for metrics, class probabilities `[batch, class, member]` for scorers,
//! streamed batch by batch so memory stays bounded whatever the pool size.

use burn::prelude::*;

use super::batch::images;
use super::net::dropout_mask;
use super::registry::Net;
use super::Devices;
use crate::data::ImageSet;
use crate::metrics::{classification_metrics, ClassMetrics};
use crate::rng::Rng;

/// Loss, accuracy and the top-k accuracy for each of `ks` of `model` on every image of `set`,
/// inferred in batches of `batch`.
pub fn evaluate_set(
    model: &Net,
    set: &ImageSet,
    batch: usize,
    devices: &Devices,
    ks: &[usize],
) -> ClassMetrics {
    let idx: Vec<usize> = (0..set.len()).collect();
    let l = logits(&model.inference(), set, &idx, batch, &devices.infer);
    classification_metrics(&l, &set.labels, set.n_classes(), ks)
}

/// Logits `[idx.len(), classes]` (row-major) of `model` on images `idx` of `set`.
/// `model` must be in inference mode (`Module::valid`) on `device`.
pub fn logits(
    model: &Net,
    set: &ImageSet,
    idx: &[usize],
    batch: usize,
    device: &Device,
) -> Vec<f32> {
    rows(set, idx, batch, device, set.n_classes(), |x| {
        model.forward(x, None)
    })
}

/// Penultimate features `[idx.len(), feature_dim]` (row-major) of `model` on images `idx` of
/// `set`, in batches of `batch`. `model` must be in inference mode on `device`.
pub fn embeddings(
    model: &Net,
    set: &ImageSet,
    idx: &[usize],
    batch: usize,
    device: &Device,
) -> Vec<f32> {
    rows(set, idx, batch, device, model.feature_dim(), |x| {
        model.features(x)
    })
}

/// `f` applied to images `idx` of `set` in batches of `batch`, its `[b, width]` outputs
/// concatenated row-major into one `[idx.len(), width]` array.
fn rows(
    set: &ImageSet,
    idx: &[usize],
    batch: usize,
    device: &Device,
    width: usize,
    f: impl Fn(Tensor<4>) -> Tensor<2>,
) -> Vec<f32> {
    let mut out = Vec::with_capacity(idx.len() * width);
    for chunk in idx.chunks(batch.max(1)) {
        let y = f(images(set, chunk, device));
        out.extend(
            y.into_data()
                .try_into_vec::<f32>()
                .expect("outputs are f32"),
        );
    }
    out
}

/// Streaming probabilities of an ensemble, with optional MC-dropout.
pub struct Probs<'a> {
    /// Ensemble members in inference mode.
    pub members: &'a [Net],
    /// Forward passes per member (1 = deterministic; > 1 = MC-dropout with `dropout`).
    pub mc_samples: usize,
    /// Dropout probability for MC passes.
    pub dropout: f64,
    /// Inference batch size.
    pub batch: usize,
    /// Also hand over the first member's penultimate features (the `backbone` embedding).
    pub features: bool,
    /// Also hand over every member's features `[batch, member · mc, dim]` (MC passes of a
    /// member repeat its features).
    pub member_features: bool,
}

/// Softmax of one row of logits into `out[c * stride + col]`.
fn softmax_into(row: &[f32], out: &mut [f32], stride: usize, col: usize) {
    let m = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut z = 0.0f32;
    for &v in row {
        z += (v - m).exp();
    }
    for (c, &v) in row.iter().enumerate() {
        out[c * stride + col] = (v - m).exp() / z;
    }
}

/// Run `p` over images `idx` of `set`, calling `f(offset, batch_len, probs, features,
/// member_features)` per batch with probabilities `[batch_len, classes, members ·
/// mc_samples]`, when `p.features` the first member's features `[batch_len, feature_dim]`,
/// and when `p.member_features` every member's `[batch_len, members · mc_samples,
/// feature_dim]` (computed anyway, so free). The buffers are allocated once. MC masks are
/// drawn from `rng` in batch order.
pub fn predict_probs(
    p: &Probs<'_>,
    set: &ImageSet,
    idx: &[usize],
    rng: &mut Rng,
    device: &Device,
    mut f: impl FnMut(usize, usize, &[f32], Option<&[f32]>, Option<&[f32]>),
) {
    let classes = set.n_classes();
    let m_total = p.members.len() * p.mc_samples;
    let bs = p.batch.max(1);
    let mut probs = vec![0.0f32; bs * classes * m_total];
    let dim = p.members.first().map_or(0, Net::feature_dim);
    let mut member_feats = vec![
        0.0f32;
        if p.member_features {
            bs * m_total * dim
        } else {
            0
        }
    ];
    let mut offset = 0;
    for chunk in idx.chunks(bs) {
        let b = chunk.len();
        let x = images(set, chunk, device);
        let mut first_features = None;
        for (mi, net) in p.members.iter().enumerate() {
            let feats = net.features(x.clone());
            if (mi == 0 && p.features) || p.member_features {
                let v = feats
                    .clone()
                    .into_data()
                    .try_into_vec::<f32>()
                    .expect("f32 features");
                if p.member_features {
                    for i in 0..b {
                        for t in 0..p.mc_samples {
                            let col = mi * p.mc_samples + t;
                            member_feats[(i * m_total + col) * dim..(i * m_total + col + 1) * dim]
                                .copy_from_slice(&v[i * dim..(i + 1) * dim]);
                        }
                    }
                }
                if mi == 0 && p.features {
                    first_features = Some(v);
                }
            }
            for t in 0..p.mc_samples {
                let mask = (p.mc_samples > 1)
                    .then(|| dropout_mask(rng, b, net.feature_dim(), p.dropout, device));
                let logits = net
                    .head(feats.clone(), mask)
                    .into_data()
                    .try_into_vec::<f32>()
                    .expect("f32 logits");
                let col = mi * p.mc_samples + t;
                for i in 0..b {
                    let row = &logits[i * classes..(i + 1) * classes];
                    let out = &mut probs[i * classes * m_total..(i + 1) * classes * m_total];
                    softmax_into(row, out, m_total, col);
                }
            }
        }
        f(
            offset,
            b,
            &probs[..b * classes * m_total],
            first_features.as_deref(),
            p.member_features
                .then(|| &member_feats[..b * m_total * dim]),
        );
        offset += b;
    }
}
