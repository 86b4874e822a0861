//! Building a source's cache files, never holding a split whole: `shapes` and `scenes` are
//! generated in chunks straight into the writer; `image-folder`, `coco` and `yolo` are listed,
//! then decoded in parallel chunk by chunk into it ([`crate::data::decode`]); the other cached
//! datasets (IDX, CIFAR files) are loaded by their registry loader, then written. Bytes stay
//! bytes (depth u8), floats stay floats (depth f32: `scenes`, so its values are unchanged).

use std::path::Path;

use super::dir_space::ensure_room;
use super::format::{Depth, Tail};
use super::writer::Writer;
use super::CacheConfig;
use crate::data::box_images::{coco_plan, yolo_plan};
use crate::data::decode::{decode_split, FileSplit};
use crate::data::image_folder::image_folder_plan;
use crate::data::pixels::Store;
use crate::data::progress::LoadProgress;
use crate::data::scenes::{generate_scenes_chunked, scene_params, scenes_counts, scenes_set};
use crate::data::shapes::{generate_shapes_chunked, shape_labels, shapes_counts, shapes_set};
use crate::data::{dominant_class, DataError, DataSpec, DatasetKind, ImageSet};

/// The progress of building split `split` (`"train"` / `"test"`) of `d` from `n` images.
fn progress(c: &CacheConfig, d: &DataSpec, split: &str, verb: &str, n: usize) -> LoadProgress {
    let what = format!("{verb} {n} images of {} ({split})", d.dataset.name());
    LoadProgress::new(c.quiet, n, what)
}

/// Channels, height and width of `set`'s images, as a cache header stores them.
fn geometry_of(set: &ImageSet) -> [u32; 3] {
    [set.channels as u32, set.height as u32, set.width as u32]
}

/// Write the train and test files of `d`'s source at `paths` with build keys `keys`, after
/// checking that the cache directory's filesystem has room for them ([`ensure_room`]).
pub fn build_source(
    d: &DataSpec,
    seed: u64,
    c: &CacheConfig,
    paths: [&Path; 2],
    keys: [&str; 2],
) -> Result<(), DataError> {
    const SPLITS: [&str; 2] = ["train", "test"];
    match d.dataset {
        DatasetKind::Shapes => {
            let (n_train, n_test) = shapes_counts(d);
            let g = geometry_of(&shapes_set());
            ensure_room(&c.dir, "shapes", Depth::U8, g, [n_train, n_test])?;
            for (stream, n) in [n_train, n_test].into_iter().enumerate() {
                let bar = progress(c, d, SPLITS[stream], "generating", n);
                write_shapes(n, seed, stream as u64, c, &bar, paths[stream], keys[stream])?;
            }
            Ok(())
        }
        DatasetKind::Scenes => {
            let (n_train, n_test) = scenes_counts(d)?;
            let g = geometry_of(&scenes_set(scene_params(d).size));
            ensure_room(&c.dir, "scenes", Depth::F32, g, [n_train, n_test])?;
            for (stream, n) in [n_train, n_test].into_iter().enumerate() {
                let bar = progress(c, d, SPLITS[stream], "generating", n);
                let target = (paths[stream], keys[stream]);
                write_scenes(d, n, seed, stream as u64, c, &bar, target)?;
            }
            Ok(())
        }
        DatasetKind::ImageFolder | DatasetKind::Coco | DatasetKind::Yolo => {
            let (train, test) = match d.dataset {
                DatasetKind::ImageFolder => image_folder_plan(d)?,
                DatasetKind::Coco => (coco_plan(d)?, None),
                _ => (yolo_plan(d)?, None),
            };
            let test = test.unwrap_or_else(|| train.empty_like());
            let (ch, side) = (train.channels as u32, train.size as u32);
            let counts = [train.len(), test.len()];
            ensure_room(
                &c.dir,
                d.dataset.name(),
                Depth::U8,
                [ch, side, side],
                counts,
            )?;
            for (k, split) in [&train, &test].into_iter().enumerate() {
                let bar = progress(c, d, SPLITS[k], "decoding", split.len());
                write_files(split, c, &bar, paths[k], keys[k])?;
            }
            Ok(())
        }
        _ => {
            let source = (d.dataset.info().load)(d, seed)?;
            let test_len = source.test.as_ref().map_or(0, ImageSet::len);
            let (depth, g) = (depth_of(&source.train), geometry_of(&source.train));
            ensure_room(
                &c.dir,
                d.dataset.name(),
                depth,
                g,
                [source.train.len(), test_len],
            )?;
            write_set(&source.train, c, paths[0], keys[0])?;
            let none = ImageSet::empty_like(&source.train);
            write_set(source.test.as_ref().unwrap_or(&none), c, paths[1], keys[1])
        }
    }
}

