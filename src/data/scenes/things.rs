//! The objects of a scene: class, place, size, motion and look, drawn once per sequence.

use super::Rgb;
use crate::rng::Rng;

/// An object of a sequence, in units of the image side.
#[derive(Clone, Copy, Debug)]
pub(super) struct Thing {
    /// Class id (index into `SCENE_CLASSES`).
    pub class: u32,
    /// Centre x (fraction of the side).
    pub cx: f64,
    /// Bottom y (fraction of the side).
    pub bottom: f64,
    /// Height (fraction of the side).
    pub h: f64,
    /// Horizontal motion per frame (fraction of the side).
    pub vx: f64,
    /// Relative growth of the height per frame.
    pub grow: f64,
    /// Class-specific look: colour index, sign kind, lit lamp.
    pub look: u32,
    /// Body, shirt or frame colour (cars, persons, bicycles).
    pub colour: Rgb,
}

/// Width / height of each class's box.
pub(super) const ASPECT: [f64; 5] = [1.8, 0.42, 1.5, 1.0, 0.42];

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

/// A class drawn with probabilities proportional to `weights`.
pub(super) fn pick(weights: &[f64], rng: &mut Rng) -> u32 {
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

/// A new object of `class`: log-uniform height, on the ground or hanging above it.
pub(super) fn new_thing(class: u32, rng: &mut Rng) -> Thing {
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
