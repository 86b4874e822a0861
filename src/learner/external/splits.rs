//! The run's splits as `.npy` files for the learner: images as `uint8 [n, channels,
//! height, width]` (albench's pixels in [0, 1] times 255, rounded), or `float32 [n, d]`
//! for vector data (rows of d values, e.g. the `features` dataset); labels as
//! `int64 [n]`.
//!
//! A split read from the data cache is written once per cache key into the cache directory
//! and shared by every run that draws the same rows ([`super::shared_splits`]); any other
//! split (not cached, or the cache directory cannot take the files) is written into the
//! run's own directory, as [`write_splits`] does. Either way the bytes are those of
//! [`super::split_npy`], streamed a chunk of rows at a time.

use std::path::Path;

use super::protocol::SplitFiles;
use super::shared_splits;
use crate::data::{ImageSet, Splits};

pub use super::split_npy::is_vector_data;
use super::split_npy::{write_x, write_y};

/// The names of the three splits, in the order of [`Splits`]' sets and of the returned files.
pub const SPLIT_NAMES: [&str; 3] = ["pool", "validation", "test"];

/// The three sets of `splits` in [`SPLIT_NAMES`] order.
fn sets(splits: &Splits) -> [&ImageSet; 3] {
    [&splits.pool, &splits.validation, &splits.test]
}

/// Write pool, validation and test of `splits` into `dir` as `<split>_x.npy` and
/// `<split>_y.npy`; returns their paths in that order.
pub fn write_splits(splits: &Splits, dir: &Path) -> Result<[SplitFiles; 3], String> {
    let mut out = Vec::with_capacity(3);
    for (name, set) in SPLIT_NAMES.into_iter().zip(sets(splits)) {
        out.push(write_own(name, set, dir)?);
    }
    Ok(out.try_into().expect("three splits"))
}

/// The files the learner of a run reads: for each split, the shared files of the data cache
/// when its pixels come from one (written there first if missing), else files written into
/// `dir` (the run's own directory, removed after the run).
pub fn split_files(splits: &Splits, dir: &Path) -> Result<[SplitFiles; 3], String> {
    let mut out = Vec::with_capacity(3);
    for (name, set) in SPLIT_NAMES.into_iter().zip(sets(splits)) {
        let files = match shared_splits::shared_files(set, name) {
            Some(Ok(files)) => files,
            // not cached, or the cache directory cannot take the files (read-only, full)
            _ => write_own(name, set, dir)?,
        };
        out.push(files);
    }
    Ok(out.try_into().expect("three splits"))
}

/// Write split `name` into `dir` (created if missing) as `<name>_x.npy`, `<name>_y.npy`.
fn write_own(name: &str, set: &ImageSet, dir: &Path) -> Result<SplitFiles, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let files = SplitFiles {
        x: dir.join(format!("{name}_x.npy")),
        y: dir.join(format!("{name}_y.npy")),
    };
    write_x(set, &files.x).map_err(|e| e.to_string())?;
    write_y(set, &files.y).map_err(|e| e.to_string())?;
    Ok(files)
}
