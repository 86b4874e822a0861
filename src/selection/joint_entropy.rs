//! The joint predictive distribution of a batch's labels, as BatchBALD (Kirsch et al. 2019,
//! Sec. 3.3) keeps it, stored per configuration `ŷ` of the batch's labels as its mass and
//! its member posterior `π[s] = Π_j p_s(ŷ_j | x_j) / Σ_t Π_j p_t(ŷ_j | x_j)`, so that with a
//! candidate `x` added `P(ŷ, y) = P(ŷ) · r(ŷ, y)`, `r(ŷ, y) = Σ_s π[s] p_s(y | x)` and
//!
//! `H(y_batch, y) = −Σ_ŷ P(ŷ) ln P(ŷ) + Σ_ŷ P(ŷ) · (−Σ_y r ln r)` (nats).
//!
//! - **exact** while the configurations number at most `limit` (`K^b` for a batch of `b`
//!   and `K` classes): every configuration with its mass `P(ŷ)`;
//! - **sampled** beyond: `samples` configurations drawn from the joint (a member `s`
//!   uniformly, then each label from `p_s`), each of mass `1/samples`, and the paper's
//!   importance-sampled estimate `−(1/M) Σ_ŷ Σ_y (P(ŷ, y)/P(ŷ)) ln P(ŷ, y)`, which is the same
//!   formula with `−Σ P(ŷ) ln P(ŷ)` replaced by `−(1/M) Σ ln P(ŷ)`. The configurations are
//!   drawn once, when the batch leaves the exact range, and then extended with one label per
//!   pick drawn from the configuration's own member (a draw from the joint of the larger batch).
//!
//! Posteriors, not raw products, are kept: a product of 40 label probabilities underflows
//! `f32`; the sampled configurations keep `Σ_j ln p_s(ŷ_j)` in `f64`.
//! Memory: `(stride + 1) × members` floats and `stride` masses, `stride` the configurations
//! rounded up to [`LANES`]; sampled, `samples × members` more `f64`.

use super::joint_kernel::{entropy_terms, LANES};
use super::member_probs::MemberProbs;
use crate::rng::Rng;

/// The configurations of a batch's labels (see the module doc).
#[derive(Clone, Debug)]
pub struct Joint {
    /// `[members, stride]`: `π[s, m]`, 0 in the padding.
    post: Vec<f32>,
    /// `[stride]`: `P(ŷ_m)` (exact) or `1/M` (sampled), 0 in the padding.
    mass: Vec<f64>,
    /// Configurations held.
    configs: usize,
    /// `configs` rounded up to [`LANES`].
    stride: usize,
    /// The candidate-independent term: `−Σ P ln P` (exact) or `−(1/M) Σ ln P` (sampled).
    base: f64,
    /// Sampled: `[M, members]` log-products `Σ_j ln p_s(ŷ_j)`.
    logp: Vec<f64>,
    /// Sampled: each configuration's drawing member.
    drawn: Vec<usize>,
    /// Members `S`.
    members: usize,
    /// Whether the configurations are sampled.
    pub sampled: bool,
}

fn round_up(n: usize) -> usize {
    n.div_ceil(LANES).max(1) * LANES
}

impl Joint {
    /// The empty batch: one configuration of mass 1, uniform over the members.
    pub fn empty(members: usize) -> Self {
        let mut j = Joint {
            post: Vec::new(),
            mass: Vec::new(),
            configs: 0,
            stride: 0,
            base: 0.0,
            logp: Vec::new(),
            drawn: Vec::new(),
            members,
            sampled: false,
        };
        j.resize(1);
        for s in 0..members {
            j.post[s * j.stride] = 1.0 / members as f32;
        }
        j.mass[0] = 1.0;
        j
    }

    fn resize(&mut self, configs: usize) {
        self.configs = configs;
        self.stride = round_up(configs);
        self.post.clear();
        self.post.resize(self.members * self.stride, 0.0);
        self.mass.clear();
        self.mass.resize(self.stride, 0.0);
    }

    /// Number of configurations held.
    pub fn configurations(&self) -> usize {
        self.configs
    }

    /// `H(y_batch)` in nats: exact, or the sampled estimate `−(1/M) Σ ln P(ŷ)` (0 for the
    /// empty batch).
    pub fn entropy(&self) -> f64 {
        self.base
    }

