//! pycocotools' per-category evaluation (`evaluateImg` and `accumulate`): matching each
//! image's detections to its ground truths at every IoU threshold and area range, then the
//! precision at every recall threshold. See `coco_eval.rs` for the faithful points.

use std::collections::HashMap;

use super::{Detection, GroundTruth};

/// What matching made of a detection at one IoU threshold and area range.
const FALSE_POSITIVE: u8 = 0;
const TRUE_POSITIVE: u8 = 1;
const IGNORED: u8 = 2;

/// Reusable buffers of [`match_image`] (no allocation per image once they have grown).
#[derive(Default)]
struct Scratch {
    gt_ignored: Vec<bool>,
    gorder: Vec<usize>,
    gt_taken: Vec<bool>,
    matches: Vec<i64>,
}

/// Match one image's detections of one category (sorted by score, cut to `max_dets`) to its
/// ground truths in one area range (pycocotools' `evaluateImg`). Writes each detection's
/// status at threshold `t` into `status[t * stride + d]` and returns the number of
/// non-ignored ground truths.
#[allow(clippy::too_many_arguments)]
fn match_image(
    gts: &[&GroundTruth],
    dets: &[&Detection],
    ious: &[f64],
    (lo, hi): (f64, f64),
    thresholds: &[f64],
    status: &mut [u8],
    stride: usize,
    s: &mut Scratch,
) -> usize {
    let outside = |a: f64| a < lo || a > hi;
    let ng = gts.len();
    s.gt_ignored.clear();
    s.gt_ignored
        .extend(gts.iter().map(|g| g.crowd || outside(g.area)));
    // ground truths: non-ignored first (stable)
    s.gorder.clear();
    s.gorder.extend(0..ng);
    let ig = &s.gt_ignored;
    s.gorder.sort_by_key(|&g| ig[g]);
    for (t, &thr) in thresholds.iter().enumerate() {
        s.gt_taken.clear();
        s.gt_taken.resize(ng, false);
        s.matches.clear();
        s.matches.resize(dets.len(), 0);
        let row = &mut status[t * stride..t * stride + dets.len()];
        for (d, det) in dets.iter().enumerate() {
            let mut best = thr.min(1.0 - 1e-10);
            let mut m: Option<usize> = None;
            for (gi, &g) in s.gorder.iter().enumerate() {
                if s.gt_taken[gi] && !gts[g].crowd {
                    continue;
                }
                if let Some(mg) = m {
                    if !s.gt_ignored[s.gorder[mg]] && s.gt_ignored[g] {
                        break;
                    }
                }
                let iou = ious[d * ng + g];
                if iou < best {
                    continue;
                }
                best = iou;
                m = Some(gi);
            }
            let mut ignored = false;
            if let Some(gi) = m {
                let g = s.gorder[gi];
                ignored = s.gt_ignored[g];
                s.matches[d] = gts[g].id;
                s.gt_taken[gi] = true;
            }
            if s.matches[d] == 0 && outside(det.bbox.area()) {
                ignored = true;
            }
            row[d] = if ignored {
                IGNORED
            } else if s.matches[d] != 0 {
                TRUE_POSITIVE
            } else {
                FALSE_POSITIVE
            };
        }
    }
    s.gt_ignored.iter().filter(|&&i| !i).count()
}

/// Precision at each recall threshold, `[t][r]`, of one category and area range
/// (pycocotools' `accumulate`). `order` is the category's detections merged over images by a
/// stable sort on descending score; `status[t * stride + d]` their match status.
fn accumulate(
    order: &[usize],
    status: &[u8],
    stride: usize,
    n_gt: usize,
    n_t: usize,
    rec_thrs: &[f64],
) -> Vec<Vec<f64>> {
    let nd = order.len();
    let mut out = Vec::with_capacity(n_t);
    let mut rc = vec![0.0f64; nd];
    let mut pr = vec![0.0f64; nd];
    for t in 0..n_t {
        let row = &status[t * stride..];
        let (mut tp, mut fp) = (0.0f64, 0.0f64);
        for (k, &d) in order.iter().enumerate() {
            match row[d] {
                TRUE_POSITIVE => tp += 1.0,
                FALSE_POSITIVE => fp += 1.0,
                _ => {}
            }
            rc[k] = tp / n_gt as f64;
            pr[k] = tp / (fp + tp + f64::EPSILON);
        }
        for k in (1..nd).rev() {
            if pr[k] > pr[k - 1] {
                pr[k - 1] = pr[k];
            }
        }
        let mut q = vec![0.0f64; rec_thrs.len()];
        for (r, &thr) in rec_thrs.iter().enumerate() {
            // searchsorted(rc, thr, side = "left"): first k with rc[k] ≥ thr
            let k = rc.partition_point(|&x| x < thr);
            if k >= nd {
                break;
            }
            q[r] = pr[k];
        }
        out.push(q);
    }
    out
}

/// Precision grids `[area][t][r]` of one category (`None` where the area range has no
/// non-ignored ground truth).
pub(super) fn evaluate_category(
    gts: &[&GroundTruth],
    dets: &[&Detection],
    img_ids: &[i64],
    bounds: &[(f64, f64); 4],
    iou_thrs: &[f64],
    rec_thrs: &[f64],
    max_dets: usize,
) -> [Option<Vec<Vec<f64>>>; 4] {
    let mut by_gt: HashMap<i64, Vec<&GroundTruth>> = HashMap::new();
    for &g in gts {
        by_gt.entry(g.image).or_default().push(g);
    }
    let mut by_det: HashMap<i64, Vec<&Detection>> = HashMap::new();
    for &d in dets {
        by_det.entry(d.image).or_default().push(d);
    }
    // every evaluated image's detections, sorted by score and cut, concatenated in image order
    let mut spans: Vec<(i64, usize, usize)> = Vec::new();
    let mut all: Vec<&Detection> = Vec::new();
    for &img in img_ids {
        let has_gt = by_gt.contains_key(&img);
        let start = all.len();
        if let Some(d) = by_det.get_mut(&img) {
            d.sort_by(|a, b| b.score.total_cmp(&a.score));
            d.truncate(max_dets);
            all.extend_from_slice(d);
        } else if !has_gt {
            continue;
        }
        spans.push((img, start, all.len()));
    }
    let stride = all.len();
    let n_t = iou_thrs.len();
    let mut status = [(); 4].map(|_| vec![FALSE_POSITIVE; n_t * stride]);
    let mut n_gt = [0usize; 4];
    let mut ious: Vec<f64> = Vec::new();
    let mut scratch = Scratch::default();
    for &(img, start, end) in &spans {
        let g: &[&GroundTruth] = by_gt.get(&img).map_or(&[], |v| v);
        let d = &all[start..end];
        ious.clear();
        for det in d {
            for gt in g {
                ious.push(det.bbox.iou(&gt.bbox, gt.crowd));
            }
        }
        for a in 0..4 {
            n_gt[a] += match_image(
                g,
                d,
                &ious,
                bounds[a],
                iou_thrs,
                &mut status[a][start..],
                stride,
                &mut scratch,
            );
        }
    }
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by(|&a, &b| all[b].score.total_cmp(&all[a].score));
    [0, 1, 2, 3].map(|a| {
        (n_gt[a] > 0).then(|| accumulate(&order, &status[a], stride, n_gt[a], n_t, rec_thrs))
    })
}
