//! The experiment spec: TOML schema with defaults, validation with typed errors that name the
//! key and line, sweep expansion and stable configuration ids.
//!
//! Pipeline: text → TOML table → `[scale.<name>]` overrides → typed [`Spec`] (unknown keys and
//! bad types rejected) → experiment-level checks → `[sweep]` × `[[variant]]` expansion → one
//! typed, validated [`Config`] per configuration.

mod ab;
mod budget;
mod config_id;
mod error;
mod expand;
mod inert;
mod inert_methods;
mod locate;
mod parse;
mod query;
mod report;
mod schema;
mod table;
mod validate;
mod validate_ab;
mod validate_external;

pub use ab::{AbSpec, AbStart};
pub use budget::Budget;
pub use config_id::{config_id, fnv1a64};
pub use error::SpecError;
pub use expand::Configuration;
pub use inert::{effective, inert_keys};
pub use parse::parse;
pub use query::QuerySpec;
pub use report::ReportSpec;
pub use schema::{Arch, Config, DatasetKind, LoopSpec, Spec};

// The sections' own types live with the modules that read them (each with its checks); they
// are re-exported here so that a spec is described from one place.
pub use crate::acquisition::{Aggregation, CombineTerm, Normalization, ScorerKind};
pub use crate::data::{DataSpec, MetaFilter};
pub use crate::learner::{
    EarlyStopping, MapLoss, ModelSpec, Monitor, Optimizer, Reset, TopK, TrainSpec, VaeMode,
};
pub use crate::pool::PoolMode;
pub use crate::selection::{Distance, Embedding, SamplerKind};
pub use crate::stats::{Correction, TestKind};

use std::path::{Path, PathBuf};

/// A loaded, expanded, validated experiment.
#[derive(Clone, Debug)]
pub struct Experiment {
    /// The spec file.
    pub path: PathBuf,
    /// Experiment-level keys and the base configuration (after scale overrides).
    pub spec: Spec,
    /// The scale applied (`--scale`), if any.
    pub scale: Option<String>,
    /// Swept keys, sorted.
    pub swept_keys: Vec<String>,
    /// Configurations in expansion order.
    pub configs: Vec<Configuration>,
    /// The resolved spec (all defaults written out), as stored in `spec.toml`.
    pub resolved: String,
    /// FNV-1a hash (16 hex digits) of `resolved`: identifies the spec that wrote a run file.
    pub spec_hash: String,
    /// Keys set without effect (printed by `albench run`, never fatal).
    pub warnings: Vec<String>,
}

impl Experiment {
    /// Total number of runs (configurations × repeats).
    pub fn n_runs(&self) -> usize {
        self.configs.len() * self.spec.repeats as usize
    }
}

/// Load, expand and validate a spec file. `scale` selects `[scale.<name>]` overrides (see
/// [`parse`]).
pub fn load(path: &Path, scale: Option<&str>) -> Result<Experiment, SpecError> {
    let text = std::fs::read_to_string(path).map_err(|source| SpecError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(path, &text, scale)
}
