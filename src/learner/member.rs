//! What an ensemble member is: a burn module whose output layer can be drawn anew (the
//! classifier's networks and the detector implement it).

use burn::module::Module;
use burn::prelude::*;

use crate::rng::Rng;

/// A model an ensemble can hold: a burn module whose output layer can be drawn anew.
pub trait Member: Module {
    /// Name of the output layer's bias in a weights file (or its last components): its
    /// length gives the classes the file was trained for.
    const HEAD_BIAS: &'static str;

    /// Classes of an output layer whose bias has `len` entries.
    fn classes_of_bias(len: usize) -> usize;

    /// Classes of the output layer.
    fn classes(&self) -> usize;

    /// The same model with a new output layer drawn from `rng` (biases as a fresh model's):
    /// how members that start from one `model.init` file come to differ.
    fn with_new_head(self, rng: &mut Rng, device: &Device) -> Self;

    /// The same backbone with a new output layer for `classes` classes drawn from `rng`.
    fn with_classes(self, classes: usize, rng: &mut Rng, device: &Device) -> Self;

    /// The same backbone with `other`'s output layer (a copy).
    fn with_head_of(self, other: &Self) -> Self;
}
