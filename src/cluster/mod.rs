//! Running an experiment on a cluster scheduler: which shard an array task is
//! ([`shard_from_env`]: Slurm job arrays, Kubernetes Indexed Jobs) and the sbatch scripts of
//! `albench slurm` ([`array_script`], [`report_script`]). Pure functions; the command that
//! writes and submits the scripts is `albench slurm` (docs/cluster.md).

mod sbatch;
mod shard;

pub use sbatch::{array_script, report_script, shell_quote, SlurmOptions};
pub use shard::{parse_shard_arg, shard_from_env, ShardArg};
