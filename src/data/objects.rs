//! Per-image object annotations and metadata of detection datasets.

use crate::metrics::detection::BBox;

/// One annotated object: its class and its box in pixels (clipped to the image).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Object {
    /// Class index (`< n_classes`).
    pub class: u32,
    /// Box, px.
    pub bbox: BBox,
}

/// Acquisition metadata of an image (the NVIDIA paper's "acquisition metadata").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImageMeta {
    /// Recorded at night (low contrast, sensor noise).
    pub night: bool,
    /// Recording (video sequence) the image belongs to.
    pub sequence: u32,
    /// Position of the image in its sequence, from 0.
    pub frame: u32,
}

/// The image-level label of a detection image: the class of its largest box (ties: the
/// lower class), or `None` without objects. Used where a per-image class is needed (class
/// histograms, class-balanced sampling).
pub fn dominant_class(objects: &[Object]) -> Option<u32> {
    let mut best: Option<(f64, u32)> = None;
    for o in objects {
        let a = o.bbox.area();
        match best {
            Some((ba, bc)) if ba > a || (ba == a && bc <= o.class) => {}
            _ => best = Some((a, o.class)),
        }
    }
    best.map(|b| b.1)
}
