//! `shapes`: a seeded procedural 28×28 grayscale classification set of 10 classes.
//!
//! Each image is one shape drawn with a signed-distance function (anti-aliased over one pixel)
//! at a random position, size (radius 5–11 px), rotation (0–360°), stroke width (outlines,
//! 1.2–2.6 px) and contrast (foreground 0.35–1.0 over a background of 0–0.3), plus Gaussian
//! pixel noise (σ 0.03–0.15). Filled and outlined versions of the same outline are separate
//! classes, and small, faint, noisy samples are genuinely ambiguous, so a small CNN needs a
//! few thousand labels to saturate. Image `i` depends only on `(seed, i)`: generation is
//! parallel (rayon) and deterministic. Values are stored as bytes: each generated value `v`
//! becomes `round(255·v)` (read back as `b / 255`), so a 1M-image pool is 784 MB, and it is
//! generated in chunks ([`generate_shapes_chunked`]) straight into the data cache.

use rayon::prelude::*;

use super::{imbalanced_quota, DataError, ImageSet, Source};
use crate::rng::{Purpose, Rng};

/// Class names in label order.
pub const SHAPE_CLASSES: [&str; 10] = [
    "disk",
    "ring",
    "square",
    "square-outline",
    "triangle",
    "triangle-outline",
    "plus",
    "star",
    "bar",
    "ell",
];

const SIDE: usize = 28;

type P = (f64, f64);

/// Signed distance from `p` to a closed polygon (negative inside). Inigo Quilez's formula.
fn sd_polygon(p: P, v: &[P]) -> f64 {
    let mut d = (p.0 - v[0].0).powi(2) + (p.1 - v[0].1).powi(2);
    let mut s = 1.0;
    let n = v.len();
    let mut j = n - 1;
    for i in 0..n {
        let e = (v[j].0 - v[i].0, v[j].1 - v[i].1);
        let w = (p.0 - v[i].0, p.1 - v[i].1);
        let t = ((w.0 * e.0 + w.1 * e.1) / (e.0 * e.0 + e.1 * e.1)).clamp(0.0, 1.0);
        let b = (w.0 - e.0 * t, w.1 - e.1 * t);
        d = d.min(b.0 * b.0 + b.1 * b.1);
        let c1 = p.1 >= v[i].1;
        let c2 = p.1 < v[j].1;
        let c3 = e.0 * w.1 > e.1 * w.0;
        if (c1 && c2 && c3) || (!c1 && !c2 && !c3) {
            s = -s;
        }
        j = i;
    }
    s * d.sqrt()
}

fn sd_box(p: P, hx: f64, hy: f64) -> f64 {
    let (dx, dy) = (p.0.abs() - hx, p.1.abs() - hy);
    let outside = (dx.max(0.0).powi(2) + dy.max(0.0).powi(2)).sqrt();
    outside + dx.max(dy).min(0.0)
}

/// Signed distance of class `class` in shape coordinates (unit radius `r`, stroke `w`).
fn sd_shape(class: usize, p: P, r: f64, w: f64, star: &[P; 10], tri: &[P; 3], ell: &[P; 6]) -> f64 {
    let len = (p.0 * p.0 + p.1 * p.1).sqrt();
    match class {
        0 => len - r,
        1 => (len - r).abs() - w / 2.0,
        2 => sd_box(p, 0.8 * r, 0.8 * r),
        3 => sd_box(p, 0.8 * r, 0.8 * r).abs() - w / 2.0,
        4 => sd_polygon(p, tri),
        5 => sd_polygon(p, tri).abs() - w / 2.0,
        6 => sd_box(p, r, 0.3 * r).min(sd_box(p, 0.3 * r, r)),
        7 => sd_polygon(p, star),
        8 => sd_box(p, r, 0.28 * r),
        _ => sd_polygon(p, ell),
    }
}

