//! Data errors: each names the file (or dataset) and the position of the problem.

use std::path::PathBuf;

/// A dataset that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A file or directory is missing or unreadable.
    #[error("{path}: {message}")]
    Io {
        /// File or directory.
        path: PathBuf,
        /// What failed.
        message: String,
    },
    /// A file's content is malformed.
    #[error("{path}: {message} (at byte {offset})")]
    Format {
        /// File.
        path: PathBuf,
        /// Byte offset of the problem.
        offset: u64,
        /// What is wrong.
        message: String,
    },
    /// An annotation or record is invalid: the message names it (index, id) and the rule.
    #[error("{path}: {message}")]
    Annotation {
        /// File.
        path: PathBuf,
        /// Which annotation and what is wrong.
        message: String,
    },
    /// The data-cache directory cannot be used (read-only, full, unreadable): not bad input,
    /// the run stops with exit code 1 and leaves no partial cache file.
    #[error("data cache {dir}: {message}")]
    Cache {
        /// The cache directory.
        dir: PathBuf,
        /// What failed and what to do.
        message: String,
    },
    /// The dataset does not hold enough samples for the requested split.
    #[error("data.{key}: {message}")]
    TooSmall {
        /// Spec key (`pool`, `validation`, `test`).
        key: &'static str,
        /// Counts involved.
        message: String,
    },
}

impl DataError {
    /// Shorthand for an invalid annotation.
    pub fn annotation(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        DataError::Annotation {
            path: path.into(),
            message: message.into(),
        }
    }

    /// Shorthand for an IO error.
    pub fn io(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        DataError::Io {
            path: path.into(),
            message: message.into(),
        }
    }
}
