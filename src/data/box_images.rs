//! COCO and YOLO detection datasets as AL pools: images resized to `size × size` RGB, boxes
//! scaled with them.
//!
//! - `coco`: `data.path` is an instances JSON (checked by [`read_coco_ground_truth`]); image
//!   `file_name`s are resolved against the JSON's folder, then its `images/` sub-folder.
//!   Categories map to classes in ascending id order; crowd regions are not objects and are
//!   left out.
//! - `yolo`: `data.path` is a folder with `classes.txt` (one class name per line), `images/`
//!   (PNG/JPEG) and `labels/` (`<stem>.txt` per image, one `class cx cy w h` line per box,
//!   coordinates normalized to [0, 1]; a missing label file means no boxes).
//!
//! Both have no separate test split: the test set is drawn from the rest (like
//! `image-folder` without `test/`). Every problem is one error naming the file and the line
//! or annotation.

use std::path::{Path, PathBuf};

use super::coco_json::read_coco_ground_truth;
use super::{dominant_class, required_path, DataError, ImageSet, Object, Source};
use crate::metrics::detection::BBox;

/// Decode `path` and append it resized to `size × size` RGB (`[3, size, size]`, bytes) to `pixels`;
/// returns the original `(width, height)`.
fn push_image(path: &Path, size: usize, pixels: &mut Vec<u8>) -> Result<(f64, f64), DataError> {
    let img = image::open(path).map_err(|e| DataError::Format {
        path: path.to_path_buf(),
        offset: 0,
        message: format!("cannot decode image: {e}"),
    })?;
    let (w, h) = (img.width() as f64, img.height() as f64);
    let rgb = img
        .resize_exact(
            size as u32,
            size as u32,
            image::imageops::FilterType::Triangle,
        )
        .to_rgb8();
    let raw = rgb.as_raw();
    for c in 0..3 {
        pixels.extend(raw.iter().skip(c).step_by(3));
    }
    Ok((w, h))
}

fn empty(size: usize, classes: Vec<String>) -> ImageSet {
    ImageSet {
        channels: 3,
        height: size,
        width: size,
        class_names: classes,
        ..ImageSet::default()
    }
}

fn finish(mut set: ImageSet, what: &Path) -> Result<ImageSet, DataError> {
    if set.objects.is_empty() {
        return Err(DataError::io(what, "no images"));
    }
    set.labels = set
        .objects
        .iter()
        .map(|o| dominant_class(o).unwrap_or(0))
        .collect();
    Ok(set)
}

/// A box `b` of a `w × h` image in a `size × size` resize, clipped to the image.
fn scaled(b: BBox, w: f64, h: f64, size: usize) -> BBox {
    let (sx, sy) = (size as f64 / w, size as f64 / h);
    let s = size as f64;
    let (x0, y0) = ((b.x * sx).clamp(0.0, s), (b.y * sy).clamp(0.0, s));
    let (x1, y1) = (
        ((b.x + b.w) * sx).clamp(0.0, s),
        ((b.y + b.h) * sy).clamp(0.0, s),
    );
    BBox::new(x0, y0, x1 - x0, y1 - y0)
}

/// Load a COCO instances file and its images.
pub fn load_coco(json: &Path, size: usize) -> Result<ImageSet, DataError> {
    let gt = read_coco_ground_truth(json)?;
    let dir = json.parent().unwrap_or(Path::new("."));
    let classes: Vec<String> = gt.categories.iter().map(|c| c.1.clone()).collect();
    let class_of = |id: i64| gt.categories.iter().position(|c| c.0 == id);
    let mut set = empty(size, classes);
    let mut pixels = Vec::new();
    for im in &gt.images {
        let candidates = [
            dir.join(&im.file_name),
            dir.join("images").join(&im.file_name),
        ];
        let Some(path) = candidates.iter().find(|p| p.is_file()) else {
            return Err(DataError::io(
                &candidates[0],
                format!(
                    "image {} of {} not found (looked here and in images/)",
                    im.id,
                    json.display()
                ),
            ));
        };
        let (w, h) = push_image(path, size, &mut pixels)?;
        set.files.push(im.file_name.clone());
        let objects = gt
            .annotations
            .iter()
            .filter(|a| a.image == im.id && !a.crowd)
            .map(|a| Object {
                class: class_of(a.category).expect("checked by the reader") as u32,
                bbox: scaled(a.bbox, w, h, size),
            })
            .collect();
        set.objects.push(objects);
    }
    set.pixels = super::Pixels::from_u8(pixels);
    finish(set, json)
}

