//! Building a source's cache files: `shapes` is generated in chunks straight into the writer
//! (never held whole); the other cached datasets are loaded by their registry loader, then
//! written. Bytes stay bytes (depth u8), floats stay floats (depth f32).

use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use super::format::{Depth, Tail};
use super::writer::Writer;
use super::CacheConfig;
use crate::data::pixels::Store;
use crate::data::shapes::{generate_shapes_chunked, shape_labels, shapes_counts, shapes_set};
use crate::data::{DataError, DataSpec, DatasetKind, ImageSet};

/// A progress bar over `n` images (hidden under `--quiet` and when stderr is not a terminal).
fn progress(c: &CacheConfig, n: usize, what: &str) -> ProgressBar {
    if c.quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(n as u64);
    if let Ok(s) = ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} images ({eta})") {
        bar.set_style(s);
    }
    bar.set_message(format!("data cache: {what}"));
    bar
}

/// Write the train and test files of `d`'s source at `paths` with build keys `keys`.
pub fn build_source(
    d: &DataSpec,
    seed: u64,
    c: &CacheConfig,
    paths: [&Path; 2],
    keys: [&str; 2],
) -> Result<(), DataError> {
    if d.dataset == DatasetKind::Shapes {
        let (n_train, n_test) = shapes_counts(d);
        for (stream, n) in [n_train, n_test].into_iter().enumerate() {
            write_shapes(n, seed, stream as u64, c, paths[stream], keys[stream])?;
        }
        return Ok(());
    }
    let source = (d.dataset.info().load)(d, seed)?;
    write_set(&source.train, c, paths[0], keys[0])?;
    let none = ImageSet::empty_like(&source.train);
    write_set(source.test.as_ref().unwrap_or(&none), c, paths[1], keys[1])
}

/// Generate `n` `shapes` images of `stream` into the file `path`, one chunk at a time.
fn write_shapes(
    n: usize,
    seed: u64,
    stream: u64,
    c: &CacheConfig,
    path: &Path,
    key: &str,
) -> Result<(), DataError> {
    let set = shapes_set();
    let geometry = [set.channels as u32, set.height as u32, set.width as u32];
    let mut w = Writer::create(&c.dir, path, Depth::U8, geometry)?;
    let labels = shape_labels(n, seed, stream);
    let bar = progress(c, n, &format!("generating {n} shapes"));
    generate_shapes_chunked(&labels, seed, stream, |b| {
        bar.inc((b.len() / set.sample_len()) as u64);
        w.push_u8(b)
    })?;
    bar.finish_and_clear();
    w.finish(&Tail {
        labels,
        class_names: set.class_names,
        key: key.to_string(),
        files: Vec::new(),
    })?;
    Ok(())
}

/// Images written per call to the writer when a set's values are converted.
const CHUNK: usize = 1024;

/// Write `set` (whole) to the cache file `path`: bytes as bytes, anything else as floats.
pub fn write_set(set: &ImageSet, c: &CacheConfig, path: &Path, key: &str) -> Result<(), DataError> {
    let geometry = [set.channels as u32, set.height as u32, set.width as u32];
    let l = set.sample_len();
    let depth = match set.pixels.store() {
        Store::U8(_) => Depth::U8,
        Store::Cached(m) => m.depth(),
        Store::F32(_) => Depth::F32,
    };
    let mut w = Writer::create(&c.dir, path, depth, geometry)?;
    match (set.pixels.store(), depth) {
        (Store::U8(v), _) if !set.pixels.is_view() => w.push_u8(&v[..set.len() * l])?,
        (_, Depth::U8) => {
            // a view or a cache file of bytes: values are k/255 exactly, so rounding recovers k
            let mut buf = Vec::with_capacity(CHUNK * l);
            for start in (0..set.len()).step_by(CHUNK) {
                buf.clear();
                for i in start..(start + CHUNK).min(set.len()) {
                    set.extend_image(i, &mut buf);
                }
                let bytes: Vec<u8> = buf.iter().map(|&v| (v * 255.0).round() as u8).collect();
                w.push_u8(&bytes)?;
            }
        }
        (_, Depth::F32) => {
            let mut buf = Vec::with_capacity(CHUNK * l);
            for start in (0..set.len()).step_by(CHUNK) {
                buf.clear();
                for i in start..(start + CHUNK).min(set.len()) {
                    set.extend_image(i, &mut buf);
                }
                w.push_f32(&buf)?;
            }
        }
    }
    w.finish(&Tail {
        labels: set.labels.clone(),
        class_names: set.class_names.clone(),
        key: key.to_string(),
        files: set.files.clone(),
    })?;
    Ok(())
}
