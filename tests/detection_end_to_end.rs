//! A smoke-scale detection experiment through the CLI: spec → loop → store → report.

mod common;

use common::*;
use polars::prelude::*;

const DET: &str = r#"
name = "det"
seed = 5
repeats = 2
[data]
dataset = "scenes"
image_size = 32
pool = 80
validation = 20
test = 30
[model]
arch = "detector"
width = 4
[train]
max_epochs = 2
batch_size = 16
early_stopping = false
[loop]
base = 20
budget = 20
rounds = 2
[[variant]]
label = "random"
"query.scorer" = "random"
[[variant]]
label = "det-ent"
"query.scorer" = "det_entropy"
"query.aggregation" = "sum"
[[variant]]
label = "mi"
"query.scorer" = "mutual_information"
"model.ensemble" = 2
[[variant]]
label = "grad"
"query.scorer" = "grad"
"query.aggregation" = "mean"
"model.ensemble" = 2
[[variant]]
label = "kmpp"
"query.scorer" = "entropy"
"query.sampler" = "kmeans_pp"
[[variant]]
label = "coreset"
"query.scorer" = "margin"
"query.sampler" = "core_set"
"query.distance" = "cosine"
[report]
baseline = "random"
"#;

fn u64s(df: &DataFrame, col: &str) -> Vec<u64> {
    df.column(col)
        .unwrap()
        .u64()
        .unwrap()
        .into_no_null_iter()
        .collect()
}

