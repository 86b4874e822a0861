//! The data-cache file format (version [`VERSION`]), little-endian:
//!
//! | bytes | content |
//! |---|---|
//! | 0..8 | magic `ALBCACHE` |
//! | 8..12 | format version (u32) |
//! | 12 | depth: 1 = u8 (value `b / 255`), 4 = f32 |
//! | 16..28 | channels, height, width (u32 each) |
//! | 32..40 | image count (u64) |
//! | 40..48 | offset of the tail (u64) |
//! | 48..56 | length of the tail (u64) |
//! | 56..64 | FNV-1a hash of the build key (u64) |
//! | [`PIXELS_AT`].. | pixels, `[count, c, h, w]` row-major at the depth |
//! | tail | labels (u32 each), class names, build key, files, then (version 2) each image's
//! objects and acquisition metadata (see [`Tail`], [`super::annotations`]) |
//!
//! Version 2 (2026-12-07) added the objects and metadata of detection datasets to the tail;
//! a version-1 file is rebuilt (never read as version 2: the version is checked first).
//!
//! A file is usable only when every field is consistent with its length (a truncated file is
//! never read as data) and its build key equals the one wanted.

use super::super::{DataError, ImageMeta, Object};
use super::annotations;
use super::tail_reader::Reader;

/// First bytes of every cache file.
pub const MAGIC: &[u8; 8] = b"ALBCACHE";
/// Format version; a file of another version is rebuilt.
pub const VERSION: u32 = 2;
/// Where the pixels start (one page: the header's fixed part fits with room to grow).
pub const PIXELS_AT: u64 = 4096;

/// Bytes per stored value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    /// One byte, value `b / 255`.
    U8,
    /// A little-endian f32 in [0, 1].
    F32,
}

impl Depth {
    /// Bytes per value.
    pub fn bytes(self) -> usize {
        match self {
            Depth::U8 => 1,
            Depth::F32 => 4,
        }
    }
}

/// The fixed part of a cache file's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Value depth.
    pub depth: Depth,
    /// Channels, height, width.
    pub geometry: [u32; 3],
    /// Number of images.
    pub count: u64,
    /// Offset of the tail.
    pub tail_at: u64,
    /// Length of the tail.
    pub tail_len: u64,
    /// Hash of the build key.
    pub key_hash: u64,
}

impl Header {
    /// Values per image.
    pub fn sample_len(&self) -> usize {
        self.geometry.iter().map(|&g| g as usize).product()
    }

    /// Bytes of the pixel section.
    pub fn pixel_bytes(&self) -> u64 {
        self.count * (self.sample_len() * self.depth.bytes()) as u64
    }

    /// The header's 64 bytes.
    pub fn encode(&self) -> [u8; 64] {
        let mut b = [0u8; 64];
        b[..8].copy_from_slice(MAGIC);
        b[8..12].copy_from_slice(&VERSION.to_le_bytes());
        b[12] = self.depth.bytes() as u8;
        for (k, g) in self.geometry.iter().enumerate() {
            b[16 + 4 * k..20 + 4 * k].copy_from_slice(&g.to_le_bytes());
        }
        b[32..40].copy_from_slice(&self.count.to_le_bytes());
        b[40..48].copy_from_slice(&self.tail_at.to_le_bytes());
        b[48..56].copy_from_slice(&self.tail_len.to_le_bytes());
        b[56..64].copy_from_slice(&self.key_hash.to_le_bytes());
        b
    }

    /// Parse and check a file of `file_len` bytes starting with `b`; `Err` says why it is not
    /// a usable cache file (foreign, other version, truncated, inconsistent).
    pub fn decode(b: &[u8], file_len: u64) -> Result<Header, String> {
        if b.len() < 64 || &b[..8] != MAGIC {
            return Err("not an albench data-cache file".into());
        }
        let u32_at = |o: usize| u32::from_le_bytes(b[o..o + 4].try_into().expect("4 bytes"));
        let u64_at = |o: usize| u64::from_le_bytes(b[o..o + 8].try_into().expect("8 bytes"));
        let version = u32_at(8);
        if version != VERSION {
            return Err(format!(
                "format version {version}, this albench writes {VERSION}"
            ));
        }
        let depth = match b[12] {
            1 => Depth::U8,
            4 => Depth::F32,
            d => return Err(format!("unknown depth {d}")),
        };
        let h = Header {
            depth,
            geometry: [u32_at(16), u32_at(20), u32_at(24)],
            count: u64_at(32),
            tail_at: u64_at(40),
            tail_len: u64_at(48),
            key_hash: u64_at(56),
        };
        let end = PIXELS_AT.checked_add(h.pixel_bytes());
        if end != Some(h.tail_at) || h.tail_at.checked_add(h.tail_len) != Some(file_len) {
            return Err(format!(
                "truncated or inconsistent: {file_len} bytes, the header describes {}",
                h.tail_at.saturating_add(h.tail_len)
            ));
        }
        Ok(h)
    }
}

