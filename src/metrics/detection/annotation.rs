//! What COCO-style evaluation compares: ground-truth annotations and detections.

use super::BBox;

/// A ground-truth annotation.
#[derive(Clone, Debug, PartialEq)]
pub struct GroundTruth {
    /// Annotation id (COCO `id`).
    pub id: i64,
    /// Image id.
    pub image: i64,
    /// Category id.
    pub category: i64,
    /// Box, px.
    pub bbox: BBox,
    /// Area used for the small / medium / large ranges, px² (COCO: the annotation's `area`
    /// field, the segmentation's area; `w·h` when a file has none).
    pub area: f64,
    /// A crowd region (`iscrowd = 1`): ignored, matchable by many detections.
    pub crowd: bool,
}

/// A detection (COCO results format).
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// Image id.
    pub image: i64,
    /// Category id.
    pub category: i64,
    /// Box, px; its area is `w·h`.
    pub bbox: BBox,
    /// Confidence; higher ranks first.
    pub score: f64,
}
