//! Detection metrics on plain values: IoU, NMS and COCO-style AP (usable on its own, e.g. by
//! `albench map`).

mod annotation;
mod bbox;
mod coco_eval;
mod coco_match;
mod nms;
#[cfg(test)]
mod tests;

pub use annotation::{Detection, GroundTruth};
pub use bbox::BBox;
pub use coco_eval::{evaluate, ApSummary, AreaRanges};
pub use nms::nms;
