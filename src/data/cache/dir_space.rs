//! The free space of the cache directory, checked before a source's files are built, so
//! that a disk too small for them is refused up front with one line (needed against free)
//! instead of filling up in the middle of a write.
//!
//! The estimate counts what every file holds for certain: its 4,096-byte header page, the
//! pixels (`count × c × h × w × depth` bytes: 1 per value for u8, 4 for f32 such as
//! `scenes`) and one u32 label per image. The rest of the tail (class names, build key,
//! file names, boxes, metadata) is not counted: it is small next to the pixels, and a disk
//! that fills anyway still fails cleanly mid-write (the writer removes its temp file).

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use super::format::{dir_error, Depth, PIXELS_AT};
use crate::data::DataError;

/// The bytes a cache file of `count` images of `geometry` (channels, height, width) at
/// `depth` takes at least: header page + pixels + one u32 label per image.
pub fn file_bytes(depth: Depth, geometry: [u32; 3], count: usize) -> u64 {
    let row: u64 = geometry.iter().map(|&g| g as u64).product::<u64>() * depth.bytes() as u64;
    PIXELS_AT.saturating_add((count as u64).saturating_mul(row + 4))
}

/// The bytes an unprivileged process may still write on the filesystem of `dir` (or, when
/// `dir` does not exist yet, of its nearest existing ancestor): `f_bavail × f_frsize` of
/// statvfs(3). `None` when that cannot be asked, or on a read-only filesystem (the writer
/// then reports the failure itself: "read-only" is what to fix there, not the space).
pub fn free_bytes(dir: &Path) -> Option<u64> {
    let mut at = dir;
    while !at.exists() {
        match at.parent() {
            Some(p) if !p.as_os_str().is_empty() => at = p,
            _ => {
                at = Path::new(".");
                break;
            }
        }
    }
    let c = CString::new(at.as_os_str().as_bytes()).ok()?;
    let mut s = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `c` is a NUL-terminated path and `s` a writable statvfs buffer; the buffer is
    // read only when the call reports success.
    let s = unsafe {
        if libc::statvfs(c.as_ptr(), s.as_mut_ptr()) != 0 {
            return None;
        }
        s.assume_init()
    };
    if s.f_flag & libc::ST_RDONLY != 0 {
        return None;
    }
    Some((s.f_bavail as u64).saturating_mul(s.f_frsize as u64))
}

/// `b` bytes for a person: `812 KB`, `78.4 MB`, `7.84 GB` (decimal units, rounded up so
/// that a shortfall never reads as zero).
pub fn human(b: u64) -> String {
    let (unit, name) = match b {
        0..=999_999 => (1e3, "KB"),
        1_000_000..=999_999_999 => (1e6, "MB"),
        _ => (1e9, "GB"),
    };
    let v = b as f64 / unit;
    if v < 10.0 {
        format!("{:.2} {name}", (v * 100.0).ceil() / 100.0)
    } else {
        format!("{:.1} {name}", (v * 10.0).ceil() / 10.0)
    }
}

/// Refuse to build `dataset`'s cache files (a train and a test file of `counts` images of
/// `geometry` at `depth`) in `dir` when its filesystem has less free space than they take:
/// one [`DataError::Cache`] line with the bytes needed, the bytes free and the shortfall.
pub fn ensure_room(
    dir: &Path,
    dataset: &str,
    depth: Depth,
    geometry: [u32; 3],
    counts: [usize; 2],
) -> Result<(), DataError> {
    let need = counts.iter().fold(0u64, |s, &n| {
        s.saturating_add(file_bytes(depth, geometry, n))
    });
    match free_bytes(dir) {
        Some(free) if free < need => Err(dir_error(
            dir,
            format!(
                "not enough free space for the {dataset} cache files: they need about {}, \
                 {} is free; free {} more there",
                human(need),
                human(free),
                human(need - free)
            ),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 10 images of 1×28×28 bytes: 4096 + 10 × (784 + 4) = 11,976 bytes; as f32 each value
    /// takes 4: 4096 + 10 × (3136 + 4) = 35,496.
    #[test]
    fn a_file_takes_its_header_pixels_and_labels() {
        assert_eq!(file_bytes(Depth::U8, [1, 28, 28], 10), 11_976);
        assert_eq!(file_bytes(Depth::F32, [1, 28, 28], 10), 35_496);
        assert_eq!(file_bytes(Depth::U8, [3, 96, 96], 0), 4096);
    }

    /// 7,840,000,000 → 7.84 GB; 812,001 → 812.1 KB (rounded up); 999 → 1.00 KB.
    #[test]
    fn sizes_read_in_decimal_units_rounded_up() {
        assert_eq!(human(7_840_000_000), "7.84 GB");
        assert_eq!(human(812_001), "812.1 KB");
        assert_eq!(human(999), "1.00 KB");
        assert_eq!(human(78_400_000), "78.4 MB");
    }

    /// A directory not created yet is measured on its nearest existing ancestor; a need
    /// larger than any disk is refused with one line naming the directory and the sizes.
    #[test]
    fn free_space_is_asked_of_the_nearest_existing_directory() {
        let d = tempfile::tempdir().unwrap();
        let missing = d.path().join("a/b/cache");
        let free = free_bytes(&missing).expect("statvfs of the temp directory");
        assert!(free > 0);
        assert_eq!(free_bytes(d.path()).map(|f| f > 0), Some(true));
        ensure_room(&missing, "shapes", Depth::U8, [1, 28, 28], [10, 10]).unwrap();
        let huge = [usize::MAX / 1_000_000; 2];
        let e = ensure_room(&missing, "shapes", Depth::F32, [3, 96, 96], huge).unwrap_err();
        let m = e.to_string();
        assert!(!m.contains('\n'), "{m}");
        assert!(
            m.contains("a/b/cache")
                && m.contains("not enough free space for the shapes cache files")
                && m.contains(" is free; free ")
                && m.contains("--cache DIR"),
            "{m}"
        );
        assert!(!missing.exists(), "nothing created");
    }
}
