//! Writing one cache file: pixels streamed in chunks into a temp file beside the target,
//! then the tail and the header, fsync, rename. A process killed mid-write leaves only a
//! `.tmp` file, which is never read (and is removed by the next writer of the same file); an
//! error removes it.

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::format::{dir_error, Depth, Header, Tail, PIXELS_AT};
use crate::data::DataError;

/// A cache file being written. Dropped without [`Writer::finish`], its temp file is removed.
pub struct Writer {
    out: Option<BufWriter<File>>,
    tmp: PathBuf,
    target: PathBuf,
    dir: PathBuf,
    depth: Depth,
    geometry: [u32; 3],
    count: u64,
}

/// The temp file of `target`: hidden, named after the target and this process.
fn temp_of(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

impl Writer {
    /// Start writing `target` (in `dir`, created if needed) with images of `geometry`
    /// (channels, height, width) at `depth`.
    pub fn create(
        dir: &Path,
        target: &Path,
        depth: Depth,
        geometry: [u32; 3],
    ) -> Result<Writer, DataError> {
        if dir.exists() && !dir.is_dir() {
            return Err(dir_error(dir, "it is a file, not a directory"));
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| dir_error(dir, format!("cannot create it: {e}")))?;
        let tmp = temp_of(target);
        let file =
            File::create(&tmp).map_err(|e| dir_error(dir, format!("cannot write in it: {e}")))?;
        let mut w = Writer {
            out: Some(BufWriter::with_capacity(1 << 20, file)),
            tmp,
            target: target.to_path_buf(),
            dir: dir.to_path_buf(),
            depth,
            geometry,
            count: 0,
        };
        w.write(&[0u8; PIXELS_AT as usize])?;
        Ok(w)
    }

    fn write(&mut self, b: &[u8]) -> Result<(), DataError> {
        let out = self.out.as_mut().expect("open until finished");
        out.write_all(b).map_err(|e| {
            dir_error(
                &self.dir,
                format!("cannot write {}: {e}", self.tmp.display()),
            )
        })
    }

    /// Values per image.
    fn sample_len(&self) -> usize {
        self.geometry.iter().map(|&g| g as usize).product()
    }

    /// Append whole images given as bytes (depth u8).
    pub fn push_u8(&mut self, values: &[u8]) -> Result<(), DataError> {
        debug_assert_eq!(self.depth, Depth::U8);
        debug_assert_eq!(values.len() % self.sample_len(), 0);
        self.count += (values.len() / self.sample_len()) as u64;
        self.write(values)
    }

    /// Append whole images given as floats (depth f32).
    pub fn push_f32(&mut self, values: &[f32]) -> Result<(), DataError> {
        debug_assert_eq!(self.depth, Depth::F32);
        debug_assert_eq!(values.len() % self.sample_len(), 0);
        self.count += (values.len() / self.sample_len()) as u64;
        let mut buf = Vec::with_capacity(values.len() * 4);
        for v in values {
            buf.extend_from_slice(&v.to_le_bytes());
        }
        self.write(&buf)
    }

    /// Write the tail and the header, sync and rename onto the target. `tail.labels` must hold
    /// one label per image pushed.
    pub fn finish(mut self, tail: &Tail) -> Result<PathBuf, DataError> {
        assert_eq!(tail.labels.len() as u64, self.count, "one label per image");
        let bytes = tail.encode();
        self.write(&bytes)?;
        let header = Header {
            depth: self.depth,
            geometry: self.geometry,
            count: self.count,
            tail_at: PIXELS_AT + self.count * (self.sample_len() * self.depth.bytes()) as u64,
            tail_len: bytes.len() as u64,
            key_hash: crate::rng::fnv1a64(tail.key.as_bytes()),
        };
        let out = self.out.take().expect("open until finished");
        let dir = self.dir.clone();
        let io = |e: std::io::Error| dir_error(&dir, format!("cannot complete a cache file: {e}"));
        let mut file = out.into_inner().map_err(|e| io(e.into_error()))?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        file.write_all(&header.encode()).map_err(io)?;
        file.sync_all().map_err(io)?;
        drop(file);
        std::fs::rename(&self.tmp, &self.target).map_err(io)?;
        Ok(self.target.clone())
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Not finished (an error, or a panic): the temp file goes; after finish it was renamed
        // and this finds nothing.
        drop(self.out.take());
        let _ = std::fs::remove_file(&self.tmp);
    }
}
