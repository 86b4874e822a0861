//! `cnn`: a small LeNet-like network.
//! conv3×3(c→w) ReLU maxpool2 → conv3×3(w→2w) ReLU maxpool2 → flatten → 8·w ReLU →
//! (dropout) → classes. For 28×28 inputs and w = 16: 1,568 → 128 → classes.

use burn::nn::conv::Conv2d;
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::Linear;
use burn::prelude::*;
use burn::tensor::activation::relu;

use super::geometry::Geometry;
use super::layers::{conv, linear};
use super::network::Network;
use super::ops::{conv2d, linear as pinned_linear, max_pool2d};
use crate::rng::Rng;

/// LeNet-like CNN.
#[derive(Module, Debug)]
pub struct Cnn {
    conv1: Conv2d,
    conv2: Conv2d,
    pool: MaxPool2d,
    fc: Linear,
    /// Output layer `[8·width] → [classes]`.
    pub classifier: Linear,
}

impl Network for Cnn {
    /// New CNN for inputs of geometry `g`.
    fn new(g: Geometry, width: usize, rng: &mut Rng, device: &Device) -> Self {
        let flat = 2 * width * (g.height / 4) * (g.width / 4);
        Cnn {
            conv1: conv(g.channels, width, 3, 1, rng, device),
            conv2: conv(width, 2 * width, 3, 1, rng, device),
            pool: MaxPool2dConfig::new([2, 2]).init(),
            fc: linear(flat, 8 * width, rng, device),
            classifier: linear(8 * width, g.classes, rng, device),
        }
    }

    /// Penultimate size.
    fn feature_dim(&self) -> usize {
        self.fc.weight.dims()[1]
    }

    /// `[b, c, h, w]` → `[b, 8·width]`.
    fn features(&self, x: Tensor<4>) -> Tensor<2> {
        // relu(max_pool(y)) = max_pool(relu(y)) (relu is monotone), values and gradients;
        // pooling first runs relu on a quarter of the values.
        let x = relu(max_pool2d(&self.pool, conv2d(&self.conv1, x)));
        let x = relu(max_pool2d(&self.pool, conv2d(&self.conv2, x)));
        let x: Tensor<2> = x.flatten(1, 3);
        relu(pinned_linear(&self.fc, x))
    }

    fn classifier(&self) -> &Linear {
        &self.classifier
    }

    fn classifier_mut(&mut self) -> &mut Linear {
        &mut self.classifier
    }
}
