//! Compact results: everything the analysis reads of a results directory, in text files small
//! enough to commit, so that a report, `albench compare` or `albench tables` can be rebuilt
//! from a fresh clone without training (`albench export RESULTS --out DIR` writes them; every
//! command that reads a results directory reads a compact one too, [`is_compact`]).
//!
//! A compact directory holds:
//! - `spec.toml`: the results directory's stored spec, as stored;
//! - `compact.json`: the manifest (environment, times, each run's entry), the metric columns
//!   found, the dataset's class names and each run's identity ([`MetaRecord`]);
//! - `rounds.csv`: every round of every run, every field ([`rounds`]);
//! - `selections.csv.gz`: every selected sample of every run, without its score ([`rows`]);
//! - `ab.csv.gz`: the A/B measurements (`loop.ab` experiments only).
//!
//! The paper pages' committed results ([`crate::report::committed`]) use the same tables with
//! their own header. No IO in [`encode`] and [`decode`]: the caller reads and writes the
//! files ([`write_dir`], [`read_dir`] do both).

pub(crate) mod csv;
pub mod rounds;
pub mod rows;

use std::io::{Read, Write};
use std::path::Path;

use flate2::{read::GzDecoder, write::GzEncoder, Compression};
use serde::{Deserialize, Serialize};

pub use rounds::MetaRecord;

use super::{write_atomic, Manifest, ReadError, ResultsData, Runs, SpecHeader};

/// File names of the compact results, in the order [`encode`] returns them.
pub const SPEC: &str = "spec.toml";
/// See [`SPEC`]: the header, whose presence marks a compact directory.
pub const HEADER: &str = "compact.json";
/// See [`SPEC`].
pub const ROUNDS: &str = "rounds.csv";
/// See [`SPEC`].
pub const SELECTIONS: &str = "selections.csv.gz";
/// See [`SPEC`].
pub const AB: &str = "ab.csv.gz";

/// `compact.json`.
#[derive(Serialize, Deserialize)]
struct Header {
    /// The results directory's manifest.
    manifest: Manifest,
    /// [`Runs::available`].
    available: Vec<String>,
    /// [`ResultsData::class_names`].
    class_names: Vec<String>,
    /// Each run's identity, in the order of [`ResultsData::runs`].
    runs: Vec<MetaRecord>,
}

/// Whether `dir` holds compact results (its `compact.json`).
pub fn is_compact(dir: &Path) -> bool {
    dir.join(HEADER).is_file()
}

/// The compact results of `data`: (file name, bytes), `ab.csv.gz` only when there are A/B
/// tables.
pub fn encode(data: &ResultsData) -> Result<Vec<(&'static str, Vec<u8>)>, String> {
    let header = Header {
        manifest: data.manifest.clone(),
        available: data.runs.available.clone(),
        class_names: data.class_names.clone(),
        runs: metas(data),
    };
    with_header(data, HEADER, &header)
}

/// Each run's identity, in the order of [`ResultsData::runs`].
pub(crate) fn metas(data: &ResultsData) -> Vec<MetaRecord> {
    data.runs
        .runs
        .iter()
        .map(|r| MetaRecord::of(&r.meta))
        .collect()
}

/// The files of `data` with `header` (pretty JSON) as file `name`: the spec, the header, the
/// rounds, the selections and, when there are any, the A/B measurements.
pub(crate) fn with_header(
    data: &ResultsData,
    name: &'static str,
    header: &impl Serialize,
) -> Result<Vec<(&'static str, Vec<u8>)>, String> {
    let json = serde_json::to_string_pretty(header).map_err(|e| e.to_string())? + "\n";
    let mut files = vec![
        (SPEC, data.spec_text.clone().into_bytes()),
        (name, json.into_bytes()),
        (ROUNDS, rounds::encode_rounds(&data.runs.runs).into_bytes()),
        (
            SELECTIONS,
            gzip(&rows::encode_selections(&data.selections))?,
        ),
    ];
    if !data.ab.is_empty() {
        files.push((AB, gzip(&rows::encode_ab(&data.ab))?));
    }
    Ok(files)
}

/// The results from the compact files of directory `dir`; `read(name)` gives a file's bytes
/// (`None` when it is not there: only `ab.csv.gz` may be missing). Errors name the file.
pub fn decode(dir: &Path, read: impl Fn(&str) -> Option<Vec<u8>>) -> Result<ResultsData, String> {
    let (spec_text, header) = spec(dir, &read)?;
    let h: Header = json(dir, HEADER, &read)?;
    let parts = tables(dir, &read, &h.runs)?;
    Ok(ResultsData {
        dir: dir.to_path_buf(),
        experiment: crate::spec::parse(&dir.join(SPEC), &spec_text, None)
            .map_err(|e| e.to_string()),
        spec_text,
        header,
        manifest: h.manifest,
        runs: Runs {
            runs: parts.0,
            available: h.available,
        },
        selections: parts.1,
        ab: parts.2,
        class_names: h.class_names,
    })
}

