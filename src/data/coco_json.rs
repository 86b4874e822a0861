//! COCO JSON files: ground truth ("instances" files: images, annotations, categories) and
//! detections (the results format: a list of `{image_id, category_id, bbox, score}`).
//!
//! Everything is checked before use; an error names the file, the record (its index and id)
//! and the rule it breaks.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use super::DataError;
use crate::metrics::detection::{BBox, Detection, GroundTruth};

/// Tolerance, px, for a box edge beyond the image border (COCO's own files have boxes that
/// overshoot by a fraction of a pixel after rounding).
pub const BORDER_TOLERANCE: f64 = 1.0;

/// An image of a COCO file.
#[derive(Clone, Debug, PartialEq)]
pub struct CocoImage {
    /// Image id.
    pub id: i64,
    /// File name relative to the image folder (`""` when absent).
    pub file_name: String,
    /// Size in px, when the file states it.
    pub size: Option<(f64, f64)>,
}

/// A COCO ground-truth file.
#[derive(Clone, Debug, PartialEq)]
pub struct CocoGroundTruth {
    /// Images, in file order.
    pub images: Vec<CocoImage>,
    /// Categories `(id, name)`, in ascending id order (COCO's evaluation order).
    pub categories: Vec<(i64, String)>,
    /// Annotations, in file order.
    pub annotations: Vec<GroundTruth>,
}

impl CocoGroundTruth {
    /// Image ids.
    pub fn image_ids(&self) -> Vec<i64> {
        self.images.iter().map(|i| i.id).collect()
    }

    /// Category ids in ascending order.
    pub fn category_ids(&self) -> Vec<i64> {
        self.categories.iter().map(|c| c.0).collect()
    }
}

fn read_json(path: &Path) -> Result<Value, DataError> {
    let text = std::fs::read_to_string(path).map_err(|e| DataError::io(path, e.to_string()))?;
    serde_json::from_str(&text)
        .map_err(|e| DataError::annotation(path, format!("not valid JSON: {e}")))
}

fn array<'a>(path: &Path, v: &'a Value, key: &str) -> Result<&'a Vec<Value>, DataError> {
    v.get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| DataError::annotation(path, format!("needs a top-level \"{key}\" array")))
}

