//! `scenes`: seeded procedural road scenes for object detection (no download).
//!
//! RGB images (default 96 × 96) of a road under a sky with the NVIDIA paper's five classes:
//! car (a coloured body with windows and wheels), person (head, shirt, trousers), bicycle (two
//! wheel rings and a frame), road sign (a red-bordered triangle or a blue disk on a pole) and
//! traffic light (a dark housing with one of three lamps lit). Object heights are
//! log-uniform between 6 % and 50 % of the image height, so small, medium and large objects
//! all occur. Objects are drawn far to near (by the bottom edge): nearer objects occlude
//! farther ones; an object less than 30 % visible, or cut by a border to less than a quarter
//! of its box or under 2 px, is dropped from the annotations; the others keep their clipped box.
//!
//! Scenes come as sequences of `sequence_length` frames (default 8): the objects of a
//! sequence move a little from frame to frame (≤ 1.5 % of the width, ≤ 2 % of scale), so
//! consecutive frames are near-duplicates, as in recorded video. A sequence is shot at night
//! with probability `night` (default 0.25): the scene is darkened to 30 % with its contrast
//! halved, and sensor noise (σ = 0.06) is added. Object counts per image: 1 to 6; classes are
//! drawn with `class_weights` (default car 1, person 1, bicycle 0.25, road sign 0.6, traffic
//! light 0.6: bicycles are rare). Image `i` depends only on `(seed, stream, its sequence)`:
//! generation is parallel over sequences and deterministic.

use rayon::prelude::*;

use super::{ImageMeta, ImageSet, Object};
use crate::metrics::detection::BBox;
use crate::rng::{Purpose, Rng};

/// Class names in label order (the NVIDIA paper's classes).
pub const SCENE_CLASSES: [&str; 5] = ["car", "person", "bicycle", "road-sign", "traffic-light"];

/// Default relative class frequencies (bicycles rare).
pub const DEFAULT_CLASS_WEIGHTS: [f64; 5] = [1.0, 1.0, 0.25, 0.6, 0.6];

/// Parameters of the generator.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneParams {
    /// Image side, px (square images).
    pub size: usize,
    /// Frames per sequence (≥ 1).
    pub sequence_length: usize,
    /// Probability that a sequence is recorded at night.
    pub night: f64,
    /// Relative class frequencies, one per class of [`SCENE_CLASSES`].
    pub class_weights: Vec<f64>,
}

impl Default for SceneParams {
    fn default() -> Self {
        SceneParams {
            size: 96,
            sequence_length: 8,
            night: 0.25,
            class_weights: DEFAULT_CLASS_WEIGHTS.to_vec(),
        }
    }
}

type Rgb = [f32; 3];

/// An object of a sequence, in units of the image side.
#[derive(Clone, Copy, Debug)]
struct Thing {
    class: u32,
    /// Centre x, bottom y, height (fractions of the side).
    cx: f64,
    bottom: f64,
    h: f64,
    vx: f64,
    grow: f64,
    /// Class-specific look: colour index, sign kind, lit lamp.
    look: u32,
    colour: Rgb,
}

/// Width / height of each class's box.
const ASPECT: [f64; 5] = [1.8, 0.42, 1.5, 1.0, 0.42];

const CAR_COLOURS: [Rgb; 5] = [
    [0.80, 0.10, 0.10],
    [0.10, 0.25, 0.80],
    [0.92, 0.92, 0.92],
    [0.90, 0.78, 0.10],
    [0.12, 0.12, 0.12],
];
const SHIRTS: [Rgb; 4] = [
    [0.85, 0.35, 0.10],
    [0.20, 0.60, 0.25],
    [0.55, 0.20, 0.65],
    [0.95, 0.85, 0.20],
];

fn pick(weights: &[f64], rng: &mut Rng) -> u32 {
    let total: f64 = weights.iter().sum();
    let mut u = rng.uniform() * total;
    for (i, w) in weights.iter().enumerate() {
        if u < *w {
            return i as u32;
        }
        u -= w;
    }
    (weights.len() - 1) as u32
}

fn new_thing(class: u32, rng: &mut Rng) -> Thing {
    // log-uniform height, 6 % – 50 % of the side
    let h = (0.06f64.ln() + rng.uniform() * (0.5f64.ln() - 0.06f64.ln())).exp();
    let (bottom, cx) = match class {
        // road users stand on the ground (below the horizon at 0.4)
        0..=2 => (rng.range(0.45, 1.08), rng.range(-0.1, 1.1)),
        // signs and lights hang above it
        _ => (rng.range(0.12 + h, 0.62), rng.range(-0.05, 1.05)),
    };
    let look = rng.below(12) as u32;
    let colour = match class {
        0 => CAR_COLOURS[look as usize % CAR_COLOURS.len()],
        1 => SHIRTS[look as usize % SHIRTS.len()],
        2 => [[0.9, 0.45, 0.1], [0.15, 0.55, 0.2], [0.1, 0.35, 0.8]][look as usize % 3],
        _ => [0.0; 3],
    };
    Thing {
        class,
        cx,
        bottom,
        h,
        vx: rng.range(-0.015, 0.015),
        grow: rng.range(-0.02, 0.02),
        look,
        colour,
    }
}

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

