//! The detector network: a small one-stage, single-scale detector.
//!
//! Backbone: `conv3×3 stride 2 (c → w) → ReLU`, two blocks `conv3×3 → ReLU → maxpool2` of
//! widths 2w and 4w, then `conv3×3(4w → 4w) → ReLU` — features `[b, 4w, side/8, side/8]`. Head: a 1×1 convolution to
//! `classes + 4` channels per cell: the class logits (sigmoid → the per-class probability maps
//! of NVIDIA Sec. III-A) and the box (centre offset in the cell through a sigmoid, log size in
//! strides). The embedding is the global average of the features, `[b, 4w]`. At 96 × 96 and
//! w = 16: a 12 × 12 grid, 64-d features, ~61k parameters, ~17M multiply-adds per image.

use burn::nn::conv::Conv2d;
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::prelude::*;
use burn::tensor::activation::relu;

use super::grid::Grid;
use crate::learner::layers::conv;
use crate::learner::member::Member;
use crate::learner::ops::{conv2d, max_pool2d, row_means};
use crate::learner::LearnerError;
use crate::rng::Rng;

/// Downsampling factor of the backbone (three 2× pools).
pub const STRIDE: usize = 8;

/// The detector.
#[derive(Module, Debug)]
pub struct DetectorNet {
    conv1: Conv2d,
    conv2: Conv2d,
    conv3: Conv2d,
    conv4: Conv2d,
    pool: MaxPool2d,
    /// 1×1 convolution `[4w] → [classes + 4]`.
    pub head: Conv2d,
}

/// The grid of `side × side` images, or why the detector cannot take them.
pub fn grid_of(height: usize, width: usize, classes: usize) -> Result<Grid, LearnerError> {
    if height != width || !height.is_multiple_of(STRIDE) || height < 4 * STRIDE {
        return Err(LearnerError::Config {
            key: "data.image_size".into(),
            message: format!(
                "the detector needs square images whose side is a multiple of {STRIDE} and at least {}; these are {width}×{height}",
                4 * STRIDE
            ),
        });
    }
    Ok(Grid {
        cells: height / STRIDE,
        stride: STRIDE,
        classes,
    })
}

/// A 1×1 head `[dim] → [classes + 4]` with weights drawn from `rng` and the class biases at
/// the focal-loss prior: the class maps start at p ≈ 0.01, so the loss is not swamped by the
/// (many) negative positions in the first steps.
fn new_head(dim: usize, classes: usize, rng: &mut Rng, device: &Device) -> Conv2d {
    let mut head = conv(dim, classes + 4, 1, 1, rng, device);
    let prior = -((1.0f32 - 0.01) / 0.01).ln();
    let mut bias = vec![0.0f32; classes + 4];
    bias[..classes].fill(prior);
    let b = Tensor::<1>::from_data(TensorData::new(bias, [classes + 4]), device);
    let b = if device.is_autodiff() {
        b.require_grad()
    } else {
        b
    };
    head.bias = Some(burn::module::Param::initialized(
        burn::module::ParamId::new(),
        b,
    ));
    head
}

impl Member for DetectorNet {
    /// `head.bias` (`[classes + 4]`: the class maps, then the box).
    const HEAD_BIAS: &'static str = "head.bias";

    fn classes_of_bias(len: usize) -> usize {
        len.saturating_sub(4)
    }

    fn classes(&self) -> usize {
        self.head.weight.dims()[0] - 4
    }

    /// A new head (the class biases at the prior), as in [`DetectorNet::new`].
    fn with_new_head(self, rng: &mut Rng, device: &Device) -> Self {
        let classes = self.classes();
        self.with_classes(classes, rng, device)
    }

    fn with_classes(mut self, classes: usize, rng: &mut Rng, device: &Device) -> Self {
        self.head = new_head(self.feature_dim(), classes, rng, device);
        self
    }

    fn with_head_of(mut self, other: &Self) -> Self {
        self.head = other.head.clone();
        self
    }
}

impl DetectorNet {
    /// A new detector for `channels`-channel images and `classes` classes.
    pub fn new(
        channels: usize,
        classes: usize,
        width: usize,
        rng: &mut Rng,
        device: &Device,
    ) -> Self {
        let w = width;
        let head = new_head(4 * w, classes, rng, device);
        DetectorNet {
            conv1: conv(channels, w, 3, 2, rng, device),
            conv2: conv(w, 2 * w, 3, 1, rng, device),
            conv3: conv(2 * w, 4 * w, 3, 1, rng, device),
            conv4: conv(4 * w, 4 * w, 3, 1, rng, device),
            pool: MaxPool2dConfig::new([2, 2]).init(),
            head,
        }
    }

    /// Feature channels (the embedding size).
    pub fn feature_dim(&self) -> usize {
        self.conv4.weight.dims()[0]
    }

    /// `[b, c, side, side]` → features `[b, 4w, side/8, side/8]`.
    pub fn features(&self, x: Tensor<4>) -> Tensor<4> {
        let x = relu(conv2d(&self.conv1, x));
        // relu(max_pool(y)) = max_pool(relu(y)) (relu is monotone): a quarter of the relus.
        let x = relu(max_pool2d(&self.pool, conv2d(&self.conv2, x)));
        let x = relu(max_pool2d(&self.pool, conv2d(&self.conv3, x)));
        relu(conv2d(&self.conv4, x))
    }

    /// Head outputs `[b, classes + 4, cells, cells]` from features, after an optional dropout
    /// mask of the features' shape (entries 0 or `1 / (1 − p)`).
    pub fn head(&self, features: Tensor<4>, mask: Option<Tensor<4>>) -> Tensor<4> {
        let f = match mask {
            Some(m) => features * m,
            None => features,
        };
        conv2d(&self.head, f)
    }

    /// Global average of the features: the embedding `[b, 4w]`.
    pub fn embed(features: Tensor<4>) -> Tensor<2> {
        // `mean_dim(2)` adds rows in order on any host; the mean over each row is pinned
        // (flex sums it in the host's SIMD order): the same bits as `mean_dims(&[2, 3])` on
        // an AVX2 host.
        let [b, c, _, w] = features.dims();
        row_means(features.mean_dim(2).reshape([b * c, w])).reshape([b, c])
    }

    /// An inference copy (plain tensors, training flags off).
    pub fn inference(&self) -> DetectorNet {
        burn::module::Module::valid(self)
    }
}