/// Render one image of `class` from `rng` into `out` (784 bytes, value `round(255·v)`).
fn render(class: usize, rng: &mut Rng, out: &mut [u8]) {
    let r = rng.range(5.0, 11.0);
    let margin = r + 1.0;
    let cx = rng.range(margin, SIDE as f64 - margin);
    let cy = rng.range(margin, SIDE as f64 - margin);
    let theta = rng.range(0.0, std::f64::consts::TAU);
    let w = rng.range(1.2, 2.6);
    let bg = rng.range(0.0, 0.3);
    let fg = rng.range(0.35, 1.0);
    let sigma = rng.range(0.03, 0.15);
    let tri: [P; 3] = std::array::from_fn(|k| {
        let a = std::f64::consts::FRAC_PI_2 + k as f64 * std::f64::consts::TAU / 3.0;
        (r * a.cos(), r * a.sin())
    });
    let star: [P; 10] = std::array::from_fn(|k| {
        let a = std::f64::consts::FRAC_PI_2 + k as f64 * std::f64::consts::PI / 5.0;
        let rad = if k % 2 == 0 { r } else { 0.45 * r };
        (rad * a.cos(), rad * a.sin())
    });
    let t = 0.32 * r;
    let ell: [P; 6] = [
        (-r, -r),
        (-r + t, -r),
        (-r + t, r - t),
        (r, r - t),
        (r, r),
        (-r, r),
    ];
    let (s, c) = theta.sin_cos();
    for y in 0..SIDE {
        for x in 0..SIDE {
            let (dx, dy) = (x as f64 + 0.5 - cx, y as f64 + 0.5 - cy);
            let p = (c * dx + s * dy, -s * dx + c * dy);
            let d = sd_shape(class, p, r, w, &star, &tri, &ell);
            let cover = (0.5 - d).clamp(0.0, 1.0);
            let v = bg + (fg - bg) * cover + sigma * rng.normal();
            out[y * SIDE + x] = (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        }
    }
}

/// Images generated per chunk of [`generate_shapes_chunked`] (3.2 MB of bytes).
pub const CHUNK: usize = 4096;

/// The labels of `n` images: `i % 10` shuffled by the seed, so classes are balanced.
pub fn shape_labels(n: usize, seed: u64, stream: u64) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32)
        .map(|i| i % SHAPE_CLASSES.len() as u32)
        .collect();
    Rng::derive(seed, Purpose::Data, &[stream, u64::MAX]).shuffle(&mut order);
    order
}

/// Generate the images of `labels` (from [`shape_labels`]) in chunks of [`CHUNK`], each
/// rendered in parallel and handed to `sink` as `[chunk, 784]` bytes, in order.
pub fn generate_shapes_chunked<E>(
    labels: &[u32],
    seed: u64,
    stream: u64,
    mut sink: impl FnMut(&[u8]) -> Result<(), E>,
) -> Result<(), E> {
    let l = SIDE * SIDE;
    let mut buf = vec![0u8; CHUNK.min(labels.len()) * l];
    for (c, chunk) in labels.chunks(CHUNK).enumerate() {
        let out = &mut buf[..chunk.len() * l];
        out.par_chunks_mut(l).enumerate().for_each(|(k, img)| {
            let i = c * CHUNK + k;
            let mut rng = Rng::derive(seed, Purpose::Data, &[stream, i as u64]);
            render(chunk[k] as usize, &mut rng, img);
        });
        sink(out)?;
    }
    Ok(())
}

/// An empty `shapes` set (geometry and class names).
pub fn shapes_set() -> ImageSet {
    ImageSet {
        channels: 1,
        height: SIDE,
        width: SIDE,
        class_names: SHAPE_CLASSES.iter().map(|s| s.to_string()).collect(),
        ..ImageSet::default()
    }
}

