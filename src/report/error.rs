//! Report errors.

use std::path::PathBuf;

/// Why a report cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Filesystem error.
    #[error("{path}: {message}")]
    Io {
        /// Path.
        path: PathBuf,
        /// Cause.
        message: String,
    },
    /// The results are unusable (no runs, mixed specs, unknown metric or baseline).
    #[error("{path}: {message}")]
    Results {
        /// Results directory.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}
