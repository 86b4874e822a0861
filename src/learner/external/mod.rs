//! The external learner (`model.arch = "external"`): a model in any framework, in another
//! process, driven over protocol version 1 (JSON lines on stdin/stdout, arrays as `.npy`
//! files; docs/external-learner.md).
//!
//! - [`process`]: spawning, timeouts, stderr capture;
//! - [`protocol`]: the request lines and reply fields;
//! - [`validate`]: the checks of the arrays a learner writes;
//! - [`split_files`]: the `.npy` files of the run's splits the learner reads (shared
//!   through the data cache when the splits come from one);
//! - [`ExternalLearner`]: the [`crate::learner::Learner`] implementation;
//! - [`trust`]: which commands `albench run` may start, and the identity of a learner
//!   (command and script SHA-256) the manifest records.

mod learner;
pub mod process;
pub mod protocol;
mod scoring;
mod shared_splits;
mod split_npy;
mod splits;
pub mod trust;
pub mod validate;

pub use learner::{ExternalLearner, ExternalPlace, DEFAULT_TIMEOUT_S};
pub use shared_splits::NPY_DIR;
pub use splits::{is_vector_data, split_files, write_splits};
