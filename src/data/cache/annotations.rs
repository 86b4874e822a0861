//! The detection part of a cache file's tail (format version 2), after the files:
//!
//! | bytes | content |
//! |---|---|
//! | 4 | number of object lists `m` (u32): 0 (a classification set) or the image count |
//! | per list | its number of objects `k` (u32), then per object the class (u32) and the box `x`, `y`, `w`, `h` (f64 each, px, the bits as the loader made them) |
//! | 4 | number of metadata records (u32): 0 or the image count |
//! | 9 per record | night (u8: 0 or 1), sequence (u32), frame (u32) |
//!
//! Boxes keep their exact f64 bits, so a cached detection set gives the same boxes (and the
//! same results) as the one loaded into memory.

use super::tail_reader::Reader;
use crate::data::{ImageMeta, Object};
use crate::metrics::detection::BBox;

/// Append the objects and metadata (each empty or one entry per image) to `out`.
pub fn encode(out: &mut Vec<u8>, objects: &[Vec<Object>], meta: &[ImageMeta]) {
    out.extend_from_slice(&(objects.len() as u32).to_le_bytes());
    for list in objects {
        out.extend_from_slice(&(list.len() as u32).to_le_bytes());
        for o in list {
            out.extend_from_slice(&o.class.to_le_bytes());
            for v in [o.bbox.x, o.bbox.y, o.bbox.w, o.bbox.h] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
    }
    out.extend_from_slice(&(meta.len() as u32).to_le_bytes());
    for m in meta {
        out.push(m.night as u8);
        out.extend_from_slice(&m.sequence.to_le_bytes());
        out.extend_from_slice(&m.frame.to_le_bytes());
    }
}

/// The next little-endian f64 of `r`.
fn f64_of(r: &mut Reader<'_>) -> Result<f64, String> {
    Ok(f64::from_le_bytes(r.take(8)?.try_into().expect("8 bytes")))
}

/// Read the objects and metadata of a file of `count` images and `n_classes` classes; `Err`
/// when a section has another length than 0 or `count`, a class is unknown, or the bytes end.
pub fn decode(
    r: &mut Reader<'_>,
    count: usize,
    n_classes: usize,
) -> Result<(Vec<Vec<Object>>, Vec<ImageMeta>), String> {
    let lists = r.u32()? as usize;
    if lists != 0 && lists != count {
        return Err(format!(
            "malformed tail: {lists} object lists for {count} images"
        ));
    }
    let mut objects = Vec::new();
    for _ in 0..lists {
        let k = r.u32()? as usize;
        let mut list = Vec::new();
        for _ in 0..k {
            let class = r.u32()?;
            if class as usize >= n_classes {
                return Err(format!("malformed tail: object of unknown class {class}"));
            }
            let (x, y, w, h) = (f64_of(r)?, f64_of(r)?, f64_of(r)?, f64_of(r)?);
            list.push(Object {
                class,
                bbox: BBox::new(x, y, w, h),
            });
        }
        objects.push(list);
    }
    let records = r.u32()? as usize;
    if records != 0 && records != count {
        return Err(format!(
            "malformed tail: {records} metadata records for {count} images"
        ));
    }
    let mut meta = Vec::new();
    for _ in 0..records {
        let night = match r.take(1)?[0] {
            0 => false,
            1 => true,
            b => return Err(format!("malformed tail: night flag {b}")),
        };
        let (sequence, frame) = (r.u32()?, r.u32()?);
        meta.push(ImageMeta {
            night,
            sequence,
            frame,
        });
    }
    Ok((objects, meta))
}

#[cfg(test)]
mod tests {
    use super::super::format::Tail;
    use super::*;

    fn tail() -> Tail {
        let o = |class, x| Object {
            class,
            bbox: BBox::new(x, 0.1 + x, 3.0, 1.0 / 3.0),
        };
        Tail {
            labels: vec![1, 0],
            class_names: vec!["a".into(), "b".into()],
            key: "k".into(),
            files: vec![],
            objects: vec![vec![o(1, 0.5), o(0, 2.25)], vec![]],
            meta: vec![
                ImageMeta {
                    night: true,
                    sequence: 7,
                    frame: 1,
                },
                ImageMeta::default(),
            ],
        }
    }

    /// Boxes (their exact bits) and metadata come back as written.
    #[test]
    fn objects_and_metadata_round_trip() {
        let t = tail();
        let b = t.encode();
        assert_eq!(Tail::decode(&b, 2).unwrap(), t);
        // a classification tail: both sections empty (two zero counts); the detection one adds
        // two list lengths, two objects of 4 + 4 · 8 bytes and two records of 9 bytes
        let plain = Tail {
            objects: vec![],
            meta: vec![],
            ..t.clone()
        };
        assert_eq!(
            plain.encode().len() + 2 * 4 + 2 * (4 + 4 * 8) + 2 * 9,
            b.len()
        );
    }

    /// A damaged detection section is refused, never read as boxes.
    #[test]
    fn damaged_sections_are_refused() {
        let good = tail().encode();
        // one object list per image: 2, not 3 (the count is the 4 bytes after the files)
        let at = good.len() - (4 + 2 * 9) - (2 * 4 + 2 * (4 + 4 * 8)) - 4;
        assert_eq!(good[at], 2);
        let mut b = good.clone();
        b[at] = 3;
        assert!(Tail::decode(&b, 2).unwrap_err().contains("object lists"));
        // the first object's class: 1 → 5 (2 classes)
        let mut b = good.clone();
        b[at + 8] = 5;
        assert!(Tail::decode(&b, 2).unwrap_err().contains("unknown class 5"));
        // a night flag of 2
        let mut b = good.clone();
        let n = b.len();
        b[n - 18] = 2;
        assert!(Tail::decode(&b, 2).unwrap_err().contains("night flag"));
        assert!(Tail::decode(&good[..n - 1], 2).is_err(), "truncated");
    }
}
