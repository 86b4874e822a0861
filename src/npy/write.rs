//! Writing `.npy` files: a whole array at once ([`write`]) or streamed ([`NpyWriter`]).
//! Both write a temp file next to the target and rename it at the end, so a reader never
//! sees a partial file and a failed write leaves nothing under the target name.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use super::dtype::Element;
use super::error::{NpyError, NpyFault};
use super::header::Header;

/// Write `data` (C order) with `shape` to `path` atomically.
pub fn write<T: Element>(path: &Path, shape: &[usize], data: &[T]) -> Result<(), NpyError> {
    let mut w = NpyWriter::<T>::create(path, shape)?;
    w.write(data)?;
    w.finish()
}

/// A streaming writer: the header is written at creation, [`NpyWriter::write`] appends
/// elements in C order (any number per call), [`NpyWriter::finish`] checks that exactly the
/// shape's count was written and renames the temp file to the target. Dropped unfinished,
/// it removes its temp file.
pub struct NpyWriter<T: Element> {
    path: PathBuf,
    tmp: PathBuf,
    out: Option<BufWriter<File>>,
    expected: u64,
    written: u64,
    buf: Vec<u8>,
    _t: PhantomData<T>,
}

impl<T: Element> NpyWriter<T> {
    /// Start writing an array of `shape` to `path` (in a temp file `.NAME.PID.npy.tmp` in the
    /// same directory until [`NpyWriter::finish`]).
    pub fn create(path: &Path, shape: &[usize]) -> Result<Self, NpyError> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_else(|| "array".into());
        let tmp = path.with_file_name(format!(".{name}.{}.npy.tmp", std::process::id()));
        let f = File::create(&tmp).map_err(|e| NpyError::io(path, e))?;
        let header = Header {
            dtype: T::DTYPE,
            shape: shape.to_vec(),
        };
        let mut w = NpyWriter {
            path: path.to_path_buf(),
            tmp,
            out: Some(BufWriter::with_capacity(1 << 16, f)),
            expected: header.len(),
            written: 0,
            buf: Vec::new(),
            _t: PhantomData,
        };
        w.put(&header.encode())?;
        Ok(w)
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), NpyError> {
        let out = self.out.as_mut().expect("writer used after finish");
        out.write_all(bytes)
            .map_err(|e| NpyError::io(&self.path, e))
    }

    /// Append `values` (the next elements in C order). More elements than the shape holds
    /// is an error.
    pub fn write(&mut self, values: &[T]) -> Result<(), NpyError> {
        let found = self.written + values.len() as u64;
        if found > self.expected {
            return Err(NpyError::new(
                &self.path,
                NpyFault::Count {
                    expected: self.expected,
                    found,
                },
            ));
        }
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        T::extend_le(values, &mut buf);
        let r = self.put(&buf);
        self.buf = buf;
        r?;
        self.written = found;
        Ok(())
    }

    /// Check the count, flush, fsync and rename the temp file to the target.
    pub fn finish(mut self) -> Result<(), NpyError> {
        if self.written != self.expected {
            return Err(NpyError::new(
                &self.path,
                NpyFault::Count {
                    expected: self.expected,
                    found: self.written,
                },
            ));
        }
        let out = self.out.take().expect("writer finished twice");
        let result = out
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
            .and_then(|()| std::fs::rename(&self.tmp, &self.path));
        if result.is_err() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        result.map_err(|e| NpyError::io(&self.path, e))
    }
}

impl<T: Element> Drop for NpyWriter<T> {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
