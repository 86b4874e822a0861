//! Rendering one frame: sky and road, the objects far to near with occlusion, the
//! annotations of the objects that stay visible, and the camera's noise.

use super::paint::paint;
use super::things::{Thing, ASPECT};
use super::{Object, Rgb};
use crate::metrics::detection::BBox;
use crate::rng::Rng;

/// Sky above the horizon (at 0.4 of the height), a road widening towards the camera with a
/// dashed centre line, grass beside it: pixels `[3, side, side]` into `out`.
fn background(side: usize, out: &mut [f32]) {
    let hw = side * side;
    let horizon = 0.4;
    for y in 0..side {
        let fy = (y as f64 + 0.5) / side as f64;
        for x in 0..side {
            let fx = (x as f64 + 0.5) / side as f64;
            let c: Rgb = if fy < horizon {
                let t = (fy / horizon) as f32;
                [0.50 + 0.3 * t, 0.70 + 0.18 * t, 0.95]
            } else {
                // road: a trapezoid widening towards the camera, grass beside it
                let depth = (fy - horizon) / (1.0 - horizon);
                let half = 0.08 + 0.5 * depth;
                if (fx - 0.5).abs() < half {
                    let lane =
                        (fx - 0.5).abs() < 0.006 + 0.012 * depth && ((depth * 12.0).fract() < 0.5);
                    if lane {
                        [0.9, 0.9, 0.85]
                    } else {
                        [0.42, 0.42, 0.44]
                    }
                } else {
                    [0.32, 0.55, 0.28]
                }
            };
            for k in 0..3 {
                out[k * hw + y * side + x] = c[k];
            }
        }
    }
}

/// The grey pole below a sign or a light (box `b`, px): scenery, not part of the object.
fn draw_pole(t: &Thing, b: &BBox, side: usize, out: &mut [f32]) {
    let s = side as f64;
    let hw = side * side;
    let pw = (0.08 * b.w).max(1.0);
    let px0 = (t.cx * s - pw / 2.0).max(0.0) as usize;
    for y in (b.y + b.h).max(0.0) as usize..side.min((0.75 * s) as usize) {
        for x in px0..side.min(px0 + pw.ceil() as usize) {
            for k in 0..3 {
                out[k * hw + y * side + x] = 0.5;
            }
        }
    }
}

/// Paint object `i` (box `b`, px) over `out`; the pixels it covers at least half become its
/// own in `owner`. Returns how many it owned when painted (before nearer objects).
fn draw_object(
    t: &Thing,
    i: usize,
    b: &BBox,
    side: usize,
    out: &mut [f32],
    owner: &mut [u16],
) -> usize {
    let s = side as f64;
    let hw = side * side;
    let (x0, y0, w, h) = (b.x, b.y, b.w, b.h);
    let (xa, xb) = (
        (x0.floor().max(0.0)) as usize,
        ((x0 + w).ceil().min(s)).max(0.0) as usize,
    );
    let (ya, yb) = (
        (y0.floor().max(0.0)) as usize,
        ((y0 + h).ceil().min(s)).max(0.0) as usize,
    );
    let mut painted = 0;
    for y in ya..yb {
        for x in xa..xb {
            let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
            if let Some((c, a)) = paint(t, px, py, b) {
                for k in 0..3 {
                    let o = &mut out[k * hw + y * side + x];
                    *o = *o * (1.0 - a) + c[k] * a;
                }
                if a >= 0.5 {
                    owner[y * side + x] = i as u16;
                    painted += 1;
                }
            }
        }
    }
    painted
}

/// Render one frame: pixels `[3, side, side]` into `out`, the kept objects into `objects`.
/// `owner` is a scratch buffer of `side²`.
pub(super) fn render(
    things: &[Thing],
    night: bool,
    side: usize,
    rng: &mut Rng,
    out: &mut [f32],
    owner: &mut [u16],
    objects: &mut Vec<Object>,
) {
    background(side, out);
    owner.fill(u16::MAX);
    let s = side as f64;
    // far to near: by the bottom edge
    let mut order: Vec<usize> = (0..things.len()).collect();
    order.sort_by(|&a, &b| things[a].bottom.total_cmp(&things[b].bottom));
    let mut painted = vec![0usize; things.len()];
    let mut boxes = vec![BBox::default(); things.len()];
    for &i in &order {
        let t = &things[i];
        let h = t.h * s;
        let w = h * ASPECT[t.class as usize];
        boxes[i] = BBox::new(t.cx * s - w / 2.0, t.bottom * s - h, w, h);
        if t.class >= 3 {
            draw_pole(t, &boxes[i], side, out);
        }
        painted[i] = draw_object(t, i, &boxes[i], side, out, owner);
    }
    keep_visible(things, &order, &boxes, &painted, owner, s, objects);
    camera_noise(night, rng, out);
}

/// The annotations, far to near: an object is kept with its box clipped to the image when
/// the clipped box is at least 2 px each way and a quarter of the box, and at least 30 % of
/// the pixels it painted are still its own after occlusion.
fn keep_visible(
    things: &[Thing],
    order: &[usize],
    boxes: &[BBox],
    painted: &[usize],
    owner: &[u16],
    s: f64,
    objects: &mut Vec<Object>,
) {
    let mut visible = vec![0usize; things.len()];
    for &o in owner.iter() {
        if o != u16::MAX {
            visible[o as usize] += 1;
        }
    }
    objects.clear();
    for &i in order {
        let b = boxes[i];
        let (x0, y0) = (b.x.max(0.0), b.y.max(0.0));
        let (x1, y1) = ((b.x + b.w).min(s), (b.y + b.h).min(s));
        let clipped = BBox::new(x0, y0, x1 - x0, y1 - y0);
        let keep = clipped.w >= 2.0
            && clipped.h >= 2.0
            && clipped.area() >= 0.25 * b.area()
            && painted[i] > 0
            && visible[i] as f64 >= 0.3 * painted[i] as f64;
        if keep {
            objects.push(Object {
                class: things[i].class,
                bbox: clipped,
            });
        }
    }
}

/// Sensor noise: at night the frame darkened to 30 % with its contrast halved and noise of
/// σ = 0.06, by day σ = 0.015; values clamped to [0, 1].
fn camera_noise(night: bool, rng: &mut Rng, out: &mut [f32]) {
    if night {
        for v in out.iter_mut() {
            let dark = 0.3 * (0.5 + 0.5 * (*v - 0.5));
            *v = (dark + 0.06 * rng.normal() as f32).clamp(0.0, 1.0);
        }
    } else {
        for v in out.iter_mut() {
            *v = (*v + 0.015 * rng.normal() as f32).clamp(0.0, 1.0);
        }
    }
}
