//! What every classifier does, whatever its architecture: a new output layer per ensemble
//! member, inference copies, features, the head with an optional dropout mask. The
//! architectures and the [`Net`] enum over them are in the model registry.

use burn::prelude::*;

use super::registry::Net;
use crate::rng::Rng;

impl Net {
    /// The same network with a new output layer drawn from `rng` (by the init scheme in
    /// force): how ensemble members that start from one `model.init` file differ.
    pub fn with_new_head(mut self, rng: &mut Rng, device: &Device) -> Net {
        let [d_in, classes] = self.network().classifier().weight.dims();
        *self.network_mut().classifier_mut() = super::layers::linear(d_in, classes, rng, device);
        self
    }

    /// An inference copy: plain (non-autodiff) tensors, training flags off.
    pub fn inference(&self) -> Net {
        burn::module::Module::valid(self)
    }

    /// Size of the penultimate layer (where dropout applies).
    pub fn feature_dim(&self) -> usize {
        self.network().feature_dim()
    }

    /// Penultimate activations `[batch, feature_dim]`.
    pub fn features(&self, x: Tensor<4>) -> Tensor<2> {
        self.network().features(x)
    }

    /// Logits from features, after an optional dropout mask `[batch, feature_dim]` whose
    /// entries are 0 or `1 / (1 − p)`.
    pub fn head(&self, features: Tensor<2>, mask: Option<Tensor<2>>) -> Tensor<2> {
        let f = match mask {
            Some(m) => features * m,
            None => features,
        };
        super::ops::linear(self.network().classifier(), f)
    }

    /// Logits `[batch, classes]`.
    pub fn forward(&self, x: Tensor<4>, mask: Option<Tensor<2>>) -> Tensor<2> {
        self.head(self.features(x), mask)
    }
}

/// A dropout mask `[batch, dim]`: each entry is 0 with probability `p`, else `1 / (1 − p)`.
pub fn dropout_mask(rng: &mut Rng, batch: usize, dim: usize, p: f64, device: &Device) -> Tensor<2> {
    let keep = (1.0 / (1.0 - p)) as f32;
    let v: Vec<f32> = (0..batch * dim)
        .map(|_| if rng.bernoulli(p) { 0.0 } else { keep })
        .collect();
    Tensor::from_data(TensorData::new(v, [batch, dim]), device)
}
