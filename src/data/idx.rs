//! IDX files (MNIST, Fashion-MNIST), raw or gzip-compressed (detected by magic bytes).
//!
//! Format: a 4-byte magic `0x00 0x00 type ndim` (type `0x08` = unsigned byte), then `ndim`
//! big-endian u32 dimensions, then the data. Images: ndim 3 (`n, rows, cols`); labels: ndim 1.

use std::io::Read;
use std::path::Path;

use super::{DataError, ImageSet};

/// Decoded IDX file: dimensions and raw bytes.
#[derive(Debug)]
pub struct Idx {
    /// Dimensions.
    pub dims: Vec<usize>,
    /// Data, `product(dims)` bytes.
    pub data: Vec<u8>,
}

fn read_all(path: &Path) -> Result<Vec<u8>, DataError> {
    let raw = std::fs::read(path).map_err(|e| DataError::io(path, format!("cannot read: {e}")))?;
    if raw.len() >= 2 && raw[0] == 0x1f && raw[1] == 0x8b {
        let mut out = Vec::with_capacity(raw.len() * 4);
        flate2::read::GzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|e| DataError::Format {
                path: path.into(),
                offset: 0,
                message: format!("corrupt gzip stream: {e}"),
            })?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// Bytes of data `dims` describe: their product, `None` when it overflows `usize`.
fn byte_count(dims: &[usize]) -> Option<usize> {
    dims.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
}

/// Read and check an IDX file of unsigned bytes with `ndim` dimensions.
pub fn read_idx(path: &Path, ndim: usize) -> Result<Idx, DataError> {
    let bytes = read_all(path)?;
    let fmt = |offset: u64, message: String| DataError::Format {
        path: path.into(),
        offset,
        message,
    };
    if bytes.len() < 4 {
        return Err(fmt(
            0,
            format!("file too short for an IDX header ({} bytes)", bytes.len()),
        ));
    }
    if bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0x08 || bytes[3] as usize != ndim {
        return Err(fmt(
            0,
            format!(
                "wrong magic number 0x{:02x}{:02x}{:02x}{:02x}; expected 0x000008{:02x} (unsigned bytes, {ndim} dimensions)",
                bytes[0], bytes[1], bytes[2], bytes[3], ndim
            ),
        ));
    }
    let header = 4 + 4 * ndim;
    if bytes.len() < header {
        return Err(fmt(
            4,
            format!(
                "truncated header: {ndim} dimensions need {header} bytes, file has {}",
                bytes.len()
            ),
        ));
    }
    let dims: Vec<usize> = (0..ndim)
        .map(|d| {
            u32::from_be_bytes(bytes[4 + 4 * d..8 + 4 * d].try_into().expect("4 bytes")) as usize
        })
        .collect();
    let Some(need) = byte_count(&dims) else {
        return Err(fmt(
            4,
            format!("dimensions {dims:?} multiply to more bytes than this machine can address; a header of a real IDX file cannot say that"),
        ));
    };
    let have = bytes.len() - header;
    if have < need {
        return Err(fmt(
            bytes.len() as u64,
            format!("truncated data: dimensions {dims:?} need {need} bytes after the header, file has {have}"),
        ));
    }
    Ok(Idx {
        dims,
        data: bytes[header..header + need].to_vec(),
    })
}

/// Load an images file and a labels file into an [`ImageSet`] with `classes` names.
pub fn load_idx_pair(
    images: &Path,
    labels: &Path,
    class_names: &[&str],
) -> Result<ImageSet, DataError> {
    let img = read_idx(images, 3)?;
    let lab = read_idx(labels, 1)?;
    if img.dims[0] != lab.dims[0] {
        return Err(DataError::Format {
            path: labels.into(),
            offset: 4,
            message: format!(
                "{} labels for {} images in {}",
                lab.dims[0],
                img.dims[0],
                images.display()
            ),
        });
    }
    if let Some(pos) = lab
        .data
        .iter()
        .position(|&l| l as usize >= class_names.len())
    {
        return Err(DataError::Format {
            path: labels.into(),
            offset: (8 + pos) as u64,
            message: format!(
                "label {} of sample {pos} is outside 0..{}",
                lab.data[pos],
                class_names.len()
            ),
        });
    }
    Ok(ImageSet {
        channels: 1,
        height: img.dims[1],
        width: img.dims[2],
        class_names: class_names.iter().map(|s| s.to_string()).collect(),
        pixels: super::Pixels::from_u8(img.data),
        labels: lab.data.iter().map(|&l| l as u32).collect(),
        objects: Vec::new(),
        meta: Vec::new(),
        files: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_count_is_checked() {
        assert_eq!(byte_count(&[3, 2, 2]), Some(12));
        assert_eq!(byte_count(&[5]), Some(5));
        assert_eq!(byte_count(&[0, 7, 7]), Some(0));
        // 4 · 2³¹ · 2³¹ = 2⁶⁴: wraps to 0 when multiplied unchecked
        assert_eq!(byte_count(&[4, 1 << 31, 1 << 31]), None);
        assert_eq!(byte_count(&[1 << 31, 1 << 31, 1 << 31]), None);
    }

    #[test]
    fn a_header_whose_dimensions_overflow_is_a_format_error() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("crafted-idx3-ubyte");
        let mut bytes = vec![0u8, 0, 8, 3];
        for dim in [4u32, 1 << 31, 1 << 31] {
            bytes.extend(dim.to_be_bytes());
        }
        bytes.extend([0u8; 16]);
        std::fs::write(&p, bytes).unwrap();
        let e = read_idx(&p, 3).unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, DataError::Format { offset: 4, .. }), "{msg}");
        assert!(
            msg.contains("crafted-idx3-ubyte") && msg.contains("[4, 2147483648, 2147483648]"),
            "{msg}"
        );
        assert_eq!(msg.lines().count(), 1, "{msg}");
    }
}
