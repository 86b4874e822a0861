//! The element types a `.npy` file may hold here, and their little-endian encoding.

/// An element type: the NumPy `descr` of each is in [`DType::descr`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DType {
    /// `float32`, descr `<f4`, 4 bytes.
    F32,
    /// `int64`, descr `<i8`, 8 bytes.
    I64,
    /// `uint8`, descr `|u1`, 1 byte.
    U8,
}

impl DType {
    /// The descr written in headers (`<f4`, `<i8`, `|u1`).
    pub fn descr(self) -> &'static str {
        match self {
            DType::F32 => "<f4",
            DType::I64 => "<i8",
            DType::U8 => "|u1",
        }
    }

    /// The NumPy name (`float32`, `int64`, `uint8`), for messages.
    pub fn name(self) -> &'static str {
        match self {
            DType::F32 => "float32",
            DType::I64 => "int64",
            DType::U8 => "uint8",
        }
    }

    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            DType::F32 => 4,
            DType::I64 => 8,
            DType::U8 => 1,
        }
    }

    /// The type of a header descr; `<u1` and `u1` are read as `uint8` too. `None` for any
    /// other descr (big-endian, other widths, structured types).
    pub fn from_descr(descr: &str) -> Option<DType> {
        match descr {
            "<f4" => Some(DType::F32),
            "<i8" => Some(DType::I64),
            "|u1" | "<u1" | "u1" => Some(DType::U8),
            _ => None,
        }
    }
}

/// A Rust element type stored in `.npy` files: `f32`, `i64` or `u8`.
pub trait Element: Copy + Default + Send + Sync + 'static {
    /// Its dtype.
    const DTYPE: DType;
    /// Append the little-endian bytes of `values` to `out`.
    fn extend_le(values: &[Self], out: &mut Vec<u8>);
    /// Decode `bytes` (a whole number of elements, little-endian) into `out`.
    fn decode_le(bytes: &[u8], out: &mut Vec<Self>);
}

macro_rules! element {
    ($t:ty, $d:expr, $n:expr) => {
        impl Element for $t {
            const DTYPE: DType = $d;
            fn extend_le(values: &[Self], out: &mut Vec<u8>) {
                out.reserve(values.len() * $n);
                for v in values {
                    out.extend_from_slice(&v.to_le_bytes());
                }
            }
            fn decode_le(bytes: &[u8], out: &mut Vec<Self>) {
                out.reserve(bytes.len() / $n);
                for c in bytes.chunks_exact($n) {
                    let mut b = [0u8; $n];
                    b.copy_from_slice(c);
                    out.push(<$t>::from_le_bytes(b));
                }
            }
        }
    };
}

element!(f32, DType::F32, 4);
element!(i64, DType::I64, 8);

impl Element for u8 {
    const DTYPE: DType = DType::U8;
    fn extend_le(values: &[Self], out: &mut Vec<u8>) {
        out.extend_from_slice(values);
    }
    fn decode_le(bytes: &[u8], out: &mut Vec<Self>) {
        out.extend_from_slice(bytes);
    }
}
