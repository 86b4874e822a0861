//! The results directory of one experiment.

use std::path::{Path, PathBuf};

use super::atomic::{clean_stale_temps, write_atomic};
use super::frame::{ab_frame, rounds_frame, selections_frame, write_parquet};
use super::record::RunResult;

/// Failures of the store; each names the path.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Filesystem error.
    #[error("{path}: {source}")]
    Io {
        /// Path.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// The directory holds results of a different spec.
    #[error("{path}: holds results of a different spec ({diff}); use --force to discard them, or --out to write elsewhere")]
    SpecChanged {
        /// The stored spec.toml.
        path: PathBuf,
        /// What changed.
        diff: String,
    },
    /// Encoding or decoding a table failed.
    #[error("{path}: {message}")]
    Table {
        /// Path.
        path: PathBuf,
        /// Cause.
        message: String,
    },
}

pub(super) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `results/<name>/`.
#[derive(Clone, Debug)]
pub struct ResultsDir {
    /// The directory.
    pub root: PathBuf,
}

impl ResultsDir {
    /// A results directory at `root` (nothing is created yet).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ResultsDir { root: root.into() }
    }

    /// `runs/<run>.parquet`.
    pub fn run_path(&self, run_id: &str) -> PathBuf {
        self.root.join("runs").join(format!("{run_id}.parquet"))
    }

    /// `selections/<run>.parquet`.
    pub fn selection_path(&self, run_id: &str) -> PathBuf {
        self.root
            .join("selections")
            .join(format!("{run_id}.parquet"))
    }

    /// `spec.toml`.
    pub fn spec_path(&self) -> PathBuf {
        self.root.join("spec.toml")
    }

    /// `manifest.json`.
    pub fn manifest_path(&self) -> PathBuf {
        self.root.join("manifest.json")
    }

    /// Whether a run's round table exists (it is written last, so it marks completion).
    pub fn is_complete(&self, run_id: &str) -> bool {
        self.run_path(run_id).is_file()
    }

    /// Create the directory for `resolved` (the resolved spec text). An existing directory
    /// written by a different spec is refused with the list of changed keys, unless `force`,
    /// which deletes its runs, selections and manifest. A spec that differs only in its
    /// `description` or has more `repeats` is the same experiment: its runs are kept and
    /// spec.toml is rewritten (fewer repeats are refused: the runs beyond would stay).
    /// Leftover temporary files of an interrupted writer are removed.
    pub fn prepare(&self, resolved: &str, force: bool) -> Result<(), StoreError> {
        let spec = self.spec_path();
        if spec.is_file() {
            let old = std::fs::read_to_string(&spec).map_err(io(&spec))?;
            // a new description or more repeats keep the results (spec.toml takes the new
            // text below)
            if old != resolved && !extends(&old, resolved) {
                if !force {
                    return Err(StoreError::SpecChanged {
                        path: spec,
                        diff: spec_diff(&old, resolved),
                    });
                }
                for d in ["runs", "selections", "ab"] {
                    let p = self.root.join(d);
                    if p.is_dir() {
                        std::fs::remove_dir_all(&p).map_err(io(&p))?;
                    }
                }
                let m = self.manifest_path();
                if m.is_file() {
                    std::fs::remove_file(&m).map_err(io(&m))?;
                }
            }
        }
        for d in ["runs", "selections"] {
            let p = self.root.join(d);
            std::fs::create_dir_all(&p).map_err(io(&p))?;
        }
        self.clean_temps()?;
        if std::fs::read_to_string(&spec).is_ok_and(|old| old == resolved) {
            return Ok(());
        }
        write_atomic(&spec, resolved.as_bytes()).map_err(io(&spec))
    }

    /// Remove hidden `*.tmp` files and run claims left by an interrupted writer (never those
    /// of a live process: another `albench run` may be writing into the same directory).
    pub fn clean_temps(&self) -> Result<(), StoreError> {
        for d in [
            self.root.clone(),
            self.root.join("runs"),
            self.root.join("selections"),
            self.root.join("ab"),
        ] {
            clean_stale_temps(&d).map_err(io(&d))?;
        }
        let runs = self.root.join("runs");
        for e in std::fs::read_dir(&runs).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && name.ends_with(".claim") && super::claim::stale(&e.path()) {
                std::fs::remove_file(e.path()).map_err(io(&e.path()))?;
            }
        }
        Ok(())
    }

    /// `ab/<run>.parquet` (A/B runs).
    pub fn ab_path(&self, run_id: &str) -> PathBuf {
        self.root.join("ab").join(format!("{run_id}.parquet"))
    }

    /// Write a run's selection table (and A/B table), then its round table (the completion
    /// marker).
    pub fn write_run(&self, r: &RunResult) -> Result<(), StoreError> {
        let id = r.meta.run_id();
        let table = |path: &Path, e: polars::prelude::PolarsError| StoreError::Table {
            path: path.into(),
            message: e.to_string(),
        };
        let sp = self.selection_path(&id);
        let mut sel = selections_frame(r).map_err(|e| table(&sp, e))?;
        write_atomic(&sp, &write_parquet(&mut sel).map_err(|e| table(&sp, e))?).map_err(io(&sp))?;
        if !r.ab.is_empty() {
            let ap = self.ab_path(&id);
            let dir = self.root.join("ab");
            std::fs::create_dir_all(&dir).map_err(io(&dir))?;
            let mut ab = ab_frame(r).map_err(|e| table(&ap, e))?;
            write_atomic(&ap, &write_parquet(&mut ab).map_err(|e| table(&ap, e))?)
                .map_err(io(&ap))?;
        }
        let rp = self.run_path(&id);
        let mut rounds = rounds_frame(r).map_err(|e| table(&rp, e))?;
        write_atomic(&rp, &write_parquet(&mut rounds).map_err(|e| table(&rp, e))?).map_err(io(&rp))
    }

    /// Whether `run_id` is claimed by a live process of another host (see [`super::claim`]).
    pub fn held_by_other_host(&self, run_id: &str) -> bool {
        super::claim::held_by_other_host(&self.claim_path(run_id))
    }

    /// Whether `run_id` could be claimed now (no claim, or a stale one).
    pub fn claim_free(&self, run_id: &str) -> bool {
        super::claim::free(&self.claim_path(run_id))
    }

    fn claim_path(&self, run_id: &str) -> PathBuf {
        self.root.join("runs").join(format!(".{run_id}.claim"))
    }

    /// Claim a run for this process (see [`super::claim`]); `None` when another live process
    /// is computing it.
    pub fn try_claim(&self, run_id: &str) -> Result<Option<super::Claim>, StoreError> {
        let p = self.claim_path(run_id);
        super::claim::try_claim(p.clone()).map_err(io(&p))
    }
}

