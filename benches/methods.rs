//! Selection time of the samplers of recent baselines (badge, batch_bald, typiclust,
//! probcover, epig) and, for reference, kmeans_pp and core_set, on synthetic inputs: `N`
//! candidates with 64-dimensional embeddings (Gaussian blobs around 10 centres), 10 classes,
//! 10 members (softmax of noisy logits), 1,000 labeled samples; one timed selection per
//! method, pool and batch size (these take seconds to minutes: no repetition).
//!
//! Run: `cargo bench --bench methods` (release profile): pools 20,000 and 100,000, batches
//! 100 and 1,000. `ALBENCH_BENCH_POOLS=2000,5000` and `ALBENCH_BENCH_BATCHES=10` choose
//! other sizes; `ALBENCH_BENCH_METHODS=badge,epig` a subset (spec names);
//! `ALBENCH_BENCH_JOINT_CANDIDATES=2000` sets `query.joint_candidates`. Record results in
//! docs/performance.md with the date and the commit.

use std::time::Instant;

use albench::rng::Rng;
use albench::selection::{select, MemberProbs, MethodParams, Points, SamplerParams, SelectInput};
use albench::spec::{Distance, SamplerKind};

const DIM: usize = 64;
const CLASSES: usize = 10;
const MEMBERS: usize = 10;
const LABELED: usize = 1_000;

fn list(var: &str, default: &[usize]) -> Vec<usize> {
    std::env::var(var)
        .ok()
        .map(|s| s.split(',').filter_map(|v| v.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

/// Embeddings around 10 centres and member probabilities that follow them.
fn synthetic(n: usize, rng: &mut Rng) -> (Vec<f32>, Vec<f32>) {
    let centres: Vec<f32> = (0..CLASSES * DIM)
        .map(|_| rng.normal() as f32 * 4.0)
        .collect();
    let mut feats = Vec::with_capacity(n * DIM);
    let mut probs = vec![0.0f32; n * CLASSES * MEMBERS];
    for i in 0..n {
        let c = rng.below(CLASSES);
        feats.extend((0..DIM).map(|d| centres[c * DIM + d] + rng.normal() as f32));
        for e in 0..MEMBERS {
            let logits: Vec<f64> = (0..CLASSES)
                .map(|k| if k == c { 2.0 } else { 0.0 } + rng.normal() * 1.5)
                .collect();
            let z: f64 = logits.iter().map(|l| l.exp()).sum();
            for (k, l) in logits.iter().enumerate() {
                probs[(i * CLASSES + k) * MEMBERS + e] = (l.exp() / z) as f32;
            }
        }
    }
    (feats, probs)
}

fn main() {
    let pools = list("ALBENCH_BENCH_POOLS", &[20_000, 100_000]);
    let batches = list("ALBENCH_BENCH_BATCHES", &[100, 1_000]);
    let only = std::env::var("ALBENCH_BENCH_METHODS").unwrap_or_default();
    let kinds = [
        SamplerKind::Badge,
        SamplerKind::BatchBald,
        SamplerKind::Typiclust,
        SamplerKind::Probcover,
        SamplerKind::Epig,
        SamplerKind::KmeansPp,
        SamplerKind::CoreSet,
    ];
    let mut rng = Rng::new(5);
    let (lab, _) = synthetic(LABELED, &mut rng);
    for &n in &pools {
        let (feats, probs) = synthetic(n, &mut rng);
        let scores: Vec<f32> = (0..n).map(|_| rng.uniform() as f32).collect();
        let input = SelectInput {
            scores: &scores,
            points: Some(Points::dense(&feats, DIM)),
            centres: Some(Points::dense(&lab, DIM)),
            predicted: None,
            classes: CLASSES,
            class_scores: None,
            frames: None,
            member_probs: Some(MemberProbs::new(&probs, CLASSES, MEMBERS)),
        };
        let params = SamplerParams {
            pivot: 0.0,
            distance: Distance::Euclidean,
            methods: MethodParams {
                joint_candidates: list("ALBENCH_BENCH_JOINT_CANDIDATES", &[]).first().copied(),
                ..MethodParams::default()
            },
        };
        for kind in kinds {
            if !only.is_empty() && !only.split(',').any(|s| s == kind.name()) {
                continue;
            }
            for &b in &batches {
                let t = Instant::now();
                let got = select(kind, &input, b, params, &mut Rng::new(3));
                assert_eq!(got.len(), b.min(n));
                println!(
                    "{:<11} pool {n:>7}, batch {b:>5}: {:>9.2} s",
                    kind.name(),
                    t.elapsed().as_secs_f64()
                );
            }
        }
    }
}
