//! Learner errors.

use std::path::PathBuf;

/// What can go wrong in the learner.
#[derive(Debug, thiserror::Error)]
pub enum LearnerError {
    /// The training loss became NaN or infinite.
    #[error("diverged: {0}")]
    Diverged(String),
    /// The run's learner failed (an external learner exited, hung or replied wrongly): the
    /// run is recorded as failed with this message, the sweep goes on.
    #[error("{0}")]
    Failed(String),
    /// A weights file cannot be used.
    #[error("{path}: cannot load weights: {message}")]
    Weights {
        /// File.
        path: PathBuf,
        /// Cause.
        message: String,
    },
    /// The model does not fit the configuration or the data (bad input).
    #[error("{key}: {message}")]
    Config {
        /// Spec key.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// The requested backend is not compiled in or unavailable.
    #[error("--backend {0}")]
    Backend(String),
    /// The run was abandoned because the sweep stopped on a fatal error elsewhere.
    #[error("abandoned: the sweep stopped on an error")]
    Abandoned,
}
