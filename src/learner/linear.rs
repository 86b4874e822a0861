//! `linear`: softmax regression: flatten → (dropout) → classes. The penultimate "features"
//! are the inputs themselves: on a `features` dataset, the feature vectors (the frozen
//! backbone + linear head setting); on images, the pixels.

use burn::nn::Linear;
use burn::prelude::*;

use super::geometry::Geometry;
use super::layers::linear;
use super::network::Network;
use crate::rng::Rng;

/// One linear layer on the flattened input.
#[derive(Module, Debug)]
pub struct Softmax {
    /// Output layer `[c·h·w] → [classes]`.
    pub classifier: Linear,
}

impl Network for Softmax {
    /// `width` is not used: the layer's size is set by the input and the classes.
    fn new(g: Geometry, _width: usize, rng: &mut Rng, device: &Device) -> Self {
        let d_in = g.channels * g.height * g.width;
        Softmax {
            classifier: linear(d_in, g.classes, rng, device),
        }
    }

    /// `c·h·w`.
    fn feature_dim(&self) -> usize {
        self.classifier.weight.dims()[0]
    }

    /// `[b, c, h, w]` → `[b, c·h·w]`.
    fn features(&self, x: Tensor<4>) -> Tensor<2> {
        x.flatten(1, 3)
    }

    fn classifier(&self) -> &Linear {
        &self.classifier
    }

    fn classifier_mut(&mut self) -> &mut Linear {
        &mut self.classifier
    }
}
