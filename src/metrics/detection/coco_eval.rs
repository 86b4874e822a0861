//! COCO-style average precision, computed exactly as pycocotools' `COCOeval` (bbox, default
//! parameters) computes it.
//!
//! Faithful points, each from `cocoeval.py`:
//! - IoU thresholds `0.50:0.05:0.95` and recall thresholds `0:0.01:1` are built as numpy's
//!   `linspace` builds them (`start + i·step`, the last one exactly `stop`);
//! - per image and category, detections are sorted by descending score (stable: file order on
//!   ties) and cut to `max_dets` (100): "100 detections per image" is per image *and category*;
//! - ground truths that are crowd regions or outside the area range are "ignored": a detection
//!   matched to one counts neither as a true nor as a false positive, and an unmatched detection
//!   outside the area range is ignored as well;
//! - greedy matching in score order, a detection taking the unmatched ground truth of highest
//!   IoU ≥ the threshold, preferring non-ignored ones; crowd regions can be matched many times;
//! - per category and area range, the detections of every image (in ascending image id order)
//!   are merged by a stable sort on descending score; precision is made monotone and read at
//!   the 101 recall thresholds (0 past the largest recall reached);
//! - a category without a non-ignored ground truth in an area range is left out of that
//!   range's mean (pycocotools' −1 entries), and a mean over nothing is `None`;
//! - pycocotools counts a detection as matched when the *id* of its ground truth is non-zero,
//!   so a ground truth with id 0 never yields a true positive (its detections are neither
//!   true nor ignored unless outside the area range). Kept for agreement.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::coco_match::evaluate_category;
use super::{Detection, GroundTruth};

/// Upper bounds of the small and medium object areas, px² (both inclusive, as in COCO, where
/// an object of area exactly 32² is both small and medium).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AreaRanges {
    /// Largest small area (COCO: 32² = 1024).
    pub small: f64,
    /// Largest medium area (COCO: 96² = 9216).
    pub medium: f64,
}

impl AreaRanges {
    /// COCO's thresholds, for images of about 640 × 480.
    pub const COCO: AreaRanges = AreaRanges {
        small: 1024.0,
        medium: 9216.0,
    };

    /// Thresholds scaled to `width × height` images so that the buckets cover the same
    /// fraction of the image as COCO's do on 640 × 480: small ≤ 32²·s, medium ≤ 96²·s with
    /// `s = width·height / (640·480)`. At 96 × 96: small ≤ 30.7 px² (≈ 5.5²), medium ≤ 276 px²
    /// (≈ 16.6²).
    pub fn scaled(width: usize, height: usize) -> AreaRanges {
        let s = (width * height) as f64 / (640.0 * 480.0);
        AreaRanges {
            small: 1024.0 * s,
            medium: 9216.0 * s,
        }
    }

    /// `[all, small, medium, large]` as `(lo, hi)` pairs, inclusive.
    fn bounds(&self) -> [(f64, f64); 4] {
        [
            (0.0, 1e10),
            (0.0, self.small),
            (self.small, self.medium),
            (self.medium, 1e10),
        ]
    }

    /// The bucket (0 small, 1 medium, 2 large) of an area, boundaries going to the smaller
    /// bucket: the size weights of [`ApSummary::wmap`].
    pub fn bucket(&self, area: f64) -> usize {
        if area <= self.small {
            0
        } else if area <= self.medium {
            1
        } else {
            2
        }
    }
}

/// What [`evaluate`] returns. Every AP is in [0, 1]; `None` where no ground truth exists.
#[derive(Clone, Debug, PartialEq)]
pub struct ApSummary {
    /// AP averaged over IoU 0.50:0.05:0.95, recall thresholds and categories (COCO's AP).
    pub map: Option<f64>,
    /// AP at IoU 0.50.
    pub map50: Option<f64>,
    /// AP at IoU 0.75.
    pub map75: Option<f64>,
    /// AP (0.50:0.95) of each category, in the order of the `categories` argument.
    pub per_class: Vec<Option<f64>>,
    /// AP (0.50:0.95) of small, medium and large objects.
    pub by_size: [Option<f64>; 3],
    /// The NVIDIA paper's wMAP, "MAP averaged across several object sizes": the size APs
    /// weighted by the number of non-crowd ground-truth boxes in each size bucket
    /// ([`AreaRanges::bucket`]), buckets without AP left out.
    pub wmap: Option<f64>,
    /// Non-crowd ground-truth boxes per size bucket (the wMAP weights).
    pub boxes_by_size: [usize; 3],
}

