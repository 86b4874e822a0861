//! `resnet`: a small residual CNN.
//! stem conv3×3(c→w) → block(w) → conv3×3/2(w→2w) → block(2w) → conv3×3/2(2w→4w) →
//! block(4w) → global average pool → (dropout) → classes. A block is
//! `relu(x + conv(relu(conv(x))))`.

use burn::nn::conv::Conv2d;
use burn::nn::Linear;
use burn::prelude::*;
use burn::tensor::activation::relu;

use super::geometry::Geometry;
use super::layers::{conv, linear};
use super::network::Network;
use super::ops::{conv2d, row_means};
use crate::rng::Rng;

/// Residual block with two 3×3 convolutions.
#[derive(Module, Debug)]
pub struct Block {
    a: Conv2d,
    b: Conv2d,
}

impl Block {
    fn new(c: usize, rng: &mut Rng, device: &Device) -> Self {
        Block {
            a: conv(c, c, 3, 1, rng, device),
            b: conv(c, c, 3, 1, rng, device),
        }
    }
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let y = conv2d(&self.b, relu(conv2d(&self.a, x.clone())));
        relu(x + y)
    }
}

/// Small residual network.
#[derive(Module, Debug)]
pub struct ResNet {
    stem: Conv2d,
    block1: Block,
    down1: Conv2d,
    block2: Block,
    down2: Conv2d,
    block3: Block,
    /// Output layer `[4·width] → [classes]`.
    pub classifier: Linear,
}

impl Network for ResNet {
    /// New residual network for inputs of geometry `g`.
    fn new(g: Geometry, width: usize, rng: &mut Rng, device: &Device) -> Self {
        ResNet {
            stem: conv(g.channels, width, 3, 1, rng, device),
            block1: Block::new(width, rng, device),
            down1: conv(width, 2 * width, 3, 2, rng, device),
            block2: Block::new(2 * width, rng, device),
            down2: conv(2 * width, 4 * width, 3, 2, rng, device),
            block3: Block::new(4 * width, rng, device),
            classifier: linear(4 * width, g.classes, rng, device),
        }
    }

    /// Penultimate size.
    fn feature_dim(&self) -> usize {
        self.classifier.weight.dims()[0]
    }

    /// `[b, c, h, w]` → `[b, 4·width]` (global average pool).
    fn features(&self, x: Tensor<4>) -> Tensor<2> {
        let x = self.block1.forward(relu(conv2d(&self.stem, x)));
        let x = self.block2.forward(relu(conv2d(&self.down1, x)));
        let x = self.block3.forward(relu(conv2d(&self.down2, x)));
        let [b, c, h, w] = x.dims();
        // flex's `mean_dim(3)` sums each row of a map in the host's SIMD order: pinned here
        // (same bits on an AVX2 host); `mean_dim(2)` then adds rows in order on any host.
        row_means(x.reshape([b * c * h, w]))
            .reshape([b, c, h, 1])
            .mean_dim(2)
            .reshape([b, c])
    }

    fn classifier(&self) -> &Linear {
        &self.classifier
    }

    fn classifier_mut(&mut self) -> &mut Linear {
        &mut self.classifier
    }
}
