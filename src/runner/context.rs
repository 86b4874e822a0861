//! What a run needs besides its configuration: data splits and devices.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::data::{build_splits, load_source, DataError, Splits};
use crate::learner::{check_model, Devices, Geometry, LearnerError};
use crate::spec::{fnv1a64, Experiment};

/// Errors that stop a run before or outside training.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Bad data.
    #[error(transparent)]
    Data(#[from] DataError),
    /// Learner failure (weights file, backend).
    #[error(transparent)]
    Learner(#[from] LearnerError),
    /// Writing results failed.
    #[error(transparent)]
    Store(#[from] crate::results::StoreError),
    /// The model's input geometry does not fit the data.
    #[error("{key}: {message}")]
    Config {
        /// Spec key.
        key: String,
        /// Message.
        message: String,
    },
}

/// Shared inputs of the runs of one experiment.
pub struct RunContext {
    /// Splits by data-spec key (configurations that sweep `data.*` get their own).
    pub splits: HashMap<u64, Arc<Splits>>,
    /// Devices of the backend.
    pub devices: Devices,
    /// What each configuration's `model.init` file gives its model, by configuration id
    /// (only configurations with a file; recorded in the manifest).
    pub init: BTreeMap<String, String>,
}

/// Key of the splits of a data spec for `repeat` in [`RunContext::splits`] (the repeat
/// counts only with `data.resample_splits`).
pub fn data_key(d: &crate::spec::DataSpec, repeat: u32) -> u64 {
    let key = fnv1a64(
        serde_json::to_string(d)
            .expect("DataSpec serializes")
            .as_bytes(),
    );
    if d.resample_splits {
        key ^ fnv1a64(&repeat.to_le_bytes()).rotate_left(17)
    } else {
        key
    }
}

/// The repeats whose splits differ: all of them with `data.resample_splits`, else repeat 0.
fn split_repeats(d: &crate::spec::DataSpec, repeats: u32) -> std::ops::Range<u32> {
    if d.resample_splits {
        0..repeats
    } else {
        0..1
    }
}

/// Load and split the data of every configuration (each distinct `[data]` once). Called
/// before anything is written, so bad data leaves no results behind.
pub fn prepare_data(exp: &Experiment) -> Result<HashMap<u64, Arc<Splits>>, RunError> {
    let mut out: HashMap<u64, Arc<Splits>> = HashMap::new();
    for c in &exp.configs {
        let d = &c.config.data;
        if out.contains_key(&data_key(d, 0)) {
            continue;
        }
        let source = load_source(d, exp.spec.seed)?;
        for r in split_repeats(d, exp.spec.repeats) {
            let splits = build_splits(d, &source, exp.spec.seed, r)?;
            out.insert(data_key(d, r), Arc::new(splits));
        }
    }
    Ok(out)
}

/// Check, before anything is written, that every configuration's model fits its data and
/// that its `model.init` weights file (if any) loads: a mismatch is bad input, not a failed
/// run. Returns, by configuration id, what each `model.init` file gives its model
/// (`"<file>: all weights loaded"`, or the backbone with a fresh head and why).
pub fn check_models(
    exp: &Experiment,
    splits: &HashMap<u64, Arc<Splits>>,
    devices: &Devices,
) -> Result<BTreeMap<String, String>, RunError> {
    let mut init = BTreeMap::new();
    for c in &exp.configs {
        for r in split_repeats(&c.config.data, exp.spec.repeats) {
            let s = &splits[&data_key(&c.config.data, r)];
            if !c.config.model.arch.is_external() {
                if let Some(how) = check_model(&c.config.model, Geometry::of(&s.pool), devices)? {
                    let note = format!("{}: {}", c.config.model.init, how.describe());
                    init.insert(c.id.clone(), note);
                }
            }
            class_indices(&c.config.query.classes, &s.pool.class_names)?;
            check_filter(&c.config, &s.pool, exp.spec.repeats)?;
        }
    }
    Ok(init)
}

/// With `query.filter`, enough pool images must pass it for every round's budget, after
/// each repeat's base set (drawn from the whole pool) has taken its share of them.
fn check_filter(
    c: &crate::spec::Config,
    pool: &crate::data::ImageSet,
    repeats: u32,
) -> Result<(), LearnerError> {
    let Some(f) = &c.query.filter else {
        return Ok(());
    };
    let passing = pool.meta.iter().filter(|m| f.accepts(m)).count();
    let l = &c.al_loop;
    let (mut labeled, mut need) = (l.base, 0usize);
    for _ in 0..l.rounds {
        let n = l.budget.amount(labeled);
        labeled += n;
        need = if l.pool == crate::spec::PoolMode::All || !l.accumulate {
            need.max(n)
        } else {
            need + n
        };
    }
    // the base set of each repeat (the loop's own draw) takes some of the passing images
    let spare = (0..repeats as u64)
        .map(|r| {
            let base = crate::rng::Rng::derive(c.seed, crate::rng::Purpose::BaseSet, &[r])
                .sample_indices(pool.len(), l.base);
            passing - base.iter().filter(|&&i| f.accepts(&pool.meta[i])).count()
        })
        .min()
        .unwrap_or(passing);
    if need > spare {
        return Err(LearnerError::Config {
            key: "query.filter".into(),
            message: format!(
                "{passing} of the {} pool images pass it; after the base set of {} (of some repeat) {spare} remain, but the rounds select {need}: raise data.pool or lower loop.budget",
                pool.len(),
                l.base
            ),
        });
    }
    Ok(())
}

/// The indices of the class names `wanted` (`query.classes`) among the dataset's `names`.
pub fn class_indices(wanted: &[String], names: &[String]) -> Result<Vec<usize>, LearnerError> {
    wanted
        .iter()
        .map(|w| {
            names
                .iter()
                .position(|n| n == w)
                .ok_or_else(|| LearnerError::Config {
                    key: "query.classes".into(),
                    message: format!(
                        "\"{w}\" is not a class of the dataset; its classes are {}",
                        names.join(", ")
                    ),
                })
        })
        .collect()
}
