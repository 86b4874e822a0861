//! Detection metrics on plain values: IoU, NMS and COCO-style AP (usable on its own, e.g. by
//! `albench map`).

mod bbox;
mod coco_eval;
mod nms;
#[cfg(test)]
mod tests;

pub use bbox::BBox;
pub use coco_eval::{evaluate, ApSummary, AreaRanges, Detection, GroundTruth};
pub use nms::nms;
