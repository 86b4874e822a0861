//! Spec errors: each names the file, the line (when known), the key, the bad value and what is
//! allowed. `main` prints them on one line and exits with code 2.

use std::path::PathBuf;

/// A bad spec.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    /// The file could not be read.
    #[error("{path}: cannot read spec: {source}")]
    Read {
        /// Spec file.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// TOML syntax error.
    #[error("{path}:{line}: invalid TOML: {message}")]
    Syntax {
        /// Spec file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// Parser message.
        message: String,
    },
    /// A key with a bad value, an unknown key, or an inconsistent combination.
    #[error("{path}:{line}: {key}: {message}", line = fmt_line(*.line))]
    Key {
        /// Spec file.
        path: PathBuf,
        /// 1-based line, if located.
        line: Option<usize>,
        /// Dotted key, e.g. `query.pivot`.
        key: String,
        /// What is wrong and what is allowed.
        message: String,
    },
}

fn fmt_line(line: Option<usize>) -> String {
    line.map_or_else(|| "?".to_string(), |l| l.to_string())
}

impl SpecError {
    /// The dotted key an error is about, if any (used by tests).
    pub fn key(&self) -> Option<&str> {
        match self {
            SpecError::Key { key, .. } => Some(key),
            _ => None,
        }
    }
}
