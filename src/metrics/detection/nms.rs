//! Greedy non-maximum suppression.

use super::BBox;

/// Indices of the boxes kept by greedy NMS: visit boxes by descending score (ties: lower
/// index first) and keep one unless it overlaps an already kept box with IoU `> threshold`.
/// Boxes of different classes are independent: call it once per class. `boxes` and `scores`
/// have equal length. The result is in descending score order. Allocates only the output and
/// one order vector.
pub fn nms(boxes: &[BBox], scores: &[f32], threshold: f64) -> Vec<usize> {
    assert_eq!(boxes.len(), scores.len(), "one score per box");
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut keep: Vec<usize> = Vec::new();
    for i in order {
        if keep
            .iter()
            .all(|&k| boxes[k].iou(&boxes[i], false) <= threshold)
        {
            keep.push(i);
        }
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suppresses_overlaps_above_the_threshold_only() {
        let boxes = [
            BBox::new(0.0, 0.0, 10.0, 10.0),  // 0: score 0.9, kept
            BBox::new(1.0, 0.0, 10.0, 10.0),  // 1: IoU with 0 = 90/110 = 0.818 → suppressed
            BBox::new(5.0, 0.0, 10.0, 10.0),  // 2: IoU with 0 = 1/3 → kept at 0.5
            BBox::new(10.0, 0.0, 10.0, 10.0), // 3: touches 0 (IoU 0); IoU with 2 = 1/3 → kept
            BBox::new(2.0, 2.0, 4.0, 4.0),    // 4: nested in 0: IoU 0.16 → kept
            BBox::new(3.0, 3.0, 0.0, 0.0),    // 5: zero area: never suppressed
        ];
        let scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.95];
        assert_eq!(nms(&boxes, &scores, 0.5), vec![5, 0, 2, 3, 4]);
        // a threshold below 1/3 also removes 2 (overlaps 0) and 3 (overlaps 2 is gone, so kept)
        assert_eq!(nms(&boxes, &scores, 0.3), vec![5, 0, 3, 4]);
        // equal scores: the lower index wins
        let same = [BBox::new(0.0, 0.0, 4.0, 4.0), BBox::new(0.0, 0.0, 4.0, 4.0)];
        assert_eq!(nms(&same, &[0.5, 0.5], 0.5), vec![0]);
        assert!(nms(&[], &[], 0.5).is_empty());
    }
}