/// Colour and coverage of an object at pixel centre `(px, py)`, in a frame where the box is
/// `[x0, x0 + w] × [y0, y0 + h]` (px). `None` where the object does not paint.
fn paint(t: &Thing, px: f64, py: f64, x0: f64, y0: f64, w: f64, h: f64) -> Option<(Rgb, f32)> {
    let mut layers: [(Rgb, f32); 3] = [([0.0; 3], 0.0); 3];
    match t.class {
        0 => {
            // car: body in the lower 65 %, cabin with windows on top, two wheels
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
            layers[0] = (t.colour, cover(body.min(cabin)));
            layers[1] = ([0.35, 0.55, 0.75], cover(window));
            layers[2] = ([0.05, 0.05, 0.05], cover(wheel));
        }
        1 => {
            // person: head, shirt, trousers
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
            layers[0] = ([0.92, 0.72, 0.56], cover(head));
            layers[1] = (t.colour, cover(torso));
            layers[2] = ([0.15, 0.15, 0.42], cover(legs.max(-gap)));
        }
        2 => {
            // bicycle: two rings and a frame triangle
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
            layers[0] = ([0.05, 0.05, 0.05], cover(wheels));
            layers[1] = (t.colour, cover(bar.min(post)));
        }
        3 => {
            if t.look.is_multiple_of(2) {
                // triangle: red border, white inside
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
                layers[0] = ([0.85, 0.1, 0.1], cover(tri(0.0)));
                layers[1] = ([0.97, 0.97, 0.97], cover(tri(0.22 * h)));
            } else {
                let r = 0.5 * h.min(w);
                let (cx, cy) = (x0 + 0.5 * w, y0 + 0.5 * h);
                layers[0] = ([0.95, 0.95, 0.95], cover(sd_circle(px, py, cx, cy, r)));
                layers[1] = ([0.1, 0.3, 0.85], cover(sd_circle(px, py, cx, cy, 0.8 * r)));
            }
        }
        _ => {
            // traffic light: dark housing, three lamps, one lit
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
        }
    }
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

/// Render one frame: pixels `[3, side, side]` into `out`, the kept objects into `objects`.
/// `owner` is a scratch buffer of `side²`.
fn render(
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
    let hw = side * side;
    // far to near: by the bottom edge
    let mut order: Vec<usize> = (0..things.len()).collect();
    order.sort_by(|&a, &b| things[a].bottom.total_cmp(&things[b].bottom));
    let mut painted = vec![0usize; things.len()];
    let mut boxes = vec![BBox::default(); things.len()];
    for &i in &order {
        let t = &things[i];
        let h = t.h * s;
        let w = h * ASPECT[t.class as usize];
        let (x0, y0) = (t.cx * s - w / 2.0, t.bottom * s - h);
        boxes[i] = BBox::new(x0, y0, w, h);
        if t.class >= 3 {
            // the pole below a sign or a light: scenery, not part of the object
            let pw = (0.08 * w).max(1.0);
            let px0 = (t.cx * s - pw / 2.0).max(0.0) as usize;
            for y in (y0 + h).max(0.0) as usize..side.min((0.75 * s) as usize) {
                for x in px0..side.min(px0 + pw.ceil() as usize) {
                    for k in 0..3 {
                        out[k * hw + y * side + x] = 0.5;
                    }
                }
            }
        }
        let (xa, xb) = (
            (x0.floor().max(0.0)) as usize,
            ((x0 + w).ceil().min(s)).max(0.0) as usize,
        );
        let (ya, yb) = (
            (y0.floor().max(0.0)) as usize,
            ((y0 + h).ceil().min(s)).max(0.0) as usize,
        );
        for y in ya..yb {
            for x in xa..xb {
                let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
                if let Some((c, a)) = paint(t, px, py, x0, y0, w, h) {
                    for k in 0..3 {
                        let o = &mut out[k * hw + y * side + x];
                        *o = *o * (1.0 - a) + c[k] * a;
                    }
                    if a >= 0.5 {
                        owner[y * side + x] = i as u16;
                        painted[i] += 1;
                    }
                }
            }
        }
    }
    let mut visible = vec![0usize; things.len()];
    for &o in owner.iter() {
        if o != u16::MAX {
            visible[o as usize] += 1;
        }
    }
    objects.clear();
    for &i in &order {
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

/// Generate `n` scenes (`n / sequence_length` sequences, the last one possibly shorter).
/// `stream` separates independent sets from one seed (train = 0, test = 1).
pub fn generate_scenes(n: usize, p: &SceneParams, seed: u64, stream: u64) -> ImageSet {
    let side = p.size;
    let len = p.sequence_length.max(1);
    let per = 3 * side * side;
    let mut pixels = vec![0.0f32; n * per];
    let mut objects: Vec<Vec<Object>> = vec![Vec::new(); n];
    let mut meta = vec![ImageMeta::default(); n];
    pixels
        .par_chunks_mut(per * len)
        .zip(objects.par_chunks_mut(len))
        .zip(meta.par_chunks_mut(len))
        .enumerate()
        .for_each(|(seq, ((px, objs), meta))| {
            let mut rng = Rng::derive(seed, Purpose::Data, &[0x5CE7E5, stream, seq as u64]);
            let night = rng.bernoulli(p.night);
            let count = 1 + rng.below(6);
            let mut things: Vec<Thing> = (0..count)
                .map(|_| {
                    let c = pick(&p.class_weights, &mut rng);
                    new_thing(c, &mut rng)
                })
                .collect();
            let mut owner = vec![0u16; side * side];
            for (f, ((out, o), m)) in px
                .chunks_mut(per)
                .zip(objs.iter_mut())
                .zip(meta.iter_mut())
                .enumerate()
            {
                render(&things, night, side, &mut rng, out, &mut owner, o);
                *m = ImageMeta {
                    night,
                    sequence: seq as u32,
                    frame: f as u32,
                };
                for t in &mut things {
                    t.cx += t.vx;
                    t.h *= 1.0 + t.grow;
                    t.bottom += 0.3 * t.grow * t.h;
                }
            }
        });
    let labels = objects
        .iter()
        .map(|o| super::dominant_class(o).unwrap_or(0))
        .collect();
    ImageSet {
        channels: 3,
        height: side,
        width: side,
        class_names: SCENE_CLASSES.iter().map(|s| s.to_string()).collect(),
        pixels,
        labels,
        objects,
        meta,
        files: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_annotated_and_in_range() {
        let p = SceneParams::default();
        let a = generate_scenes(64, &p, 3, 0);
        let b = generate_scenes(64, &p, 3, 0);
        assert_eq!(a.pixels, b.pixels);
        assert_eq!(a.objects, b.objects);
        assert_ne!(a.pixels, generate_scenes(64, &p, 3, 1).pixels);
        assert_eq!(
            (a.len(), a.channels, a.height, a.objects.len(), a.meta.len()),
            (64, 3, 96, 64, 64)
        );
        assert!(a.pixels.iter().all(|v| (0.0..=1.0).contains(v)));
        for objs in &a.objects {
            for o in objs {
                let b = o.bbox;
                assert!(
                    b.x >= 0.0
                        && b.y >= 0.0
                        && b.x + b.w <= 96.0 + 1e-9
                        && b.y + b.h <= 96.0 + 1e-9,
                    "{b:?}"
                );
                assert!(b.w >= 2.0 && b.h >= 2.0);
            }
        }
        // sequences of 8 frames, numbered
        assert_eq!((a.meta[9].sequence, a.meta[9].frame), (1, 1));
        assert!(a
            .meta
            .chunks(8)
            .all(|s| s.iter().all(|m| m.night == s[0].night)));
    }

    #[test]
    fn frames_of_a_sequence_are_near_duplicates_and_night_is_dark() {
        let p = SceneParams {
            night: 0.5,
            ..SceneParams::default()
        };
        let a = generate_scenes(160, &p, 8, 0);
        let dist = |i: usize, j: usize| -> f32 {
            let (x, y) = (a.image(i), a.image(j));
            x.iter().zip(y).map(|(u, v)| (u - v).abs()).sum::<f32>() / x.len() as f32
        };
        let (mut within, mut across) = (0.0, 0.0);
        for s in 0..20 {
            within += dist(8 * s, 8 * s + 1);
            across += dist(8 * s, 8 * ((s + 1) % 20));
        }
        assert!(within < 0.5 * across, "within {within} across {across}");
        let mean = |i: usize| a.image(i).iter().sum::<f32>() / a.image(i).len() as f32;
        let (night, day): (Vec<usize>, Vec<usize>) = (0..160).partition(|&i| a.meta[i].night);
        assert!(!night.is_empty() && !day.is_empty());
        let avg = |v: &[usize]| v.iter().map(|&i| mean(i)).sum::<f32>() / v.len() as f32;
        assert!(avg(&night) < 0.5 * avg(&day));
        // class weights: a zero weight removes the class
        let no_bikes = SceneParams {
            class_weights: vec![1.0, 1.0, 0.0, 1.0, 1.0],
            ..SceneParams::default()
        };
        let b = generate_scenes(200, &no_bikes, 8, 0);
        assert!(b.objects.iter().flatten().all(|o| o.class != 2));
        assert!(b.objects.iter().flatten().any(|o| o.class == 4));
    }
}
