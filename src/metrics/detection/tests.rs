//! Hand-computed cases for the COCO evaluator.

use super::*;

fn gt(id: i64, image: i64, category: i64, b: BBox) -> GroundTruth {
    GroundTruth {
        id,
        image,
        category,
        bbox: b,
        area: b.area(),
        crowd: false,
    }
}

fn det(image: i64, category: i64, b: BBox, score: f64) -> Detection {
    Detection {
        image,
        category,
        bbox: b,
        score,
    }
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-12)
}

#[test]
fn perfect_detections_score_one() {
    let mut gts = Vec::new();
    let mut dets = Vec::new();
    let mut id = 1;
    for image in 0..4 {
        for category in [1, 2] {
            for j in 0..3 {
                let b = BBox::new(10.0 * j as f64, 5.0 * image as f64, 8.0 + j as f64, 9.0);
                gts.push(gt(id, image, category, b));
                dets.push(det(image, category, b, 0.1 + 0.1 * j as f64));
                id += 1;
            }
        }
    }
    // category 3 has no ground truth: left out of the mean, its AP is None
    let s = evaluate(
        &gts,
        &dets,
        &[0, 1, 2, 3],
        &[1, 2, 3],
        AreaRanges::COCO,
        100,
    );
    assert!(close(s.map, 1.0) && close(s.map50, 1.0) && close(s.map75, 1.0));
    assert!(close(s.per_class[0], 1.0) && close(s.per_class[1], 1.0));
    assert_eq!(s.per_class[2], None);
    // every box is small under COCO's thresholds
    assert!(close(s.by_size[0], 1.0));
    assert_eq!((s.by_size[1], s.by_size[2]), (None, None));
    assert!(close(s.wmap, 1.0));
}

/// One image, three ground truths, four detections (IoU 1 or 0, so every threshold agrees):
///
/// | rank | score | match | TP | FP | recall | precision | monotone precision |
/// |---|---|---|---|---|---|---|---|
/// | 1 | 0.9 | gt 1 | 1 | 0 | 1/3 | 1   | 1   |
/// | 2 | 0.8 | —    | 1 | 1 | 1/3 | 1/2 | 2/3 |
/// | 3 | 0.7 | gt 2 | 2 | 1 | 2/3 | 2/3 | 2/3 |
/// | 4 | 0.6 | —    | 2 | 2 | 2/3 | 1/2 | 1/2 |
///
/// At recall thresholds 0.00–0.33 (34 of them) the first rank reaching the recall is rank 1:
/// precision 1; at 0.34–0.66 (33) it is rank 3: 2/3; at 0.67–1.00 (34) recall is never
/// reached: 0. AP = (34·1 + 33·2/3) / 101 = 56/101.
#[test]
fn known_precision_recall_curve() {
    let b = |x: f64| BBox::new(x, 0.0, 10.0, 10.0);
    let gts = vec![
        gt(1, 7, 1, b(0.0)),
        gt(2, 7, 1, b(20.0)),
        gt(3, 7, 1, b(40.0)),
    ];
    let dets = vec![
        det(7, 1, b(60.0), 0.8),
        det(7, 1, b(0.0), 0.9),
        det(7, 1, b(80.0), 0.6),
        det(7, 1, b(20.0), 0.7),
    ];
    let s = evaluate(&gts, &dets, &[7], &[1], AreaRanges::COCO, 100);
    assert!(close(s.map, 56.0 / 101.0), "{:?}", s.map);
    assert!(close(s.map50, 56.0 / 101.0));
    // cutting to the 2 best detections per image: ranks 1–2 only, recall ≤ 1/3:
    // AP = 34 / 101 (precision 1 up to recall 0.33)
    let s = evaluate(&gts, &dets, &[7], &[1], AreaRanges::COCO, 2);
    assert!(close(s.map, 34.0 / 101.0), "{:?}", s.map);
}

#[test]
fn iou_thresholds_count_partial_overlaps() {
    // a detection shifted so that IoU = 0.6: a hit at 0.50 and 0.55, a miss from 0.60 up?
    // IoU = 0.6 exactly is ≥ 0.60 (a hit); misses at 0.65 … 0.95 (7 of 10 thresholds).
    // Shift s on a 10×10 box: overlap 10(10 − s), union 10(10 + s): (10 − s)/(10 + s) = 0.6
    // → s = 2.5.
    let g = BBox::new(0.0, 0.0, 10.0, 10.0);
    let d = BBox::new(2.5, 0.0, 10.0, 10.0);
    assert!((d.iou(&g, false) - 0.6).abs() < 1e-15);
    let s = evaluate(
        &[gt(1, 1, 1, g)],
        &[det(1, 1, d, 0.5)],
        &[1],
        &[1],
        AreaRanges::COCO,
        100,
    );
    assert!(close(s.map50, 1.0));
    assert!(close(s.map75, 0.0));
    assert!(close(s.map, 0.3), "{:?}", s.map);
}

#[test]
fn crowd_regions_are_ignored_and_absorb_detections() {
    let region = BBox::new(0.0, 0.0, 50.0, 50.0);
    let mut crowd = gt(1, 1, 1, region);
    crowd.crowd = true;
    let person = BBox::new(60.0, 0.0, 10.0, 10.0);
    let gts = vec![crowd, gt(2, 1, 1, person)];
    // two detections inside the crowd region (ignored, not false positives) and one hit
    let dets = vec![
        det(1, 1, BBox::new(0.0, 0.0, 10.0, 10.0), 0.9),
        det(1, 1, BBox::new(20.0, 20.0, 10.0, 10.0), 0.8),
        det(1, 1, person, 0.7),
    ];
    let s = evaluate(&gts, &dets, &[1], &[1], AreaRanges::COCO, 100);
    assert!(close(s.map, 1.0), "{:?}", s.map);
}

#[test]
fn wmap_weights_sizes_by_their_ground_truth_counts() {
    let r = AreaRanges::COCO;
    // 3 large objects found, 1 small object missed
    let mut gts = Vec::new();
    let mut dets = Vec::new();
    for i in 0..3 {
        let b = BBox::new(0.0, 200.0 * i as f64, 120.0, 120.0);
        gts.push(gt(i + 1, 1, 1, b));
        dets.push(det(1, 1, b, 0.9));
    }
    gts.push(gt(9, 1, 1, BBox::new(500.0, 500.0, 10.0, 10.0)));
    let s = evaluate(&gts, &dets, &[1], &[1], r, 100);
    assert!(close(s.by_size[2], 1.0) && close(s.by_size[0], 0.0));
    assert_eq!(s.by_size[1], None);
    assert_eq!(s.boxes_by_size, [1, 0, 3]);
    assert!(close(s.wmap, 0.75));
    // scaled ranges: at 96×96, small ≤ 1024·96²/(640·480)
    let sc = AreaRanges::scaled(96, 96);
    assert!((sc.small - 30.72).abs() < 1e-9 && (sc.medium - 276.48).abs() < 1e-9);
    assert_eq!(
        (sc.bucket(30.0), sc.bucket(100.0), sc.bucket(300.0)),
        (0, 1, 2)
    );
}
