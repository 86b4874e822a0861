//! The Parquet files of a results directory's table folders, listed and scanned.

use std::path::{Path, PathBuf};

use polars::prelude::*;

/// The visible `.parquet` files of `dir/sub`, sorted; `None` when the folder is absent.
pub(super) fn parquet_files(dir: &Path, sub: &str) -> Option<Vec<PathBuf>> {
    let rd = std::fs::read_dir(dir.join(sub)).ok()?;
    let mut out: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.starts_with('.') && name.ends_with(".parquet")
        })
        .collect();
    out.sort();
    Some(out)
}

/// A lazy scan of one Parquet file.
pub(super) fn scan(p: &Path) -> PolarsResult<LazyFrame> {
    LazyFrame::scan_parquet(
        PlRefPath::new(p.to_string_lossy().as_ref()),
        ScanArgsParquet::default(),
    )
}
