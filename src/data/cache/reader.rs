//! An open, checked cache file, its pixels read one row at a time with positioned reads
//! (`pread`).
//!
//! Rows are read into the caller's batch, never mapped into the process: the file's pages
//! stay in the kernel's page cache (shared by every process on the machine), and the
//! process's resident set holds only the batch being gathered, whatever the pool size.
//! (A memory map was tried first: random reads of a few rows — the labeled set, each epoch —
//! made the kernel map whole large folios around them, so the resident set grew to the whole
//! file however often it was released.)

use std::cell::RefCell;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use super::format::{Depth, Header, Tail, PIXELS_AT};

/// An open, checked cache file.
#[derive(Debug)]
pub struct CacheFile {
    file: File,
    header: Header,
    tail: Tail,
    path: PathBuf,
}

/// Why a file cannot be used: `Stale` (rebuild it, saying why) or `Io` (the directory or its
/// filesystem is the problem).
#[derive(Debug)]
pub enum OpenError {
    /// Missing, foreign, truncated, another version or another build key.
    Stale(String),
    /// The file exists but cannot be read.
    Io(String),
}

thread_local! {
    /// The bytes of the row being converted (one buffer per thread, reused).
    static ROW: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Read exactly `buf.len()` bytes at `at`.
fn read_exact_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    file.read_exact_at(buf, at)
}

impl CacheFile {
    /// Open `path` and check it against `key`.
    pub fn open(path: &Path, key: &str) -> Result<CacheFile, OpenError> {
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
        let io = |e: std::io::Error| OpenError::Io(format!("cannot read {}: {e}", path.display()));
        let mut head = [0u8; 64];
        read_exact_at(&file, &mut head, 0).map_err(io)?;
        let header = Header::decode(&head, len).map_err(OpenError::Stale)?;
        let mut tail_bytes = vec![0u8; header.tail_len as usize];
        read_exact_at(&file, &mut tail_bytes, header.tail_at).map_err(io)?;
        let tail = Tail::decode(&tail_bytes, header.count as usize).map_err(OpenError::Stale)?;
        if tail.key != key {
            return Err(OpenError::Stale(format!(
                "built from \"{}\", wanted \"{key}\"",
                tail.key
            )));
        }
        Ok(CacheFile {
            file,
            header,
            tail,
            path: path.to_path_buf(),
        })
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
    /// Panics if the file can no longer be read (it was checked when opened and is only ever
    /// replaced by rename, so the open file stays whole).
    pub fn extend_row(&self, r: usize, l: usize, out: &mut Vec<f32>) {
        let d = self.header.depth.bytes();
        let at = PIXELS_AT + (r * l * d) as u64;
        ROW.with(|buf| {
            let mut buf = buf.borrow_mut();
            buf.resize(l * d, 0);
            if let Err(e) = read_exact_at(&self.file, &mut buf, at) {
                panic!(
                    "data cache {}: row {r} unreadable: {e}",
                    self.path.display()
                );
            }
            match self.header.depth {
                Depth::U8 => out.extend(buf.iter().map(|&b| b as f32 / 255.0)),
                Depth::F32 => out.extend(
                    buf.chunks_exact(4)
                        .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes"))),
                ),
            }
        });
    }
}
