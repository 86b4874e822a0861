//! The detector's output grid: box encoding of the training targets and decoding of the maps
//! into boxes (pure arrays; no burn).
//!
//! An image of `side × side` px is covered by `cells × cells` cells of `stride = side / cells`
//! px. An object is assigned to the cell holding its centre: the class map is 1 there (the
//! paper's "probability that an object of class c is centred at position p"), and the box is
//! encoded at that cell as the centre's offset inside the cell (`[0, 1)`, through a sigmoid)
//! and the log of its size in strides.

use crate::data::Object;
use crate::metrics::detection::{nms, BBox};

/// Grid geometry of one image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grid {
    /// Cells per side.
    pub cells: usize,
    /// Cell side, px.
    pub stride: usize,
    /// Classes (one map each).
    pub classes: usize,
}

impl Grid {
    /// Positions per map (`cells²`).
    pub fn positions(&self) -> usize {
        self.cells * self.cells
    }
}

/// Training targets of one image, written into caller-owned slices:
/// `heat` `[classes, cells, cells]` (1 at the centre cell of each object of the class),
/// `boxes` `[4, cells, cells]` (offset x, offset y in `[0, 1)`, ln(w / stride), ln(h / stride)),
/// `mask` `[cells, cells]` (1 where a box is encoded). When two objects share a cell, both
/// mark their class map and the larger one's box is encoded.
pub fn encode(objects: &[Object], g: Grid, heat: &mut [f32], boxes: &mut [f32], mask: &mut [f32]) {
    let p = g.positions();
    heat.fill(0.0);
    boxes.fill(0.0);
    mask.fill(0.0);
    let s = g.stride as f64;
    for o in objects {
        let (cx, cy) = (o.bbox.x + o.bbox.w / 2.0, o.bbox.y + o.bbox.h / 2.0);
        let i = ((cx / s).floor() as isize).clamp(0, g.cells as isize - 1) as usize;
        let j = ((cy / s).floor() as isize).clamp(0, g.cells as isize - 1) as usize;
        let at = j * g.cells + i;
        heat[o.class as usize * p + at] = 1.0;
        let area = o.bbox.area();
        let previous = if mask[at] > 0.0 {
            (boxes[2 * p + at].exp() as f64 * s) * (boxes[3 * p + at].exp() as f64 * s)
        } else {
            -1.0
        };
        if area > previous {
            boxes[at] = (cx / s - i as f64).clamp(0.0, 0.999) as f32;
            boxes[p + at] = (cy / s - j as f64).clamp(0.0, 0.999) as f32;
            boxes[2 * p + at] = (o.bbox.w.max(0.5) / s).ln() as f32;
            boxes[3 * p + at] = (o.bbox.h.max(0.5) / s).ln() as f32;
            mask[at] = 1.0;
        }
    }
}

/// A decoded detection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decoded {
    /// Class index.
    pub class: u32,
    /// Box, px.
    pub bbox: BBox,
    /// Confidence: the class map's probability at the peak.
    pub score: f32,
}

/// Decoding parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DecodeParams {
    /// Peaks below this probability are dropped.
    pub threshold: f32,
    /// NMS IoU threshold (per class).
    pub nms_iou: f64,
    /// At most this many detections per image (highest scores).
    pub max_dets: usize,
}

impl Default for DecodeParams {
    fn default() -> Self {
        DecodeParams {
            threshold: 0.05,
            nms_iou: 0.5,
            max_dets: 100,
        }
    }
}

