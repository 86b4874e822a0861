//! BatchBALD (Kirsch, van Amersfoort & Gal, NeurIPS 2019): the batch is built greedily, each
//! step adding the candidate that maximises the joint mutual information
//! `I(y_1, …, y_b; θ) = H(y_1, …, y_b) − Σ_j E_θ H(y_j | θ)`
//! between the batch's labels and the model, estimated from the `[members × mc_samples]`
//! predictions (members = samples of θ). Since the batch's own terms do not depend on the
//! candidate, step `b` picks `argmax_x H(y_batch, y_x) − E_θ H(y_x | θ)`.
//!
//! Joint entropies are exact while the configurations of the batch's labels number at most
//! `query.joint_samples` (default 1,000; with 10 classes: exact up to the 4th pick) and the
//! paper's importance-sampled estimate with `query.joint_samples` sampled configurations
//! beyond ([`super::joint_entropy`]). Both values are written in the round's manifest entry
//! with the other `[query]` keys.
//!
//! A batch of 1 is BALD's top 1 (the same `H(p̄) − mean H(p_s)`, in nats). Ties go to the
//! lowest position. Cost per step: `N × configurations × members × classes` multiply-adds
//! and `N × configurations × classes` logarithms (parallel over candidates, vectorised over
//! configurations, [`super::joint_kernel`]); memory: the member probabilities, `N` gains and
//! `configurations × members` floats.

use rayon::prelude::*;

use super::joint_entropy::Joint;
use super::member_probs::{conditional_entropy, MemberProbs};
use crate::pool::PoolPosition;
use crate::rng::Rng;

/// Default of `query.joint_samples`.
pub const JOINT_SAMPLES: usize = 1_000;

/// Choose `n ≤ len` distinct positions greedily by joint mutual information. `limit` is
/// `query.joint_samples` (≥ 1); `rng` draws the sampled configurations. The conditional
/// entropies are computed once; each step fills one reused buffer of gains in parallel.
pub fn batch_bald(m: &MemberProbs<'_>, n: usize, limit: usize, rng: &mut Rng) -> Vec<PoolPosition> {
    let len = m.len();
    let n = n.min(len);
    let cond: Vec<f64> = (0..len)
        .into_par_iter()
        .with_min_len(1024)
        .map(|i| conditional_entropy(m, i))
        .collect();
    let mut joint = Joint::empty(m.members);
    let mut chosen = vec![false; len];
    let mut gain = vec![f64::NEG_INFINITY; len];
    let mut batch = Vec::with_capacity(n);
    while batch.len() < n {
        gain.par_iter_mut()
            .enumerate()
            .with_min_len(64)
            .for_each(|(i, g)| {
                *g = if chosen[i] {
                    f64::NEG_INFINITY
                } else {
                    joint.entropy_with(m, i) - cond[i]
                };
            });
        let pick = best(&gain, &chosen);
        chosen[pick] = true;
        batch.push(pick);
        if batch.len() < n {
            joint.add(m, &batch, (limit.max(1), limit.max(1)), rng);
        }
    }
    batch.into_iter().map(PoolPosition).collect()
}

/// The unchosen index of the largest gain (NaN lowest, ties to the lowest index).
fn best(gain: &[f64], chosen: &[bool]) -> usize {
    let mut b: Option<(usize, f64)> = None;
    for (i, &g) in gain.iter().enumerate() {
        if chosen[i] {
            continue;
        }
        let g = if g.is_nan() { f64::NEG_INFINITY } else { g };
        if b.is_none_or(|(_, v)| g > v) {
            b = Some((i, g));
        }
    }
    b.expect("n ≤ len leaves a candidate").0
}

#[cfg(test)]
#[path = "batch_bald_tests.rs"]
mod tests;
