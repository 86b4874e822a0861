//! What a classification network provides: the registry builds it, and [`super::Net`]
//! trains, embeds and scores through these methods.

use burn::nn::Linear;
use burn::prelude::*;

use super::geometry::Geometry;
use crate::rng::Rng;

/// A classifier split at its penultimate layer: `features` maps `[batch, c, h, w]` to
/// `[batch, feature_dim]` (the embedding, where dropout applies), and the `classifier` layer
/// maps features to logits `[batch, classes]`.
pub trait Network {
    /// A new network for inputs of geometry `g`, `width` as in `model.width`, every weight
    /// drawn from `rng` (never burn's global RNG), on `device`.
    fn new(g: Geometry, width: usize, rng: &mut Rng, device: &Device) -> Self
    where
        Self: Sized;

    /// Size of the penultimate layer.
    fn feature_dim(&self) -> usize;

    /// Penultimate activations `[batch, feature_dim]` of inputs `[batch, c, h, w]`.
    fn features(&self, x: Tensor<4>) -> Tensor<2>;

    /// The output layer `[feature_dim] → [classes]`.
    fn classifier(&self) -> &Linear;

    /// The output layer, to replace (a new head per ensemble member).
    fn classifier_mut(&mut self) -> &mut Linear;
}
