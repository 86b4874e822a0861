//! A page's compact results, committed beside the page so that a fresh clone can rebuild the
//! page without training (`albench tables --paper --from-committed`): everything the page's
//! analysis reads of its results directory, in text files small enough to commit.
//!
//! `reports/paper/results/<page>/` holds:
//! - `spec.toml`: the results directory's stored spec, as stored;
//! - `committed.json`: how the page was made ([`PageRun`]: command, commit, machine, times,
//!   initialisation), the metric columns found and the dataset's class names, and each run's
//!   identity ([`MetaRecord`]);
//! - `rounds.csv`: every round of every run, every field ([`rounds`]);
//! - `selections.csv.gz`: every selected sample of every run, without its score ([`rows`]);
//! - `ab.csv.gz`: the A/B measurements (`loop.ab` pages only).
//!
//! [`encode`] and [`decode`] are inverses for everything a page reads: a page rebuilt from
//! the decoded data is byte-identical to the page made from the results directory.
//! No IO: the caller reads and writes the files.

mod csv;
mod rounds;
mod rows;

use std::io::{Read, Write};
use std::path::Path;

use flate2::{read::GzDecoder, write::GzEncoder, Compression};
use serde::{Deserialize, Serialize};

pub use rounds::MetaRecord;

use super::provenance::PageRun;
use crate::results::{Manifest, ResultsData, Runs, SpecHeader};

/// File names of the compact results, in the order [`encode`] returns them.
pub const SPEC: &str = "spec.toml";
/// See [`SPEC`].
pub const COMMITTED: &str = "committed.json";
/// See [`SPEC`].
pub const ROUNDS: &str = "rounds.csv";
/// See [`SPEC`].
pub const SELECTIONS: &str = "selections.csv.gz";
/// See [`SPEC`].
pub const AB: &str = "ab.csv.gz";

/// `committed.json`.
#[derive(Serialize, Deserialize)]
struct Header {
    /// How the page was made.
    page: PageRun,
    /// `page.wall_s` in its shortest round-trip text: serde_json's own float parsing may miss
    /// the last bit, and the rebuilt `<page>.json` must print the same digits.
    wall_s: String,
    /// [`Runs::available`].
    available: Vec<String>,
    /// [`ResultsData::class_names`].
    class_names: Vec<String>,
    /// Each run's identity, in the order of [`ResultsData::runs`].
    runs: Vec<MetaRecord>,
}

/// The compact results of `data` whose page was made as `run`: (file name, bytes), `ab.csv.gz`
/// only when there are A/B tables.
pub fn encode(data: &ResultsData, run: &PageRun) -> Result<Vec<(&'static str, Vec<u8>)>, String> {
    let header = Header {
        page: run.clone(),
        wall_s: format!("{:?}", run.wall_s),
        available: data.runs.available.clone(),
        class_names: data.class_names.clone(),
        runs: data
            .runs
            .runs
            .iter()
            .map(|r| MetaRecord::of(&r.meta))
            .collect(),
    };
    let json = serde_json::to_string_pretty(&header).map_err(|e| e.to_string())? + "\n";
    let mut files = vec![
        (SPEC, data.spec_text.clone().into_bytes()),
        (COMMITTED, json.into_bytes()),
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

/// The results and the page's [`PageRun`] from the compact files of directory `dir`;
/// `read(name)` gives a file's bytes (`None` when it is not there: only `ab.csv.gz` may be
/// missing). Errors name the file. The manifest is left default: a page reads it only
/// through the stored [`PageRun`].
pub fn decode(
    dir: &Path,
    read: impl Fn(&str) -> Option<Vec<u8>>,
) -> Result<(ResultsData, PageRun), String> {
    let need =
        |name: &str| read(name).ok_or_else(|| format!("{}: missing", dir.join(name).display()));
    let text = |name: &str, b: Vec<u8>| {
        String::from_utf8(b).map_err(|_| format!("{}: not UTF-8", dir.join(name).display()))
    };
    let bad = |name: &str, e: String| format!("{}: {e}", dir.join(name).display());
    let spec_text = text(SPEC, need(SPEC)?)?;
    let header: SpecHeader = toml::from_str(&spec_text).map_err(|e| bad(SPEC, e.to_string()))?;
    let mut h: Header = serde_json::from_str(&text(COMMITTED, need(COMMITTED)?)?)
        .map_err(|e| bad(COMMITTED, e.to_string()))?;
    h.page.wall_s = h
        .wall_s
        .parse()
        .map_err(|_| bad(COMMITTED, format!("wall_s: cannot read {:?}", h.wall_s)))?;
    let runs = rounds::decode_rounds(&text(ROUNDS, need(ROUNDS)?)?, &h.runs)
        .map_err(|e| bad(ROUNDS, e))?;
    let sel = gunzip(&need(SELECTIONS)?).map_err(|e| bad(SELECTIONS, e))?;
    let ab = match read(AB) {
        Some(b) => rows::decode_ab(&gunzip(&b).map_err(|e| bad(AB, e))?).map_err(|e| bad(AB, e))?,
        None => Vec::new(),
    };
    let sp = dir.join(SPEC);
    let data = ResultsData {
        dir: dir.to_path_buf(),
        experiment: crate::spec::parse(&sp, &spec_text, None).map_err(|e| e.to_string()),
        spec_text,
        header,
        manifest: Manifest::default(),
        runs: Runs {
            runs,
            available: h.available,
        },
        selections: rows::decode_selections(&sel).map_err(|e| bad(SELECTIONS, e))?,
        ab,
        class_names: h.class_names,
    };
    Ok((data, h.page))
}

/// `text` gzip'd (best compression; the header's time stamp is 0, so the bytes depend only
/// on `text` and flate2's version).
fn gzip(text: &str) -> Result<Vec<u8>, String> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    gz.finish().map_err(|e| e.to_string())
}

/// The UTF-8 text of gzip'd `bytes`.
fn gunzip(bytes: &[u8]) -> Result<String, String> {
    let mut s = String::new();
    GzDecoder::new(bytes)
        .read_to_string(&mut s)
        .map_err(|e| format!("not gzip'd UTF-8 text: {e}"))?;
    Ok(s)
}
