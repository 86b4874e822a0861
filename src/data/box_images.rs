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
//! Both list their images and boxes first, then decode the images in parallel in chunks
//! ([`super::decode`]).
//!
//! Both have no separate test split: the test set is drawn from the rest (like
//! `image-folder` without `test/`). Every problem is one error naming the file and the line
//! or annotation.

use std::path::{Path, PathBuf};

use super::coco_json::read_coco_ground_truth;
use super::decode::{load_split, scaled, Boxes, FileSplit};
use super::{required_path, DataError, ImageSet, Object, Source};
use crate::metrics::detection::BBox;

/// List a COCO instances file's images (resolved against the JSON's folder, then its
/// `images/`) with their boxes in original px; errors: a missing image, no images.
pub fn plan_coco(json: &Path, size: usize) -> Result<FileSplit, DataError> {
    let gt = read_coco_ground_truth(json)?;
    let dir = json.parent().unwrap_or(Path::new("."));
    let classes: Vec<String> = gt.categories.iter().map(|c| c.1.clone()).collect();
    let class_of = |id: i64| gt.categories.iter().position(|c| c.0 == id);
    let mut split = empty(size, classes);
    let mut boxes = Vec::with_capacity(gt.images.len());
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
        split.paths.push(path.clone());
        split.files.push(im.file_name.clone());
        boxes.push(
            gt.annotations
                .iter()
                .filter(|a| a.image == im.id && !a.crowd)
                .map(|a| Object {
                    class: class_of(a.category).expect("checked by the reader") as u32,
                    bbox: a.bbox,
                })
                .collect(),
        );
    }
    split.boxes = Boxes::Original(boxes);
    nonempty(split, json)
}

fn empty(size: usize, classes: Vec<String>) -> FileSplit {
    FileSplit {
        channels: 3,
        size,
        class_names: classes,
        ..FileSplit::default()
    }
}

fn nonempty(split: FileSplit, what: &Path) -> Result<FileSplit, DataError> {
    if split.is_empty() {
        return Err(DataError::io(what, "no images"));
    }
    Ok(split)
}

/// Load a COCO instances file and its images (decoded in parallel, in file order).
pub fn load_coco(json: &Path, size: usize) -> Result<ImageSet, DataError> {
    load_split(&plan_coco(json, size)?)
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

/// List a YOLO folder (`classes.txt`, `images/`, `labels/`): its images in name order with
/// their boxes in px of the resize; errors name the file and line.
pub fn plan_yolo(dir: &Path, size: usize) -> Result<FileSplit, DataError> {
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
    let mut split = empty(size, classes);
    let mut boxes = Vec::new();
    let s = size as f64;
    for f in yolo_image_files(&images)? {
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let labels = yolo_labels(
            &dir.join("labels").join(format!("{stem}.txt")),
            split.class_names.len(),
        )?;
        split.files.push(format!(
            "images/{}",
            f.file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
        ));
        split.paths.push(f);
        boxes.push(
            labels
                .into_iter()
                .map(|(class, [cx, cy, w, h])| Object {
                    class,
                    bbox: scaled(BBox::centred(cx * s, cy * s, w * s, h * s), s, s, size),
                })
                .collect(),
        );
    }
    split.boxes = Boxes::Resized(boxes);
    nonempty(split, &images)
}

/// Load a YOLO folder (`classes.txt`, `images/`, `labels/`), decoded in parallel, in name
/// order.
pub fn load_yolo(dir: &Path, size: usize) -> Result<ImageSet, DataError> {
    load_split(&plan_yolo(dir, size)?)
}

/// The `coco` dataset: the instances JSON of `data.path` (required), images resized to
/// `data.image_size`; no test split.
pub fn coco_source(d: &super::DataSpec, _seed: u64) -> Result<Source, DataError> {
    Ok(Source {
        train: load_split(&coco_plan(d)?)?,
        test: None,
    })
}

/// The `yolo` dataset: the folder `data.path` (required), images resized to
/// `data.image_size`; no test split.
pub fn yolo_source(d: &super::DataSpec, _seed: u64) -> Result<Source, DataError> {
    Ok(Source {
        train: load_split(&yolo_plan(d)?)?,
        test: None,
    })
}

/// The listed split of the `coco` dataset of `d` (its only split).
pub fn coco_plan(d: &super::DataSpec) -> Result<FileSplit, DataError> {
    plan_coco(
        &required_path(d, "coco (the instances JSON)")?,
        d.image_size,
    )
}

/// The listed split of the `yolo` dataset of `d` (its only split).
pub fn yolo_plan(d: &super::DataSpec) -> Result<FileSplit, DataError> {
    plan_yolo(&required_path(d, "yolo")?, d.image_size)
}
