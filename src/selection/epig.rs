//! EPIG, the expected predictive information gain (Bickford Smith, Kirsch, Farquhar, Gal,
//! Foster & Rainforth, AISTATS 2023): how much labelling `x` tells about the predictions on
//! target inputs `x*` drawn from the input distribution of interest,
//! `EPIG(x) = E_{x*} I(y; y* | x, x*)`, with
//! `I = Σ_{y,y*} P(y, y*) ln[P(y, y*) / (P(y) P(y*))]`, `P(y, y*) = (1/S) Σ_s p_s(y|x) p_s(y*|x*)`
//! over the `S` members (ensemble models × MC passes) and `P(y)`, `P(y*)` its marginals.
//!
//! The target distribution is the pool: the candidates themselves, or, above
//! `query.targets` candidates (default 100), `query.targets` of them drawn uniformly without
//! replacement from the round's selection stream (the paper's sampled target set). The batch
//! is the `n` highest EPIG (the paper's top-`n` acquisition); ties go to the lowest position.
//!
//! Cost: `N × targets × S × K²` multiply-adds (parallel over candidates); memory: the member
//! probabilities plus `N` scores.

use rayon::prelude::*;

use super::member_probs::MemberProbs;
use super::top_n::top_n;
use crate::pool::PoolPosition;
use crate::rng::Rng;

/// Default of `query.targets`.
pub const TARGETS: usize = 100;

/// The target positions: every candidate when they number at most `targets`, else
/// `targets` drawn uniformly without replacement, ascending.
pub fn target_set(len: usize, targets: usize, rng: &mut Rng) -> Vec<usize> {
    if len <= targets {
        return (0..len).collect();
    }
    let mut t = rng.sample_indices(len, targets);
    t.sort_unstable();
    t
}

/// EPIG of every candidate (nats) against the targets `targets` (positions in `m`).
pub fn epig_scores(m: &MemberProbs<'_>, targets: &[usize]) -> Vec<f32> {
    let k = m.classes;
    let marg: Vec<f64> = (0..m.len() * k)
        .map(|ic| m.mean(ic / k, ic % k) as f64)
        .collect();
    (0..m.len())
        .into_par_iter()
        .with_min_len(64)
        .map_init(
            || vec![0.0f64; k * k],
            |joint, i| {
                let mut total = 0.0f64;
                for &t in targets {
                    total += pair_information(m, i, t, &marg, joint);
                }
                (total / targets.len().max(1) as f64) as f32
            },
        )
        .collect()
}

/// `I(y_i; y_t)` under the members' mixture, with `marg` the `[len, K]` mean probabilities
/// and `joint` a `K × K` scratch.
fn pair_information(
    m: &MemberProbs<'_>,
    i: usize,
    t: usize,
    marg: &[f64],
    joint: &mut [f64],
) -> f64 {
    let (k, s) = (m.classes, m.members);
    let (bi, bt) = (m.of(i), m.of(t));
    for y in 0..k {
        let pi = &bi[y * s..(y + 1) * s];
        for z in 0..k {
            let pt = &bt[z * s..(z + 1) * s];
            joint[y * k + z] = pi.iter().zip(pt).map(|(a, b)| a * b).sum::<f32>() as f64 / s as f64;
        }
    }
    let mut info = 0.0;
    for y in 0..k {
        for z in 0..k {
            let j = joint[y * k + z];
            let indep = marg[i * k + y] * marg[t * k + z];
            if j > 0.0 && indep > 0.0 {
                info += j * (j / indep).ln();
            }
        }
    }
    info.max(0.0)
}

/// The `n` candidates of highest EPIG against a target set of at most `targets` candidates
/// drawn with `rng`.
pub fn epig(m: &MemberProbs<'_>, n: usize, targets: usize, rng: &mut Rng) -> Vec<PoolPosition> {
    let t = target_set(m.len(), targets.max(1), rng);
    top_n(&epig_scores(m, &t), n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selection::positions;

    /// 2 classes, 4 members, layout `[candidate, class, member]`:
    /// - 0 (x): members say 0, 0, 1, 1 (certain);
    /// - 1 (q): members say 0, 1, 0, 1 — BALD ln 2 like x, but independent of x's split;
    /// - 2 (z): every member (½, ½): nothing to learn;
    /// - 3 (v): members (1, 0), (1, 0), (½, ½), (½, ½).
    ///
    /// Against target x: I(x; x) = H(x) = ln 2 (P(0,0) = P(1,1) = ½ against ¼ each);
    /// I(q; x) = 0 (all four pairs ¼ = ½·½); I(z; x) = 0;
    /// I(v; x): P(0,0) = ½, P(0,1) = ¼, P(1,1) = ¼, P(1,0) = 0; P(v) = (¾, ¼), P(x) = (½, ½):
    /// ½ ln(½/⅜) + ¼ ln(¼/⅜) + ¼ ln(¼/⅛) = 0.143841 − 0.101366 + 0.173287 = 0.215762.
    /// Against target z every information is 0. Targets {x, z}: EPIG = half of the above.
    #[test]
    fn hand_computed_against_two_targets() {
        let probs = [
            1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, // x
            1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, // q
            0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, // z
            1.0, 1.0, 0.5, 0.5, 0.0, 0.0, 0.5, 0.5, // v
        ];
        let m = MemberProbs::new(&probs, 2, 4);
        let got = epig_scores(&m, &[0, 2]);
        let want = [2f32.ln() / 2.0, 0.0, 0.0, 0.215_762 / 2.0];
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-5, "{got:?}");
        }
        // q has BALD's maximum but tells nothing about these targets: x, then v.
        assert_eq!(positions(&top_n(&got, 2)), vec![0, 3]);
        // With the whole pool as targets, q's information about itself counts: EPIG(x) =
        // (ln 2 + 0.215762) / 4 = 0.227, EPIG(q) = ln 2 / 4 = 0.173 (q and v are independent:
        // P(q, v) = (⅜, ⅛, ⅜, ⅛) = P(q) P(v)), EPIG(v) = (0.215762 + 0.051127) / 4 = 0.067.
        assert_eq!(
            positions(&epig(&m, 3, 100, &mut Rng::new(0))),
            vec![0, 1, 3]
        );
    }

    #[test]
    fn target_set_is_the_pool_or_a_sorted_sample() {
        assert_eq!(target_set(3, 100, &mut Rng::new(0)), vec![0, 1, 2]);
        let t = target_set(1000, 10, &mut Rng::new(0));
        assert_eq!(t.len(), 10);
        assert!(t.windows(2).all(|w| w[0] < w[1]) && t[9] < 1000);
    }
}
