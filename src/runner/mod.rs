//! The AL loop of one run, and the scheduler that runs an experiment's runs (jobs, shards,
//! resume).

mod ab_loop;
mod al_loop;
mod context;
mod embedding;
#[cfg(test)]
mod loop_tests;
mod prefiltered;
mod progress;
mod query;
mod scheduler;
mod scoring;
mod state;
mod sweep;
mod training;
mod waiting;

pub use al_loop::run_one;
pub use context::{check_models, data_key, prepare_data, RunContext, RunError};
pub use embedding::Embedded;
pub use progress::{Progress, ProgressMode};
pub use scheduler::{plan, Plan, RunKey, Shard};
pub use scoring::{score_candidates, Collect, Scored};
pub use sweep::{run_experiment, spec_dir, Summary};
pub use waiting::run_waiting;