/// `spec.toml`'s text and header.
pub(crate) fn spec(
    dir: &Path,
    read: &impl Fn(&str) -> Option<Vec<u8>>,
) -> Result<(String, SpecHeader), String> {
    let text = text(dir, SPEC, need(dir, SPEC, read)?)?;
    let header: SpecHeader =
        toml::from_str(&text).map_err(|e| format!("{}: {e}", dir.join(SPEC).display()))?;
    Ok((text, header))
}

/// File `name` of `dir` parsed as JSON.
pub(crate) fn json<T: serde::de::DeserializeOwned>(
    dir: &Path,
    name: &str,
    read: &impl Fn(&str) -> Option<Vec<u8>>,
) -> Result<T, String> {
    serde_json::from_str(&text(dir, name, need(dir, name, read)?)?)
        .map_err(|e| format!("{}: {e}", dir.join(name).display()))
}

/// The rounds, selections and A/B tables of `dir`, the runs identified by `metas`.
#[allow(clippy::type_complexity)]
pub(crate) fn tables(
    dir: &Path,
    read: &impl Fn(&str) -> Option<Vec<u8>>,
    metas: &[MetaRecord],
) -> Result<
    (
        Vec<super::RunRounds>,
        Vec<super::RunSelections>,
        Vec<super::RunAb>,
    ),
    String,
> {
    let bad = |name: &str, e: String| format!("{}: {e}", dir.join(name).display());
    let runs = rounds::decode_rounds(&text(dir, ROUNDS, need(dir, ROUNDS, read)?)?, metas)
        .map_err(|e| bad(ROUNDS, e))?;
    let sel = gunzip(&need(dir, SELECTIONS, read)?).map_err(|e| bad(SELECTIONS, e))?;
    let ab = match read(AB) {
        Some(b) => rows::decode_ab(&gunzip(&b).map_err(|e| bad(AB, e))?).map_err(|e| bad(AB, e))?,
        None => Vec::new(),
    };
    let selections = rows::decode_selections(&sel).map_err(|e| bad(SELECTIONS, e))?;
    Ok((runs, selections, ab))
}

/// File `name`'s bytes, or an error naming it.
fn need(
    dir: &Path,
    name: &str,
    read: &impl Fn(&str) -> Option<Vec<u8>>,
) -> Result<Vec<u8>, String> {
    read(name).ok_or_else(|| format!("{}: missing", dir.join(name).display()))
}

/// `b` as UTF-8, or an error naming the file.
fn text(dir: &Path, name: &str, b: Vec<u8>) -> Result<String, String> {
    String::from_utf8(b).map_err(|_| format!("{}: not UTF-8", dir.join(name).display()))
}

/// Write the compact results of `data` into `dir` (created), each file atomically; an
/// `ab.csv.gz` of an earlier export without A/B tables now is removed. Returns the files
/// written.
pub fn write_dir(dir: &Path, data: &ResultsData) -> Result<Vec<&'static str>, ReadError> {
    let io = |path: &Path, e: std::io::Error| ReadError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let files = encode(data).map_err(|message| ReadError::Invalid {
        path: dir.to_path_buf(),
        message,
    })?;
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    for (name, bytes) in &files {
        let p = dir.join(name);
        write_atomic(&p, bytes).map_err(|e| io(&p, e))?;
    }
    let ab = dir.join(AB);
    if !files.iter().any(|(n, _)| *n == AB) && ab.is_file() {
        std::fs::remove_file(&ab).map_err(|e| io(&ab, e))?;
    }
    Ok(files.iter().map(|(n, _)| *n).collect())
}

/// Read the compact results in `dir` (bad input, naming the file, when one is unreadable).
pub fn read_dir(dir: &Path) -> Result<ResultsData, ReadError> {
    decode(dir, |name| std::fs::read(dir.join(name)).ok()).map_err(|message| ReadError::Invalid {
        path: dir.to_path_buf(),
        message,
    })
}

/// `text` gzip'd (best compression; the header's time stamp is 0, so the bytes depend only
/// on `text` and flate2's version).
pub(crate) fn gzip(text: &str) -> Result<Vec<u8>, String> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    gz.finish().map_err(|e| e.to_string())
}

/// The UTF-8 text of gzip'd `bytes`.
pub(crate) fn gunzip(bytes: &[u8]) -> Result<String, String> {
    let mut s = String::new();
    GzDecoder::new(bytes)
        .read_to_string(&mut s)
        .map_err(|e| format!("not gzip'd UTF-8 text: {e}"))?;
    Ok(s)
}

#[cfg(test)]
#[path = "compact_tests.rs"]
mod tests;
