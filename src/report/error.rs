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
    /// A figure cannot be drawn.
    #[error("{path}: cannot draw a figure: {source}")]
    Plot {
        /// Report directory.
        path: PathBuf,
        /// Cause.
        source: super::plots::PlotError,
    },
    /// The report cannot be written (full disk, read-only directory): a failure of the
    /// environment, not of the input.
    #[error("cannot write {path}: {source}")]
    Write {
        /// File or directory being written.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
}

impl From<crate::results::ReadError> for ReportError {
    fn from(e: crate::results::ReadError) -> Self {
        match e {
            crate::results::ReadError::Io { path, message } => ReportError::Io { path, message },
            crate::results::ReadError::Invalid { path, message } => {
                ReportError::Results { path, message }
            }
        }
    }
}
