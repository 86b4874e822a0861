//! The model registry: the one place that lists every architecture with its spec name
//! (`model.arch`), its description (`albench list`), its task and the smallest image it
//! takes. The classification networks also become variants of [`Net`], built by
//! [`Net::new`]. Adding a classifier = its file (a [`Network`]) + one line below.

use burn::prelude::*;
use serde::{Deserialize, Serialize};

use super::cnn::Cnn;
use super::geometry::Geometry;
use super::linear::Softmax;
use super::mlp::Mlp;
use super::network::Network;
use super::resnet::ResNet;
use super::LearnerError;
use crate::data::Task;
use crate::rng::Rng;

/// One registered architecture.
#[derive(Clone, Copy, Debug)]
pub struct ModelInfo {
    /// The architecture.
    pub kind: Arch,
    /// Name in the spec (`model.arch`).
    pub name: &'static str,
    /// One line for `albench list`.
    pub description: &'static str,
    /// The task it learns: datasets of the other task are refused.
    pub task: Task,
    /// The smallest image side it takes, px (the convolutional networks pool twice: 4).
    pub min_side: usize,
}

macro_rules! models {
    (
        classifiers {
            $($(#[$doc:meta])* $kind:ident = $name:literal, $desc:literal, $net:ty, $min:literal;)*
        }
        detectors {
            $($(#[$ddoc:meta])* $dkind:ident = $dname:literal, $ddesc:literal;)*
        }
        externals {
            $($(#[$edoc:meta])* $ekind:ident = $ename:literal, $edesc:literal;)*
        }
    ) => {
        /// Model architectures, as named in `model.arch`.
        #[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
        pub enum Arch {
            $($(#[$doc])* #[serde(rename = $name)] $kind,)*
            $($(#[$ddoc])* #[serde(rename = $dname)] $dkind,)*
            $($(#[$edoc])* #[serde(rename = $ename)] $ekind,)*
        }

        /// Every architecture, in `albench list` order.
        pub const MODELS: &[ModelInfo] = &[
            $(ModelInfo { kind: Arch::$kind, name: $name, description: $desc,
                task: Task::Classification, min_side: $min },)*
            $(ModelInfo { kind: Arch::$dkind, name: $dname, description: $ddesc,
                task: Task::Detection, min_side: 1 },)*
            $(ModelInfo { kind: Arch::$ekind, name: $ename, description: $edesc,
                task: Task::Classification, min_side: 1 },)*
        ];

        impl Arch {
            /// Whether the model lives outside albench (`external`): no built-in network.
            pub fn is_external(self) -> bool {
                matches!(self, $(Arch::$ekind)|*)
            }
        }

        /// A classifier of one of the classification architectures: `forward` maps
        /// `[batch, c, h, w]` to logits `[batch, classes]`, `features` gives the penultimate
        /// activations `[batch, feature_dim]` (the embedding).
        #[derive(Module, Debug)]
        #[allow(clippy::large_enum_variant)] // one Net per ensemble member: size does not
                                             // matter, and burn's Module derive needs the
                                             // modules inline
        pub enum Net {
            $($(#[$doc])* $kind($net),)*
        }

        impl Net {
            /// A new model with weights drawn from `rng`, on `device`. `width` as in
            /// `model.width`.
            pub fn new(arch: Arch, g: Geometry, width: usize, rng: &mut Rng, device: &Device) -> Net {
                match arch {
                    $(Arch::$kind => Net::$kind(<$net as Network>::new(g, width, rng, device)),)*
                    _ => unreachable!("validated: {arch:?} is not a classifier"),
                }
            }

            /// The network behind the variant.
            pub(super) fn network(&self) -> &dyn Network {
                match self {
                    $(Net::$kind(m) => m,)*
                }
            }

            /// The network behind the variant, mutable.
            pub(super) fn network_mut(&mut self) -> &mut dyn Network {
                match self {
                    $(Net::$kind(m) => m,)*
                }
            }
        }
    };
}

models! {
    classifiers {
        /// Two hidden layers.
        Mlp = "mlp", "flatten -> 8w -> 4w -> classes", Mlp, 1;
        /// Small LeNet-like CNN with dropout.
        Cnn = "cnn", "LeNet-like: conv3x3(w) pool conv3x3(2w) pool fc(8w) dropout fc", Cnn, 4;
        /// Small residual CNN.
        Resnet = "resnet", "small residual CNN: 3 stages of width w, 2w, 4w, global average pool",
            ResNet, 4;
        /// Softmax regression (a linear head, e.g. on a `features` dataset).
        Linear = "linear", "softmax regression: flatten -> classes (model.width unused)", Softmax, 1;
    }
    detectors {
        /// One-stage detector with per-class probability maps (detection datasets).
        Detector = "detector",
            "one-stage detector: per-class probability maps on a side/8 grid + box regression (detection datasets)";
    }
    externals {
        /// A classifier in another process (any framework), driven over protocol 1.
        External = "external",
            "your own classifier in another process (model.command; docs/external-learner.md)";
    }
}

impl Arch {
    /// The registry entry.
    pub fn info(self) -> &'static ModelInfo {
        MODELS
            .iter()
            .find(|m| m.kind == self)
            .expect("every Arch has a registry entry (generated together)")
    }

    /// Name in the spec.
    pub fn name(self) -> &'static str {
        self.info().name
    }
}

impl Geometry {
    /// Whether the classifier `arch` can take inputs of this geometry (at least its
    /// `min_side` pixels each way).
    pub fn check(&self, arch: Arch) -> Result<(), LearnerError> {
        let info = arch.info();
        if arch.is_external() {
            return Err(LearnerError::Config {
                key: "model.arch".into(),
                message: "\"external\" has no built-in network: only `albench run` drives it (pretrain and embed train built-in architectures)".into(),
            });
        }
        if info.task == Task::Detection {
            return Err(LearnerError::Config {
                key: "model.arch".into(),
                message: "detector needs a detection dataset (data.dataset = \"scenes\")".into(),
            });
        }
        let n = info.min_side;
        if self.height < n || self.width < n {
            return Err(LearnerError::Config {
                key: "model.arch".into(),
                message: format!("{arch:?} needs images of at least {n}×{n} pixels"),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_names_are_the_spec_names() {
        for m in MODELS {
            let json = serde_json::to_string(&m.kind).unwrap();
            assert_eq!(json, format!("\"{}\"", m.name));
        }
    }

    #[test]
    fn every_classifier_builds_and_fits_its_smallest_image() {
        let device = crate::learner::make_device(crate::learner::BackendKind::Flex, 0)
            .unwrap()
            .infer;
        let built_in = MODELS.iter().filter(|m| !m.kind.is_external());
        for m in built_in.filter(|m| m.task == Task::Classification) {
            let n = m.min_side.max(4);
            let g = Geometry {
                channels: 1,
                height: n,
                width: n,
                classes: 3,
            };
            assert!(g.check(m.kind).is_ok(), "{}", m.name);
            let net = Net::new(m.kind, g, 2, &mut Rng::new(1), &device);
            let y = net.forward(Tensor::zeros([2, 1, n, n], &device), None);
            assert_eq!(y.dims(), [2, 3], "{}", m.name);
        }
    }

    /// A `features` dataset's vectors are images of geometry 1 × 1 × d: the architectures
    /// whose smallest side is 1 take them, and embed them in `feature_dim` dimensions
    /// (`linear`: the vector itself).
    #[test]
    fn mlp_and_linear_take_vectors() {
        let device = crate::learner::make_device(crate::learner::BackendKind::Flex, 0)
            .unwrap()
            .infer;
        let g = Geometry {
            channels: 1,
            height: 1,
            width: 7,
            classes: 3,
        };
        let x = Tensor::<4>::from_data(
            TensorData::new(
                (0..14).map(|i| i as f32 / 7.0).collect::<Vec<f32>>(),
                [2, 1, 1, 7],
            ),
            &device,
        );
        for arch in [Arch::Mlp, Arch::Linear] {
            assert!(g.check(arch).is_ok());
            let net = Net::new(arch, g, 2, &mut Rng::new(1), &device);
            assert_eq!(net.forward(x.clone(), None).dims(), [2, 3]);
            assert_eq!(net.features(x.clone()).dims(), [2, net.feature_dim()]);
        }
        let lin = Net::new(Arch::Linear, g, 2, &mut Rng::new(1), &device);
        let f = lin
            .features(x.clone())
            .into_data()
            .try_into_vec::<f32>()
            .unwrap();
        assert_eq!(
            f,
            x.into_data().try_into_vec::<f32>().unwrap(),
            "linear embeds the vector"
        );
        assert!(g.check(Arch::Cnn).is_err(), "cnn needs images of 4×4");
    }
}
