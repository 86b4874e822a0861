//! Detection metrics of a detector: targets, decoded boxes, mean loss and COCO-style AP.

use burn::prelude::*;
use burn::tensor::activation::sigmoid;

use super::loss::{per_image_loss, Targets};
use super::{decode, encode, DecodeParams, DetectorNet, Grid};
use crate::data::ImageSet;
use crate::learner::batch::images;
use crate::learner::MapLoss;
use crate::metrics::detection::{evaluate, ApSummary, AreaRanges, Detection, GroundTruth};

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
pub(super) fn targets(set: &ImageSet, idx: &[usize], g: Grid, device: &Device) -> Targets {
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
pub(super) fn maps_and_boxes(out: Tensor<4>, classes: usize) -> (Vec<f32>, Vec<f32>) {
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
