//! A small reader and writer for NumPy `.npy` files: format 1.0 (2.0 and 3.0 read too),
//! little-endian, C order, for the three element types albench exchanges with other programs:
//! `float32` (`<f4`), `int64` (`<i8`) and `uint8` (`|u1`).
//!
//! - [`read`] loads a whole array of a known element type; [`read_header`] only the header
//!   (dtype and shape) without the data; [`read_any`] an array whose type is not known.
//! - [`write`] writes a whole array atomically; [`NpyWriter`] streams a large one batch by batch
//!   (the header is written first, the data appended, the file appears under its name only at
//!   [`NpyWriter::finish`]).
//! - [`check_shape`] compares a shape with an expected one where some axes are free.
//!
//! Every error is an [`NpyError`] whose message starts with the file name and says what is wrong
//! (bad magic, unsupported dtype, Fortran order, shape mismatch, truncated data, ...), so a
//! caller can show it as the one line of a bad-input exit.
//!
//! Layout written (what `numpy.save` writes for the same array): the magic `\x93NUMPY`, version
//! `1 0`, a little-endian `u16` header length, the header, a Python dict literal such as
//! `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` padded with spaces and a final
//! `\n` so that the data starts at a multiple of 64 bytes, then the elements in C order.

mod dtype;
mod error;
mod header;
mod read;
mod write;

pub use dtype::{DType, Element};
pub use error::{NpyError, NpyFault};
pub use header::Header;
pub use read::{check_shape, read, read_any, read_header, AnyArray, Array};
pub use write::{write, NpyWriter};

#[cfg(test)]
mod tests;
