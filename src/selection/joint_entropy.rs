//! The joint predictive distribution of a batch's labels, as BatchBALD (Kirsch et al. 2019,
//! Sec. 3.3) keeps it: for each configuration `ŷ` of the batch's labels and each member `s`,
//! the product `P̂[ŷ, s] = Π_j p_s(ŷ_j | x_j)`; then `P(ŷ) = (1/S) Σ_s P̂[ŷ, s]`.
//!
//! - **exact** while the configurations number at most `limit` (`K^b` for a batch of `b`
//!   and `K` classes): every configuration, weight 1;
//! - **sampled** beyond: `limit` configurations drawn from the joint (a member uniformly,
//!   then each label from that member's probabilities), each weighted by
//!   `1 / (limit · P(ŷ))`, the paper's importance-sampled estimate.
//!
//! With a candidate `x` added, `P(ŷ, y) = (1/S) Σ_s P̂[ŷ, s] p_s(y | x)` and
//! `H(y_batch, y) ≈ −Σ_ŷ w_ŷ Σ_y P(ŷ, y) ln P(ŷ, y)` (nats). Memory: `limit × S` floats.

use super::member_probs::MemberProbs;
use crate::rng::Rng;

/// The products `P̂` of a batch's configurations with their weights.
#[derive(Clone, Debug)]
pub struct Joint {
    /// `[configurations, members]`.
    prod: Vec<f32>,
    /// One weight per configuration.
    weight: Vec<f64>,
    /// Members `S`.
    members: usize,
    /// Whether the configurations are sampled.
    pub sampled: bool,
}

impl Joint {
    /// The empty batch: one configuration of probability 1 under every member.
    pub fn empty(members: usize) -> Self {
        Joint {
            prod: vec![1.0; members],
            weight: vec![1.0],
            members,
            sampled: false,
        }
    }

    /// Number of configurations held.
    pub fn configurations(&self) -> usize {
        self.weight.len()
    }

    /// `H(y_batch, y_i)` in nats, for candidate `i` of `m`. `scratch` holds `classes`
    /// floats (reused, no allocation). The inner sums run in `f32` (each term is a
    /// probability in [0, 1]), the sum over configurations in `f64`.
    pub fn entropy_with(&self, m: &MemberProbs<'_>, i: usize, scratch: &mut [f32]) -> f64 {
        let (s, k) = (self.members, m.classes);
        let block = m.of(i); // [classes, members]
        let inv = 1.0 / s as f32;
        let mut h = 0.0f64;
        for (conf, w) in self.prod.chunks_exact(s).zip(&self.weight) {
            for (slot, py) in scratch[..k].iter_mut().zip(block.chunks_exact(s)) {
                *slot = conf.iter().zip(py).map(|(a, b)| a * b).sum::<f32>() * inv;
            }
            let part: f32 = scratch[..k]
                .iter()
                .map(|&q| if q > 0.0 { -q * q.ln() } else { 0.0 })
                .sum();
            h += w * part as f64;
        }
        h
    }

    /// Add candidate `i` to the batch `batch` (which already includes `i`, last): exact
    /// while `configurations × classes ≤ limit`, else `samples` configurations sampled
    /// afresh from the joint of the whole batch with `rng` (BatchBALD uses
    /// `samples = limit`).
    pub fn add(
        &mut self,
        m: &MemberProbs<'_>,
        batch: &[usize],
        (limit, samples): (usize, usize),
        rng: &mut Rng,
    ) {
        let (s, k) = (self.members, m.classes);
        let i = *batch.last().expect("the batch includes the new candidate");
        if !self.sampled && self.configurations() * k <= limit {
            let mut prod = Vec::with_capacity(self.prod.len() * k);
            for conf in self.prod.chunks_exact(s) {
                for y in 0..k {
                    prod.extend(conf.iter().enumerate().map(|(e, a)| a * m.p(i, y, e)));
                }
            }
            self.prod = prod;
            self.weight = vec![1.0; self.prod.len() / s];
            return;
        }
        self.sampled = true;
        self.prod.clear();
        self.weight.clear();
        let mut labels = vec![0usize; batch.len()];
        for _ in 0..samples {
            let e = rng.below(s);
            for (slot, &j) in labels.iter_mut().zip(batch) {
                *slot = draw(m, j, e, rng.uniform() as f32);
            }
            let start = self.prod.len();
            self.prod.extend((0..s).map(|f| {
                batch
                    .iter()
                    .zip(&labels)
                    .map(|(&j, &y)| m.p(j, y, f))
                    .product::<f32>()
            }));
            let p = self.prod[start..].iter().map(|&v| v as f64).sum::<f64>() / s as f64;
            self.weight.push(if p > 0.0 {
                1.0 / (samples as f64 * p)
            } else {
                0.0
            });
        }
    }
}

/// The class `y` with `Σ_{c<y} p ≤ u < Σ_{c≤y} p` under member `e` of candidate `j`.
fn draw(m: &MemberProbs<'_>, j: usize, e: usize, u: f32) -> usize {
    let mut acc = 0.0f32;
    for y in 0..m.classes {
        acc += m.p(j, y, e);
        if u < acc {
            return y;
        }
    }
    (0..m.classes)
        .rev()
        .find(|&y| m.p(j, y, e) > 0.0)
        .unwrap_or(0)
}
