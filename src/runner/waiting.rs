//! A sweep across hosts: run this shard's runs, then wait for the runs that live processes
//! of other hosts hold, taking each over when its claim's lease expires (docs/cluster.md).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::{
    plan, run_experiment, Plan, ProgressMode, RunContext, RunError, RunKey, Shard, Summary,
};
use crate::results::{lease, run_id, ResultsDir};
use crate::spec::Experiment;

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
        let id = |k: &RunKey| run_id(&exp.configs[k.config].id, k.repeat);
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
                    lease().as_secs_f64()
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
    let period = (lease() / 4).clamp(Duration::from_millis(200), Duration::from_secs(30));
    let t0 = std::time::Instant::now();
    while t0.elapsed() < period && !cancel.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(100));
    }
}
