//! The learner: the only module that imports burn.
//!
//! The AL loop talks to a task's model through the [`Learner`] seam (fit on sample ids,
//! evaluate, score batches, embed); [`ClassifierLearner`] is the classification task's
//! implementation and [`MockLearner`] a scripted one for loop tests. Everything leaving this
//! module is plain arrays: class probabilities `[batch, class, member]` for scorers, logits
//! for metrics, penultimate features for diversity samplers. Randomness never comes from
//! burn's (process-global) RNG: weights are initialised and dropout masks drawn from
//! albench's [`crate::rng::Rng`] streams, so results do not depend on how many runs share the
//! process (`--jobs`).

mod batch;
mod batches;
mod checkpoint;
mod classifier;
mod cnn;
mod detector;
mod device;
mod early_stopping;
mod early_stopping_config;
mod ensemble;
mod error;
pub mod external;
mod geometry;
mod gpu;
mod infer;
mod init;
pub mod init_scheme;
mod layers;
mod learner_config;
mod linear;
mod member;
mod mlp;
mod mock;
mod model_config;
mod net;
mod network;
pub mod ops;
mod registry;
mod resnet;
mod seam;
mod top_k;
mod train;
mod train_config;
#[cfg(test)]
mod train_tests;
mod vae;

pub use batches::Batches;
pub use checkpoint::{load_weights, save_weights};
pub use classifier::{check_model, ClassifierLearner};
pub use detector::{
    evaluate_detector, pretrain_detector, size_ranges, DetectorLearner, DetectorNet, Pretrained,
};
pub use device::{backend_names, make_device, BackendKind, Devices};
pub use early_stopping::{EarlyStopper, NonFinite, Verdict};
pub use early_stopping_config::{EarlyStopping, Monitor};
pub use ensemble::Ensemble;
pub use error::LearnerError;
pub use geometry::Geometry;
pub use gpu::{adapter, Adapter};
pub use infer::{embeddings, evaluate_set, logits, predict_probs, Probs};
pub use init::{file_classes, load_init, InitLoad};
pub use init_scheme::InitScheme;
pub use learner_config::LearnerConfig;
pub use member::Member;
pub use mock::MockLearner;
pub use model_config::{MapLoss, ModelSpec, VaeMode};
pub use network::Network;
pub use registry::{Arch, ModelInfo, Net, MODELS};
pub use seam::{EpochHook, Evaluation, Learner, ScoreRequest, ScoreSink, Weights};
pub use top_k::TopK;
pub use train_config::{Optimizer, Reset, TrainSpec};
/// The learner of a configuration's task: a [`DetectorLearner`] for `model.arch =
/// "detector"`, a [`ClassifierLearner`] otherwise.
pub fn build_learner<'a>(
    config: LearnerConfig<'a>,
    splits: &'a crate::data::Splits,
    devices: &'a Devices,
    repeat: u32,
) -> Result<Box<dyn Learner + 'a>, LearnerError> {
    Ok(match config.model.arch {
        crate::learner::Arch::Detector => {
            Box::new(DetectorLearner::new(config, splits, devices, repeat)?)
        }
        _ => Box::new(ClassifierLearner::new(config, splits, devices, repeat)?),
    })
}

pub use train::{train, train_task, Classify, TrainReport, TrainTask};
pub use vae::{reconstruction_losses, train_vae, Vae, VaeState};
