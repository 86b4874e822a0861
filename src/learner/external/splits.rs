//! The run's splits as `.npy` files for the learner: images as `uint8 [n, channels,
//! height, width]` (albench's pixels in [0, 1] times 255, rounded), or `float32 [n, d]`
//! for vector data (rows of d values, e.g. the `features` dataset); labels as
//! `int64 [n]`.
//!
//! A split read from the data cache is written once per cache key into the cache directory
//! and shared by every run that draws the same rows ([`super::shared_splits`]); any other
//! split (not cached, or the cache directory cannot take the files) is written into the
//! run's own directory, as [`write_splits`] does. Either way the bytes are those of
//! [`write_set`], streamed a chunk of rows at a time.

use std::path::Path;

use super::protocol::SplitFiles;
use super::shared_splits;
use crate::data::{ImageSet, Splits};
use crate::npy::{NpyError, NpyWriter};

/// Values converted per chunk while writing images (4 MiB of floats, 1 MiB of bytes).
const CHUNK_VALUES: usize = 1 << 20;

/// Labels converted per chunk (512 KiB of `int64`).
const CHUNK_LABELS: usize = 1 << 16;

/// The names of the three splits, in the order of [`Splits`]' sets and of the returned files.
pub const SPLIT_NAMES: [&str; 3] = ["pool", "validation", "test"];

/// Whether `set` holds vectors rather than pictures: a `features` dataset's rows are
/// `1 × 1 × d` images (channels 1, height 1, width d); a `d × 1 × 1` set is a vector too.
pub fn is_vector_data(set: &ImageSet) -> bool {
    set.height == 1 && (set.channels == 1 || set.width == 1)
}

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

/// The `.npy` header of `set`'s images: `uint8 [n, c, h, w]`, or `float32 [n, d]` for
/// vector data.
pub fn x_header(set: &ImageSet) -> crate::npy::Header {
    let n = set.len();
    let (dtype, shape) = if is_vector_data(set) {
        (crate::npy::DType::F32, vec![n, set.sample_len()])
    } else {
        (
            crate::npy::DType::U8,
            vec![n, set.channels, set.height, set.width],
        )
    };
    crate::npy::Header { dtype, shape }
}

/// The `.npy` header of `set`'s labels: `int64 [n]`.
pub fn y_header(set: &ImageSet) -> crate::npy::Header {
    crate::npy::Header {
        dtype: crate::npy::DType::I64,
        shape: vec![set.len()],
    }
}

/// Write `set`'s images to `path` (atomically, see [`NpyWriter`]), a chunk of at most
/// [`CHUNK_VALUES`] values at a time: a pixel `p` as the byte `round(255 · clamp(p, 0, 1))`
/// (a cached byte `b`, read as `b / 255`, comes back as `b`), a vector as its floats.
pub fn write_x(set: &ImageSet, path: &Path) -> Result<(), NpyError> {
    let shape = x_header(set).shape;
    if is_vector_data(set) {
        let mut w = NpyWriter::<f32>::create(path, &shape)?;
        for_each_chunk(set, |values| w.write(values))?;
        return w.finish();
    }
    let mut w = NpyWriter::<u8>::create(path, &shape)?;
    let mut bytes = Vec::new();
    for_each_chunk(set, |values| {
        bytes.clear();
        bytes.extend(
            values
                .iter()
                .map(|&p| (p.clamp(0.0, 1.0) * 255.0).round() as u8),
        );
        w.write(&bytes)
    })?;
    w.finish()
}

/// Call `f` with the values of `set`'s images in order, at most [`CHUNK_VALUES`] (and at
/// least one image) per call, gathered into one reused buffer (a cache file is read a run
/// of rows at a time, see [`ImageSet::extend_images`]).
fn for_each_chunk(
    set: &ImageSet,
    mut f: impl FnMut(&[f32]) -> Result<(), NpyError>,
) -> Result<(), NpyError> {
    let n = set.len();
    let per = set.sample_len().max(1);
    let rows = (CHUNK_VALUES / per).max(1);
    let mut idx = Vec::with_capacity(rows.min(n));
    let mut values = Vec::with_capacity(rows.min(n) * per);
    for start in (0..n).step_by(rows) {
        idx.clear();
        idx.extend(start..n.min(start + rows));
        values.clear();
        set.extend_images(&idx, &mut values);
        f(&values)?;
    }
    Ok(())
}

/// Write `set`'s labels to `path` as `int64 [n]`, [`CHUNK_LABELS`] at a time.
pub fn write_y(set: &ImageSet, path: &Path) -> Result<(), NpyError> {
    let mut w = NpyWriter::<i64>::create(path, &[set.len()])?;
    let mut chunk = Vec::with_capacity(CHUNK_LABELS.min(set.len()));
    for labels in set.labels.chunks(CHUNK_LABELS) {
        chunk.clear();
        chunk.extend(labels.iter().map(|&l| l as i64));
        w.write(&chunk)?;
    }
    w.finish()
}
