//! The learner's split files of a split read from the data cache, written once per cache
//! key into the cache directory and shared (read-only) by every run, `--jobs` worker and
//! shard that draws the same rows: `<cache>/npy/<key>/<split>_x.npy` and `<split>_y.npy`,
//! byte for byte the files [`super::splits::write_splits`] writes into a run's directory.
//!
//! The key ([`split_key`]) is a SHA-256 of what the files hold: the cache file's build key,
//! the `.npy` header of the images (dtype and shape), the rows of the cache file the split
//! sees, in the split's order (the pool's order is the learner's pool index, protocol 1),
//! and the split's labels. So the configurations of a sweep that share a draw share the
//! files, and another draw (a repeat with `data.resample_splits`, another size) gets others.
//!
//! A file is written to a temp file of this process and thread, fsynced, made read-only,
//! then hard-linked under its name, which never replaces a file: the first writer to finish
//! publishes it, a concurrent writer that finds it there drops its own copy, and a run
//! never sees a partial file. A file that is there but not what its name promises (foreign,
//! truncated, another shape) is rewritten (renamed over), with one line on stderr.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::protocol::SplitFiles;
use super::split_npy::{write_x, write_y, x_header, y_header};
use crate::data::cache::CacheFile;
use crate::data::ImageSet;
use crate::npy::{Header, NpyError};

/// The folder of the shared split files inside the cache directory.
pub const NPY_DIR: &str = "npy";

/// Raised when the bytes written for a key change (another conversion, another layout).
const KEY_VERSION: &str = "albench learner split npy 1";

/// The shared files of split `name` of `set`, written first when missing: `None` when the
/// set's pixels are not read from a cache file; `Some(Err)` when the cache directory cannot
/// take them (read-only, full): the caller writes the run's own copy then.
pub fn shared_files(set: &ImageSet, name: &str) -> Option<Result<SplitFiles, String>> {
    let (m, rows) = set.pixels.cache_view()?;
    // absolute: the learner runs in the spec's directory, not in albench's
    let cache_dir = std::path::absolute(m.path().parent()?).ok()?;
    let dir = cache_dir.join(NPY_DIR).join(split_key(set, m, rows));
    Some(ensure_split(set, name, &dir))
}

/// The key of `set`'s files (20 hex digits of a SHA-256): the build key of the cache file
/// `m`, the images' `.npy` header, the rows of `m` the set sees in its order (`None`: all,
/// in file order) and its labels.
pub fn split_key(set: &ImageSet, m: &CacheFile, rows: Option<&[u32]>) -> String {
    let mut h = Sha256::new();
    h.update(KEY_VERSION.as_bytes());
    h.update([0]);
    h.update(m.tail().key.as_bytes());
    h.update([0]);
    h.update(x_header(set).encode());
    match rows {
        Some(rows) => {
            h.update(b"rows");
            hash_u32s(&mut h, rows);
        }
        None => h.update(b"whole"),
    }
    h.update(b"labels");
    hash_u32s(&mut h, &set.labels);
    h.finalize()[..10]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Feed `values` to `h` as little-endian bytes, 1,024 values per update.
fn hash_u32s(h: &mut Sha256, values: &[u32]) {
    let mut buf = [0u8; 4096];
    for chunk in values.chunks(1024) {
        for (b, v) in buf.chunks_exact_mut(4).zip(chunk) {
            b.copy_from_slice(&v.to_le_bytes());
        }
        h.update(&buf[..chunk.len() * 4]);
    }
}

/// `dir/<name>_x.npy` and `dir/<name>_y.npy` of `set`, each written unless already there.
fn ensure_split(set: &ImageSet, name: &str, dir: &Path) -> Result<SplitFiles, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let files = SplitFiles {
        x: dir.join(format!("{name}_x.npy")),
        y: dir.join(format!("{name}_y.npy")),
    };
    ensure(&files.x, &x_header(set), |p| write_x(set, p))?;
    ensure(&files.y, &y_header(set), |p| write_y(set, p))?;
    Ok(files)
}

/// Make `path` hold an array with header `want`: kept when a complete file with that header
/// is there, else written by `write` (into a temp file, then published).
fn ensure(
    path: &Path,
    want: &Header,
    write: impl FnOnce(&Path) -> Result<(), NpyError>,
) -> Result<(), String> {
    let replace = match crate::npy::read_header(path) {
        Ok(h) if h == *want => return Ok(()),
        Ok(h) => {
            eprintln!(
                "{}: {} {:?} where {} {:?} is expected; rewriting it",
                path.display(),
                h.dtype.name(),
                h.shape,
                want.dtype.name(),
                want.shape
            );
            true
        }
        Err(e) if path.exists() => {
            eprintln!("{e}; rewriting it");
            true
        }
        Err(_) => false,
    };
    let part = part_path(path);
    write(&part).map_err(|e| e.to_string())?;
    publish(&part, path, replace).map_err(|e| {
        let _ = std::fs::remove_file(&part);
        format!("{}: {e}", path.display())
    })
}

/// `.<name>.<pid>.<thread>.part` beside `path`: the temp file of this process and thread.
fn part_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tid =
        format!("{:?}", std::thread::current().id()).replace(|c: char| !c.is_ascii_digit(), "");
    path.with_file_name(format!(".{name}.{}.{tid}.part", std::process::id()))
}

/// Make the complete file `part` read-only and give it the name `path`: by a hard link,
/// which keeps a file already there (another writer's, equal by its key), unless `replace`
/// (the file there is damaged) or the filesystem has no hard links: then by rename.
fn publish(part: &Path, path: &Path, replace: bool) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(part, std::fs::Permissions::from_mode(0o444))?;
    if !replace {
        match std::fs::hard_link(part, path) {
            Ok(()) => return std::fs::remove_file(part),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => return std::fs::remove_file(part),
            Err(_) => {}
        }
    }
    std::fs::rename(part, path)
}

#[cfg(test)]
#[path = "shared_splits_tests.rs"]
mod tests;
