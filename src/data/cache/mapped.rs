//! A data-cache file mapped read-only, its pixels read one row at a time.
//!
//! Mapped pages count in the process's resident set once touched, so the reader releases them:
//! after every [`WINDOW`] bytes read (by any thread), the whole map is advised `DONTNEED`
//! (pages leave the process; a later read faults them back in from the page cache). Peak
//! resident pixel memory is therefore about one window per open file, whatever the pool size.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use memmap2::{Mmap, UncheckedAdvice};

use super::format::{Depth, Header, Tail, PIXELS_AT};

/// Bytes read between two releases of the mapped pages (32 MiB).
pub const WINDOW: usize = 32 << 20;

/// An open, checked cache file.
#[derive(Debug)]
pub struct Mapped {
    map: Mmap,
    header: Header,
    tail: Tail,
    path: PathBuf,
    touched: AtomicUsize,
}

/// Why a file cannot be used: `Stale` (rebuild it, saying why) or `Io` (the directory or its
/// filesystem is the problem: mmap refused).
#[derive(Debug)]
pub enum OpenError {
    /// Missing, foreign, truncated, another version or another build key.
    Stale(String),
    /// The file exists but cannot be mapped.
    Io(String),
}

impl Mapped {
    /// Map `path` and check it against `key`.
    pub fn open(path: &Path, key: &str) -> Result<Mapped, OpenError> {
        let file = File::open(path).map_err(|e| OpenError::Stale(format!("cannot open: {e}")))?;
        let len = file
            .metadata()
            .map_err(|e| OpenError::Stale(format!("cannot stat: {e}")))?
            .len();
        if len < PIXELS_AT {
            return Err(OpenError::Stale(format!(
                "truncated ({len} bytes, shorter than the header)"
            )));
        }
        // SAFETY: the file is only ever replaced by rename, never written in place, so the
        // mapped bytes do not change while mapped.
        let map = unsafe { Mmap::map(&file) }
            .map_err(|e| OpenError::Io(format!("cannot memory-map {}: {e}", path.display())))?;
        let header = Header::decode(&map[..64], len).map_err(OpenError::Stale)?;
        let tail_bytes = &map[header.tail_at as usize..];
        let tail = Tail::decode(tail_bytes, header.count as usize).map_err(OpenError::Stale)?;
        if tail.key != key {
            return Err(OpenError::Stale(format!(
                "built from \"{}\", wanted \"{key}\"",
                tail.key
            )));
        }
        let m = Mapped {
            map,
            header,
            tail,
            path: path.to_path_buf(),
            touched: AtomicUsize::new(0),
        };
        m.release();
        Ok(m)
    }

    /// The file's header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Labels, class names, build key and files.
    pub fn tail(&self) -> &Tail {
        &self.tail
    }

    /// Value depth.
    pub fn depth(&self) -> Depth {
        self.header.depth
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append row `r` (`l` values) to `out` as floats in [0, 1]: bytes as `b as f32 / 255.0`.
    pub fn extend_row(&self, r: usize, l: usize, out: &mut Vec<f32>) {
        let d = self.header.depth.bytes();
        let at = PIXELS_AT as usize + r * l * d;
        let bytes = &self.map[at..at + l * d];
        match self.header.depth {
            Depth::U8 => out.extend(bytes.iter().map(|&b| b as f32 / 255.0)),
            Depth::F32 => out.extend(
                bytes
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes"))),
            ),
        }
        let before = self.touched.fetch_add(l * d, Ordering::Relaxed);
        if before + l * d >= WINDOW && before < WINDOW {
            self.touched.store(0, Ordering::Relaxed);
            self.release();
        }
    }

    /// Drop the mapped pages from the process (they stay in the page cache).
    pub fn release(&self) {
        // SAFETY: a read-only shared file mapping: DONTNEED only drops the page-table
        // entries, later reads fault the same file bytes back in.
        let _ = unsafe { self.map.unchecked_advise(UncheckedAdvice::DontNeed) };
    }
}
