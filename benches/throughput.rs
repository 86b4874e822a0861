//! Throughput of the learner on the CPU `flex` backend, in images per second:
//! - train step: `cnn` (width 16) on 28×28 `shapes`, batch 64, Adam, dropout 0.25;
//! - pool inference: probabilities of 10,000 pool images in batches of 256 (one member);
//! - scoring: inference + margin scorer + top_n selection over the same pool;
//! - diversity samplers: kmeans_pp and core_set choosing 500 of 50,000 candidates with
//!   64-dimensional embeddings (core_set from 1,000 labeled samples), omp, class_balanced;
//! - data: generating 70,000 `shapes` images;
//! - detection: generating 20,000 96×96 `scenes`; the detector's train step (width 16, batch
//!   32, Adam) and pool scoring (entropy, max aggregation, decoded boxes included) at 96×96.
//!
//! Run: `cargo bench --bench throughput` (release profile). Each figure is the median of 3
//! timed repetitions after one warm-up. Record results in docs/performance.md.
//!
//! Environment: `ALBENCH_BENCH_BACKEND` = flex (default) | cpu | wgpu | cuda picks the backend
//! (the binary must be built with that feature); `ALBENCH_BENCH_ONLY=learner` runs only the
//! train-step and pool-inference figures (what `benches/compare_pytorch.sh` compares);
//! `ALBENCH_BENCH_ONLY=detection` only the detection figures, `=diversity` only the
//! diversity samplers.

use std::time::Instant;

use albench::acquisition::Acquisition;
use albench::data::Splits;
use albench::data::{generate_scenes, generate_shapes, SceneParams};
use albench::learner::{
    make_device, predict_probs, train, BackendKind, ClassifierLearner, Geometry, Net, Probs,
};
use albench::learner::{DetectorLearner, Learner};
use albench::pool::{Pool, SampleId};
use albench::rng::Rng;
use albench::runner::{score_candidates, Collect};
use albench::selection::{select, Points, SamplerParams, SelectInput};
use albench::spec::{
    Aggregation, Arch, Config, DatasetKind, Distance, EarlyStopping, Normalization, PoolMode,
    SamplerKind, ScorerKind, TrainSpec,
};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let name = std::env::var("ALBENCH_BENCH_BACKEND").unwrap_or_else(|_| "flex".into());
    let Some(backend) = BackendKind::from_name(&name) else {
        eprintln!("ALBENCH_BENCH_BACKEND={name}: expected flex, cpu, wgpu or cuda");
        std::process::exit(2);
    };
    let only = std::env::var("ALBENCH_BENCH_ONLY").unwrap_or_default();
    if only == "diversity" {
        diversity(SamplerParams {
            pivot: 0.0,
            distance: Distance::Euclidean,
            methods: Default::default(),
        });
        return;
    }
    let learner_only = only == "learner";
    let devices = match make_device(backend, 0) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let g = Geometry {
        channels: 1,
        height: 28,
        width: 28,
        classes: 10,
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "albench throughput benchmark ({} backend, {threads} threads)",
        devices.name
    );
    if only == "detection" {
        detection(&devices);
        return;
    }

    if !learner_only {
        let t = Instant::now();
        let big = generate_shapes(70_000, 1, 0);
        println!(
            "data: generate 70,000 shapes images: {:.2} s",
            t.elapsed().as_secs_f64()
        );
        drop(big);
    }

    let data = generate_shapes(10_000, 1, 0);
    let val = generate_shapes(64, 1, 1);
    for (arch, name) in [
        (Arch::Cnn, "cnn"),
        (Arch::Mlp, "mlp"),
        (Arch::Resnet, "resnet"),
    ] {
        let steps = 40;
        let spec = TrainSpec {
            batch_size: 64,
            max_epochs: 1,
            steps_per_epoch: steps,
            early_stopping: EarlyStopping {
                enabled: false,
                ..Default::default()
            },
            ..Default::default()
        };
        let idx: Vec<usize> = (0..steps * 64).collect();
        let mut rates = Vec::new();
        for rep in 0..4 {
            let net = Net::new(arch, g, 16, &mut Rng::new(rep), &devices.train);
            let t = Instant::now();
            train(
                net,
                &data,
                &idx,
                &val,
                &spec,
                0.25,
                &devices,
                &mut Rng::new(9),
                &|_| {},
            )
            .expect("trains");
            if rep > 0 {
                rates.push((steps * 64) as f64 / t.elapsed().as_secs_f64());
            }
        }
        println!(
            "train step: {name} 28x28 batch 64: {:.0} images/s",
            median(rates)
        );
    }

    let net = Net::new(Arch::Cnn, g, 16, &mut Rng::new(1), &devices.train).inference();
    let members = [net];
    let all: Vec<usize> = (0..data.len()).collect();
    let mut rates = Vec::new();
    for rep in 0..4 {
        let probs = Probs {
            members: &members,
            mc_samples: 1,
            dropout: 0.25,
            batch: 256,
            features: false,
            member_features: false,
        };
        let t = Instant::now();
        let mut sink = 0.0f32;
        predict_probs(
            &probs,
            &data,
            &all,
            &mut Rng::new(1),
            &devices.infer,
            |_, _, p, _, _| sink += p[0],
        );
        if rep > 0 {
            rates.push(data.len() as f64 / t.elapsed().as_secs_f64());
        }
        assert!(sink.is_finite());
    }
    println!(
        "pool inference: cnn, 10,000 images, batch 256: {:.0} images/s",
        median(rates)
    );
    if learner_only {
        return;
    }

    let pool = Pool::new(data.len());
    let cands = pool.candidates(PoolMode::Unlabeled, true);
    let acq = Acquisition::new(
        ScorerKind::Margin,
        &[],
        Normalization::Zscore,
        Aggregation::Max,
    );
    let params = SamplerParams {
        pivot: 0.0,
        distance: Distance::Euclidean,
        methods: Default::default(),
    };
    let mut config = Config::default();
    config.query.batch_size = 256;
    config.model.width = 16;
    let splits = Splits {
        mislabeled: vec![false; data.len()],
        pool: data,
        validation: val.clone(),
        test: val,
    };
    let learner =
        ClassifierLearner::new(config.learner(), &splits, &devices, 0).expect("cnn fits 28x28");
    let mut rates = Vec::new();
    for rep in 0..4 {
        let t = Instant::now();
        let scores = score_candidates(
            &acq,
            &learner,
            &cands,
            1,
            &mut Rng::new(1),
            &mut Rng::new(2),
            Collect::default(),
        );
        let chosen = select(
            SamplerKind::TopN,
            &SelectInput::scores(&scores.scores),
            500,
            params,
            &mut Rng::new(3),
        );
        assert_eq!(chosen.len(), 500);
        if rep > 0 {
            rates.push(splits.pool.len() as f64 / t.elapsed().as_secs_f64());
        }
    }
    println!(
        "score + select: margin + top_n over 10,000 candidates: {:.0} images/s",
        median(rates)
    );

    diversity(params);
    detection(&devices);
}