/// Generate `n` images in memory; image `i`'s class is `i % 10` shuffled by the seed, so
/// classes are balanced. `stream` separates independent sets from one seed (e.g. train = 0,
/// test = 1).
pub fn generate_shapes(n: usize, seed: u64, stream: u64) -> ImageSet {
    let labels = shape_labels(n, seed, stream);
    let mut pixels = Vec::with_capacity(n * SIDE * SIDE);
    generate_shapes_chunked::<()>(&labels, seed, stream, |b| {
        pixels.extend_from_slice(b);
        Ok(())
    })
    .expect("an infallible sink");
    ImageSet {
        pixels: super::Pixels::from_u8(pixels),
        labels,
        ..shapes_set()
    }
}

/// The number of (training, test) images the `shapes` source of `d` generates: enough
/// training images for the pool (enough of every class for `data.imbalance`), validation and
/// reserve, and `data.test` test images.
pub fn shapes_counts(d: &super::DataSpec) -> (usize, usize) {
    let n_classes = SHAPE_CLASSES.len();
    let pool_draw = if d.imbalance > 1.0 {
        imbalanced_quota(d.pool, n_classes, d.imbalance)[0] * n_classes
    } else {
        d.pool
    };
    (pool_draw + d.validation + d.reserve, d.test)
}

/// The `shapes` dataset from `[data]`: just enough training images for the pool (enough of
/// every class for `data.imbalance`), validation and reserve (stream 0), and `data.test`
/// test images (stream 1).
pub fn shapes_source(d: &super::DataSpec, seed: u64) -> Result<Source, DataError> {
    let (n_train, n_test) = shapes_counts(d);
    let train = generate_shapes(n_train, seed, 0);
    let test = generate_shapes(n_test, seed, 1);
    Ok(Source {
        train,
        test: Some(test),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_balanced_and_in_range() {
        let a = generate_shapes(200, 3, 0);
        let b = generate_shapes(200, 3, 0);
        let (pa, pb) = (a.pixels_f32(), b.pixels_f32());
        assert_eq!(pa, pb);
        assert_eq!(a.labels, b.labels);
        let c = generate_shapes(200, 3, 1);
        assert_ne!(pa, c.pixels_f32());
        assert_eq!(pa.len(), 200 * 784);
        assert_eq!(a.pixels.depth_bytes(), 1, "stored as bytes");
        assert!(pa.iter().all(|v| (0.0..=1.0).contains(v)));
        // chunking does not change the images: a set spanning several chunks starts with
        // the images of a smaller one of the same labels
        let labels = shape_labels(CHUNK + 10, 3, 0);
        let mut big = Vec::new();
        generate_shapes_chunked::<()>(&labels, 3, 0, |b| {
            big.extend_from_slice(b);
            Ok(())
        })
        .unwrap();
        let mut small = Vec::new();
        generate_shapes_chunked::<()>(&labels[..5], 3, 0, |b| {
            small.extend_from_slice(b);
            Ok(())
        })
        .unwrap();
        assert_eq!(&big[..5 * 784], &small[..]);
        for k in 0..10 {
            assert_eq!(a.labels.iter().filter(|&&l| l == k).count(), 20);
        }
    }

    #[test]
    fn polygon_sdf_signs() {
        let sq = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)];
        assert!((sd_polygon((0.0, 0.0), &sq) + 1.0).abs() < 1e-9);
        assert!((sd_polygon((3.0, 0.0), &sq) - 2.0).abs() < 1e-9);
    }

    #[test]
    fn shapes_differ_by_class() {
        // A filled disk covers more pixels than its ring at the same geometry.
        let mut a = [0u8; 784];
        let mut b = [0u8; 784];
        render(0, &mut Rng::new(1), &mut a);
        render(1, &mut Rng::new(1), &mut b);
        let sum = |v: &[u8]| v.iter().map(|&x| x as u32).sum::<u32>();
        let (sa, sb) = (sum(&a), sum(&b));
        assert!(sa > sb, "{sa} {sb}");
    }
}
