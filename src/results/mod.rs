//! Record types, the Parquet store and the manifest.
//!
//! Layout of a results directory (docs/results.md):
//! `spec.toml`, `manifest.json`, `runs/<run>.parquet`, `selections/<run>.parquet`, and for
//! A/B runs `ab/<run>.parquet`.
//! Every file is written whole: to a temporary name in the same directory, then renamed.
//! [`ResultsData::read`] is the one reader of a results directory.

mod atomic;
mod claim;
pub mod compact;
mod frame;
mod lease;
mod machine;
mod manifest;
mod owner;
mod parquet;
mod read_rounds;
mod read_rows;
mod reader;
mod record;
mod status;
mod store;
mod time;

pub use crate::metrics::{is_metric_column, METRIC_COLUMNS};
pub use atomic::{clean_stale_temps, write_atomic};
pub use claim::{try_claim, Claim};
pub use frame::{ab_frame, rounds_frame, selections_frame, write_parquet};
pub use machine::Machine;
pub use manifest::{LearnerRecord, Manifest, RunEntry};
pub use owner::{lease, lease_from_env, set_lease, DEFAULT_LEASE_SECS};
pub use read_rounds::Runs;
pub use reader::{ReadError, ResultsData, SpecHeader};
pub use record::{
    parse_run_id, run_id, AbRecord, PerRun, RoundRecord, RunAb, RunMeta, RunResult, RunRounds,
    RunSelections, SelectionRecord,
};
pub use status::RunStatus;
pub use store::{ResultsDir, StoreError};
pub use time::now_rfc3339;
