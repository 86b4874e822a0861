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
//! generation is parallel over sequences and deterministic, in chunks of whole sequences
//! ([`generate_scenes_chunked`]) that stream into the data cache.

mod load;
mod paint;
mod render;
mod things;

use rayon::prelude::*;

pub use load::{scene_params, scenes_counts, scenes_source};

use super::{ImageMeta, ImageSet, Object};
use crate::rng::{Purpose, Rng};
use render::render;
use things::{new_thing, pick, Thing};

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

/// A colour: red, green, blue in [0, 1].
type Rgb = [f32; 3];

/// Images per chunk of [`generate_scenes_chunked`], rounded down to whole sequences (at
/// least one): 256 images of 96 × 96 RGB are 28 MB of floats.
pub const SCENES_CHUNK: usize = 256;

/// The images, objects and metadata of one chunk of consecutive scenes: pixels
/// `[k, 3, side, side]` (floats in [0, 1]), one object list and one [`ImageMeta`] per image.
pub type ScenesChunk<'a> = (&'a [f32], &'a [Vec<Object>], &'a [ImageMeta]);

/// Generate `n` scenes (`n / sequence_length` sequences, the last one possibly shorter) in
/// chunks of about [`SCENES_CHUNK`] images (whole sequences), each rendered in parallel over
/// its sequences and handed to `sink` in order. `stream` separates independent sets from one
/// seed (train = 0, test = 1). The values do not depend on the chunking: each sequence draws
/// from its own RNG, derived from `(seed, stream, sequence)`.
pub fn generate_scenes_chunked<E>(
    n: usize,
    p: &SceneParams,
    seed: u64,
    stream: u64,
    sink: impl FnMut(ScenesChunk<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let per_chunk = (SCENES_CHUNK / p.sequence_length.max(1)).max(1);
    generate_in_chunks(n, p, seed, stream, per_chunk, sink)
}

/// [`generate_scenes_chunked`] with `seqs` sequences per chunk.
fn generate_in_chunks<E>(
    n: usize,
    p: &SceneParams,
    seed: u64,
    stream: u64,
    seqs: usize,
    mut sink: impl FnMut(ScenesChunk<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let side = p.size;
    let len = p.sequence_length.max(1);
    let per = 3 * side * side;
    let chunk = (seqs * len).min(n);
    // reused across chunks: every value is overwritten (the background covers the frame)
    let mut pixels = vec![0.0f32; chunk * per];
    let mut objects: Vec<Vec<Object>> = vec![Vec::new(); chunk];
    let mut meta = vec![ImageMeta::default(); chunk];
    for start in (0..n).step_by(chunk.max(1)) {
        let k = chunk.min(n - start);
        let first_seq = start / len;
        pixels[..k * per]
            .par_chunks_mut(per * len)
            .zip(objects[..k].par_chunks_mut(len))
            .zip(meta[..k].par_chunks_mut(len))
            .enumerate()
            .for_each(|(s, ((px, objs), meta))| {
                render_sequence(p, seed, stream, first_seq + s, px, objs, meta)
            });
        sink((&pixels[..k * per], &objects[..k], &meta[..k]))?;
    }
    Ok(())
}

/// Render the frames of sequence `seq` into `px` (`[frames, 3, side, side]`), `objs` and
/// `meta` (one per frame).
fn render_sequence(
    p: &SceneParams,
    seed: u64,
    stream: u64,
    seq: usize,
    px: &mut [f32],
    objs: &mut [Vec<Object>],
    meta: &mut [ImageMeta],
) {
    let side = p.size;
    let per = 3 * side * side;
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
}

/// An empty `scenes` set of side `size` (geometry and class names).
pub fn scenes_set(size: usize) -> ImageSet {
    ImageSet {
        channels: 3,
        height: size,
        width: size,
        class_names: SCENE_CLASSES.iter().map(|s| s.to_string()).collect(),
        ..ImageSet::default()
    }
}

/// Generate `n` scenes in memory ([`generate_scenes_chunked`], collected). `stream`
/// separates independent sets from one seed (train = 0, test = 1).
pub fn generate_scenes(n: usize, p: &SceneParams, seed: u64, stream: u64) -> ImageSet {
    let mut pixels = Vec::with_capacity(n * 3 * p.size * p.size);
    let mut objects = Vec::with_capacity(n);
    let mut meta = Vec::with_capacity(n);
    generate_scenes_chunked::<()>(n, p, seed, stream, |(px, o, m)| {
        pixels.extend_from_slice(px);
        objects.extend_from_slice(o);
        meta.extend_from_slice(m);
        Ok(())
    })
    .expect("an infallible sink");
    let labels = objects
        .iter()
        .map(|o| super::dominant_class(o).unwrap_or(0))
        .collect();
    ImageSet {
        pixels: pixels.into(),
        labels,
        objects,
        meta,
        ..scenes_set(p.size)
    }
}

#[cfg(test)]
mod tests;
