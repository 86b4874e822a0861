//! The learner: the only module that imports burn.
//!
//! It turns images into plain arrays for the rest of albench: class probabilities
//! `[batch, class, member]` for scorers, logits for metrics, penultimate features for
//! diversity samplers. Randomness never comes from burn's (process-global) RNG: weights are
//! initialised and dropout masks drawn from albench's [`crate::rng::Rng`] streams, so results
//! do not depend on how many runs share the process (`--jobs`).

mod batch;
mod checkpoint;
mod cnn;
mod device;
mod error;
mod infer;
mod layers;
mod mlp;
mod net;
mod resnet;
mod train;

pub use checkpoint::{load_weights, save_weights};
pub use device::{backend_names, make_device, BackendKind, Devices};
pub use error::LearnerError;
pub use infer::{embeddings, logits, predict_probs, Probs};
pub use net::{Geometry, Net};
pub use train::{train, EpochHook, TrainReport};
