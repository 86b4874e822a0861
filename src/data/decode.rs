//! Decoding a split of image files (`image-folder`, `coco`, `yolo`): the loader lists the
//! files first (in a fixed order: sorted, or the annotation file's order), then the images
//! are decoded in chunks, each chunk in parallel (rayon) into one buffer, and handed on in
//! file order — into memory, or straight into a data-cache file, so a split of a million
//! images is never held whole. The bytes do not depend on the number of threads.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::progress::LoadProgress;
use super::{dominant_class, DataError, ImageSet, Object};

/// Bytes of decoded images per chunk (about 32 MB; at least one image).
const CHUNK_BYTES: usize = 32 << 20;

/// Where the boxes of a detection split come from.
#[derive(Clone, Debug, Default)]
pub enum Boxes {
    /// A classification split (no boxes).
    #[default]
    None,
    /// Per image, boxes already in px of the resized image (`yolo`).
    Resized(Vec<Vec<Object>>),
    /// Per image, boxes in px of the original image, scaled (and clipped) to the resize
    /// once the image's size is known from decoding it (`coco`).
    Original(Vec<Vec<Object>>),
}

/// A listed split of image files, not yet decoded. Invariants: `paths`, `files` and
/// (classification) `labels` or (detection) the lists of `boxes` have one entry per image.
#[derive(Clone, Debug, Default)]
pub struct FileSplit {
    /// Channels of the decoded images (1 with `grayscale`, else 3).
    pub channels: usize,
    /// Side of the square resize, px.
    pub size: usize,
    /// Convert to one channel.
    pub grayscale: bool,
    /// Class names in label order.
    pub class_names: Vec<String>,
    /// The file of each image, to open.
    pub paths: Vec<PathBuf>,
    /// The file of each image as recorded in the set (relative to `data.path`).
    pub files: Vec<String>,
    /// Classification: one label per image (detection: empty, labels come from the boxes).
    pub labels: Vec<u32>,
    /// Detection: the boxes.
    pub boxes: Boxes,
}

impl FileSplit {
    /// Number of images.
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// True without images.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// Bytes per decoded image (`channels · size · size`).
    pub fn sample_len(&self) -> usize {
        self.channels * self.size * self.size
    }

    /// An empty split with the geometry and classes of `self`.
    pub fn empty_like(&self) -> FileSplit {
        FileSplit {
            channels: self.channels,
            size: self.size,
            grayscale: self.grayscale,
            class_names: self.class_names.clone(),
            boxes: match self.boxes {
                Boxes::None => Boxes::None,
                _ => Boxes::Resized(Vec::new()),
            },
            ..FileSplit::default()
        }
    }

    /// An empty set of this split's geometry and classes.
    pub fn empty_set(&self) -> ImageSet {
        ImageSet {
            channels: self.channels,
            height: self.size,
            width: self.size,
            class_names: self.class_names.clone(),
            ..ImageSet::default()
        }
    }

    /// The labels of the decoded split with objects `objects`: the listed labels, or for a
    /// detection split each image's dominant class (0 without objects).
    pub fn labels_of(&self, objects: &[Vec<Object>]) -> Vec<u32> {
        match self.boxes {
            Boxes::None => self.labels.clone(),
            _ => objects
                .iter()
                .map(|o| dominant_class(o).unwrap_or(0))
                .collect(),
        }
    }
}

/// Decode `path` resized to `size × size` into `out` (bytes, `[c, size, size]`: one plane
/// with `grayscale`, else red, green, blue planes); returns the original `(width, height)`.
pub fn decode_image(
    path: &Path,
    size: usize,
    grayscale: bool,
    out: &mut [u8],
) -> Result<(f64, f64), DataError> {
    let img = image::open(path).map_err(|e| DataError::Format {
        path: path.to_path_buf(),
        offset: 0,
        message: format!("cannot decode image: {e}"),
    })?;
    let (w, h) = (img.width() as f64, img.height() as f64);
    let img = img.resize_exact(
        size as u32,
        size as u32,
        image::imageops::FilterType::Triangle,
    );
    if grayscale {
        out.copy_from_slice(img.to_luma8().as_raw());
    } else {
        let rgb = img.to_rgb8();
        let plane = size * size;
        for (k, px) in rgb.as_raw().chunks_exact(3).enumerate() {
            for c in 0..3 {
                out[c * plane + k] = px[c];
            }
        }
    }
    Ok((w, h))
}

/// Decode the images of `split` chunk by chunk (each in parallel), handing each chunk's
/// bytes `[k, c, size, size]` to `sink` in file order; returns each image's objects
/// (detection) or nothing. The first undecodable image in file order is the error.
pub fn decode_split(
    split: &FileSplit,
    progress: &LoadProgress,
    sink: impl FnMut(&[u8]) -> Result<(), DataError>,
) -> Result<Vec<Vec<Object>>, DataError> {
    let chunk = CHUNK_BYTES / split.sample_len().max(1);
    decode_in_chunks(split, chunk, progress, sink)
}

