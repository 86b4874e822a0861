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
//! lowest position. `query.joint_candidates` restricts the greedy to the candidates of
//! highest BALD score ([`batch_bald_among`]); absent, every candidate is considered.
//!
//! **Lazy greedy** (Minoux 1978). The joint mutual information is submodular (Kirsch et al.
//! 2019, Sec. 3.2), so a candidate's gain at step `b` is at most its gain at any earlier
//! step. Each candidate's latest gain is kept in a max-heap as a bound; a step re-evaluates
//! the stale bounds from the top (a few per thread at a time, in parallel) until the top
//! holds a gain of the current step, which then beats every other bound, and picks it. With
//! exact joint entropies this is the full greedy's batch (ties included: the heap orders equal
//! gains by position), up to `f32` rounding in near-ties (a property test compares the two).
//! Beyond the exact range the sampled estimates are only approximately submodular (their
//! noise), so the stale bounds are approximate there: a candidate whose estimate rose above
//! its bound by the noise may be skipped for a step; the estimate's own noise is of the same
//! order. Cost: step 1 evaluates every candidate (their BALD scores, on one configuration);
//! later steps evaluate `E` candidates each, `E` from a few to `N` (all gains equal), each
//! `configurations × members × classes` multiply-adds and `configurations × classes`
//! logarithms ([`super::joint_kernel`]); the rounds' table records the selection's time.
//! Memory: the member probabilities, `N` bounds (24 bytes each) and `configurations ×
//! members` floats.

use rayon::prelude::*;

use super::joint_entropy::Joint;
use super::member_probs::{conditional_entropy, MemberProbs};
use crate::pool::PoolPosition;
use crate::rng::Rng;

/// Default of `query.joint_samples`.
pub const JOINT_SAMPLES: usize = 1_000;

/// Choose `n ≤ len` distinct positions greedily by joint mutual information. `limit` is
/// `query.joint_samples` (≥ 1); `rng` draws the sampled configurations. All candidates are
/// considered ([`batch_bald_among`] with `None`).
pub fn batch_bald(m: &MemberProbs<'_>, n: usize, limit: usize, rng: &mut Rng) -> Vec<PoolPosition> {
    batch_bald_among(m, n, (limit, None), rng)
}

/// [`batch_bald`] with `query.joint_candidates`: with `Some(c)`, the greedy runs over the
/// `max(c, n)` candidates of highest BALD score only (ties to the lower position; the
/// others are never picked). The BALD score bounds every later gain: by submodularity
/// (Kirsch et al. 2019, Sec. 3.2) `I(y_batch, y_x; θ) − I(y_batch; θ) ≤ I(y_x; θ)`, so a
/// candidate whose BALD score is below the best gain among the kept ones could not have won
/// that step with exact joint entropies either (the authors' code has the same kind of
/// culling, off by default). With `c ≥ len` (or `None`) the result is that of the full
/// greedy. Cost per step: `min(len, max(c, n))` candidates instead of `len`.
pub fn batch_bald_among(
    m: &MemberProbs<'_>,
    n: usize,
    (limit, keep): (usize, Option<usize>),
    rng: &mut Rng,
) -> Vec<PoolPosition> {
    let len = m.len();
    let n = n.min(len);
    let cond: Vec<f64> = (0..len)
        .into_par_iter()
        .with_min_len(1024)
        .map(|i| conditional_entropy(m, i))
        .collect();
    let mut joint = Joint::empty(m.members);
    let bald: Vec<f64> = (0..len)
        .into_par_iter()
        .with_min_len(64)
        .map(|i| finite(joint.entropy_with(m, i) - cond[i]))
        .collect();
    let cand = candidates(&bald, keep.map(|c| c.max(n)));
    let bald: Vec<f64> = cand.iter().map(|&i| bald[i]).collect();
    let mut heap = LazyBounds::new(&bald);
    let width = 4 * rayon::current_num_threads().max(1);
    let mut batch = Vec::with_capacity(n);
    let mut step = 0;
    while batch.len() < n {
        let slot = loop {
            let stale = heap.pop_stale(step, width);
            if stale.is_empty() {
                break heap.pop_fresh();
            }
            let h = joint.entropy();
            let gains: Vec<f64> = stale
                .par_iter()
                .map(|&slot| {
                    let i = cand[slot];
                    finite(joint.entropy_with(m, i) - h - cond[i])
                })
                .collect();
            for (&slot, g) in stale.iter().zip(gains) {
                heap.push(slot, g, step);
            }
        };
        batch.push(cand[slot]);
        step += 1;
        if batch.len() < n {
            joint.add(m, &batch, (limit.max(1), limit.max(1)), rng);
        }
    }
    batch.into_iter().map(PoolPosition).collect()
}

/// The candidates the greedy considers, ascending: all, or the `keep` of highest BALD score
/// (`bald`, NaN already −∞; ties to the lower position).
fn candidates(bald: &[f64], keep: Option<usize>) -> Vec<usize> {
    let len = bald.len();
    let Some(keep) = keep.filter(|&k| k < len) else {
        return (0..len).collect();
    };
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| bald[b].total_cmp(&bald[a]).then(a.cmp(&b)));
    order.truncate(keep);
    order.sort_unstable();
    order
}

/// A gain with NaN read as −∞ (never preferred).
fn finite(g: f64) -> f64 {
    if g.is_nan() {
        f64::NEG_INFINITY
    } else {
        g
    }
}

/// One candidate in [`LazyBounds`]: its latest marginal gain
/// `H(y_batch, y_x) − H(y_batch) − E_θ H(y_x | θ)`, the step it was computed at, its slot.
#[derive(Clone, Copy, Debug)]
struct Bound {
    gain: f64,
    step: usize,
    slot: usize,
}

impl PartialEq for Bound {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}
impl Eq for Bound {}
impl PartialOrd for Bound {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Bound {
    /// The heap's top is the largest gain, ties to the lowest slot (the full greedy's order).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.gain
            .total_cmp(&other.gain)
            .then(other.slot.cmp(&self.slot))
    }
}

/// The unchosen candidates keyed by their latest gain, which bounds the gain at every later
/// step (submodularity): the lazy greedy of Minoux (1978).
struct LazyBounds {
    heap: std::collections::BinaryHeap<Bound>,
}

impl LazyBounds {
    /// Every slot with its step-0 gain.
    fn new(gains: &[f64]) -> Self {
        let heap = gains
            .iter()
            .enumerate()
            .map(|(slot, &gain)| Bound {
                gain,
                step: 0,
                slot,
            })
            .collect();
        LazyBounds { heap }
    }

    /// Pops the stale entries (computed before `step`) from the top, at most `width`, up to
    /// the first fresh one; empty when the top is fresh.
    fn pop_stale(&mut self, step: usize, width: usize) -> Vec<usize> {
        let mut out = Vec::new();
        while out.len() < width {
            match self.heap.peek() {
                Some(b) if b.step < step => out.push(self.heap.pop().expect("peeked").slot),
                _ => break,
            }
        }
        out
    }

    /// Pops the top, which is fresh: its gain is at least every other bound.
    fn pop_fresh(&mut self) -> usize {
        self.heap.pop().expect("n ≤ len leaves a candidate").slot
    }

    fn push(&mut self, slot: usize, gain: f64, step: usize) {
        self.heap.push(Bound { gain, step, slot });
    }
}

#[cfg(test)]
#[path = "batch_bald_tests.rs"]
mod tests;
