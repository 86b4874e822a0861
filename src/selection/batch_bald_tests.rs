use proptest::prelude::*;

use super::*;
use crate::acquisition::{Aggregation, MutualInformation, OutputBatch, Scorer};
use crate::rng::Rng;
use crate::selection::positions;
use crate::selection::top_n::top_n;

/// 2 classes, 4 members (layout `[candidate, class, member]`), all certain:
/// - A (0): members say 0, 1, 0, 1 → BALD = H(½, ½) − 0 = ln 2;
/// - B (1): a copy of A → ln 2;
/// - C (2): members say 0, 0, 1, 1 → ln 2.
///
/// Step 1: a three-way tie at ln 2, the lowest position: A.
/// Step 2: given y_A the member is one of {0, 2} or {1, 3}.
///   B: (y_A, y_B) ∈ {(0, 0), (1, 1)}, each ½ → H = ln 2, gain ln 2 − 0 = 0.693;
///   C: all four (y_A, y_C) each ¼ → H = ln 4, gain 1.386 → C, not the copy.
/// BALD's top 2 would be A and its copy B.
#[test]
fn hand_computed_skips_the_copy() {
    let a = [1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0];
    let c = [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0];
    let probs: Vec<f32> = [a, a, c].concat();
    let m = MemberProbs::new(&probs, 2, 4);
    let got = positions(&batch_bald(&m, 2, JOINT_SAMPLES, &mut Rng::new(0)));
    assert_eq!(got, vec![0, 2]);
    let mut j = Joint::empty(4);

    j.add(&m, &[0], (1000, 1000), &mut Rng::new(0));
    assert!((j.entropy_with(&m, 1) - 2f64.ln()).abs() < 1e-6);
    assert!((j.entropy_with(&m, 2) - 4f64.ln()).abs() < 1e-6);
}

fn random_probs(rng: &mut Rng, n: usize, k: usize, s: usize) -> Vec<f32> {
    let mut out = vec![0.0f32; n * k * s];
    for i in 0..n {
        for e in 0..s {
            let raw: Vec<f64> = (0..k).map(|_| rng.uniform().powi(3) + 1e-3).collect();
            let sum: f64 = raw.iter().sum();
            for c in 0..k {
                out[(i * k + c) * s + e] = (raw[c] / sum) as f32;
            }
        }
    }
    out
}

#[test]
fn batch_of_one_is_balds_top_one() {
    for seed in 0..40 {
        let mut rng = Rng::new(seed);
        let (n, k, s) = (30, 4, 5);
        let probs = random_probs(&mut rng, n, k, s);
        let b = OutputBatch {
            batch: n,
            classes: k,
            members: s,
            probs: &probs,
            labels: None,
            maps: None,
            features: None,
            feature_dim: 0,
            recon: None,
        };
        let mut bald = vec![0.0f32; n];
        MutualInformation(Aggregation::Max).score(&b, &mut bald, &mut Rng::new(0));
        let m = MemberProbs::new(&probs, k, s);
        let got = batch_bald(&m, 1, JOINT_SAMPLES, &mut Rng::new(0))[0].0;
        let want = top_n(&bald, 1)[0].0;
        assert!(
            got == want || (bald[got] - bald[want]).abs() < 1e-5,
            "seed {seed}"
        );
    }
}

#[test]
fn sampled_estimate_approaches_the_exact_entropy() {
    let mut rng = Rng::new(7);
    let (k, s) = (3, 6);
    let probs = random_probs(&mut rng, 5, k, s);
    let m = MemberProbs::new(&probs, k, s);
    let (mut exact, mut sampled) = (Joint::empty(s), Joint::empty(s));

    for b in 1..=3 {
        let batch: Vec<usize> = (0..b).collect();
        exact.add(&m, &batch, (usize::MAX, 0), &mut rng);
        sampled.add(&m, &batch, (1, 40_000), &mut rng);
    }
    assert!(sampled.sampled && !exact.sampled);
    assert_eq!(exact.configurations(), 27);
    let (he, hs) = (exact.entropy_with(&m, 3), sampled.entropy_with(&m, 3));
    assert!((he - hs).abs() < 0.02 * he, "exact {he}, sampled {hs}");
}