/// Generate `n` `shapes` images of `stream` into the file `path`, one chunk at a time.
fn write_shapes(
    n: usize,
    seed: u64,
    stream: u64,
    c: &CacheConfig,
    bar: &LoadProgress,
    path: &Path,
    key: &str,
) -> Result<(), DataError> {
    let set = shapes_set();
    let geometry = [set.channels as u32, set.height as u32, set.width as u32];
    let mut w = Writer::create(&c.dir, path, Depth::U8, geometry)?;
    let labels = shape_labels(n, seed, stream);
    generate_shapes_chunked(&labels, seed, stream, |b| {
        bar.inc(b.len() / set.sample_len());
        w.push_u8(b)
    })?;
    bar.finish();
    w.finish(&Tail {
        labels,
        class_names: set.class_names,
        key: key.to_string(),
        ..Tail::default()
    })?;
    Ok(())
}

/// Generate `n` `scenes` of `stream` (the generator parameters of `d`) into the file `path`
/// (with build key `key`) as floats, one chunk of whole sequences at a time, with their
/// objects and metadata.
fn write_scenes(
    d: &DataSpec,
    n: usize,
    seed: u64,
    stream: u64,
    c: &CacheConfig,
    bar: &LoadProgress,
    (path, key): (&Path, &str),
) -> Result<(), DataError> {
    let p = scene_params(d);
    let set = scenes_set(p.size);
    let geometry = [set.channels as u32, set.height as u32, set.width as u32];
    let mut w = Writer::create(&c.dir, path, Depth::F32, geometry)?;
    let (mut objects, mut meta) = (Vec::with_capacity(n), Vec::with_capacity(n));
    generate_scenes_chunked(n, &p, seed, stream, |(px, o, m)| {
        bar.inc(o.len());
        objects.extend_from_slice(o);
        meta.extend_from_slice(m);
        w.push_f32(px)
    })?;
    bar.finish();
    let labels = objects
        .iter()
        .map(|o| dominant_class(o).unwrap_or(0))
        .collect();
    w.finish(&Tail {
        labels,
        class_names: set.class_names,
        key: key.to_string(),
        objects,
        meta,
        ..Tail::default()
    })?;
    Ok(())
}

/// Decode the listed images of `split` into the file `path`, chunk by chunk (each in
/// parallel), in file order.
fn write_files(
    split: &FileSplit,
    c: &CacheConfig,
    bar: &LoadProgress,
    path: &Path,
    key: &str,
) -> Result<(), DataError> {
    let s = split.size as u32;
    let mut w = Writer::create(&c.dir, path, Depth::U8, [split.channels as u32, s, s])?;
    let objects = decode_split(split, bar, |b| w.push_u8(b))?;
    bar.finish();
    w.finish(&Tail {
        labels: split.labels_of(&objects),
        class_names: split.class_names.clone(),
        key: key.to_string(),
        files: split.files.clone(),
        objects,
        meta: Vec::new(),
    })?;
    Ok(())
}

/// Images written per call to the writer when a set's values are converted.
const CHUNK: usize = 1024;

/// The depth `set` is cached at: bytes stay bytes, anything else is stored as floats.
fn depth_of(set: &ImageSet) -> Depth {
    match set.pixels.store() {
        Store::U8(_) => Depth::U8,
        Store::Cached(m) => m.depth(),
        Store::F32(_) => Depth::F32,
    }
}

/// Write `set` (whole) to the cache file `path`: bytes as bytes, anything else as floats.
pub fn write_set(set: &ImageSet, c: &CacheConfig, path: &Path, key: &str) -> Result<(), DataError> {
    let geometry = geometry_of(set);
    let l = set.sample_len();
    let depth = depth_of(set);
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
        objects: set.objects.clone(),
        meta: set.meta.clone(),
    })?;
    Ok(())
}
