//! `.npy` errors: each names the file and what is wrong with it.

use std::fmt;
use std::path::PathBuf;

/// A `.npy` file that cannot be read or written; `Display` is one line, `FILE: what is wrong`.
#[derive(Debug)]
pub struct NpyError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong.
    pub fault: NpyFault,
}

/// What is wrong with a `.npy` file.
#[derive(Debug, Clone, PartialEq)]
pub enum NpyFault {
    /// The file cannot be opened, read or written (the OS message).
    Io(String),
    /// The file does not start with `\x93NUMPY`.
    BadMagic,
    /// A format version other than 1.x, 2.x or 3.x.
    Version(u8, u8),
    /// The header dict cannot be parsed (what was expected, at which character).
    Header(String),
    /// A descr other than `<f4`, `<i8`, `|u1`.
    UnsupportedDtype(String),
    /// The file holds another dtype than the caller asked for.
    WrongDtype {
        /// The dtype asked for.
        expected: &'static str,
        /// The file's descr.
        found: String,
    },
    /// `fortran_order` is `True`.
    FortranOrder,
    /// The data section is shorter than the shape needs.
    Truncated {
        /// Bytes the shape needs.
        expected: u64,
        /// Bytes present.
        found: u64,
    },
    /// The data section is longer than the shape needs.
    TrailingBytes {
        /// Bytes the shape needs.
        expected: u64,
        /// Bytes present.
        found: u64,
    },
    /// The shape differs from the one expected (`?` marks a free axis).
    Shape {
        /// Expected shape, e.g. `(120, ?)`.
        expected: String,
        /// The file's shape.
        found: String,
    },
    /// A writer received more or fewer elements than its shape holds.
    Count {
        /// Elements the shape holds.
        expected: u64,
        /// Elements written.
        found: u64,
    },
}

impl fmt::Display for NpyFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NpyFault::Io(m) => write!(f, "{m}"),
            NpyFault::BadMagic => write!(f, "not a .npy file (bad magic: it must start with \\x93NUMPY)"),
            NpyFault::Version(a, b) => write!(f, "unsupported .npy format version {a}.{b} (1.0, 2.0 and 3.0 are read)"),
            NpyFault::Header(m) => write!(f, "bad .npy header: {m}"),
            NpyFault::UnsupportedDtype(d) => write!(
                f,
                "unsupported dtype '{d}' (allowed: '<f4' float32, '<i8' int64, '|u1' uint8, little-endian)"
            ),
            NpyFault::WrongDtype { expected, found } => {
                write!(f, "dtype '{found}' where {expected} is expected")
            }
            NpyFault::FortranOrder => write!(
                f,
                "fortran_order is True; only C order is read (save numpy.ascontiguousarray(a))"
            ),
            NpyFault::Truncated { expected, found } => write!(
                f,
                "truncated: the shape needs {expected} data bytes, the file holds {found}"
            ),
            NpyFault::TrailingBytes { expected, found } => write!(
                f,
                "{found} data bytes where the shape needs {expected} (trailing bytes)"
            ),
            NpyFault::Shape { expected, found } => {
                write!(f, "shape {found} where {expected} is expected")
            }
            NpyFault::Count { expected, found } => write!(
                f,
                "{found} elements written where the shape holds {expected}"
            ),
        }
    }
}

impl fmt::Display for NpyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.fault)
    }
}

impl std::error::Error for NpyError {}

impl NpyError {
    /// An error about `path`.
    pub fn new(path: impl Into<PathBuf>, fault: NpyFault) -> Self {
        NpyError {
            path: path.into(),
            fault,
        }
    }

    /// An I/O error about `path`.
    pub fn io(path: impl Into<PathBuf>, e: std::io::Error) -> Self {
        NpyError::new(path, NpyFault::Io(e.to_string()))
    }
}
