//! The one reader of a results directory: `spec.toml`, `manifest.json`, every round table and
//! every selection table, read once into a typed [`ResultsData`]. The report analyses that
//! value; nothing else opens these files for reading. The tables are read by
//! [`super::read_rounds`] and [`super::read_rows`].

use std::path::{Path, PathBuf};

use super::read_rounds::{read_runs, Runs};
use super::read_rows::{read_ab, read_selections};
use super::{Manifest, ResultsDir, RunAb, RunSelections};
use crate::spec::{Experiment, ReportSpec};

/// A results directory cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// A file or folder cannot be opened.
    #[error("{path}: {message}")]
    Io {
        /// Path.
        path: PathBuf,
        /// Cause.
        message: String,
    },
    /// The files are there but unusable (no runs, unreadable tables, bad spec).
    #[error("{path}: {message}")]
    Invalid {
        /// File or directory.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// The part of the stored spec the report needs even when the whole spec no longer parses
/// (written by another albench version).
#[derive(Clone, Debug, serde::Deserialize)]
pub struct SpecHeader {
    /// Experiment name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// `[report]`.
    #[serde(default)]
    pub report: ReportSpec,
}

/// Everything a results directory holds.
#[derive(Clone, Debug)]
pub struct ResultsData {
    /// The directory.
    pub dir: PathBuf,
    /// `spec.toml` as stored.
    pub spec_text: String,
    /// Its name, description and `[report]`.
    pub header: SpecHeader,
    /// The whole stored spec, expanded; the parse error when this albench cannot read it
    /// (written by another version): statistics that need it are then left out.
    pub experiment: Result<Experiment, String>,
    /// `manifest.json` (default when absent or unreadable).
    pub manifest: Manifest,
    /// The round tables.
    pub runs: Runs,
    /// The selection tables, sorted by file name.
    pub selections: Vec<RunSelections>,
    /// The A/B tables (`loop.ab`), sorted by file name; empty otherwise.
    pub ab: Vec<RunAb>,
    /// Class names of the experiment's dataset, when known without loading it: the built-in
    /// datasets' names, or an image folder's class folders (listed, when `data.path` is
    /// still there); empty otherwise.
    pub class_names: Vec<String>,
}

impl ResultsData {
    /// Read `dir`. Fails when `spec.toml` is missing or unreadable, when there is no run
    /// file, or when a table cannot be read.
    ///
    /// A directory of compact results (`albench export`, [`super::compact`]) is read from its
    /// text files.
    pub fn read(dir: &Path) -> Result<ResultsData, ReadError> {
        if super::compact::is_compact(dir) {
            return super::compact::read_dir(dir);
        }
        let rd = ResultsDir::new(dir);
        let sp = rd.spec_path();
        let spec_text = std::fs::read_to_string(&sp).map_err(|e| ReadError::Io {
            path: sp.clone(),
            message: format!("cannot read (is this a results directory?): {e}"),
        })?;
        let header: SpecHeader = toml::from_str(&spec_text).map_err(|e| ReadError::Invalid {
            path: sp.clone(),
            message: e.message().to_string(),
        })?;
        let experiment = crate::spec::parse(&sp, &spec_text, None).map_err(|e| e.to_string());
        Ok(ResultsData {
            class_names: experiment.as_ref().map_or_else(|_| Vec::new(), class_names),
            dir: dir.to_path_buf(),
            manifest: rd.read_manifest(),
            runs: read_runs(dir)?,
            selections: read_selections(dir)?,
            ab: read_ab(dir)?,
            spec_text,
            header,
            experiment,
        })
    }

    /// The selection table of run (`config_id`, `repeat`), if present.
    pub fn selections_of(&self, config_id: &str, repeat: u32) -> Option<&RunSelections> {
        self.selections
            .iter()
            .find(|s| s.config_id == config_id && s.repeat == repeat)
    }
}

/// The class names of `e`'s dataset when known without loading it (see
/// [`ResultsData::class_names`]).
fn class_names(e: &Experiment) -> Vec<String> {
    e.configs
        .first()
        .map(|c| &c.config.data)
        .and_then(|d| {
            crate::data::built_in_class_names(d.dataset).or_else(|| {
                (d.dataset == crate::spec::DatasetKind::ImageFolder)
                    .then(|| crate::data::image_folder_class_names(Path::new(&d.path)).ok())
                    .flatten()
            })
        })
        .unwrap_or_default()
}
