//! The AL loop against a [`MockLearner`]: exact, network-free checks of what the loop asks
//! the learner and what it records.

use std::sync::atomic::AtomicBool;

use super::al_loop::run_one;
use super::progress::Progress;
use crate::data::{ImageSet, Splits};
use crate::learner::MockLearner;
use crate::pool::SampleId;
use crate::results::{RunMeta, RunResult};
use crate::spec::{Budget, Config, PoolMode, SamplerKind, ScorerKind};

struct Silent;
impl Progress for Silent {}

/// p(class 0) of the 8 pool samples; p(class 1) = 1 − p.
const P0: [f32; 8] = [0.9, 0.55, 0.8, 0.5, 0.95, 0.6, 0.7, 0.99];

/// Margin = 1 − |p0 − p1| = 1 − |2·p0 − 1|:
/// 0.2, 0.9, 0.4, 1.0, 0.1, 0.8, 0.6, 0.02 → ranking (most uncertain first):
const MARGIN_ORDER: [u32; 8] = [3, 1, 5, 6, 2, 0, 4, 7];

fn mock() -> MockLearner {
    let probs = P0.iter().flat_map(|&p| [p, 1.0 - p]).collect();
    MockLearner::new(probs, 2, vec![0, 0, 0, 1, 0, 1, 0, 0])
}

fn splits() -> Splits {
    let pool = ImageSet {
        channels: 1,
        height: 1,
        width: 1,
        class_names: vec!["a".into(), "b".into()],
        pixels: (0..8).map(|i| i as f32).collect(),
        labels: vec![0, 0, 0, 1, 0, 1, 0, 0],
        objects: Vec::new(),
        meta: Vec::new(),
        files: Vec::new(),
    };
    Splits {
        mislabeled: vec![false; 8],
        validation: ImageSet::empty_like(&pool),
        test: ImageSet::empty_like(&pool),
        pool,
    }
}

fn config(base: usize, budget: u64, rounds: usize) -> Config {
    let mut c = Config {
        seed: 11,
        ..Default::default()
    };
    c.al_loop.base = base;
    c.al_loop.budget = Budget::Count(budget);
    c.al_loop.rounds = rounds;
    c.query.scorer = ScorerKind::Margin;
    c.query.sampler = SamplerKind::TopN;
    c
}

fn run(c: &Config, learner: &mut MockLearner) -> RunResult {
    let meta = RunMeta {
        experiment: "t".into(),
        config_id: "cfg".into(),
        label: "margin".into(),
        repeat: 0,
        seed: c.seed,
        spec_hash: String::new(),
        machine: String::new(),
        top_k: vec![1],
        ap_classes: Vec::new(),
        swept: Vec::new(),
    };
    let s = splits();
    run_one(c, meta, &s, learner, &Silent, 0, &AtomicBool::new(false)).expect("mock never fails")
}

fn ids(v: &[u32]) -> Vec<SampleId> {
    v.iter().map(|&i| SampleId(i)).collect()
}

#[test]
fn each_round_appends_the_top_margin_picks_and_retrains() {
    let c = config(2, 2, 2);
    let mut m = mock();
    let r = run(&c, &mut m);
    assert!(r.status.is_done());
    let base: Vec<u32> = r
        .selections
        .iter()
        .filter(|s| s.round == 0)
        .map(|s| s.sample)
        .collect();
    assert_eq!(base.len(), 2);
    // The picks: the ranking above without the base set, two per round.
    let rest: Vec<u32> = MARGIN_ORDER
        .iter()
        .copied()
        .filter(|i| !base.contains(i))
        .collect();
    let round = |k: u32| -> Vec<u32> {
        r.selections
            .iter()
            .filter(|s| s.round == k)
            .map(|s| s.sample)
            .collect()
    };
    assert_eq!(round(1), rest[..2]);
    assert_eq!(round(2), rest[2..4]);
    // Ranks are among the round's candidates: the first two picks are ranks 0 and 1.
    let ranks: Vec<u32> = r
        .selections
        .iter()
        .filter(|s| s.round == 1)
        .map(|s| s.rank)
        .collect();
    assert_eq!(ranks, vec![0, 1]);
    let score = r.selections.iter().find(|s| s.round == 1).unwrap().score;
    let p = P0[rest[0] as usize];
    assert!((score - (1.0 - (2.0 * p - 1.0).abs())).abs() < 1e-6);
    // The learner was trained on the labeled set in acquisition order, every round.
    let mut expected = base.clone();
    assert_eq!(m.fits[0], (0, ids(&expected)));
    expected.extend_from_slice(&rest[..2]);
    assert_eq!(m.fits[1], (1, ids(&expected)));
    expected.extend_from_slice(&rest[2..4]);
    assert_eq!(m.fits[2], (2, ids(&expected)));
    // Scored candidates: the unlabeled samples only.
    let scored = m.scored.borrow();
    assert_eq!(scored.len(), 2);
    assert_eq!(scored[0].len(), 6);
    assert_eq!(scored[1].len(), 4);
    // Records: labeled counts and the mock's accuracy (distinct trained / 8).
    let n: Vec<usize> = r.rounds.iter().map(|x| x.n_labeled).collect();
    assert_eq!(n, vec![2, 4, 6]);
    let sel: Vec<usize> = r.rounds.iter().map(|x| x.n_selected).collect();
    assert_eq!(sel, vec![0, 2, 2]);
    let acc: Vec<f64> = r.rounds.iter().map(|x| x.test_accuracy.unwrap()).collect();
    assert_eq!(acc, vec![0.25, 0.5, 0.75]);
}