    /// `H(y_batch, y_i)` in nats, for candidate `i` of `m` (no allocation).
    pub fn entropy_with(&self, m: &MemberProbs<'_>, i: usize) -> f64 {
        self.base + entropy_terms(&self.post, &self.mass, self.stride, m.of(i), self.members)
    }

    /// Add candidate `i` to the batch `batch` (which already includes `i`, last): exact
    /// while `configurations × classes ≤ limit`, else `samples` configurations drawn with
    /// `rng` from the joint of the whole batch when it leaves the exact range, extended by
    /// one drawn label per later pick (BatchBALD uses `samples = limit`).
    pub fn add(
        &mut self,
        m: &MemberProbs<'_>,
        batch: &[usize],
        (limit, samples): (usize, usize),
        rng: &mut Rng,
    ) {
        let i = *batch.last().expect("the batch includes the new candidate");
        if self.sampled {
            self.extend_sampled(m, i, rng);
        } else if self.configurations().saturating_mul(m.classes) <= limit {
            self.extend_exact(m, i);
        } else {
            self.draw_afresh(m, batch, samples.max(1), rng);
        }
    }

    /// Every configuration times every class of `i`: `P(ŷ, y) = P(ŷ) r`, `π' ∝ π p(y)`.
    fn extend_exact(&mut self, m: &MemberProbs<'_>, i: usize) {
        let (s, k, old) = (self.members, m.classes, self.configs);
        let (post, mass, stride) = (
            std::mem::take(&mut self.post),
            std::mem::take(&mut self.mass),
            self.stride,
        );
        self.resize(old * k);
        let mut base = 0.0f64;
        let mut col = vec![0.0f32; s];
        for c in 0..old {
            for y in 0..k {
                let mut r = 0.0f32;
                for (e, slot) in col.iter_mut().enumerate() {
                    *slot = post[e * stride + c] * m.p(i, y, e);
                    r += *slot;
                }
                let (n, a) = (c * k + y, mass[c] * r as f64);
                if r > 0.0 && a > 0.0 {
                    for (e, v) in col.iter().enumerate() {
                        self.post[e * self.stride + n] = v / r;
                    }
                    self.mass[n] = a;
                    base -= a * a.ln();
                }
            }
        }
        self.base = base;
    }

    /// `samples` configurations drawn from the joint of `batch`.
    fn draw_afresh(&mut self, m: &MemberProbs<'_>, batch: &[usize], samples: usize, rng: &mut Rng) {
        let s = self.members;
        self.sampled = true;
        self.logp.clear();
        self.logp.resize(samples * s, 0.0);
        self.drawn.clear();
        for c in 0..samples {
            let e = rng.below(s);
            self.drawn.push(e);
            for &j in batch {
                let y = draw(m, j, e, rng.uniform() as f32);
                for (f, l) in self.logp[c * s..(c + 1) * s].iter_mut().enumerate() {
                    *l += (m.p(j, y, f) as f64).ln();
                }
            }
        }
        self.resize(samples);
        self.normalise();
    }

    /// One more label per configuration, drawn from its own member's `p(· | i)`.
    fn extend_sampled(&mut self, m: &MemberProbs<'_>, i: usize, rng: &mut Rng) {
        let s = self.members;
        for (c, &e) in self.drawn.iter().enumerate() {
            let y = draw(m, i, e, rng.uniform() as f32);
            for (f, l) in self.logp[c * s..(c + 1) * s].iter_mut().enumerate() {
                *l += (m.p(i, y, f) as f64).ln();
            }
        }
        self.normalise();
    }

    /// Posteriors, masses `1/M` and `base = −(1/M) Σ ln P(ŷ)` from the log-products.
    fn normalise(&mut self) {
        let (s, n) = (self.members, self.configs);
        let mut base = 0.0f64;
        for (c, lp) in self.logp.chunks_exact(s).enumerate() {
            let top = lp.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let z: f64 = lp.iter().map(|l| (l - top).exp()).sum();
            for (e, l) in lp.iter().enumerate() {
                self.post[e * self.stride + c] = ((l - top).exp() / z) as f32;
            }
            self.mass[c] = 1.0 / n as f64;
            base -= (top + z.ln() - (s as f64).ln()) / n as f64;
        }
        self.base = base;
    }
}

/// The class `y` with `Σ_{c<y} p ≤ u < Σ_{c≤y} p` under member `e` of candidate `j` (the
/// last class of positive probability when rounding leaves `u` above the sum).
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
