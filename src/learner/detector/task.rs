//! The detection training task ([`TrainTask`]) and its dropout masks.

use burn::prelude::*;

use super::eval::{evaluate_detector, targets};
use super::loss::per_image_loss;
use super::{DetectorNet, Grid};
use crate::data::ImageSet;
use crate::learner::batch::images;
use crate::learner::net::dropout_mask;
use crate::learner::ops::mean;
use crate::learner::train::TrainTask;
use crate::learner::Devices;
use crate::learner::MapLoss;
use crate::rng::Rng;

/// The detection training task: per-image loss averaged over the batch; validation = (mean
/// loss, AP50).
pub(super) struct Detect<'a> {
    /// Training images (the pool).
    pub set: &'a ImageSet,
    /// Validation images.
    pub val: &'a ImageSet,
    /// The output grid of the images.
    pub grid: Grid,
    /// Dropout probability on the features.
    pub dropout: f64,
    /// The class-map loss.
    pub kind: MapLoss,
    /// Devices.
    pub devices: &'a Devices,
}

impl TrainTask for Detect<'_> {
    type Model = DetectorNet;

    fn batch_loss(&self, model: &DetectorNet, batch: &[usize], rng: &mut Rng) -> Tensor<1> {
        let device = &self.devices.train;
        let f = model.features(images(self.set, batch, device));
        let mask = (self.dropout > 0.0).then(|| feature_mask(rng, &f, self.dropout, device));
        let out = model.head(f, mask);
        let t = targets(self.set, batch, self.grid, device);
        mean(per_image_loss(out, &t, self.grid.classes, self.kind))
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
pub(super) fn feature_mask(
    rng: &mut Rng,
    features: &Tensor<4>,
    p: f64,
    device: &Device,
) -> Tensor<4> {
    let [b, f, n, m] = features.dims();
    dropout_mask(rng, b, f * n * m, p, device).reshape([b, f, n, m])
}
