//! The model of a run: one of three architectures, behind one enum module.

use burn::prelude::*;

use super::cnn::Cnn;
use super::mlp::Mlp;
use super::resnet::ResNet;
use super::LearnerError;
use crate::data::ImageSet;
use crate::rng::Rng;
use crate::spec::Arch;

/// Input geometry and output size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geometry {
    /// Channels.
    pub channels: usize,
    /// Height in pixels.
    pub height: usize,
    /// Width in pixels.
    pub width: usize,
    /// Classes.
    pub classes: usize,
}

impl Geometry {
    /// The geometry of the images and classes of `set`.
    pub fn of(set: &ImageSet) -> Geometry {
        Geometry {
            channels: set.channels,
            height: set.height,
            width: set.width,
            classes: set.n_classes(),
        }
    }

    /// Whether `arch` can take inputs of this geometry (the convolutional models pool twice,
    /// so they need at least 4×4 pixels).
    pub fn check(&self, arch: Arch) -> Result<(), LearnerError> {
        if arch == Arch::Detector {
            return Err(LearnerError::Config {
                key: "model.arch".into(),
                message: "detector needs a detection dataset (data.dataset = \"scenes\")".into(),
            });
        }
        if arch != Arch::Mlp && (self.height < 4 || self.width < 4) {
            return Err(LearnerError::Config {
                key: "model.arch".into(),
                message: format!("{arch:?} needs images of at least 4×4 pixels"),
            });
        }
        Ok(())
    }
}

/// A classifier. `forward` maps `[batch, c, h, w]` to logits `[batch, classes]`;
/// `features` gives the penultimate activations `[batch, feature_dim]` (the embedding).
#[derive(Module, Debug)]
#[allow(clippy::large_enum_variant)] // one Net per ensemble member: size does not matter, and
                                     // burn's Module derive needs the modules inline
pub enum Net {
    /// Multi-layer perceptron.
    Mlp(Mlp),
    /// Small LeNet-like CNN.
    Cnn(Cnn),
    /// Small residual CNN.
    Resnet(ResNet),
}

impl Net {
    /// A new model with weights drawn from `rng`, on `device`. `width` as in `model.width`.
    pub fn new(arch: Arch, g: Geometry, width: usize, rng: &mut Rng, device: &Device) -> Net {
        match arch {
            Arch::Mlp => Net::Mlp(Mlp::new(g, width, rng, device)),
            Arch::Cnn => Net::Cnn(Cnn::new(g, width, rng, device)),
            Arch::Resnet => Net::Resnet(ResNet::new(g, width, rng, device)),
            Arch::Detector => unreachable!("validated: the detector is not a classifier"),
        }
    }

    /// The same network with a new output layer drawn from `rng` (He-uniform weights, zero
    /// biases): how ensemble members that start from one `model.init` file differ.
    pub fn with_new_head(mut self, rng: &mut Rng, device: &Device) -> Net {
        let (d_in, classes) = match &self {
            Net::Mlp(m) => m.classifier.weight.dims().into(),
            Net::Cnn(m) => m.classifier.weight.dims().into(),
            Net::Resnet(m) => m.classifier.weight.dims().into(),
        };
        let head = super::layers::linear(d_in, classes, rng, device);
        match &mut self {
            Net::Mlp(m) => m.classifier = head,
            Net::Cnn(m) => m.classifier = head,
            Net::Resnet(m) => m.classifier = head,
        }
        self
    }

    /// An inference copy: plain (non-autodiff) tensors, training flags off.
    pub fn inference(&self) -> Net {
        burn::module::Module::valid(self)
    }

    /// Size of the penultimate layer (where dropout applies).
    pub fn feature_dim(&self) -> usize {
        match self {
            Net::Mlp(m) => m.feature_dim(),
            Net::Cnn(m) => m.feature_dim(),
            Net::Resnet(m) => m.feature_dim(),
        }
    }

    /// Penultimate activations `[batch, feature_dim]`.
    pub fn features(&self, x: Tensor<4>) -> Tensor<2> {
        match self {
            Net::Mlp(m) => m.features(x),
            Net::Cnn(m) => m.features(x),
            Net::Resnet(m) => m.features(x),
        }
    }

    /// Logits from features, after an optional dropout mask `[batch, feature_dim]` whose
    /// entries are 0 or `1 / (1 − p)`.
    pub fn head(&self, features: Tensor<2>, mask: Option<Tensor<2>>) -> Tensor<2> {
        let f = match mask {
            Some(m) => features * m,
            None => features,
        };
        match self {
            Net::Mlp(m) => m.classifier.forward(f),
            Net::Cnn(m) => m.classifier.forward(f),
            Net::Resnet(m) => m.classifier.forward(f),
        }
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
