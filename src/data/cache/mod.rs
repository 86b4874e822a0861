//! The data cache: a dataset's images written once to disk, one file per split of the source
//! (train, test), then read row by row (positioned reads, through the page cache) by every
//! later run, every `--jobs` worker and every shard on the node (see docs/data-cache.md).
//!
//! A file is named `<dataset>-<split>-<hash>.albc` after its build key ([`build_key`]: the
//! dataset, its path and the path's size and modification time, or for a generated dataset
//! its seed and image counts, and [`LOADER_VERSION`]). The splits (pool, validation, test) are
//! views of these files (row indices, no copy), so every scale, repeat and configuration of
//! a dataset that draws the same source shares one file.
//!
//! Detection datasets (`scenes`, `coco`, `yolo`) are cached with each image's objects and
//! (`scenes`) acquisition metadata in the tail (format version 2).

mod annotations;
mod build;
mod dir_space;
mod format;
pub mod reader;
mod tail_reader;
mod writer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};

pub use build::write_set;
pub use format::{Depth, Header, Tail, MAGIC, PIXELS_AT, VERSION};
pub use reader::{CacheFile, OpenError};
pub use writer::Writer;

use super::{DataError, DataSpec, DatasetKind, ImageSet, Pixels, Source};
use format::dir_error;

/// Bumped whenever a loader changes the values it produces: old cache files are then rebuilt.
pub const LOADER_VERSION: u32 = 1;

/// Where the cache lives and whether building it may draw a progress bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheConfig {
    /// The cache directory.
    pub dir: PathBuf,
    /// No progress bar while building.
    pub quiet: bool,
}

/// The process's cache (set by `albench run`); `None`: datasets load into memory.
static CONFIG: Mutex<Option<CacheConfig>> = Mutex::new(None);

/// Files open in this process, shared by every set that reads them (`--jobs` workers too).
static OPEN: Mutex<Option<HashMap<PathBuf, Weak<CacheFile>>>> = Mutex::new(None);

/// Use the cache `c` (or none) for the datasets loaded from now on.
pub fn set_cache(c: Option<CacheConfig>) {
    *CONFIG.lock().unwrap_or_else(|e| e.into_inner()) = c;
}

/// The cache in use, if any.
pub fn cache_config() -> Option<CacheConfig> {
    CONFIG.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// The build key of split `split` ("train" or "test") of `d`'s source, or `None` for a
/// dataset that is not cached.
pub fn build_key(d: &DataSpec, seed: u64, split: &str) -> Option<String> {
    let what = match d.dataset {
        DatasetKind::Shapes => {
            let (train, test) = super::shapes::shapes_counts(d);
            let n = if split == "train" { train } else { test };
            format!("seed={seed} stream={} n={n}", (split != "train") as u8)
        }
        DatasetKind::FashionMnist | DatasetKind::Mnist | DatasetKind::Cifar10 => path_key(d),
        DatasetKind::ImageFolder => format!(
            "{} image_size={} grayscale={}",
            files_key(d),
            d.image_size,
            d.grayscale
        ),
        DatasetKind::Scenes => {
            // an impossible data.filter: not cached, the loader says why
            let (train, test) = super::scenes::scenes_counts(d).ok()?;
            let n = if split == "train" { train } else { test };
            let p = super::scenes::scene_params(d);
            format!(
                "seed={seed} stream={} n={n} size={} sequence_length={} night={:?} class_weights={:?}",
                (split != "train") as u8,
                p.size,
                p.sequence_length,
                p.night,
                p.class_weights
            )
        }
        DatasetKind::Coco | DatasetKind::Yolo => {
            format!("{} image_size={}", files_key(d), d.image_size)
        }
        // any dataset not listed above (features)
        _ => return None,
    };
    Some(format!(
        "{} {split} loader={LOADER_VERSION} {what}",
        d.dataset.name()
    ))
}

/// The size and modification time of `m`.
fn stamp_of(m: std::fs::Metadata) -> String {
    let t = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    t.map_or(format!("{}", m.len()), |t| {
        format!("{}@{}.{:09}", m.len(), t.as_secs(), t.subsec_nanos())
    })
}

/// `/<hash>` of the names and stamps of `dir`'s entries down to `depth` levels (only its
/// files with `files_only`), or nothing when `dir` cannot be listed.
fn entries_stamp(dir: &Path, depth: usize, files_only: bool) -> String {
    if std::fs::read_dir(dir).is_err() {
        return String::new();
    }
    let mut entries = Vec::new();
    list_stamps(dir, "", depth, files_only, &mut entries);
    entries.sort();
    format!(
        "/{:016x}",
        crate::rng::fnv1a64(entries.join(",").as_bytes())
    )
}

/// Append `name=stamp` of the entries of `dir` (names prefixed by `prefix`) to `out`,
/// descending into folders while `depth > 1`.
fn list_stamps(dir: &Path, prefix: &str, depth: usize, files_only: bool, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let Ok(m) = e.metadata() else { continue };
        let name = format!("{prefix}{:?}", e.file_name());
        if m.is_dir() && depth > 1 {
            list_stamps(&e.path(), &format!("{name}/"), depth - 1, files_only, out);
        }
        if !files_only || m.is_file() {
            out.push(format!("{name}={}", stamp_of(m)));
        }
    }
}