/// Scenes generation, the detector's train step and pool scoring at 96×96.
fn detection(devices: &albench::learner::Devices) {
    let p = SceneParams::default();
    let t = Instant::now();
    let big = generate_scenes(20_000, &p, 1, 0);
    println!(
        "data: generate 20,000 scenes 96x96: {:.2} s",
        t.elapsed().as_secs_f64()
    );
    drop(big);
    let data = generate_scenes(2_000, &p, 1, 0);
    let val = generate_scenes(32, &p, 1, 1);
    let mut config = Config::default();
    config.data.dataset = DatasetKind::Scenes;
    config.model.arch = Arch::Detector;
    config.model.width = 16;
    config.model.dropout = 0.0;
    config.query.batch_size = 64;
    config.train = TrainSpec {
        batch_size: 32,
        max_epochs: 1,
        steps_per_epoch: 20,
        early_stopping: EarlyStopping {
            enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let splits = Splits {
        mislabeled: vec![false; data.len()],
        pool: data,
        validation: val.clone(),
        test: val,
    };
    let ids: Vec<SampleId> = (0..20 * 32).map(SampleId).collect();
    let mut rates = Vec::new();
    for rep in 0..4 {
        let mut learner =
            DetectorLearner::new(config.learner(), &splits, devices, rep).expect("96x96 fits");
        let t = Instant::now();
        learner.fit(&ids, 0, &|_| {}).expect("trains");
        if rep > 0 {
            rates.push(ids.len() as f64 / t.elapsed().as_secs_f64());
        }
    }
    println!(
        "train step: detector 96x96 batch 32: {:.0} images/s",
        median(rates)
    );
    let learner = DetectorLearner::new(config.learner(), &splits, devices, 0).expect("96x96 fits");
    let acq = Acquisition::new(
        ScorerKind::Entropy,
        &[],
        Normalization::Zscore,
        Aggregation::Max,
    );
    let cands = Pool::new(splits.pool.len()).candidates(PoolMode::Unlabeled, true);
    let mut rates = Vec::new();
    for rep in 0..4 {
        let t = Instant::now();
        let s = score_candidates(
            &acq,
            &learner,
            &cands,
            1,
            &mut Rng::new(1),
            &mut Rng::new(2),
            Collect::default(),
        );
        assert_eq!(s.scores.len(), splits.pool.len());
        if rep > 0 {
            rates.push(splits.pool.len() as f64 / t.elapsed().as_secs_f64());
        }
    }
    println!(
        "pool scoring: detector 96x96, entropy (max), batch 64, 2,000 images: {:.0} images/s",
        median(rates)
    );
}

/// Diversity samplers on synthetic embeddings: 50,000 candidates × 64 floats, 1,000 labeled.
fn diversity(params: SamplerParams) {
    let (n, dim, labeled) = (50_000usize, 64usize, 1_000usize);
    let mut rng = Rng::new(5);
    let feats: Vec<f32> = (0..n * dim).map(|_| rng.normal() as f32).collect();
    let lab: Vec<f32> = (0..labeled * dim).map(|_| rng.normal() as f32).collect();
    let scores: Vec<f32> = (0..n).map(|_| rng.uniform() as f32).collect();
    let predicted: Vec<u32> = (0..n).map(|_| rng.below(10) as u32).collect();
    let input = SelectInput {
        scores: &scores,
        points: Some(Points::dense(&feats, dim)),
        centres: Some(Points::dense(&lab, dim)),
        predicted: Some(&predicted),
        classes: 10,
        class_scores: None,
        frames: None,
        member_probs: None,
    };
    for (kind, name) in [
        (SamplerKind::KmeansPp, "kmeans_pp"),
        (SamplerKind::CoreSet, "core_set (from 1,000 labeled)"),
        (SamplerKind::Omp, "omp"),
        (SamplerKind::ClassBalanced, "class_balanced"),
    ] {
        for distance in [Distance::Euclidean, Distance::Cosine] {
            let params = SamplerParams { distance, ..params };
            let mut secs = Vec::new();
            for _ in 0..3 {
                let t = Instant::now();
                let chosen = select(kind, &input, 500, params, &mut Rng::new(3));
                secs.push(t.elapsed().as_secs_f64());
                assert_eq!(chosen.len(), 500);
            }
            println!(
                "select 500 of 50,000 (dim 64): {name}, {distance:?}: {:.3} s",
                median(secs)
            );
            if kind == SamplerKind::ClassBalanced {
                break;
            }
        }
    }
}
