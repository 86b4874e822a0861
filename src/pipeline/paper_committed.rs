//! The pages' compact results, committed beside them (`<pages>/results/<page>/`, see
//! [`crate::report::committed`]): written whenever a page is made from its results
//! directory, and read back by `albench tables --paper --from-committed`, which rebuilds every
//! page that has them, and the index, without training.

use std::path::{Path, PathBuf};

use crate::report::{committed, PageRun, PaperPage};
use crate::results::{write_atomic, ReadError, ResultsData};

use super::PipelineError;

/// `<pages_dir>/results/<page>/`.
pub(super) fn committed_dir(pages_dir: &Path, page: &PaperPage) -> PathBuf {
    pages_dir.join("results").join(page.name)
}

/// Write the compact results of `data` (made into a page as `run`) to the page's committed
/// directory, each file atomically; an `ab.csv.gz` of an earlier page without A/B tables now is
/// removed.
pub(super) fn write_committed(
    pages_dir: &Path,
    page: &PaperPage,
    data: &ResultsData,
    run: &PageRun,
) -> Result<(), PipelineError> {
    let dir = committed_dir(pages_dir, page);
    let files = committed::encode(data, run).map_err(|e| PipelineError::Write {
        path: dir.clone(),
        source: std::io::Error::other(e),
    })?;
    for (name, bytes) in &files {
        write_bytes(&dir.join(name), bytes)?;
    }
    let ab = dir.join(committed::AB);
    if !files.iter().any(|(n, _)| *n == committed::AB) && ab.is_file() {
        std::fs::remove_file(&ab).map_err(|e| PipelineError::Write {
            path: ab,
            source: e,
        })?;
    }
    Ok(())
}

/// The page's committed results, when its directory is there: the results as the page's
/// analysis reads them and how the page was made. Unreadable files are bad input (exit 2).
pub(super) fn read_committed(
    pages_dir: &Path,
    page: &PaperPage,
) -> Result<Option<(ResultsData, PageRun)>, PipelineError> {
    let dir = committed_dir(pages_dir, page);
    if !dir.is_dir() {
        return Ok(None);
    }
    committed::decode(&dir, |name| std::fs::read(dir.join(name)).ok())
        .map(Some)
        .map_err(|message| {
            PipelineError::Results(ReadError::Invalid {
                path: dir.clone(),
                message,
            })
        })
}

/// Bytes of the page's committed results (`None` when there are none).
pub(super) fn committed_size(pages_dir: &Path, page: &PaperPage) -> Option<u64> {
    let entries = std::fs::read_dir(committed_dir(pages_dir, page)).ok()?;
    Some(
        entries
            .filter_map(|e| e.ok()?.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum(),
    )
}

/// Write `bytes` to `p` atomically, creating its directory.
pub(super) fn write_bytes(p: &Path, bytes: &[u8]) -> Result<(), PipelineError> {
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).map_err(|e| PipelineError::Write {
            path: d.to_path_buf(),
            source: e,
        })?;
    }
    write_atomic(p, bytes).map_err(|e| PipelineError::Write {
        path: p.to_path_buf(),
        source: e,
    })
}
