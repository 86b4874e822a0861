//! A page's compact results, committed beside the page so that a fresh clone can rebuild the
//! page without training (`albench tables --paper --from-committed`): everything the page's
//! analysis reads of its results directory, in text files small enough to commit.
//!
//! `reports/paper/results/<page>/` holds:
//! - `spec.toml`: the results directory's stored spec, as stored;
//! - `committed.json`: how the page was made ([`PageRun`]: command, commit, machine, times,
//!   initialisation), the metric columns found and the dataset's class names, and each run's
//!   identity ([`MetaRecord`]);
//! - `rounds.csv`: every round of every run, every field;
//! - `selections.csv.gz`: every selected sample of every run, without its score;
//! - `ab.csv.gz`: the A/B measurements (`loop.ab` pages only).
//!
//! The tables are those of any compact results ([`crate::results::compact`]); only the header
//! differs. [`encode`] and [`decode`] are inverses for everything a page reads: a page rebuilt from
//! the decoded data is byte-identical to the page made from the results directory.
//! No IO: the caller reads and writes the files.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::provenance::PageRun;
use crate::results::compact::{self, MetaRecord};
use crate::results::{Manifest, ResultsData, Runs};

/// File names of the compact results, in the order [`encode`] returns them.
pub use compact::{AB, ROUNDS, SELECTIONS, SPEC};
/// See [`SPEC`]: the page's header.
pub const COMMITTED: &str = "committed.json";

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
        runs: compact::metas(data),
    };
    compact::with_header(data, COMMITTED, &header)
}

/// The results and the page's [`PageRun`] from the compact files of directory `dir`;
/// `read(name)` gives a file's bytes (`None` when it is not there: only `ab.csv.gz` may be
/// missing). Errors name the file. The manifest is left default: a page reads it only
/// through the stored [`PageRun`].
pub fn decode(
    dir: &Path,
    read: impl Fn(&str) -> Option<Vec<u8>>,
) -> Result<(ResultsData, PageRun), String> {
    let (spec_text, header) = compact::spec(dir, &read)?;
    let mut h: Header = compact::json(dir, COMMITTED, &read)?;
    h.page.wall_s = h.wall_s.parse().map_err(|_| {
        format!(
            "{}: wall_s: cannot read {:?}",
            dir.join(COMMITTED).display(),
            h.wall_s
        )
    })?;
    let (runs, selections, ab) = compact::tables(dir, &read, &h.runs)?;
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
        selections,
        ab,
        class_names: h.class_names,
    };
    Ok((data, h.page))
}