fn int(path: &Path, what: &dyn Fn() -> String, v: &Value, key: &str) -> Result<i64, DataError> {
    v.get(key)
        .and_then(|x| {
            x.as_i64()
                .or_else(|| x.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
        })
        .ok_or_else(|| {
            DataError::annotation(path, format!("{}: \"{key}\" must be an integer", what()))
        })
}

fn bbox(path: &Path, what: &dyn Fn() -> String, v: &Value) -> Result<BBox, DataError> {
    let b = v
        .get("bbox")
        .and_then(Value::as_array)
        .filter(|a| a.len() == 4)
        .and_then(|a| a.iter().map(Value::as_f64).collect::<Option<Vec<f64>>>())
        .ok_or_else(|| {
            DataError::annotation(
                path,
                format!("{}: \"bbox\" must be [x, y, width, height] numbers", what()),
            )
        })?;
    if !b.iter().all(|x| x.is_finite()) {
        return Err(DataError::annotation(
            path,
            format!("{}: bbox {b:?} is not finite", what()),
        ));
    }
    if b[2] < 0.0 || b[3] < 0.0 {
        return Err(DataError::annotation(
            path,
            format!(
                "{}: bbox {b:?} has a negative size (width and height must be ≥ 0)",
                what()
            ),
        ));
    }
    Ok(BBox::new(b[0], b[1], b[2], b[3]))
}

/// Read and check a ground-truth file. Errors: a missing `images` / `annotations` /
/// `categories` array, duplicate image or category ids, an annotation on an unknown image or
/// category, a negative box size, a box outside its image (beyond [`BORDER_TOLERANCE`], when
/// the image states its size).
pub fn read_coco_ground_truth(path: &Path) -> Result<CocoGroundTruth, DataError> {
    let v = read_json(path)?;
    let (images, sizes) = read_images(path, &v)?;
    let categories = read_categories(path, &v)?;
    let known = Known {
        sizes,
        categories: categories.iter().map(|c| c.0).collect(),
    };
    let mut annotations = Vec::new();
    for (i, a) in array(path, &v, "annotations")?.iter().enumerate() {
        annotations.push(read_annotation(path, i, a, &known)?);
    }
    Ok(CocoGroundTruth {
        images,
        categories,
        annotations,
    })
}

/// Image sizes by id (`None` when an image does not state its size).
type Sizes = HashMap<i64, Option<(f64, f64)>>;

/// What an annotation may refer to: the file's images (with their sizes) and category ids.
struct Known {
    sizes: Sizes,
    categories: HashSet<i64>,
}

/// The `images` array: images in file order and their sizes by id (duplicate ids refused).
fn read_images(path: &Path, v: &Value) -> Result<(Vec<CocoImage>, Sizes), DataError> {
    let mut images = Vec::new();
    let mut sizes = Sizes::new();
    for (i, im) in array(path, v, "images")?.iter().enumerate() {
        let what = || format!("images[{i}]");
        let id = int(path, &what, im, "id")?;
        let size = match (
            im.get("width").and_then(Value::as_f64),
            im.get("height").and_then(Value::as_f64),
        ) {
            (Some(w), Some(h)) => Some((w, h)),
            _ => None,
        };
        if sizes.insert(id, size).is_some() {
            return Err(DataError::annotation(
                path,
                format!("{}: duplicate image id {id}", what()),
            ));
        }
        images.push(CocoImage {
            id,
            file_name: im
                .get("file_name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            size,
        });
    }
    Ok((images, sizes))
}

/// The `categories` array as `(id, name)` in ascending id order (duplicate ids refused; a
/// category without a name is named by its id).
fn read_categories(path: &Path, v: &Value) -> Result<Vec<(i64, String)>, DataError> {
    let mut categories = Vec::new();
    let mut cat_ids = HashSet::new();
    for (i, c) in array(path, v, "categories")?.iter().enumerate() {
        let what = || format!("categories[{i}]");
        let id = int(path, &what, c, "id")?;
        if !cat_ids.insert(id) {
            return Err(DataError::annotation(
                path,
                format!("{}: duplicate category id {id}", what()),
            ));
        }
        let name = c
            .get("name")
            .and_then(Value::as_str)
            .map_or_else(|| id.to_string(), str::to_string);
        categories.push((id, name));
    }
    categories.sort_by_key(|c| c.0);
    Ok(categories)
}

/// Annotation `i` of the file, checked: its image and category exist, its box is valid and
/// inside its image (when the image states its size).
fn read_annotation(
    path: &Path,
    i: usize,
    a: &Value,
    known: &Known,
) -> Result<GroundTruth, DataError> {
    let id = int(path, &|| format!("annotations[{i}]"), a, "id")?;
    let what = || format!("annotations[{i}] (id {id})");
    let image = int(path, &what, a, "image_id")?;
    let category = int(path, &what, a, "category_id")?;
    let Some(size) = known.sizes.get(&image) else {
        return Err(DataError::annotation(
            path,
            format!("{}: unknown image_id {image}", what()),
        ));
    };
    if !known.categories.contains(&category) {
        let mut known: Vec<i64> = known.categories.iter().copied().collect();
        known.sort_unstable();
        return Err(DataError::annotation(
            path,
            format!(
                "{}: unknown category_id {category} (the file's categories are {known:?})",
                what()
            ),
        ));
    }
    let b = bbox(path, &what, a)?;
    if let Some((w, h)) = size {
        check_inside(path, &what, &b, (*w, *h), image)?;
    }
    let area = a.get("area").and_then(Value::as_f64).unwrap_or(b.area());
    let crowd = a.get("iscrowd").and_then(Value::as_i64).unwrap_or(0) != 0;
    Ok(GroundTruth {
        id,
        image,
        category,
        bbox: b,
        area,
        crowd,
    })
}

/// A box must lie inside its `w × h` image, up to [`BORDER_TOLERANCE`].
fn check_inside(
    path: &Path,
    what: &dyn Fn() -> String,
    b: &BBox,
    (w, h): (f64, f64),
    image: i64,
) -> Result<(), DataError> {
    let t = BORDER_TOLERANCE;
    if b.x < -t || b.y < -t || b.x + b.w > w + t || b.y + b.h > h + t {
        return Err(DataError::annotation(
            path,
            format!(
                "{}: bbox [{}, {}, {}, {}] extends outside its {w}×{h} image {image}",
                what(),
                b.x,
                b.y,
                b.w,
                b.h
            ),
        ));
    }
    Ok(())
}

/// One record of a results file, as serde reads it (ids as numbers, checked afterwards).
#[derive(serde::Deserialize)]
struct RawDetection {
    image_id: f64,
    category_id: f64,
    bbox: [f64; 4],
    score: f64,
}

/// Read a detections file (COCO results format) for `gt`. A detection on an image that is
/// not in `gt` is an error (as in pycocotools); one whose category is not in `gt` cannot be
/// evaluated and is counted in the second value (the caller warns), as pycocotools ignores it.
pub fn read_coco_detections(
    path: &Path,
    gt: &CocoGroundTruth,
) -> Result<(Vec<Detection>, usize), DataError> {
    let bytes = std::fs::read(path).map_err(|e| DataError::io(path, e.to_string()))?;
    let list: Vec<RawDetection> = serde_json::from_slice(&bytes).map_err(|e| {
        DataError::annotation(
            path,
            format!("not a COCO results list of {{image_id, category_id, bbox: [x, y, w, h], score}}: {e}"),
        )
    })?;
    drop(bytes);
    let images: HashSet<i64> = gt.images.iter().map(|i| i.id).collect();
    let cats: HashSet<i64> = gt.categories.iter().map(|c| c.0).collect();
    let mut out = Vec::with_capacity(list.len());
    let mut foreign = 0;
    for (i, d) in list.iter().enumerate() {
        let bad = |msg: String| DataError::annotation(path, format!("detection [{i}]: {msg}"));
        let id = |v: f64, key: &str| {
            if v.fract() == 0.0 && v.abs() < 9.0e15 {
                Ok(v as i64)
            } else {
                Err(bad(format!("\"{key}\" must be an integer, not {v}")))
            }
        };
        let image = id(d.image_id, "image_id")?;
        if !images.contains(&image) {
            return Err(bad(format!(
                "image_id {image} is not an image of the ground truth"
            )));
        }
        let category = id(d.category_id, "category_id")?;
        if !d.score.is_finite() {
            return Err(bad(format!(
                "\"score\" {} must be a finite number",
                d.score
            )));
        }
        let b = d.bbox;
        if !b.iter().all(|x| x.is_finite()) || b[2] < 0.0 || b[3] < 0.0 {
            return Err(bad(format!(
                "bbox {b:?} must be finite with width and height ≥ 0"
            )));
        }
        if !cats.contains(&category) {
            foreign += 1;
            continue;
        }
        out.push(Detection {
            image,
            category,
            bbox: BBox::new(b[0], b[1], b[2], b[3]),
            score: d.score,
        });
    }
    Ok((out, foreign))
}
