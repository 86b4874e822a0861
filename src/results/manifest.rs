//! `manifest.json`: albench version, backend, device, start/end, status of every run.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Status of one run in the manifest.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RunEntry {
    /// Configuration id.
    pub config_id: String,
    /// Configuration label.
    pub label: String,
    /// Repeat.
    pub repeat: u32,
    /// `ok` or `failed: <reason>`.
    pub status: String,
    /// Rounds recorded.
    pub rounds: usize,
    /// Wall time of the run, seconds.
    pub wall_s: f64,
    /// When it finished (UTC).
    pub finished: String,
}

/// The manifest of a results directory.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct Manifest {
    /// albench version that wrote it.
    pub albench_version: String,
    /// Backend name.
    pub backend: String,
    /// Device description.
    pub device: String,
    /// CPU model and core count.
    pub cpu: String,
    /// Hash of the resolved spec.
    pub spec_hash: String,
    /// First start (UTC).
    pub started: String,
    /// Last end (UTC), empty while running.
    pub ended: String,
    /// Runs by run id.
    pub runs: BTreeMap<String, RunEntry>,
    /// Fingerprints of every machine that has run part of the sweep (resuming on another
    /// machine adds one).
    #[serde(default)]
    pub machines: Vec<String>,
}