/// Decode one image: `probs` `[classes, cells, cells]` (sigmoid of the class maps), `boxes`
/// `[4, cells, cells]` as predicted (offsets already through the sigmoid, log sizes raw).
/// A position is a peak of class c when its probability is ≥ the threshold and ≥ each of its
/// 8 neighbours'; each peak gives a box; per-class NMS; the best `max_dets` are returned in
/// descending score order. Appends to `out` (cleared first) so the caller reuses it.
pub fn decode(probs: &[f32], boxes: &[f32], g: Grid, d: DecodeParams, out: &mut Vec<Decoded>) {
    out.clear();
    let n = g.cells;
    let p = g.positions();
    let s = g.stride as f64;
    let mut cand_boxes: Vec<BBox> = Vec::new();
    let mut cand_scores: Vec<f32> = Vec::new();
    for c in 0..g.classes {
        let map = &probs[c * p..(c + 1) * p];
        cand_boxes.clear();
        cand_scores.clear();
        for j in 0..n {
            for i in 0..n {
                let v = map[j * n + i];
                if v < d.threshold {
                    continue;
                }
                let mut peak = true;
                'nb: for dj in -1isize..=1 {
                    for di in -1isize..=1 {
                        let (jj, ii) = (j as isize + dj, i as isize + di);
                        if (dj, di) == (0, 0)
                            || jj < 0
                            || ii < 0
                            || jj >= n as isize
                            || ii >= n as isize
                        {
                            continue;
                        }
                        if map[jj as usize * n + ii as usize] > v {
                            peak = false;
                            break 'nb;
                        }
                    }
                }
                if !peak {
                    continue;
                }
                let at = j * n + i;
                let cx = (i as f64 + boxes[at] as f64) * s;
                let cy = (j as f64 + boxes[p + at] as f64) * s;
                let w = (boxes[2 * p + at] as f64).clamp(-6.0, 6.0).exp() * s;
                let h = (boxes[3 * p + at] as f64).clamp(-6.0, 6.0).exp() * s;
                cand_boxes.push(BBox::centred(cx, cy, w, h));
                cand_scores.push(v);
            }
        }
        for k in nms(&cand_boxes, &cand_scores, d.nms_iou) {
            out.push(Decoded {
                class: c as u32,
                bbox: cand_boxes[k],
                score: cand_scores[k],
            });
        }
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out.truncate(d.max_dets);
}

#[cfg(test)]
mod tests {
    use super::*;

    const G: Grid = Grid {
        cells: 4,
        stride: 8,
        classes: 2,
    };

    #[test]
    fn encode_then_decode_recovers_the_boxes() {
        let objects = [
            Object {
                class: 1,
                bbox: BBox::new(2.0, 3.0, 10.0, 6.0), // centre (7, 6): cell (0, 0)
            },
            Object {
                class: 0,
                bbox: BBox::new(17.0, 20.0, 12.0, 8.0), // centre (23, 24): cell (2, 3)
            },
        ];
        let p = G.positions();
        let (mut heat, mut boxes, mut mask) = (vec![0.0; 2 * p], vec![0.0; 4 * p], vec![0.0; p]);
        encode(&objects, G, &mut heat, &mut boxes, &mut mask);
        assert_eq!(heat[p], 1.0); // class 1 at (0, 0)
        assert_eq!(heat[3 * 4 + 2], 1.0); // class 0 at row 3, column 2
        assert_eq!(heat.iter().sum::<f32>(), 2.0);
        assert_eq!(mask.iter().sum::<f32>(), 2.0);
        // offsets inside the cell: 7 / 8 = 0.875, 6 / 8 = 0.75
        assert!((boxes[0] - 0.875).abs() < 1e-6 && (boxes[p] - 0.75).abs() < 1e-6);
        let mut out = Vec::new();
        decode(&heat, &boxes, G, DecodeParams::default(), &mut out);
        assert_eq!(out.len(), 2);
        for (o, want) in out.iter().zip([objects[1], objects[0]]) {
            // both have score 1: class 0 comes first (stable sort over classes)
            assert_eq!(o.class, want.class);
            assert!((o.bbox.x - want.bbox.x).abs() < 1e-4 && (o.bbox.w - want.bbox.w).abs() < 1e-4);
        }
    }

    #[test]
    fn only_peaks_above_the_threshold_survive_and_nms_applies() {
        let p = G.positions();
        let mut probs = vec![0.0f32; 2 * p];
        // class 0: a plateau-free peak at (1, 1) = 0.9 with a neighbour 0.6 (not a peak), and a
        // separate peak at (3, 3) = 0.3; a value below the threshold at (3, 0)
        probs[5] = 0.9;
        probs[6] = 0.6;
        probs[15] = 0.3;
        probs[3] = 0.01;
        // identical boxes everywhere (centre of the cell, 8×8): the two peaks' boxes do not
        // overlap, so NMS keeps both
        let mut boxes = vec![0.0f32; 4 * p];
        boxes[..2 * p].fill(0.5);
        let mut out = Vec::new();
        decode(&probs, &boxes, G, DecodeParams::default(), &mut out);
        let scores: Vec<f32> = out.iter().map(|d| d.score).collect();
        assert_eq!(scores, vec![0.9, 0.3]);
        // with huge boxes the lower peak overlaps the higher one and is suppressed
        boxes[2 * p..].fill(3.0);
        decode(&probs, &boxes, G, DecodeParams::default(), &mut out);
        assert_eq!(out.len(), 1);
        // max_dets cuts
        boxes[2 * p..].fill(0.0);
        let d = DecodeParams {
            max_dets: 1,
            ..DecodeParams::default()
        };
        decode(&probs, &boxes, G, d, &mut out);
        assert_eq!(out.len(), 1);
    }
}
