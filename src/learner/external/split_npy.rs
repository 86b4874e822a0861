//! The `.npy` encoding of one split for the learner, streamed a chunk of rows at a time:
//! images as `uint8 [n, channels, height, width]` (albench's pixels in [0, 1] times 255,
//! rounded), or `float32 [n, d]` for vector data; labels as `int64 [n]`. Shared by the
//! run's own files ([`super::splits`]) and the cache's shared ones ([`super::shared_splits`]),
//! so both give the same bytes.

use std::path::Path;

use crate::data::ImageSet;
use crate::npy::{NpyError, NpyWriter};

/// Values converted per chunk while writing images (4 MiB of floats, 1 MiB of bytes).
const CHUNK_VALUES: usize = 1 << 20;

/// Labels converted per chunk (512 KiB of `int64`).
const CHUNK_LABELS: usize = 1 << 16;

/// Whether `set` holds vectors rather than pictures: a `features` dataset's rows are
/// `1 × 1 × d` images (channels 1, height 1, width d); a `d × 1 × 1` set is a vector too.
pub fn is_vector_data(set: &ImageSet) -> bool {
    set.height == 1 && (set.channels == 1 || set.width == 1)
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