/// Whether resolved spec text `new` is the experiment of `old`, with at most a new
/// `description` and more (or as many) `repeats`.
fn extends(old: &str, new: &str) -> bool {
    let strip = |s: &str| {
        s.parse::<toml::Table>().ok().map(|mut t| {
            t.remove("description");
            let repeats = t.remove("repeats").and_then(|v| v.as_integer());
            (t, repeats)
        })
    };
    match (strip(old), strip(new)) {
        (Some((a, ra)), Some((b, rb))) => a == b && rb >= ra,
        _ => false,
    }
}

/// Keys whose values differ between two resolved specs, as `key: old → new`.
pub fn spec_diff(old: &str, new: &str) -> String {
    let flat = |s: &str| -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Ok(t) = s.parse::<toml::Table>() {
            flatten(&t, "", &mut out);
        }
        out
    };
    let (a, b) = (flat(old), flat(new));
    let mut diffs = Vec::new();
    for (k, v) in &b {
        match a.iter().find(|(ka, _)| ka == k) {
            Some((_, va)) if va != v => diffs.push(format!("{k}: {va} → {v}")),
            None => diffs.push(format!("{k}: (absent) → {v}")),
            _ => {}
        }
    }
    for (k, v) in &a {
        if !b.iter().any(|(kb, _)| kb == k) {
            diffs.push(format!("{k}: {v} → (absent)"));
        }
    }
    if diffs.is_empty() {
        "formatting only".into()
    } else {
        diffs.join("; ")
    }
}

fn flatten(t: &toml::Table, prefix: &str, out: &mut Vec<(String, String)>) {
    for (k, v) in t {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(inner) => flatten(inner, &key, out),
            other => out.push((key, other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_dead_writers_claims_and_temps_only() {
        let d = tempfile::tempdir().unwrap();
        let dir = ResultsDir::new(d.path());
        std::fs::create_dir_all(d.path().join("runs")).unwrap();
        let runs = d.path().join("runs");
        std::fs::write(runs.join(".a-r0.claim"), "999999999").unwrap();
        std::fs::write(runs.join(".b-r0.claim"), "1").unwrap();
        std::fs::write(runs.join(".a-r0.parquet.999999999.1.tmp"), "x").unwrap();
        std::fs::write(runs.join("c-r0.parquet"), "x").unwrap();
        dir.clean_temps().unwrap();
        let mut left: Vec<String> = std::fs::read_dir(&runs)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, vec![".b-r0.claim", "c-r0.parquet"]);
    }

    #[test]
    fn a_new_description_or_more_repeats_is_the_same_experiment() {
        let old = "name = \"x\"\ndescription = \"old\"\nrepeats = 3\n[data]\npool = 5\n";
        assert!(extends(old, &old.replace("old", "new")));
        assert!(extends(
            old,
            "name = \"x\"\nrepeats = 3\n[data]\npool = 5\n"
        ));
        assert!(extends(old, &old.replace("repeats = 3", "repeats = 6")));
        assert!(!extends(old, &old.replace("repeats = 3", "repeats = 2")));
        assert!(!extends(old, &old.replace("pool = 5", "pool = 6")));
        assert!(!extends(old, "not toml ["));
    }

    #[test]
    fn diff_names_changed_keys() {
        let d = spec_diff(
            "a = 1\n[data]\npool = 5\n",
            "a = 1\n[data]\npool = 6\nnoise = 0.1\n",
        );
        assert_eq!(d, "data.noise: (absent) → 0.1; data.pool: 5 → 6");
    }
}