#[test]
fn detection_experiment_runs_stores_map_and_n_boxes_and_reports() {
    let d = tempfile::tempdir().unwrap();
    let spec = write(d.path(), "det.toml", DET);
    let o = albench(d.path(), &["run", spec.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("final test_map"), "{}", text(&o));
    let res = d.path().join("results/det");
    let runs = visible(&res.join("runs"));
    assert_eq!(runs.len(), 12);
    for f in &runs {
        let df = read_parquet(&res.join("runs").join(f));
        for col in [
            "test_map",
            "test_map50",
            "test_wmap",
            "test_ap_car",
            "test_ap_traffic-light",
        ] {
            let c = df.column(col).unwrap_or_else(|_| panic!("{f}: no {col}"));
            assert_eq!(c.null_count(), 0, "{f}: {col} has nulls");
            let v = c.f64().unwrap();
            assert!(v.into_no_null_iter().all(|x| (0.0..=1.0).contains(&x)));
        }
        // n_boxes = the boxes of every image labeled so far: the running sum of the
        // selections' n_boxes (accumulating, so every selected image is new)
        let sel = read_parquet(&res.join("selections").join(f));
        let rounds = df.column("round").unwrap().u32().unwrap();
        let n_boxes = u64s(&df, "n_boxes");
        let sel_round: Vec<u32> = sel
            .column("round")
            .unwrap()
            .u32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        let sel_boxes: Vec<u32> = sel
            .column("n_boxes")
            .unwrap()
            .u32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        for (k, r) in rounds.into_no_null_iter().enumerate() {
            let want: u64 = sel_round
                .iter()
                .zip(&sel_boxes)
                .filter(|(sr, _)| **sr <= r)
                .map(|(_, b)| *b as u64)
                .sum();
            assert_eq!(n_boxes[k], want, "{f} round {r}");
        }
        assert!(n_boxes[0] > 0 && n_boxes.windows(2).all(|w| w[0] <= w[1]));
    }
    // the report compares detection metrics by default
    let md = std::fs::read_to_string(d.path().join("reports/det/report.md")).unwrap();
    assert!(md.contains("test_map"), "report lacks test_map");
    // the same spec again gives the same results (determinism)
    let again = tempfile::tempdir().unwrap();
    let spec2 = write(again.path(), "det.toml", DET);
    let o = albench(
        again.path(),
        &["run", spec2.to_str().unwrap(), "--quiet", "--no-report"],
    );
    assert!(o.status.success(), "{}", text(&o));
    same_results(&res, &again.path().join("results/det"));
}

#[test]
fn detection_spec_errors_name_the_keys() {
    let d = tempfile::tempdir().unwrap();
    let cases = [
        (
            DET.replace("\"query.aggregation\" = \"sum\"", "\"query.aggregation\" = \"mean\""),
            "query.aggregation: \"mean\" does not apply to query.scorer = \"det_entropy\" (allowed: sum, max",
        ),
        (
            DET.replace("arch = \"detector\"", "arch = \"cnn\""),
            "model.arch: data.dataset is a detection dataset (scenes, coco, yolo)",
        ),
        (
            DET.replace("dataset = \"scenes\"", "dataset = \"shapes\"").replace("image_size = 32\n", ""),
            "model.arch: \"detector\" needs a detection dataset",
        ),
        (
            DET.replace("image_size = 32", "image_size = 36"),
            "data.image_size: 36 must be a multiple of 8",
        ),
        (
            DET.replace("[report]", "[report]\nmetrics = [\"test_accuracy\"]"),
            "a classification metric",
        ),
    ];
    for (i, (spec, want)) in cases.iter().enumerate() {
        let p = write(d.path(), &format!("bad{i}.toml"), spec);
        let o = albench(d.path(), &["run", p.to_str().unwrap(), "--dry-run"]);
        assert_eq!(o.status.code(), Some(2), "case {i}: {}", text(&o));
        assert!(text(&o).contains(want), "case {i}: {}", text(&o));
        assert_eq!(
            String::from_utf8_lossy(&o.stderr).lines().count(),
            1,
            "case {i}"
        );
    }
    // det_entropy on classification data
    let p = write(
        d.path(),
        "cls.toml",
        &TINY.replace("[\"random\", \"margin\"]", "[\"random\", \"det_entropy\"]"),
    );
    let o = albench(d.path(), &["run", p.to_str().unwrap(), "--dry-run"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("scores decoded boxes: it needs a detection dataset"),
        "{}",
        text(&o)
    );
}

/// A user's YOLO folder plugs into the same loop: per-class AP columns named after
/// `classes.txt`.
#[test]
fn a_yolo_folder_runs_through_the_same_loop() {
    let d = tempfile::tempdir().unwrap();
    let y = d.path().join("yolo");
    std::fs::create_dir_all(y.join("images")).unwrap();
    std::fs::create_dir_all(y.join("labels")).unwrap();
    std::fs::write(y.join("classes.txt"), "square\nbar\n").unwrap();
    for i in 0..40u32 {
        let (cx, cy) = (8 + (i * 5) % 16, 8 + (i * 3) % 16);
        let img = image::RgbImage::from_fn(32, 32, |x, yy| {
            let inside = x.abs_diff(cx) < 4 && yy.abs_diff(cy) < 4;
            image::Rgb(if inside { [250, 40, 40] } else { [20, 20, 20] })
        });
        img.save(y.join(format!("images/{i:03}.png"))).unwrap();
        std::fs::write(
            y.join(format!("labels/{i:03}.txt")),
            format!(
                "{} {} {} 0.25 0.25\n",
                i % 2,
                cx as f64 / 32.0,
                cy as f64 / 32.0
            ),
        )
        .unwrap();
    }
    let spec = format!(
        r#"
name = "yolo"
seed = 1
repeats = 1
[data]
dataset = "yolo"
path = "{}"
image_size = 32
pool = 24
validation = 4
test = 8
[model]
arch = "detector"
width = 4
[train]
max_epochs = 1
batch_size = 8
early_stopping = false
[loop]
base = 8
budget = 8
rounds = 1
[query]
scorer = "entropy"
aggregation = "mean"
"#,
        y.display()
    );
    let p = write(d.path(), "yolo.toml", &spec);
    let o = albench(
        d.path(),
        &["run", p.to_str().unwrap(), "--quiet", "--no-report"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let runs = visible(&d.path().join("results/yolo/runs"));
    let df = read_parquet(&d.path().join("results/yolo/runs").join(&runs[0]));
    assert!(df.column("test_ap_square").is_ok() && df.column("test_ap_bar").is_ok());
    assert_eq!(u64s(&df, "n_boxes"), vec![8, 16]);
}
