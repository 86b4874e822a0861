//! The `features` dataset (precomputed vectors in `.npy` files) end to end, each of its
//! bad inputs (exit 2, one line naming the file, nothing written), and `albench embed`,
//! which writes one from a pretrained model.

mod common;

use std::path::Path;

use albench::npy;
use common::*;

/// 3 classes of `d`-dimensional vectors around class centres (`n` rows), deterministic.
fn blobs(n: usize, d: usize, k: usize, salt: u64) -> (Vec<f32>, Vec<i64>) {
    let mut rng = albench::rng::Rng::new(salt);
    let mut x = Vec::with_capacity(n * d);
    let mut y = Vec::with_capacity(n);
    for i in 0..n {
        let c = i % k;
        y.push(c as i64);
        for j in 0..d {
            let centre = if j % k == c { 2.0 } else { 0.0 };
            x.push(centre + rng.normal() as f32 * 0.7);
        }
    }
    (x, y)
}

/// A features directory: train (n = 120) and test (n = 60) of `d` = 6, `k` classes.
fn features_dir(dir: &Path, k: usize, classes: bool) {
    std::fs::create_dir_all(dir).unwrap();
    for (split, n, salt) in [("train", 120, 1), ("test", 60, 2)] {
        let (x, y) = blobs(n, 6, k, salt);
        npy::write(&dir.join(format!("{split}_features.npy")), &[n, 6], &x).unwrap();
        npy::write(&dir.join(format!("{split}_labels.npy")), &[n], &y).unwrap();
    }
    if classes {
        let names: Vec<String> = (0..k).map(|c| format!("class{c}\n")).collect();
        std::fs::write(dir.join("classes.txt"), names.concat()).unwrap();
    }
}

fn spec(path: &Path, arch: &str, extra: &str) -> String {
    format!(
        r#"
name = "feat"
seed = 3
repeats = 1
[data]
dataset = "features"
path = "{}"
pool = 80
validation = 20
test = 40
[model]
arch = "{arch}"
width = 4
{extra}
[train]
max_epochs = 20
lr = 0.05
batch_size = 16
early_stopping = false
[loop]
base = 10
budget = 10
rounds = 2
[sweep]
"query.scorer" = ["margin", "entropy"]
"query.sampler" = ["top_n", "kmeans_pp"]
"#,
        path.display()
    )
}

