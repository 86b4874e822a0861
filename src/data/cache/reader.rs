//! An open, checked cache file, its pixels read a batch at a time with positioned reads
//! (`pread`, one per run of consecutive rows) into a reused per-thread buffer.
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

/// At most this many bytes of a file are read per `pread` chunk (a batch of 256 28×28 rows is
/// 196 KB, of 32×32 RGB rows 768 KB).
const CHUNK_BYTES: usize = 1 << 20;

thread_local! {
    /// The bytes of the rows being converted (one buffer per thread, reused: it grows to the
    /// largest chunk read, at most [`CHUNK_BYTES`] or one row, and is never freed).
    static CHUNK: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
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
        if header.key_hash != crate::rng::fnv1a64(key.as_bytes()) {
            return Err(OpenError::Stale(
                "damaged header: its build-key hash does not match the key in its tail".into(),
            ));
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
        self.extend_rows(1, |_| r, l, out);
    }

    /// Append rows `row_of(0)`, …, `row_of(n - 1)` (`l` values each) to `out` as floats in
    /// [0, 1], in that order: the values [`CacheFile::extend_row`] gives row by row. The rows
    /// are read in chunks of at most 1 MiB into a reused per-thread buffer, each run of
    /// consecutive rows with one `pread`, and each chunk converted in one pass; nothing is
    /// allocated once the buffer has grown. Panics like `extend_row`.
    pub fn extend_rows(
        &self,
        n: usize,
        row_of: impl Fn(usize) -> usize,
        l: usize,
        out: &mut Vec<f32>,
    ) {
        let row_bytes = l * self.header.depth.bytes();
        self.extend_rows_by(n, row_of, l, out, CHUNK_BYTES / row_bytes.max(1));
    }

    /// [`CacheFile::extend_rows`] reading at most `per_chunk` rows (at least one) per chunk.
    fn extend_rows_by(
        &self,
        n: usize,
        row_of: impl Fn(usize) -> usize,
        l: usize,
        out: &mut Vec<f32>,
        per_chunk: usize,
    ) {
        let row_bytes = l * self.header.depth.bytes();
        let per_chunk = per_chunk.max(1);
        out.reserve(n * l);
        CHUNK.with(|buf| {
            let mut buf = buf.borrow_mut();
            let mut start = 0;
            while start < n {
                let end = n.min(start + per_chunk);
                buf.resize((end - start) * row_bytes, 0);
                for_each_run((start..end).map(&row_of), |first, k, pos| {
                    self.read_run(first, k, &mut buf[pos * row_bytes..(pos + k) * row_bytes]);
                });
                convert(self.header.depth, &buf, out);
                start = end;
            }
        });
    }

    /// Read rows `first..first + k` into `dst` (exactly their bytes).
    fn read_run(&self, first: usize, k: usize, dst: &mut [u8]) {
        let at = PIXELS_AT + (first * (dst.len() / k)) as u64;
        if let Err(e) = read_exact_at(&self.file, dst, at) {
            panic!(
                "data cache {}: rows {first}..{} unreadable: {e}",
                self.path.display(),
                first + k
            );
        }
    }
}

/// Call `f(first, k, pos)` for each run of consecutive rows in `rows`, in order: rows
/// `first..first + k` sit at positions `pos..pos + k` of the sequence.
fn for_each_run(rows: impl Iterator<Item = usize>, mut f: impl FnMut(usize, usize, usize)) {
    // (first row of the open run, its length, its position)
    let mut run: Option<(usize, usize, usize)> = None;
    for (pos, r) in rows.enumerate() {
        match &mut run {
            Some((first, k, _)) if *first + *k == r => *k += 1,
            _ => {
                if let Some((first, k, at)) = run {
                    f(first, k, at);
                }
                run = Some((r, 1, pos));
            }
        }
    }
    if let Some((first, k, at)) = run {
        f(first, k, at);
    }
}

/// Append the values in `bytes` (of depth `depth`) to `out` as floats in [0, 1]: a byte `b`
/// as `b as f32 / 255.0`, a float as its little-endian bits.
fn convert(depth: Depth, bytes: &[u8], out: &mut Vec<f32>) {
    match depth {
        Depth::U8 => out.extend(bytes.iter().map(|&b| b as f32 / 255.0)),
        Depth::F32 => out.extend(
            bytes
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes"))),
        ),
    }
}

#[cfg(test)]
#[path = "reader_tests.rs"]
mod tests;
