//! `mlp`: flatten → 8·width → ReLU → 4·width → ReLU → (dropout) → classes.

use burn::nn::Linear;
use burn::prelude::*;
use burn::tensor::activation::relu;

use super::geometry::Geometry;
use super::layers::linear;
use super::network::Network;
use super::ops::linear as pinned_linear;
use crate::rng::Rng;

/// Two hidden layers of 8·width and 4·width units.
#[derive(Module, Debug)]
pub struct Mlp {
    fc1: Linear,
    fc2: Linear,
    /// Output layer `[4·width] → [classes]`.
    pub classifier: Linear,
}

impl Network for Mlp {
    /// New MLP for inputs of geometry `g`.
    fn new(g: Geometry, width: usize, rng: &mut Rng, device: &Device) -> Self {
        let d_in = g.channels * g.height * g.width;
        Mlp {
            fc1: linear(d_in, 8 * width, rng, device),
            fc2: linear(8 * width, 4 * width, rng, device),
            classifier: linear(4 * width, g.classes, rng, device),
        }
    }

    /// Penultimate size.
    fn feature_dim(&self) -> usize {
        self.fc2.weight.dims()[1]
    }

    /// `[b, c, h, w]` → `[b, 4·width]`.
    fn features(&self, x: Tensor<4>) -> Tensor<2> {
        let x: Tensor<2> = x.flatten(1, 3);
        let h = relu(pinned_linear(&self.fc1, x));
        relu(pinned_linear(&self.fc2, h))
    }

    fn classifier(&self) -> &Linear {
        &self.classifier
    }

    fn classifier_mut(&mut self) -> &mut Linear {
        &mut self.classifier
    }
}
