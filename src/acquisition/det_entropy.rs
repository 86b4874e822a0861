//! Det-Ent (NVIDIA Sec. III-A, "bounding boxes with confidence"): the binary entropy of each
//! decoded box's confidence, aggregated over the image's boxes with `sum` (the paper's
//! default, footnote 1) or `max`. Detection only; an image without boxes scores 0.

use super::maps::{aggregate, binary_entropy_bits};
use super::{Aggregation, OutputBatch, Scorer};
use crate::rng::Rng;

/// Det-Ent scorer.
pub struct DetEntropy(pub Aggregation);

impl Scorer for DetEntropy {
    fn score(&self, b: &OutputBatch<'_>, out: &mut [f32], _rng: &mut Rng) {
        let m = b
            .maps
            .as_ref()
            .expect("det_entropy needs detection outputs (validated)");
        for (i, o) in out.iter_mut().enumerate() {
            let conf = &m.box_conf[m.box_start[i]..m.box_start[i + 1]];
            *o = aggregate(self.0, conf.iter().map(|&c| binary_entropy_bits(c)));
        }
    }
}
