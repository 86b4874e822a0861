//! `albench run` across hosts: `--shard auto`, `--lease-secs`, and waiting for runs that a
//! process on another host holds (docs/cluster.md).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use albench::cluster::{parse_shard_arg, shard_from_env, ShardArg};
use albench::results::{lease_from_env, set_lease, ResultsDir};
use albench::runner::{
    plan, run_experiment, Plan, ProgressMode, RunContext, RunError, Shard, Summary,
};
use albench::spec::Experiment;

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

/// [`run_experiment`], then, while runs of the shard are held by live processes of other
/// hosts, wait and retry: such a run is taken over once its holder has not refreshed its
/// claim for the lease (a killed node), or is complete once its holder finishes. Runs held
/// by another process of this host are left to it, as by one pass.
#[allow(clippy::too_many_arguments)]
pub fn run_waiting(
    exp: &Experiment,
    ctx: &RunContext,
    dir: &ResultsDir,
    shard: Shard,
    first: &Plan,
    jobs: usize,
    mode: ProgressMode,
    cancel: &AtomicBool,
) -> Result<Summary, RunError> {
    let mut total = run_experiment(exp, ctx, dir, first, jobs, mode, cancel)?;
    let mut noted = false;
    while total.taken > 0 && total.cancelled == 0 && !cancel.load(Ordering::SeqCst) {
        let again = plan(exp, dir, shard);
        let id = |k: &albench::runner::RunKey| {
            albench::results::run_id(&exp.configs[k.config].id, k.repeat)
        };
        let waiting = again
            .todo
            .iter()
            .filter(|k| dir.held_by_other_host(&id(k)))
            .count();
        let free = again.todo.iter().filter(|k| dir.claim_free(&id(k))).count();
        if waiting == 0 && free == 0 {
            break; // left to other processes of this host
        }
        if free == 0 {
            if !noted {
                eprintln!(
                    "{waiting} run(s) are held by processes on other hosts: waiting for them to finish, or for their claims to go {} s without refresh (--lease-secs)",
                    albench::results::lease().as_secs_f64()
                );
                noted = true;
            }
            pause(cancel);
        }
        let p = Plan {
            runs: again.todo.clone(),
            todo: again.todo,
        };
        let s = run_experiment(exp, ctx, dir, &p, jobs, mode, cancel)?;
        total.completed += s.completed;
        total.failed.extend(s.failed);
        total.cancelled = s.cancelled;
        total.taken = s.taken;
    }
    Ok(total)
}

/// Sleep a quarter lease (at most 30 s), waking early on cancellation.
fn pause(cancel: &AtomicBool) {
    let period =
        (albench::results::lease() / 4).clamp(Duration::from_millis(200), Duration::from_secs(30));
    let t0 = std::time::Instant::now();
    while t0.elapsed() < period && !cancel.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(100));
    }
}