/// `data.path` (the default directory of `fashion-mnist` when empty) with a stamp of its
/// size and modification time and those of its entries: replacing, adding or removing a
/// file of the dataset gives another key.
fn path_key(d: &DataSpec) -> String {
    let path = if d.path.is_empty() && d.dataset == DatasetKind::FashionMnist {
        super::FASHION_MNIST_DIR.to_string()
    } else {
        d.path.clone()
    };
    let mut stamp = std::fs::metadata(&path).map_or(String::from("-"), stamp_of);
    stamp.push_str(&entries_stamp(Path::new(&path), 1, false));
    format!("path={path} stamp={stamp}")
}

/// [`path_key`] of a dataset of image files with the stamps of every file it reads
/// (`image-folder`: its class folders' files, also under `train/` and `test/`; `coco`: the
/// JSON's folder, its files only, and its `images/`; `yolo`: `images/` and `labels/`), so
/// replacing an image gives another key.
fn files_key(d: &DataSpec) -> String {
    let path = Path::new(&d.path);
    let mut key = path_key(d);
    match d.dataset {
        DatasetKind::ImageFolder => key.push_str(&entries_stamp(path, 3, false)),
        DatasetKind::Coco => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            key.push_str(&entries_stamp(dir, 1, true));
            key.push_str(&entries_stamp(&dir.join("images"), 1, false));
        }
        _ => {
            key.push_str(&entries_stamp(&path.join("images"), 1, false));
            key.push_str(&entries_stamp(&path.join("labels"), 1, false));
        }
    }
    key
}

/// The file of a split with build key `key` in `dir`.
pub fn file_of(dir: &Path, d: &DataSpec, split: &str, key: &str) -> PathBuf {
    dir.join(format!(
        "{}-{split}-{:016x}.albc",
        d.dataset.name(),
        crate::rng::fnv1a64(key.as_bytes())
    ))
}

/// Open `path` (checked against `key`), sharing a file this process already has open.
pub fn open_shared(path: &Path, key: &str) -> Result<Arc<CacheFile>, OpenError> {
    let mut open = OPEN.lock().unwrap_or_else(|e| e.into_inner());
    let map = open.get_or_insert_with(HashMap::new);
    if let Some(m) = map.get(path).and_then(Weak::upgrade) {
        if m.tail().key == key {
            return Ok(m);
        }
    }
    let m = Arc::new(CacheFile::open(path, key)?);
    map.insert(path.to_path_buf(), Arc::downgrade(&m));
    Ok(m)
}

/// A set reading a cache file (labels, class names and files from its tail).
pub fn set_of(m: Arc<CacheFile>) -> ImageSet {
    let [c, h, w] = m.header().geometry;
    let t = m.tail();
    ImageSet {
        channels: c as usize,
        height: h as usize,
        width: w as usize,
        class_names: t.class_names.clone(),
        labels: t.labels.clone(),
        files: t.files.clone(),
        objects: t.objects.clone(),
        meta: t.meta.clone(),
        pixels: Pixels::cached(Arc::clone(&m)),
    }
}

/// The source of `d` from the cache `c`, built first when a file is missing or unusable
/// (one stderr line says why, except when it is simply not there yet). `Ok(None)`: the
/// dataset is not cached.
pub fn load_cached(d: &DataSpec, seed: u64, c: &CacheConfig) -> Result<Option<Source>, DataError> {
    let (Some(train_key), Some(test_key)) =
        (build_key(d, seed, "train"), build_key(d, seed, "test"))
    else {
        return Ok(None);
    };
    let paths = [
        (file_of(&c.dir, d, "train", &train_key), train_key),
        (file_of(&c.dir, d, "test", &test_key), test_key),
    ];
    let mut stale = false;
    for (p, k) in &paths {
        match open_shared(p, k) {
            Ok(_) => {}
            Err(OpenError::Io(m)) => return Err(dir_error(&c.dir, m)),
            Err(OpenError::Stale(why)) => {
                if p.exists() {
                    eprintln!("data cache {}: {why}; rebuilding it", p.display());
                }
                stale = true;
            }
        }
    }
    if stale {
        build::build_source(
            d,
            seed,
            c,
            [&paths[0].0, &paths[1].0],
            [&paths[0].1, &paths[1].1],
        )?;
    }
    let mut sets = Vec::with_capacity(2);
    for (p, k) in &paths {
        let m = open_shared(p, k).map_err(|e| {
            let why = match e {
                OpenError::Io(m) | OpenError::Stale(m) => m,
            };
            dir_error(
                &c.dir,
                format!("{} is unusable right after writing it: {why}", p.display()),
            )
        })?;
        sets.push(set_of(m));
    }
    // image-folder without train/ and test/, coco and yolo have no test split: their test
    // file is empty
    let no_test = matches!(
        d.dataset,
        DatasetKind::ImageFolder | DatasetKind::Coco | DatasetKind::Yolo
    );
    let test = sets.pop().filter(|t| !t.is_empty() || !no_test);
    let train = sets.pop().expect("two sets");
    Ok(Some(Source { train, test }))
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_decoded;