#[test]
fn reselection_trains_on_exactly_the_new_selection() {
    // accumulate = false: every round picks the whole target size from all samples.
    let mut c = config(2, 2, 2);
    c.al_loop.accumulate = false;
    let mut m = mock();
    let r = run(&c, &mut m);
    assert_eq!(m.fits[1], (1, ids(&MARGIN_ORDER[..4])));
    assert_eq!(m.fits[2], (2, ids(&MARGIN_ORDER[..6])));
    assert_eq!(m.scored.borrow()[0].len(), 8, "every sample is a candidate");
    let n: Vec<usize> = r.rounds.iter().map(|x| x.n_labeled).collect();
    assert_eq!(n, vec![2, 4, 6]);
}

#[test]
fn scoring_the_whole_pool_repeats_samples() {
    // pool = "all": labeled samples stay candidates, so the top margins are picked again.
    let mut c = config(2, 2, 2);
    c.al_loop.pool = PoolMode::All;
    let mut m = mock();
    let r = run(&c, &mut m);
    assert_eq!(m.fits[2].1.len(), 6);
    let picks: Vec<u32> = r
        .selections
        .iter()
        .filter(|s| s.round > 0)
        .map(|s| s.sample)
        .collect();
    assert_eq!(picks, vec![3, 1, 3, 1]);
    let mut distinct: Vec<u32> = r.selections.iter().map(|s| s.sample).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let last = r.rounds.last().unwrap();
    assert_eq!(last.n_labeled, 6);
    assert_eq!(last.n_unique, distinct.len());
    assert!(last.n_unique < last.n_labeled);
}

#[test]
fn a_diverging_round_ends_the_run_with_its_reason() {
    let c = config(2, 2, 3);
    let mut m = mock();
    m.diverge_at = Some(2);
    let r = run(&c, &mut m);
    assert_eq!(
        r.status.to_string(),
        "failed: round 2, member 0: diverged: scripted"
    );
    assert_eq!(r.rounds.len(), 3, "rounds 0, 1 and the failed round 2");
    assert!(r.rounds.iter().all(|x| x.status == r.status));
    assert!(r.rounds[2].test_accuracy.is_none());
}

#[test]
fn the_same_inputs_give_the_same_run() {
    let mut c = config(3, 2, 2);
    c.query.scorer = ScorerKind::Random;
    let (a, b) = (run(&c, &mut mock()), run(&c, &mut mock()));
    let picks = |r: &RunResult| r.selections.iter().map(|s| s.sample).collect::<Vec<_>>();
    assert_eq!(picks(&a), picks(&b));
    c.seed += 1;
    assert_ne!(
        picks(&a),
        picks(&run(&c, &mut mock())),
        "another seed, another base set"
    );
}

/// 40 samples in 4 tight clusters of 10 (2-D embeddings around the corners of a 10×10
/// square), all equally uncertain: what a diversity sampler should spread over.
fn clustered() -> (MockLearner, Splits) {
    let n = 40;
    let mut m = MockLearner::new(vec![0.5; n * 2], 2, vec![0; n]);
    let corners = [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0), (10.0, 10.0)];
    m.features = (0..n)
        .flat_map(|i| {
            let (x, y) = corners[i % 4];
            let jitter = (i / 4) as f32 * 0.01;
            [x + jitter, y - jitter]
        })
        .collect();
    let mut s = splits();
    s.pool.pixels = vec![0.0; n].into();
    s.pool.labels = vec![0; n];
    s.mislabeled = vec![false; n];
    (m, s)
}

/// Distinct clusters among the samples picked in round 1 (cluster = sample mod 4).
fn clusters_picked(sampler: SamplerKind, seed: u64) -> usize {
    let (mut m, s) = clustered();
    let mut c = config(0, 4, 1);
    c.seed = seed;
    c.query.sampler = sampler;
    let meta = RunMeta {
        experiment: "t".into(),
        config_id: "cfg".into(),
        label: "x".into(),
        repeat: 0,
        seed,
        spec_hash: String::new(),
        machine: String::new(),
        top_k: vec![1],
        ap_classes: Vec::new(),
        swept: Vec::new(),
    };
    let r = run_one(&c, meta, &s, &mut m, &Silent, 0, &AtomicBool::new(false)).unwrap();
    let mut cl: Vec<u32> = r
        .selections
        .iter()
        .filter(|x| x.round == 1)
        .map(|x| x.sample % 4)
        .collect();
    assert_eq!(cl.len(), 4);
    cl.sort_unstable();
    cl.dedup();
    cl.len()
}