fn yolo_image_files(dir: &Path) -> Result<Vec<PathBuf>, DataError> {
    let rd = std::fs::read_dir(dir)
        .map_err(|e| DataError::io(dir, format!("cannot list directory: {e}")))?;
    let mut files: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("png" | "jpg" | "jpeg")
            )
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Parse one YOLO label file: `class cx cy w h` per line, normalized coordinates.
fn yolo_labels(path: &Path, n_classes: usize) -> Result<Vec<(u32, [f64; 4])>, DataError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(DataError::io(path, e.to_string())),
    };
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bad = |m: String| DataError::annotation(path, format!("line {}: {m}", i + 1));
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() != 5 {
            return Err(bad(format!(
                "\"{line}\" must be `class cx cy w h` (5 fields, got {})",
                f.len()
            )));
        }
        let class: usize = f[0]
            .parse()
            .map_err(|_| bad(format!("class \"{}\" is not a non-negative integer", f[0])))?;
        if class >= n_classes {
            return Err(bad(format!(
                "class {class} is unknown (classes.txt names {n_classes})"
            )));
        }
        let mut v = [0.0f64; 4];
        for (k, s) in f[1..].iter().enumerate() {
            v[k] = s
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite())
                .ok_or_else(|| bad(format!("\"{s}\" is not a number")))?;
        }
        let [cx, cy, w, h] = v;
        if w < 0.0 || h < 0.0 {
            return Err(bad(format!("negative size w = {w}, h = {h}")));
        }
        let t = 1e-3;
        if cx - w / 2.0 < -t
            || cy - h / 2.0 < -t
            || cx + w / 2.0 > 1.0 + t
            || cy + h / 2.0 > 1.0 + t
        {
            return Err(bad(format!(
                "box cx {cx} cy {cy} w {w} h {h} extends outside the image (normalized coordinates must stay in [0, 1])"
            )));
        }
        out.push((class as u32, v));
    }
    Ok(out)
}

/// Load a YOLO folder (`classes.txt`, `images/`, `labels/`).
pub fn load_yolo(dir: &Path, size: usize) -> Result<ImageSet, DataError> {
    let names = dir.join("classes.txt");
    let classes: Vec<String> = std::fs::read_to_string(&names)
        .map_err(|e| {
            DataError::io(
                &names,
                format!("cannot read the class names (one per line): {e}"),
            )
        })?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if classes.is_empty() {
        return Err(DataError::io(&names, "names no class"));
    }
    let images = dir.join("images");
    let mut set = empty(size, classes);
    let mut pixels = Vec::new();
    for f in yolo_image_files(&images)? {
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let labels = yolo_labels(
            &dir.join("labels").join(format!("{stem}.txt")),
            set.n_classes(),
        )?;
        push_image(&f, size, &mut pixels)?;
        set.files.push(format!(
            "images/{}",
            f.file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
        ));
        let s = size as f64;
        set.objects.push(
            labels
                .into_iter()
                .map(|(class, [cx, cy, w, h])| Object {
                    class,
                    bbox: scaled(BBox::centred(cx * s, cy * s, w * s, h * s), s, s, size),
                })
                .collect(),
        );
    }
    set.pixels = super::Pixels::from_u8(pixels);
    finish(set, &images)
}

/// The `coco` dataset: the instances JSON of `data.path` (required), images resized to
/// `data.image_size`; no test split.
pub fn coco_source(d: &super::DataSpec, _seed: u64) -> Result<Source, DataError> {
    Ok(Source {
        train: load_coco(
            &required_path(d, "coco (the instances JSON)")?,
            d.image_size,
        )?,
        test: None,
    })
}

/// The `yolo` dataset: the folder `data.path` (required), images resized to
/// `data.image_size`; no test split.
pub fn yolo_source(d: &super::DataSpec, _seed: u64) -> Result<Source, DataError> {
    Ok(Source {
        train: load_yolo(&required_path(d, "yolo")?, d.image_size)?,
        test: None,
    })
}