/// What follows the pixels: labels, class names, the build key, (image-folder, coco, yolo) the
/// file of each image and (detection datasets) each image's objects and metadata.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tail {
    /// One label per image.
    pub labels: Vec<u32>,
    /// Class names in label order.
    pub class_names: Vec<String>,
    /// The build key (what made the file: dataset, path, seed, counts, loader version).
    pub key: String,
    /// The file of each image, or empty.
    pub files: Vec<String>,
    /// Detection: the objects of each image (boxes in px of the stored image), or empty.
    pub objects: Vec<Vec<Object>>,
    /// The acquisition metadata of each image (`scenes`), or empty.
    pub meta: Vec<ImageMeta>,
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

impl Tail {
    /// The tail's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.labels.len() * 4 + 256);
        for l in &self.labels {
            out.extend_from_slice(&l.to_le_bytes());
        }
        out.extend_from_slice(&(self.class_names.len() as u32).to_le_bytes());
        for c in &self.class_names {
            put_str(&mut out, c);
        }
        put_str(&mut out, &self.key);
        out.extend_from_slice(&(self.files.len() as u32).to_le_bytes());
        for f in &self.files {
            put_str(&mut out, f);
        }
        annotations::encode(&mut out, &self.objects, &self.meta);
        out
    }

    /// Parse the tail of a file of `count` images; `Err` says what is malformed.
    pub fn decode(b: &[u8], count: usize) -> Result<Tail, String> {
        let mut r = Reader::new(b);
        let labels = (0..count).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
        let n = r.u32()? as usize;
        let class_names = (0..n).map(|_| r.string()).collect::<Result<Vec<_>, _>>()?;
        let key = r.string()?;
        let nf = r.u32()? as usize;
        let files = (0..nf).map(|_| r.string()).collect::<Result<Vec<_>, _>>()?;
        let (objects, meta) = annotations::decode(&mut r, count, n)?;
        if !r.at_end() || labels.iter().any(|&l| l as usize >= n) {
            return Err("malformed tail (labels, class names)".into());
        }
        Ok(Tail {
            labels,
            class_names,
            key,
            files,
            objects,
            meta,
        })
    }
}

/// The error for a cache directory that cannot be used: names it and what to do.
pub fn dir_error(dir: &std::path::Path, what: impl std::fmt::Display) -> DataError {
    DataError::Cache {
        dir: dir.to_path_buf(),
        message: format!(
            "{what}; use a writable directory with free space on a local filesystem \
             (--cache DIR or ALBENCH_CACHE)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        Header {
            depth: Depth::U8,
            geometry: [1, 2, 3],
            count: 5,
            tail_at: PIXELS_AT + 30,
            tail_len: 11,
            key_hash: 42,
        }
    }

    #[test]
    fn header_round_trips_and_rejects_truncation_and_strangers() {
        let h = header();
        let b = h.encode();
        let len = PIXELS_AT + 30 + 11;
        assert_eq!(Header::decode(&b, len).unwrap(), h);
        assert!(Header::decode(&b, len - 1)
            .unwrap_err()
            .contains("truncated"));
        let mut foreign = b;
        foreign[0] = b'X';
        assert!(Header::decode(&foreign, len)
            .unwrap_err()
            .contains("not an albench"));
        let mut old = b;
        old[8] = 99;
        assert!(Header::decode(&old, len)
            .unwrap_err()
            .contains("version 99"));
    }

    #[test]
    fn tail_round_trips() {
        let t = Tail {
            labels: vec![1, 0, 1],
            class_names: vec!["a".into(), "bé".into()],
            key: "k".into(),
            files: vec![],
            ..Tail::default()
        };
        let b = t.encode();
        assert_eq!(Tail::decode(&b, 3).unwrap(), t);
        assert!(Tail::decode(&b[..b.len() - 1], 3).is_err());
        assert!(Tail::decode(&b, 4).is_err());
    }
}
