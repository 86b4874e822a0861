//! Why a pipeline stopped. Each variant says whether it is bad input or a failure of the
//! tool; the command layer maps that to the exit code (2 or 1).

use std::path::PathBuf;

use crate::data::DataError;
use crate::learner::LearnerError;
use crate::report::ReportError;
use crate::results::{ReadError, StoreError};
use crate::runner::RunError;
use crate::spec::SpecError;

/// A pipeline failure.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// Bad spec.
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// Bad data.
    #[error(transparent)]
    Data(#[from] DataError),
    /// Learner failure (weights file, backend, model geometry, divergence).
    #[error(transparent)]
    Learner(#[from] LearnerError),
    /// Before the sweep: data, models or the results directory.
    #[error(transparent)]
    Run(#[from] RunError),
    /// Preparing the results directory.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The sweep stopped (`source`); the runs completed in `out` are kept and `resume`
    /// (a command line) resumes it.
    #[error("{source}")]
    Sweep {
        /// Why.
        source: RunError,
        /// Results directory.
        out: PathBuf,
        /// The command that resumes the sweep.
        resume: String,
    },
    /// Pretraining on the reserved images of a spec that reserves none.
    #[error("--reserved: {} sets no data.reserve (the number of training images to set aside for pretraining)", spec.display())]
    NoReserve {
        /// The spec file.
        spec: PathBuf,
    },
    /// Pretraining on more images than there are (or none).
    #[error("--samples {n}: must be in 1..={available} (the {what} images)")]
    Samples {
        /// Requested.
        n: usize,
        /// Available.
        available: usize,
        /// `pool` or `reserved`.
        what: &'static str,
    },
    /// A page's spec file is not there.
    #[error("{}: missing (run albench tables --paper from the repository root)", .0.display())]
    MissingSpec(PathBuf),
    /// Some runs of a page's spec failed (or were interrupted).
    #[error("{}: some runs failed; see {}", spec.display(), out.display())]
    RunsFailed {
        /// The spec file.
        spec: PathBuf,
        /// Its results directory.
        out: PathBuf,
    },
    /// A page's results directory is missing after its run.
    #[error("{}: no results after the run", .0.display())]
    NoResults(PathBuf),
    /// Stored results cannot be read.
    #[error(transparent)]
    Results(#[from] ReadError),
    /// Stored results cannot be analysed (unknown metric or baseline, mixed specs).
    #[error(transparent)]
    Analysis(ReportError),
    /// A file or directory cannot be written.
    #[error("{}: {source}", path.display())]
    Write {
        /// The path.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// A page's record cannot be encoded.
    #[error("{page}: {source}")]
    Encode {
        /// Page name.
        page: String,
        /// Cause.
        source: serde_json::Error,
    },
}