#[test]
fn linear_and_mlp_learn_from_feature_vectors() {
    let d = tempfile::tempdir().unwrap();
    let data = d.path().join("vecs");
    features_dir(&data, 3, true);
    for arch in ["linear", "mlp"] {
        let p = write(d.path(), &format!("{arch}.toml"), &spec(&data, arch, ""));
        let o = albench(
            d.path(),
            &["run", p.to_str().unwrap(), "--quiet", "--out", arch],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        let runs = d.path().join(arch).join("runs");
        let files = visible(&runs);
        assert_eq!(files.len(), 4, "{files:?}");
        let df = read_parquet(&runs.join(&files[0]));
        let acc = df
            .column("test_accuracy")
            .unwrap()
            .f64()
            .unwrap()
            .get(2)
            .unwrap();
        // three separated blobs: far above chance (1/3) after 30 labels
        assert!(acc > 0.6, "{arch}: test accuracy {acc}");
    }
    // the convolutional models need images: refused at validation
    let p = write(d.path(), "cnn.toml", &spec(&data, "cnn", ""));
    let o = albench(d.path(), &["run", p.to_str().unwrap(), "--out", "cnn"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("model.arch"), "{}", text(&o));
}

/// A `float64 [rows, cols]` file of zeros as `numpy.save` writes it (albench's writer has no
/// float64).
fn npy_f64(path: &Path, rows: usize, cols: usize) {
    let dict = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': ({rows}, {cols}), }}");
    let total = (10 + dict.len() + 1).div_ceil(64) * 64;
    let mut header = dict.into_bytes();
    header.resize(total - 10 - 1, b' ');
    header.push(b'\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend((header.len() as u16).to_le_bytes());
    out.extend(header);
    out.extend(vec![0u8; rows * cols * 8]);
    std::fs::write(path, out).unwrap();
}

/// Run `albench run` on the features directory `data` and expect exit 2 with one line that
/// names `file` and says `what`, and no results directory.
fn refused(d: &Path, data: &Path, file: &str, what: &str) {
    let p = write(d, "bad.toml", &spec(data, "linear", ""));
    let o = albench(d, &["run", p.to_str().unwrap(), "--out", "bad"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{file}: {t}");
    assert_eq!(t.trim().lines().count(), 1, "{t}");
    assert!(t.contains(file) && t.contains(what), "{file} / {what}: {t}");
    assert!(!d.join("bad").exists(), "nothing written: {t}");
}

#[test]
fn every_bad_features_directory_is_refused_naming_its_file() {
    let d = tempfile::tempdir().unwrap();
    let fresh = |name: &str| {
        let dir = d.path().join(name);
        features_dir(&dir, 3, true);
        dir
    };
    let dir = fresh("missing");
    std::fs::remove_file(dir.join("train_labels.npy")).unwrap();
    refused(d.path(), &dir, "train_labels.npy", "missing");

    let dir = fresh("test-half");
    std::fs::remove_file(dir.join("test_labels.npy")).unwrap();
    refused(d.path(), &dir, "test_labels.npy", "missing");

    let dir = fresh("dtype");
    npy::write(&dir.join("train_labels.npy"), &[120], &vec![0f32; 120]).unwrap();
    refused(d.path(), &dir, "train_labels.npy", "int64");

    let dir = fresh("f64");
    npy_f64(&dir.join("train_features.npy"), 120, 6);
    refused(d.path(), &dir, "train_features.npy", "numpy.float32");

    let dir = fresh("count");
    npy::write(&dir.join("train_labels.npy"), &[119], &vec![0i64; 119]).unwrap();
    refused(d.path(), &dir, "train_labels.npy", "120 rows");

    let dir = fresh("nan");
    let (mut x, _) = blobs(120, 6, 3, 1);
    x[6 * 7 + 2] = f32::NAN;
    npy::write(&dir.join("train_features.npy"), &[120, 6], &x).unwrap();
    refused(
        d.path(),
        &dir,
        "train_features.npy",
        "row 7, column 2 is NaN",
    );

    let dir = fresh("range");
    let mut y: Vec<i64> = (0..60).map(|i| i % 3).collect();
    y[5] = 3;
    npy::write(&dir.join("test_labels.npy"), &[60], &y).unwrap();
    refused(
        d.path(),
        &dir,
        "test_labels.npy",
        "label 3 at index 5 is out of range",
    );

    let dir = fresh("negative");
    let mut y: Vec<i64> = (0..120).map(|i| i % 3).collect();
    y[0] = -1;
    npy::write(&dir.join("train_labels.npy"), &[120], &y).unwrap();
    refused(d.path(), &dir, "train_labels.npy", "label -1 at index 0");

    let dir = fresh("width");
    let (x, _) = blobs(60, 5, 3, 2);
    npy::write(&dir.join("test_features.npy"), &[60, 5], &x).unwrap();
    refused(d.path(), &dir, "test_features.npy", "5 features per row");

    let dir = fresh("rank");
    let (x, _) = blobs(120, 6, 3, 1);
    npy::write(&dir.join("train_features.npy"), &[120, 2, 3], &x).unwrap();
    refused(d.path(), &dir, "train_features.npy", "float32 [n, d]");

    let dir = fresh("classes");
    std::fs::write(dir.join("classes.txt"), "a\nb\na\n").unwrap();
    refused(d.path(), &dir, "classes.txt", "listed twice");
}

/// Without `classes.txt` the classes are the label values; with one, its names.
#[test]
fn class_names_come_from_classes_txt_or_the_labels() {
    let d = tempfile::tempdir().unwrap();
    let spec_of = |dir: &Path| {
        let p = write(d.path(), "s.toml", &spec(dir, "linear", ""));
        pool_of(&p).class_names
    };
    let plain = d.path().join("plain");
    features_dir(&plain, 3, false);
    assert_eq!(spec_of(&plain), ["0", "1", "2"]);
    let named = d.path().join("named");
    features_dir(&named, 3, true);
    assert_eq!(spec_of(&named), ["class0", "class1", "class2"]);
    let pool = pool_of(&write(d.path(), "s.toml", &spec(&named, "linear", "")));
    assert_eq!((pool.channels, pool.height, pool.width), (1, 1, 6));
}

const SHAPES: &str = r#"
name = "img"
seed = 4
repeats = 1
[data]
pool = 100
validation = 20
test = 30
reserve = 50
[model]
arch = "mlp"
width = 4
[train]
max_epochs = 2
batch_size = 16
early_stopping = false
[loop]
base = 10
budget = 10
rounds = 1
"#;

#[test]
fn embed_writes_a_features_dataset_that_runs() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "img.toml", SHAPES);
    let w = d.path().join("mlp.bpk");
    let (ps, ws) = (p.to_str().unwrap(), w.to_str().unwrap());
    let o = albench(d.path(), &["pretrain", ps, "--out", ws, "--reserved"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = albench(d.path(), &["embed", ps, "--weights", ws, "--out", "vecs"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = d.path().join("vecs");
    assert_eq!(
        visible(&out),
        [
            "classes.txt",
            "test_features.npy",
            "test_labels.npy",
            "train_features.npy",
            "train_labels.npy"
        ]
    );
    // shapes generates just enough training images for reserve + pool + validation (170);
    // the 50 reserved (the pretraining images) are left out
    let x = npy::read::<f32>(&out.join("train_features.npy")).unwrap();
    let y = npy::read::<i64>(&out.join("train_labels.npy")).unwrap();
    assert_eq!(x.shape, [120, 16], "mlp width 4: 4w = 16 features");
    assert_eq!(y.shape, [120]);
    assert!(x.data.iter().any(|&v| v != 0.0));
    let names = std::fs::read_to_string(out.join("classes.txt")).unwrap();
    assert_eq!(names.lines().count(), 10);
    // the features run under a linear head
    let f = write(
        d.path(),
        "f.toml",
        &spec(&out, "linear", "")
            .replace("pool = 80", "pool = 70")
            .replace("test = 40", "test = 30"),
    );
    let o = albench(
        d.path(),
        &["run", f.to_str().unwrap(), "--quiet", "--out", "res"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // an existing --out is refused (exit 2), and left as it was
    let before = std::fs::read(out.join("train_features.npy")).unwrap();
    let o = albench(d.path(), &["embed", ps, "--weights", ws, "--out", "vecs"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("vecs: exists"), "{}", text(&o));
    assert_eq!(
        std::fs::read(out.join("train_features.npy")).unwrap(),
        before
    );
    assert!(visible(d.path()).iter().all(|f| !f.contains(".tmp-")));
}
