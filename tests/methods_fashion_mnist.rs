//! The committed comparison of the recent baselines on Fashion-MNIST
//! (experiments/methods_fashion_mnist_{low,mid}.toml) end to end at `--scale smoke`: every
//! method runs on the real data in both budget regimes, each report holds the penalty-matrix
//! heatmap, and `albench compare` ranks the methods across the two regimes.

mod common;

use std::path::Path;

use common::*;

const METHODS: [&str; 9] = [
    "random",
    "margin",
    "bald",
    "batch_bald",
    "badge",
    "typiclust",
    "probcover",
    "core_set",
    "epig",
];

#[test]
fn both_regimes_run_at_smoke_scale_and_are_ranked_across() {
    let data = Path::new(albench::data::FASHION_MNIST_DIR);
    assert!(
        data.join("train-images-idx3-ubyte.gz").is_file(),
        "Fashion-MNIST missing: apt-get install -y dataset-fashion-mnist (see README)"
    );
    let d = tempfile::tempdir().unwrap();
    let mut dirs = Vec::new();
    for regime in ["low", "mid"] {
        let name = format!("methods_fashion_mnist_{regime}");
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("experiments/{name}.toml"));
        let o = albench(
            d.path(),
            &["run", spec.to_str().unwrap(), "--scale", "smoke", "--quiet"],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        assert!(
            text(&o).contains("18 completed, 0 failed"),
            "9 methods × 2 repeats: {}",
            text(&o)
        );
        let report = d.path().join(format!("reports/{name}"));
        for f in ["penalty_test_accuracy.png", "penalty_test_accuracy.csv"] {
            assert!(report.join(f).is_file(), "{name}: {f}");
        }
        dirs.push(format!("results/{name}"));
    }
    let o = albench(
        d.path(),
        &[
            "compare",
            &dirs[0],
            &dirs[1],
            "--metric",
            "test_accuracy",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut methods: Vec<&str> = v["methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    methods.sort_unstable();
    let mut want = METHODS.to_vec();
    want.sort_unstable();
    assert_eq!(methods, want);
    // every method ran in both regimes: a rank in each and their mean
    for m in 0..METHODS.len() {
        let r0 = v["ranks"][0][m].as_f64().unwrap();
        let r1 = v["ranks"][1][m].as_f64().unwrap();
        let mean = v["macro_rank"][m].as_f64().unwrap();
        assert!((mean - (r0 + r1) / 2.0).abs() < 1e-12);
    }
}
