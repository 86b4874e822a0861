//! How each class looks: signed-distance shapes, anti-aliased over one pixel, composited in
//! up to three layers per object.

use super::things::Thing;
use super::Rgb;
use crate::metrics::detection::BBox;

/// Up to three (colour, coverage) layers of one object at one pixel, bottom first.
type Layers = [(Rgb, f32); 3];

/// Coverage of a signed distance (negative inside) anti-aliased over one pixel.
#[inline]
fn cover(d: f64) -> f32 {
    (0.5 - d).clamp(0.0, 1.0) as f32
}

#[inline]
fn sd_box(px: f64, py: f64, x0: f64, y0: f64, x1: f64, y1: f64) -> f64 {
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (dx, dy) = (
        (px - cx).abs() - (x1 - x0) / 2.0,
        (py - cy).abs() - (y1 - y0) / 2.0,
    );
    (dx.max(0.0).powi(2) + dy.max(0.0).powi(2)).sqrt() + dx.max(dy).min(0.0)
}

#[inline]
fn sd_circle(px: f64, py: f64, cx: f64, cy: f64, r: f64) -> f64 {
    ((px - cx).powi(2) + (py - cy).powi(2)).sqrt() - r
}

/// Colour and coverage of an object at pixel centre `(px, py)`, its box `b` in px. `None`
/// where the object does not paint.
pub(super) fn paint(t: &Thing, px: f64, py: f64, b: &BBox) -> Option<(Rgb, f32)> {
    let layers = match t.class {
        0 => car(t, px, py, b),
        1 => person(t, px, py, b),
        2 => bicycle(t, px, py, b),
        3 => road_sign(t, px, py, b),
        _ => traffic_light(t, px, py, b),
    };
    composite(layers)
}

/// Car: body in the lower 65 %, cabin with windows on top, two wheels.
fn car(t: &Thing, px: f64, py: f64, b: &BBox) -> Layers {
    let (x0, y0, w, h) = (b.x, b.y, b.w, b.h);
    let body = sd_box(px, py, x0, y0 + 0.35 * h, x0 + w, y0 + 0.85 * h);
    let cabin = sd_box(px, py, x0 + 0.2 * w, y0, x0 + 0.78 * w, y0 + 0.4 * h);
    let r = 0.16 * h.min(w);
    let wheel = sd_circle(px, py, x0 + 0.22 * w, y0 + h - r, r).min(sd_circle(
        px,
        py,
        x0 + 0.78 * w,
        y0 + h - r,
        r,
    ));
    let window = sd_box(
        px,
        py,
        x0 + 0.26 * w,
        y0 + 0.08 * h,
        x0 + 0.72 * w,
        y0 + 0.34 * h,
    );
    [
        (t.colour, cover(body.min(cabin))),
        ([0.35, 0.55, 0.75], cover(window)),
        ([0.05, 0.05, 0.05], cover(wheel)),
    ]
}

/// Person: head, shirt, trousers.
fn person(t: &Thing, px: f64, py: f64, b: &BBox) -> Layers {
    let (x0, y0, w, h) = (b.x, b.y, b.w, b.h);
    let head = sd_circle(px, py, x0 + 0.5 * w, y0 + 0.11 * h, 0.11 * h.min(2.2 * w));
    let torso = sd_box(
        px,
        py,
        x0 + 0.1 * w,
        y0 + 0.22 * h,
        x0 + 0.9 * w,
        y0 + 0.58 * h,
    );
    let legs = sd_box(px, py, x0 + 0.18 * w, y0 + 0.58 * h, x0 + 0.82 * w, y0 + h);
    let gap = sd_box(px, py, x0 + 0.45 * w, y0 + 0.7 * h, x0 + 0.55 * w, y0 + h);
    [
        ([0.92, 0.72, 0.56], cover(head)),
        (t.colour, cover(torso)),
        ([0.15, 0.15, 0.42], cover(legs.max(-gap))),
    ]
}

