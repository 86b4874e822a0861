//! Top-level error: which exit code a failure maps to.

use albench::data::DataError;
use albench::learner::LearnerError;
use albench::pipeline::PipelineError;
use albench::report::ReportError;
use albench::results::StoreError;
use albench::runner::RunError;
use albench::spec::SpecError;

/// A command failure.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Bad spec.
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// Bad data.
    #[error(transparent)]
    Data(#[from] DataError),
    /// Bad flag value.
    #[error("{0}")]
    Flag(String),
    /// A run-time failure of the tool (IO, results).
    #[error("{0}")]
    Failure(String),
    /// Bad input discovered while running (weights file, backend, stored results of another spec).
    #[error("{0}")]
    Input(String),
}

impl AppError {
    /// 2 for bad input, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Data(DataError::Cache { .. }) => 1,
            AppError::Spec(_) | AppError::Data(_) | AppError::Flag(_) | AppError::Input(_) => 2,
            AppError::Failure(_) => 1,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::SpecChanged { .. } => AppError::Input(e.to_string()),
            other => AppError::Failure(other.to_string()),
        }
    }
}

impl From<ReportError> for AppError {
    fn from(e: ReportError) -> Self {
        match e {
            ReportError::Write { .. } => AppError::Failure(e.to_string()),
            other => AppError::Input(other.to_string()),
        }
    }
}

impl From<LearnerError> for AppError {
    fn from(e: LearnerError) -> Self {
        match e {
            LearnerError::Diverged(_) | LearnerError::Failed(_) | LearnerError::Abandoned => {
                AppError::Failure(e.to_string())
            }
            other => AppError::Input(other.to_string()),
        }
    }
}

impl From<RunError> for AppError {
    fn from(e: RunError) -> Self {
        match e {
            RunError::Data(d) => AppError::Data(d),
            RunError::Learner(l) => l.into(),
            RunError::Store(s) => s.into(),
            RunError::Config { .. } => AppError::Input(e.to_string()),
        }
    }
}

impl From<PipelineError> for AppError {
    fn from(e: PipelineError) -> Self {
        match e {
            PipelineError::Spec(s) => s.into(),
            PipelineError::Data(d) => d.into(),
            PipelineError::Learner(l) => l.into(),
            PipelineError::Run(r) => r.into(),
            PipelineError::Store(s) => s.into(),
            PipelineError::Sweep {
                source,
                out,
                resume,
            } => match AppError::from(source) {
                AppError::Failure(m) => AppError::Failure(format!(
                    "{m}; the runs completed in {} are intact: fix the cause (free space, a writable directory) and resume with: {resume}",
                    out.display()
                )),
                other => other,
            },
            PipelineError::NoReserve { .. } | PipelineError::Samples { .. } => {
                AppError::Flag(e.to_string())
            }
            PipelineError::MissingSpec(_)
            | PipelineError::Results(_)
            | PipelineError::Analysis(_) => AppError::Input(e.to_string()),
            PipelineError::RunsFailed { .. }
            | PipelineError::NoResults(_)
            | PipelineError::Write { .. }
            | PipelineError::Encode { .. } => AppError::Failure(e.to_string()),
        }
    }
}
