//! `manifest.json`: albench version, backend, device, start/end, status of every run. It is
//! derived data: every entry can be rebuilt from its run file, and is, on every update.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::store::{io, ResultsDir, StoreError};

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
    /// The external learner that made it (`model.arch = "external"`), else absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learner: Option<LearnerRecord>,
}

/// Which external learner made a run: its command and the SHA-256 of the script it names,
/// so a report says exactly which code produced the numbers.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LearnerRecord {
    /// `model.command` (argv).
    pub command: Vec<String>,
    /// The script the command runs (path as found from the spec's directory), if it names one.
    pub script: Option<String>,
    /// SHA-256 of the script when the run was recorded (64 hex digits).
    pub script_sha256: Option<String>,
}

/// The manifest of a results directory.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct Manifest {
    /// albench version that wrote it.
    pub albench_version: String,
    /// The git commit albench was built from (`<hash>` or `<hash>-dirty`, `unknown` outside
    /// a checkout); the last invocation's. Empty in manifests written before it was recorded.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub albench_commit: String,
    /// Backend name.
    pub backend: String,
    /// Device description.
    pub device: String,
    /// CPU model and core count.
    pub cpu: String,
    /// Hash of the resolved spec.
    pub spec_hash: String,
    /// What each configuration's `model.init` file gave its model, by configuration id:
    /// `"<file>: all weights loaded"` or `"<file>: backbone loaded, head: fresh (weights had
    /// K classes, dataset has K')"`. Absent when no configuration has a file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub model_init: BTreeMap<String, String>,
    /// `model.init_scheme` of each configuration of a built-in model, by configuration id
    /// (`he_uniform`, `pytorch` or `keras`): how its initial weights were drawn. Absent when
    /// no configuration has a built-in model (and in manifests older than the key).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub init_scheme: BTreeMap<String, String>,
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

impl ResultsDir {
    /// Read the manifest, apply `f`, add the entry of every complete run it lacks (rebuilt
    /// from the run file), and write it atomically. No lock: the run files are the truth, so
    /// when processes (on any hosts) update at once and one overwrites another's entry, the
    /// next update brings it back from its run file; a run's entry is never lost for good.
    pub fn update_manifest(&self, f: impl FnOnce(&mut Manifest)) -> Result<Manifest, StoreError> {
        let mut m = self.read_manifest();
        f(&mut m);
        self.add_missing_runs(&mut m)?;
        self.write_manifest(&m)?;
        Ok(m)
    }

    /// Add to `m` the entry of every complete run (`runs/<run>.parquet`) it lacks.
    pub fn add_missing_runs(&self, m: &mut Manifest) -> Result<(), StoreError> {
        let runs = self.root.join("runs");
        let Ok(rd) = std::fs::read_dir(&runs) else {
            return Ok(());
        };
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(id) = name.strip_suffix(".parquet") else {
                continue;
            };
            if !name.starts_with('.') && !m.runs.contains_key(id) {
                let entry = self.entry_from_run_file(id)?;
                m.runs.insert(id.to_string(), entry);
            }
        }
        Ok(())
    }

    /// `external/<run>/learner.json`: the [`LearnerRecord`] of an external learner's run,
    /// written when the run starts, so that a manifest rebuilt from the run files still says
    /// which learner made the run (with the script's hash as it was when the run ran).
    pub fn learner_path(&self, run_id: &str) -> std::path::PathBuf {
        self.root.join("external").join(run_id).join("learner.json")
    }

    /// Record (atomically) which learner makes run `run_id`.
    pub fn record_learner(&self, run_id: &str, r: &LearnerRecord) -> Result<(), StoreError> {
        let p = self.learner_path(run_id);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        let bytes = serde_json::to_vec_pretty(r).expect("a learner record serializes");
        write_atomic(&p, &bytes).map_err(io(&p))
    }

    /// The learner recorded for run `run_id` (`None` for a built-in model's run, or when the
    /// record is missing or unreadable).
    pub fn recorded_learner(&self, run_id: &str) -> Option<LearnerRecord> {
        let bytes = std::fs::read(self.learner_path(run_id)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// The manifest entry of a complete run, rebuilt from its round table (for a run whose
    /// file was written but whose manifest update was lost to a crash): status and rounds
    /// from the table, `wall_s` = the sum of its train/score/select times, `finished` = the
    /// file's modification time, `learner` from [`ResultsDir::recorded_learner`].
    pub fn entry_from_run_file(&self, run_id: &str) -> Result<RunEntry, StoreError> {
        use polars::prelude::*;
        let p = self.run_path(run_id);
        let table = |e: PolarsError| StoreError::Table {
            path: p.clone(),
            message: e.to_string(),
        };
        let file = std::fs::File::open(&p).map_err(io(&p))?;
        let df = ParquetReader::new(file).finish().map_err(table)?;
        let text = |c: &str| -> Result<String, StoreError> {
            Ok(df
                .column(c)
                .and_then(|s| s.str().cloned())
                .map_err(table)?
                .get(0)
                .unwrap_or_default()
                .to_string())
        };
        let mut wall_s = 0.0;
        for c in ["time_train_s", "time_score_s", "time_select_s"] {
            wall_s += df
                .column(c)
                .and_then(|s| s.f64().cloned())
                .map_err(table)?
                .sum()
                .unwrap_or(0.0);
        }
        let finished = std::fs::metadata(&p)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or_else(String::new, |d| super::time::rfc3339(d.as_secs() as i64));
        Ok(RunEntry {
            config_id: text("config_id")?,
            label: text("label")?,
            repeat: df
                .column("repeat")
                .and_then(|s| s.u32().cloned())
                .map_err(table)?
                .get(0)
                .unwrap_or_default(),
            status: text("status")?,
            rounds: df.height(),
            wall_s,
            finished,
            learner: self.recorded_learner(run_id),
        })
    }

    /// Read the manifest (a missing or unreadable one gives an empty manifest).
    pub fn read_manifest(&self) -> Manifest {
        std::fs::read(self.manifest_path())
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Write the manifest atomically.
    pub fn write_manifest(&self, m: &Manifest) -> Result<(), StoreError> {
        let p = self.manifest_path();
        let bytes = serde_json::to_vec_pretty(m).expect("manifest serializes");
        write_atomic(&p, &bytes).map_err(io(&p))
    }
}