/// Certain members (one-hot), some candidates copied: a copy adds exactly 0 to the joint
/// MI, so the greedy batch never holds two copies while a candidate with positive gain
/// remains.
fn copies_case() -> impl Strategy<Value = (Vec<f32>, usize, usize)> {
    (2usize..4, 3usize..7, 3usize..7, 1usize..5, any::<u64>()).prop_map(
        |(k, s, base, copies, seed)| {
            let mut rng = Rng::new(seed);
            let mut rows: Vec<Vec<f32>> = (0..base)
                .map(|_| {
                    let mut r = vec![0.0f32; k * s];
                    for e in 0..s {
                        r[rng.below(k) * s + e] = 1.0;
                    }
                    r
                })
                .collect();
            for _ in 0..copies {
                let r = rows[rng.below(base)].clone();
                rows.insert(rng.below(rows.len() + 1), r);
            }
            (rows.concat(), k, s)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn never_two_copies_while_information_remains((probs, k, s) in copies_case()) {
        let m = MemberProbs::new(&probs, k, s);
        let n = m.len();
        let got = positions(&batch_bald(&m, n.min(6), usize::MAX, &mut Rng::new(1)));
        let same = |a: usize, b: usize| m.of(a) == m.of(b);

        for t in 1..got.len() {
            let prefix = &got[..t];
            if !prefix.iter().any(|&j| same(j, got[t])) {
                continue;
            }
            // got[t] copies an earlier pick: no remaining candidate may have positive gain.
            let mut joint = Joint::empty(s);
            for b in 1..=t {
                joint.add(&m, &prefix[..b], (usize::MAX, 0), &mut Rng::new(0));
            }
            let h_batch = {
                let mut j = Joint::empty(s);
                for b in 1..t {
                    j.add(&m, &prefix[..b], (usize::MAX, 0), &mut Rng::new(0));
                }
                j.entropy_with(&m, prefix[t - 1])
            };
            for z in (0..n).filter(|z| !prefix.contains(z)) {
                let gain = joint.entropy_with(&m, z) - conditional_entropy(&m, z) - h_batch;
                prop_assert!(gain < 1e-5, "step {t}: picked a copy while {z} gains {gain}");
            }
        }
    }
}

/// 10 classes, near-uniform members: past ~40 picks the raw product of a configuration's
/// label probabilities (≈ 0.1⁴⁰) underflows `f32`. The sampled estimate of the added
/// entropy `H(y_batch, y_x) − H(y_batch)` must stay in `(0, ln 10]` at 60 picks.
#[test]
fn long_sampled_batches_keep_their_information() {
    let mut rng = Rng::new(3);
    let (n, k, s) = (70, 10, 4);
    let mut probs = random_probs(&mut rng, n, k, s);
    for p in probs.iter_mut() {
        *p = 0.5 * *p + 0.05;
    }
    let m = MemberProbs::new(&probs, k, s);
    let mut joint = Joint::empty(s);
    let mut before = 0.0;
    for b in 1..=60 {
        let batch: Vec<usize> = (0..b).collect();
        before = joint.entropy_with(&m, b - 1);
        joint.add(&m, &batch, (100, 2000), &mut rng);
    }
    // `before` = H(y_0..59), estimated before 59 joined.
    let added = joint.entropy_with(&m, 60) - before;
    assert!(joint.sampled);
    assert!(
        added.is_finite() && added > 0.5 && added <= 10f64.ln() + 0.05,
        "{added}"
    );
}

/// `query.joint_candidates` on the hand-computed case above: all three have BALD ln 2, so
/// keeping 2 keeps the two lowest positions, A and its copy B, and the batch of 2 is A, B
/// (the full greedy's C is outside): the price of the restriction when the bound is tight.
/// Keeping 3 (or more) is the full greedy.
#[test]
fn candidates_restrict_the_greedy_by_hand() {
    let a = [1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0];
    let c = [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0];
    let probs: Vec<f32> = [a, a, c].concat();
    let m = MemberProbs::new(&probs, 2, 4);
    let among = |keep| {
        positions(&batch_bald_among(
            &m,
            2,
            (JOINT_SAMPLES, keep),
            &mut Rng::new(0),
        ))
    };
    assert_eq!(among(Some(2)), vec![0, 1]);
    assert_eq!(
        among(Some(1)),
        vec![0, 1],
        "at least the batch size is kept"
    );
    assert_eq!(among(Some(3)), vec![0, 2]);
    assert_eq!(among(Some(50)), vec![0, 2]);
}

/// Keeping `c` candidates is the full greedy on the `c` of highest BALD score (re-indexed),
/// sampled regime included; keeping all is `batch_bald` itself.
#[test]
fn candidates_are_the_top_bald_subset() {
    let (n, k, s, keep, batch) = (60, 3, 6, 20, 8);
    for seed in 0..6 {
        let mut rng = Rng::new(seed);
        let probs = random_probs(&mut rng, n, k, s);
        let m = MemberProbs::new(&probs, k, s);
        let limit = 30; // 3^3 = 27 exact configurations, sampled from the 5th pick on
        let full = positions(&batch_bald(&m, batch, limit, &mut Rng::new(seed)));
        let all = batch_bald_among(&m, batch, (limit, Some(n)), &mut Rng::new(seed));
        assert_eq!(positions(&all), full);
        let bald: Vec<f64> = (0..n)
            .map(|i| Joint::empty(s).entropy_with(&m, i) - conditional_entropy(&m, i))
            .collect();
        let mut top: Vec<usize> = (0..n).collect();
        top.sort_by(|&a, &b| bald[b].total_cmp(&bald[a]).then(a.cmp(&b)));
        top.truncate(keep);
        top.sort_unstable();
        let sub: Vec<f32> = top
            .iter()
            .flat_map(|&i| probs[i * k * s..(i + 1) * k * s].iter().copied())
            .collect();
        let want: Vec<usize> = positions(&batch_bald(
            &MemberProbs::new(&sub, k, s),
            batch,
            limit,
            &mut Rng::new(seed),
        ))
        .into_iter()
        .map(|j| top[j])
        .collect();
        let got = batch_bald_among(&m, batch, (limit, Some(keep)), &mut Rng::new(seed));
        assert_eq!(positions(&got), want);
    }
}

/// The full greedy, every unchosen candidate evaluated at every step: the reference the lazy
/// greedy must equal while the joint entropies are exact.
fn full_greedy(m: &MemberProbs<'_>, n: usize) -> Vec<usize> {
    let cond: Vec<f64> = (0..m.len()).map(|i| conditional_entropy(m, i)).collect();
    let mut joint = Joint::empty(m.members);
    let mut batch: Vec<usize> = Vec::new();
    while batch.len() < n.min(m.len()) {
        let mut best: Option<(usize, f64)> = None;
        for i in (0..m.len()).filter(|i| !batch.contains(i)) {
            let g = finite(joint.entropy_with(m, i) - cond[i]);
            if best.is_none_or(|(_, v)| g > v) {
                best = Some((i, g));
            }
        }
        batch.push(best.expect("a candidate remains").0);
        joint.add(m, &batch, (usize::MAX, 0), &mut Rng::new(0));
    }
    batch
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Exact joint entropies: the lazy greedy picks the full greedy's batch, in its order.
    #[test]
    fn lazy_greedy_is_the_full_greedy(
        (n, k, s, batch, seed) in (8usize..40, 2usize..4, 2usize..6, 1usize..6, any::<u64>())
    ) {
        let mut rng = Rng::new(seed);
        let probs = random_probs(&mut rng, n, k, s);
        let m = MemberProbs::new(&probs, k, s);
        let lazy = positions(&batch_bald(&m, batch, usize::MAX, &mut Rng::new(0)));
        prop_assert_eq!(lazy, full_greedy(&m, batch));
    }
}

/// Ties: four identical candidates, every gain equal at every step; the heap must return
/// them by position, as the full greedy does.
#[test]
fn lazy_ties_go_to_the_lowest_position() {
    let row = [0.6f32, 0.2, 0.4, 0.8];
    let probs: Vec<f32> = [row, row, row, row].concat();
    let m = MemberProbs::new(&probs, 2, 2);
    let got = positions(&batch_bald(&m, 3, usize::MAX, &mut Rng::new(0)));
    assert_eq!(got, vec![0, 1, 2]);
    assert_eq!(got, full_greedy(&m, 3));
}
