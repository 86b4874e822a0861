//! `model.init` across tasks through the CLI: a detector pretrained with `albench pretrain`
//! starts a detection run, and a classifier trained for another number of classes gives a
//! run its backbone with a fresh head; the manifest says which.

mod common;

use std::path::Path;

use albench::npy;
use common::*;

const DET: &str = r#"
name = "det"
seed = 5
repeats = 1
[data]
dataset = "scenes"
image_size = 32
pool = 60
validation = 20
test = 30
reserve = 40
[model]
arch = "detector"
width = 4
[train]
max_epochs = 2
batch_size = 16
early_stopping = false
[loop]
base = 20
budget = 10
rounds = 1
"#;

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

fn loss0(dir: &Path) -> f64 {
    let runs = dir.join("runs");
    let df = read_parquet(&runs.join(&visible(&runs)[0]));
    df.column("test_loss")
        .unwrap()
        .f64()
        .unwrap()
        .get(0)
        .unwrap()
}

/// The `model_init` entries of a results directory's manifest.
fn init_notes(dir: &Path) -> Vec<String> {
    manifest(dir)["model_init"]
        .as_object()
        .map(|m| {
            m.values()
                .map(|v| v.as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_pretrained_detector_starts_a_detection_run() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "det.toml", DET);
    let w = d.path().join("det.bpk");
    let (ps, ws) = (p.to_str().unwrap(), w.to_str().unwrap());
    let o = albench(d.path(), &["pretrain", ps, "--out", ws, "--reserved"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(
        t.contains("detector trained on 40 reserved images") && t.contains("test AP"),
        "{t}"
    );
    let with_init = DET.replace("width = 4", &format!("width = 4\ninit = \"{ws}\""));
    let pi = write(d.path(), "init.toml", &with_init);
    let o = albench(
        d.path(),
        &["run", pi.to_str().unwrap(), "--quiet", "--out", "init"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = albench(d.path(), &["run", ps, "--quiet", "--out", "scratch"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // The loaded weights are used: round 0 (same base set, same training stream) ends
    // elsewhere than from scratch.
    let (init, scratch) = (d.path().join("init"), d.path().join("scratch"));
    assert_ne!(loss0(&init), loss0(&scratch));
    assert_eq!(init_notes(&init), [format!("{ws}: all weights loaded")]);
    assert!(init_notes(&scratch).is_empty());
}

/// A features directory of `k` classes (`n` = 90 train, 30 test rows of 5 values).
fn features_dir(dir: &Path, k: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let mut rng = albench::rng::Rng::new(k as u64);
    for (split, n) in [("train", 90), ("test", 30)] {
        let y: Vec<i64> = (0..n).map(|i| (i % k) as i64).collect();
        let x: Vec<f32> = (0..n * 5)
            .map(|i| (i % 5 == y[i / 5] as usize) as u8 as f32 + rng.normal() as f32 * 0.5)
            .collect();
        npy::write(&dir.join(format!("{split}_features.npy")), &[n, 5], &x).unwrap();
        npy::write(&dir.join(format!("{split}_labels.npy")), &[n], &y).unwrap();
    }
}

fn mlp_spec(data: &Path, init: &str) -> String {
    format!(
        r#"
name = "mlp"
seed = 2
repeats = 1
[data]
dataset = "features"
path = "{}"
pool = 60
validation = 20
test = 30
[model]
arch = "mlp"
width = 4
init = "{init}"
[train]
max_epochs = 2
batch_size = 16
early_stopping = false
[loop]
base = 10
budget = 10
rounds = 1
"#,
        data.display()
    )
}

#[test]
fn weights_of_another_class_count_give_the_backbone_and_a_fresh_head() {
    let d = tempfile::tempdir().unwrap();
    let (four, three) = (d.path().join("four"), d.path().join("three"));
    features_dir(&four, 4);
    features_dir(&three, 3);
    let w = d.path().join("four.bpk");
    let ws = w.to_str().unwrap();
    let p4 = write(d.path(), "four.toml", &mlp_spec(&four, "scratch"));
    let o = albench(d.path(), &["pretrain", p4.to_str().unwrap(), "--out", ws]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for (name, init) in [("init", ws), ("scratch", "scratch")] {
        let p = write(d.path(), &format!("{name}.toml"), &mlp_spec(&three, init));
        let o = albench(
            d.path(),
            &["run", p.to_str().unwrap(), "--quiet", "--out", name],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    let init = d.path().join("init");
    assert_eq!(
        init_notes(&init),
        [format!(
            "{ws}: backbone loaded, head: fresh (weights had 4 classes, dataset has 3)"
        )]
    );
    assert_ne!(loss0(&init), loss0(&d.path().join("scratch")));
    // The same file on the 4-class data loads every weight.
    let p = write(d.path(), "same.toml", &mlp_spec(&four, ws));
    let o = albench(
        d.path(),
        &["run", p.to_str().unwrap(), "--quiet", "--out", "same"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        init_notes(&d.path().join("same")),
        [format!("{ws}: all weights loaded")]
    );
    // A file of another backbone (linear: no hidden layers) is still refused: exit 2.
    let lin = mlp_spec(&four, "scratch").replace("arch = \"mlp\"", "arch = \"linear\"");
    let pl = write(d.path(), "lin.toml", &lin);
    let wl = d.path().join("lin.bpk");
    let o = albench(
        d.path(),
        &[
            "pretrain",
            pl.to_str().unwrap(),
            "--out",
            wl.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let p = write(
        d.path(),
        "other.toml",
        &mlp_spec(&three, wl.to_str().unwrap()),
    );
    let o = albench(
        d.path(),
        &["run", p.to_str().unwrap(), "--quiet", "--out", "other"],
    );
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(
        t.contains("lin.bpk") && t.contains("cannot load weights"),
        "{t}"
    );
    assert!(!d.path().join("other").exists());
}
