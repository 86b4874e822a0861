//! Which runs of an experiment this process runs: order, shards, resume.
//!
//! Runs are ordered repeat-major (every configuration of repeat 0, then repeat 1, …) so an
//! interrupted sweep already holds complete comparisons. `--shard I/N` keeps runs whose index
//! in that order is ≡ I (mod N). A run whose round table exists is skipped (resume).

use crate::results::ResultsDir;
use crate::spec::Experiment;

/// One run: a configuration index and a repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunKey {
    /// Index into `Experiment::configs`.
    pub config: usize,
    /// Repeat.
    pub repeat: u32,
}

/// `--shard I/N`: this process runs the runs with index ≡ I (mod N).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// 0-based shard index.
    pub index: usize,
    /// Number of shards (≥ 1).
    pub count: usize,
}

impl Default for Shard {
    fn default() -> Self {
        Shard { index: 0, count: 1 }
    }
}

/// The runs of this process.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Runs of this shard, in order.
    pub runs: Vec<RunKey>,
    /// Those not completed yet.
    pub todo: Vec<RunKey>,
}

/// Run id of a key.
pub fn run_id(exp: &Experiment, k: RunKey) -> String {
    crate::results::run_id(&exp.configs[k.config].id, k.repeat)
}

/// The runs of `shard`, and which of them are still to do in `dir`.
pub fn plan(exp: &Experiment, dir: &ResultsDir, shard: Shard) -> Plan {
    let mut runs = Vec::new();
    let mut i = 0;
    for repeat in 0..exp.spec.repeats {
        for config in 0..exp.configs.len() {
            if i % shard.count == shard.index {
                runs.push(RunKey { config, repeat });
            }
            i += 1;
        }
    }
    let todo = runs
        .iter()
        .copied()
        .filter(|k| !dir.is_complete(&run_id(exp, *k)))
        .collect();
    Plan { runs, todo }
}