#[test]
fn diversity_samplers_spread_picks_over_clusters_more_than_random() {
    // Random: 4 picks from 4 clusters of 10 cover all four with probability
    // (30/39)·(20/38)·(10/37) ≈ 0.11, so over 20 seeds it misses clusters.
    let seeds = 0..20u64;
    let random: usize = seeds
        .clone()
        .map(|s| clusters_picked(SamplerKind::Random, s))
        .sum();
    assert!(
        random < 4 * 20,
        "random covered every cluster every time: {random}"
    );
    for sampler in [SamplerKind::KmeansPp, SamplerKind::CoreSet] {
        for s in seeds.clone() {
            assert_eq!(clusters_picked(sampler, s), 4, "{sampler:?}, seed {s}");
        }
    }
}

#[test]
fn ab_protocol_selects_both_arms_from_one_pass_and_never_trains_on_held_out_images() {
    use crate::spec::{AbSpec, AbStart};
    for start in [AbStart::Init, AbStart::Reference] {
        let mut c = config(2, 3, 1);
        c.al_loop.ab = Some(AbSpec {
            against: SamplerKind::BottomN,
            splits: 2,
            test_fraction: 0.34,
            start,
            members: 1,
        });
        let mut m = mock();
        let r = run(&c, &mut m);
        assert!(r.status.is_done());
        let round = |k: u32| -> Vec<u32> {
            r.selections
                .iter()
                .filter(|s| s.round == k)
                .map(|s| s.sample)
                .collect()
        };
        let base = round(0);
        let rest: Vec<u32> = MARGIN_ORDER
            .iter()
            .copied()
            .filter(|i| !base.contains(i))
            .collect();
        // active = top 3 of the margin ranking, comparison = bottom 3, from one scoring pass
        assert_eq!(round(1), rest[..3]);
        let mut bottom = rest[rest.len() - 3..].to_vec();
        bottom.sort_unstable();
        let mut got = round(2);
        got.sort_unstable();
        assert_eq!(got, bottom);
        assert_eq!(m.scored.borrow().len(), 1, "one scoring pass for both arms");
        // fits: the reference, then per split the active and the comparison arm
        let rounds: Vec<u32> = m.fits.iter().map(|f| f.0).collect();
        assert_eq!(rounds, [0, 1, 1, 2, 2]);
        assert_eq!(m.fits[0].1, ids(&base));
        let evaluated = m.evaluated.borrow();
        assert_eq!(
            evaluated.len(),
            2 * 2 + 2 * 2 * 2,
            "reference and both arms on two sets per split"
        );
        for (k, fit) in m.fits.iter().enumerate().skip(1) {
            let split = (k - 1) / 2;
            let arm = if k % 2 == 1 { round(1) } else { round(2) };
            // the union of the split's held-out portions is the first set the reference saw
            let union = &evaluated[split * 2];
            assert_eq!(&fit.1[..2], ids(&base).as_slice(), "base set first");
            // top 3 and bottom 3 of the 6 candidates are disjoint: 3 picks − 1 held out
            assert_eq!(fit.1.len(), 2 + 2);
            for id in &fit.1[2..] {
                assert!(arm.contains(&id.0), "only the arm's own picks");
                assert!(!union.contains(id), "never a held-out image");
            }
        }
        assert_eq!(m.members, Some(1));
        assert_eq!(m.anchors, usize::from(start == AbStart::Reference));
        // records: 2 splits × (reference + 2 arms) × 3 test sets × (n_images, loss, accuracy)
        assert_eq!(r.ab.len(), 2 * 3 * 3 * 3);
        assert!(r
            .ab
            .iter()
            .any(|a| a.arm == "comparison" && a.test_set == "union"));
        assert_eq!(r.rounds.len(), 2);
        assert_eq!(r.rounds[1].n_selected, 3);
    }
}

#[test]
fn a_prefilter_lets_core_set_pick_only_among_the_top_scores() {
    // Features (i, 0); no base set. Core-set on all 8: first the highest margin (id 3),
    // then argmax margin × d²: id 6 (0.6 · 9 = 5.4). With query.prefilter = 0.25 only the
    // 2 highest margins (ids 3 and 1, ranks 0 and 1) are kept: the picks are those two.
    let picked = |prefilter: Option<f64>| {
        let mut c = config(0, 2, 1);
        c.query.sampler = SamplerKind::CoreSet;
        c.query.prefilter = prefilter;
        let r = run(&c, &mut mock());
        let mut v: Vec<(u32, u32)> = r.selections.iter().map(|s| (s.sample, s.rank)).collect();
        v.sort_unstable();
        v
    };
    assert_eq!(picked(None), vec![(3, 0), (6, 3)]);
    assert_eq!(picked(Some(0.25)), vec![(1, 1), (3, 0)]);
    // ⌈0.1 · 8⌉ = 1 is raised to the 2 picks of the round
    assert_eq!(picked(Some(0.1)), vec![(1, 1), (3, 0)]);
}