/// pycocotools' `T × R` grid: `iouThrs` and `recThrs` as numpy's `linspace` makes them.
fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    let step = (stop - start) / (num - 1) as f64;
    let mut v: Vec<f64> = (0..num).map(|i| i as f64 * step + start).collect();
    v[num - 1] = stop;
    v
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (mut s, mut n) = (0.0f64, 0usize);
    for v in values {
        s += v;
        n += 1;
    }
    (n > 0).then(|| s / n as f64)
}

/// Evaluate `dets` against `gts` over the images `images` and the categories `categories`
/// (pycocotools: every image and category of the ground-truth file). Detections and ground
/// truths of other images or categories are not evaluated. `max_dets` = 100 for COCO.
pub fn evaluate(
    gts: &[GroundTruth],
    dets: &[Detection],
    images: &[i64],
    categories: &[i64],
    ranges: AreaRanges,
    max_dets: usize,
) -> ApSummary {
    let iou_thrs = linspace(0.5, 0.95, 10);
    let rec_thrs = linspace(0.0, 1.0, 101);
    let mut img_ids = images.to_vec();
    img_ids.sort_unstable();
    img_ids.dedup();
    let bounds = ranges.bounds();
    let mut gts_of: HashMap<i64, Vec<&GroundTruth>> = HashMap::new();
    for g in gts {
        gts_of.entry(g.category).or_default().push(g);
    }
    let mut dets_of: HashMap<i64, Vec<&Detection>> = HashMap::new();
    for d in dets {
        dets_of.entry(d.category).or_default().push(d);
    }
    // precision[k][a] = [t][r] or None; categories are independent (one per thread)
    let precision: Vec<[Option<Vec<Vec<f64>>>; 4]> = categories
        .par_iter()
        .map(|cat| {
            evaluate_category(
                gts_of.get(cat).map_or(&[], |v| v),
                dets_of.get(cat).map_or(&[], |v| v),
                &img_ids,
                &bounds,
                &iou_thrs,
                &rec_thrs,
                max_dets,
            )
        })
        .collect();
    let ap = |a: usize, t: Option<usize>| {
        mean(
            precision
                .iter()
                .filter_map(|p| p[a].as_ref())
                .flat_map(|p| {
                    p.iter()
                        .enumerate()
                        .filter(move |(ti, _)| t.is_none_or(|t| *ti == t))
                        .flat_map(|(_, q)| q.iter().copied())
                }),
        )
    };
    let per_class = precision
        .iter()
        .map(|p| {
            p[0].as_ref()
                .and_then(|q| mean(q.iter().flat_map(|r| r.iter().copied())))
        })
        .collect();
    let by_size = [ap(1, None), ap(2, None), ap(3, None)];
    let boxes_by_size = boxes_by_size(gts, categories, &img_ids, &ranges);
    let (mut num, mut den) = (0.0, 0.0);
    for (s, ap) in by_size.iter().enumerate() {
        if let Some(ap) = ap {
            num += ap * boxes_by_size[s] as f64;
            den += boxes_by_size[s] as f64;
        }
    }
    ApSummary {
        map: ap(0, None),
        map50: ap(0, Some(0)),
        map75: ap(0, Some(5)),
        per_class,
        by_size,
        wmap: (den > 0.0).then(|| num / den),
        boxes_by_size,
    }
}

/// Non-crowd ground-truth boxes of the evaluated images and categories per size bucket.
fn boxes_by_size(
    gts: &[GroundTruth],
    categories: &[i64],
    img_ids: &[i64],
    ranges: &AreaRanges,
) -> [usize; 3] {
    let mut out = [0usize; 3];
    let cat_set: HashSet<i64> = categories.iter().copied().collect();
    let img_set: HashSet<i64> = img_ids.iter().copied().collect();
    for g in gts {
        if !g.crowd && cat_set.contains(&g.category) && img_set.contains(&g.image) {
            out[ranges.bucket(g.area)] += 1;
        }
    }
    out
}