/// Bicycle: two rings and a frame triangle.
fn bicycle(t: &Thing, px: f64, py: f64, b: &BBox) -> Layers {
    let (x0, y0, w, h) = (b.x, b.y, b.w, b.h);
    let r = 0.36 * h.min(w / 2.0);
    let stroke = (0.09 * h).max(0.8);
    let ring = |cx: f64| sd_circle(px, py, cx, y0 + h - r, r).abs() - stroke / 2.0;
    let wheels = ring(x0 + r).min(ring(x0 + w - r));
    let bar = sd_box(
        px,
        py,
        x0 + r,
        y0 + 0.3 * h,
        x0 + w - r,
        y0 + 0.3 * h + stroke,
    );
    let post = sd_box(
        px,
        py,
        x0 + 0.45 * w,
        y0,
        x0 + 0.45 * w + stroke,
        y0 + h - r,
    );
    [
        ([0.05, 0.05, 0.05], cover(wheels)),
        (t.colour, cover(bar.min(post))),
        ([0.0; 3], 0.0),
    ]
}

/// Road sign: a red-bordered white triangle (even looks) or a white-rimmed blue disk.
fn road_sign(t: &Thing, px: f64, py: f64, b: &BBox) -> Layers {
    let (x0, y0, w, h) = (b.x, b.y, b.w, b.h);
    let none = ([0.0; 3], 0.0);
    if t.look.is_multiple_of(2) {
        let tri = |inset: f64| {
            let (ax, ay, bx, by) = (x0 + 0.5 * w, y0 + inset, x0 + inset, y0 + h - inset);
            let cx = x0 + w - inset;
            // half-plane distances of the three edges (inside negative)
            let e = |x1: f64, y1: f64, x2: f64, y2: f64| {
                let (nx, ny) = (y2 - y1, x1 - x2);
                let l = (nx * nx + ny * ny).sqrt();
                ((px - x1) * nx + (py - y1) * ny) / l
            };
            e(ax, ay, bx, by)
                .max(e(bx, by, cx, by))
                .max(e(cx, by, ax, ay))
        };
        [
            ([0.85, 0.1, 0.1], cover(tri(0.0))),
            ([0.97, 0.97, 0.97], cover(tri(0.22 * h))),
            none,
        ]
    } else {
        let r = 0.5 * h.min(w);
        let (cx, cy) = (x0 + 0.5 * w, y0 + 0.5 * h);
        [
            ([0.95, 0.95, 0.95], cover(sd_circle(px, py, cx, cy, r))),
            ([0.1, 0.3, 0.85], cover(sd_circle(px, py, cx, cy, 0.8 * r))),
            none,
        ]
    }
}

/// Traffic light: dark housing, three lamps, the one of `look % 3` lit.
fn traffic_light(t: &Thing, px: f64, py: f64, b: &BBox) -> Layers {
    let (x0, y0, w, h) = (b.x, b.y, b.w, b.h);
    let mut layers: Layers = [([0.0; 3], 0.0); 3];
    let housing = sd_box(px, py, x0, y0, x0 + w, y0 + h);
    layers[0] = ([0.12, 0.12, 0.12], cover(housing));
    let lit = (t.look % 3) as usize;
    let r = 0.13 * h.min(3.0 * w);
    for (k, bright) in [[1.0, 0.15, 0.1], [1.0, 0.8, 0.1], [0.2, 1.0, 0.3]]
        .iter()
        .enumerate()
    {
        let d = sd_circle(px, py, x0 + 0.5 * w, y0 + (0.2 + 0.3 * k as f64) * h, r);
        let c = cover(d);
        if c > 0.0 {
            let col: Rgb = if k == lit {
                *bright
            } else {
                bright.map(|b| 0.25 * b)
            };
            layers[1] = (col, c);
        }
    }
    layers
}

/// The layers composited bottom to top: the colour un-premultiplied and the total coverage;
/// `None` where nothing covers the pixel.
fn composite(layers: Layers) -> Option<(Rgb, f32)> {
    let mut colour = [0.0f32; 3];
    let mut alpha = 0.0f32;
    for (c, a) in layers {
        if a > 0.0 {
            for k in 0..3 {
                colour[k] = colour[k] * (1.0 - a) + c[k] * a;
            }
            alpha = alpha + a - alpha * a;
        }
    }
    // un-premultiply: colour holds the composite over black
    (alpha > 0.0).then(|| (colour.map(|c| c / alpha), alpha))
}
