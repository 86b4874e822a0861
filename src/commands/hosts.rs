//! `albench run` across hosts: `--shard auto` and `--lease-secs` (docs/cluster.md).

use albench::cluster::{parse_shard_arg, shard_from_env, ShardArg};
use albench::results::{lease_from_env, set_lease};
use albench::runner::Shard;

use super::AppError;

/// `--shard I/N`, `auto` or `auto/N` (index and count from the job array's environment).
pub fn shard(s: &str) -> Result<Shard, AppError> {
    let (index, count) = match parse_shard_arg(s).map_err(AppError::Flag)? {
        ShardArg::Fixed(i, n) => (i, n),
        ShardArg::Auto(n) => {
            shard_from_env(&|k| std::env::var(k).ok(), n).map_err(AppError::Flag)?
        }
    };
    Ok(Shard { index, count })
}

/// Set the lease of claims from `--lease-secs`, else `ALBENCH_LEASE_SECS` (checked here, so a
/// bad value is one clear error before any work).
pub fn lease(flag: Option<f64>) -> Result<(), AppError> {
    match flag {
        Some(s) if s > 0.0 && s.is_finite() => set_lease(s),
        Some(s) => {
            return Err(AppError::Flag(format!(
                "--lease-secs {s}: expected a positive number of seconds, e.g. 300"
            )))
        }
        None => {
            if let Some(s) = lease_from_env().map_err(AppError::Flag)? {
                set_lease(s);
            }
        }
    }
    Ok(())
}