/// [`decode_split`] with `chunk` images per chunk.
fn decode_in_chunks(
    split: &FileSplit,
    chunk: usize,
    progress: &LoadProgress,
    mut sink: impl FnMut(&[u8]) -> Result<(), DataError>,
) -> Result<Vec<Vec<Object>>, DataError> {
    let l = split.sample_len().max(1);
    let chunk = chunk.clamp(1, split.len().max(1));
    let mut buf = vec![0u8; chunk * l];
    let mut objects = Vec::new();
    for (c, paths) in split.paths.chunks(chunk).enumerate() {
        let out = &mut buf[..paths.len() * l];
        let sizes: Vec<Result<(f64, f64), DataError>> = out
            .par_chunks_mut(l)
            .zip(paths)
            .map(|(img, p)| {
                let r = decode_image(p, split.size, split.grayscale, img);
                progress.inc(1);
                r
            })
            .collect();
        for (k, wh) in sizes.into_iter().enumerate() {
            let (w, h) = wh?;
            let i = c * chunk + k;
            match &split.boxes {
                Boxes::None => {}
                Boxes::Resized(b) => objects.push(b[i].clone()),
                Boxes::Original(b) => objects.push(
                    b[i].iter()
                        .map(|o| Object {
                            class: o.class,
                            bbox: scaled(o.bbox, w, h, split.size),
                        })
                        .collect(),
                ),
            }
        }
        sink(out)?;
    }
    Ok(objects)
}

/// A box `b` of a `w × h` image in a `size × size` resize, clipped to the image.
pub fn scaled(
    b: crate::metrics::detection::BBox,
    w: f64,
    h: f64,
    size: usize,
) -> crate::metrics::detection::BBox {
    let (sx, sy) = (size as f64 / w, size as f64 / h);
    let s = size as f64;
    let (x0, y0) = ((b.x * sx).clamp(0.0, s), (b.y * sy).clamp(0.0, s));
    let (x1, y1) = (
        ((b.x + b.w) * sx).clamp(0.0, s),
        ((b.y + b.h) * sy).clamp(0.0, s),
    );
    crate::metrics::detection::BBox::new(x0, y0, x1 - x0, y1 - y0)
}

/// Decode `split` into memory: a set of bytes with its labels, files and (detection) boxes.
pub fn load_split(split: &FileSplit) -> Result<ImageSet, DataError> {
    let mut pixels = Vec::with_capacity(split.len() * split.sample_len());
    let objects = decode_split(split, &LoadProgress::hidden(), |b| {
        pixels.extend_from_slice(b);
        Ok(())
    })?;
    Ok(ImageSet {
        pixels: super::Pixels::from_u8(pixels),
        labels: split.labels_of(&objects),
        objects,
        files: split.files.clone(),
        ..split.empty_set()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::detection::BBox;

    /// Three PNGs of different sizes and contents, a COCO-like split with boxes in original
    /// px (image `i` is `(8 + 4i) × 8`, one box `[2, 2, 4, 4]` of class `i % 2`).
    fn split(dir: &Path) -> FileSplit {
        let mut s = FileSplit {
            channels: 3,
            size: 6,
            class_names: vec!["a".into(), "b".into()],
            ..FileSplit::default()
        };
        let mut boxes = Vec::new();
        for i in 0..3u32 {
            let p = dir.join(format!("{i}.png"));
            image::RgbImage::from_fn(8 + 4 * i, 8, |x, y| {
                image::Rgb([(x * 20 + i) as u8, (y * 30) as u8, (40 * i) as u8])
            })
            .save(&p)
            .unwrap();
            s.paths.push(p);
            s.files.push(format!("{i}.png"));
            boxes.push(vec![Object {
                class: i % 2,
                bbox: BBox::new(2.0, 2.0, 4.0, 4.0),
            }]);
        }
        s.boxes = Boxes::Original(boxes);
        s
    }

    /// Chunks of one image give the bytes and boxes of one chunk for all (each image's
    /// boxes scaled by its own size: 6 / (8 + 4i) in x, 6 / 8 in y).
    #[test]
    fn chunking_does_not_change_bytes_or_boxes() {
        let d = tempfile::tempdir().unwrap();
        let s = split(d.path());
        let run = |chunk: usize| {
            let (mut bytes, mut calls) = (Vec::new(), 0);
            let objects = decode_in_chunks(&s, chunk, &LoadProgress::hidden(), |b| {
                bytes.extend_from_slice(b);
                calls += 1;
                Ok(())
            })
            .unwrap();
            (bytes, objects, calls)
        };
        let (one, all) = (run(1), run(100));
        assert_eq!((one.2, all.2), (3, 1), "sink calls");
        assert_eq!(one.0, all.0);
        assert_eq!(one.1, all.1);
        assert_eq!(all.0.len(), 3 * 3 * 6 * 6);
        // image 2 is 16 × 8: x ×6/16, y ×6/8
        let b = all.1[2][0].bbox;
        assert_eq!((b.x, b.w, b.y, b.h), (0.75, 1.5, 1.5, 3.0));
        assert_eq!(all.1[1][0].class, 1);
        // the first undecodable image in file order is the error, whatever the chunking
        std::fs::write(&s.paths[2], b"not a png").unwrap();
        std::fs::write(&s.paths[1], b"not a png").unwrap();
        for chunk in [1, 100] {
            let e = decode_in_chunks(&s, chunk, &LoadProgress::hidden(), |_| Ok(()))
                .unwrap_err()
                .to_string();
            assert!(e.contains("1.png") && e.contains("cannot decode"), "{e}");
        }
    }
}
