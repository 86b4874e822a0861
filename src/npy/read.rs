//! Reading `.npy` files: the header alone, a whole typed array, or an array of any of the
//! three element types.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::dtype::{DType, Element};
use super::error::{NpyError, NpyFault};
use super::header::{shape_text, Header};

/// An array read from a file: `data` holds `shape.iter().product()` elements in C order.
#[derive(Debug, Clone, PartialEq)]
pub struct Array<T> {
    /// Axis lengths, outermost first.
    pub shape: Vec<usize>,
    /// Elements in C order (the last axis varies fastest).
    pub data: Vec<T>,
}

/// An array whose element type was read from the file.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyArray {
    /// `float32`.
    F32(Array<f32>),
    /// `int64`.
    I64(Array<i64>),
    /// `uint8`.
    U8(Array<u8>),
}

impl AnyArray {
    /// The array's shape.
    pub fn shape(&self) -> &[usize] {
        match self {
            AnyArray::F32(a) => &a.shape,
            AnyArray::I64(a) => &a.shape,
            AnyArray::U8(a) => &a.shape,
        }
    }

    /// The array's dtype.
    pub fn dtype(&self) -> DType {
        match self {
            AnyArray::F32(_) => DType::F32,
            AnyArray::I64(_) => DType::I64,
            AnyArray::U8(_) => DType::U8,
        }
    }
}

fn open(path: &Path) -> Result<(BufReader<File>, u64), NpyError> {
    let f = File::open(path).map_err(|e| NpyError::io(path, e))?;
    let size = f.metadata().map_err(|e| NpyError::io(path, e))?.len();
    Ok((BufReader::with_capacity(1 << 16, f), size))
}

/// Open `path`, parse its header and check that the data section has exactly the bytes the
/// shape needs; the reader is left at the start of the data.
fn open_checked(path: &Path) -> Result<(BufReader<File>, Header), NpyError> {
    let (mut r, size) = open(path)?;
    let (h, start) = Header::decode(&mut r).map_err(|f| NpyError::new(path, f))?;
    let found = size.saturating_sub(start);
    let expected = h.data_bytes();
    if found < expected {
        return Err(NpyError::new(path, NpyFault::Truncated { expected, found }));
    }
    if found > expected {
        return Err(NpyError::new(
            path,
            NpyFault::TrailingBytes { expected, found },
        ));
    }
    Ok((r, h))
}

/// The header of `path` (dtype and shape), checked against the file size; the data is not read.
pub fn read_header(path: &Path) -> Result<Header, NpyError> {
    open_checked(path).map(|(_, h)| h)
}

/// Read the whole array of `path`, which must hold elements of type `T`.
pub fn read<T: Element>(path: &Path) -> Result<Array<T>, NpyError> {
    let (mut r, h) = open_checked(path)?;
    if h.dtype != T::DTYPE {
        return Err(NpyError::new(
            path,
            NpyFault::WrongDtype {
                expected: T::DTYPE.name(),
                found: h.dtype.descr().into(),
            },
        ));
    }
    let data = read_data::<T>(&mut r, &h).map_err(|e| NpyError::io(path, e))?;
    Ok(Array {
        shape: h.shape,
        data,
    })
}

/// Read the whole array of `path`, whatever its (supported) element type.
pub fn read_any(path: &Path) -> Result<AnyArray, NpyError> {
    let h = read_header(path)?;
    Ok(match h.dtype {
        DType::F32 => AnyArray::F32(read(path)?),
        DType::I64 => AnyArray::I64(read(path)?),
        DType::U8 => AnyArray::U8(read(path)?),
    })
}

/// Decode the data section in chunks of 1 MiB (bounded extra memory).
fn read_data<T: Element>(r: &mut impl Read, h: &Header) -> std::io::Result<Vec<T>> {
    let n = h.len() as usize;
    let mut out = Vec::with_capacity(n);
    let chunk = (1 << 20) / T::DTYPE.size() * T::DTYPE.size();
    let mut buf = vec![0u8; chunk.min(h.data_bytes() as usize)];
    let mut left = h.data_bytes() as usize;
    while left > 0 {
        let take = left.min(buf.len());
        r.read_exact(&mut buf[..take])?;
        T::decode_le(&buf[..take], &mut out);
        left -= take;
    }
    Ok(out)
}

/// Check `shape` (of the array in `path`) against `expected`, where `None` is a free axis:
/// the error names the file and shows both shapes, e.g. `shape (3, 5) where (3, ?, ?) is expected`.
pub fn check_shape(
    path: &Path,
    shape: &[usize],
    expected: &[Option<usize>],
) -> Result<(), NpyError> {
    let fits = shape.len() == expected.len()
        && shape
            .iter()
            .zip(expected)
            .all(|(s, e)| e.is_none_or(|e| e == *s));
    if fits {
        return Ok(());
    }
    let parts: Vec<String> = expected
        .iter()
        .map(|e| e.map_or("?".to_string(), |d| d.to_string()))
        .collect();
    let expected = match parts.len() {
        1 => format!("({},)", parts[0]),
        _ => format!("({})", parts.join(", ")),
    };
    Err(NpyError::new(
        path,
        NpyFault::Shape {
            expected,
            found: shape_text(shape),
        },
    ))
}
