//! `albench list`.

use albench::acquisition::SCORERS;
use albench::learner::backend_names;
use albench::selection::SAMPLERS;

use crate::cli::ListWhat;

const DATASETS: &[(&str, &str)] = &[
    ("shapes", "procedural 28x28 grayscale shapes, 10 classes, no download"),
    ("fashion-mnist", "IDX files; default /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist)"),
    ("mnist", "IDX files in data.path"),
    ("cifar10", "CIFAR-10 binary batches in data.path"),
    ("image-folder", "one sub-folder per class of PNG/JPEG in data.path, resized to data.image_size"),
    ("scenes", "procedural road scenes (detection): car, person, bicycle, road-sign, traffic-light; sequences, night; no download"),
    ("coco", "detection: a COCO instances JSON in data.path, images beside it or in images/"),
    ("yolo", "detection: data.path with classes.txt, images/, labels/ (class cx cy w h, normalized)"),
];
const MODELS: &[(&str, &str)] = &[
    ("mlp", "flatten -> 8w -> 4w -> classes"),
    (
        "cnn",
        "LeNet-like: conv3x3(w) pool conv3x3(2w) pool fc(8w) dropout fc",
    ),
    (
        "resnet",
        "small residual CNN: 3 stages of width w, 2w, 4w, global average pool",
    ),
    (
        "detector",
        "one-stage detector: per-class probability maps on a side/8 grid + box regression (detection datasets)",
    ),
];
const AGGREGATIONS: &[(&str, &str)] = &[
    (
        "max",
        "largest per-position (or per-box) score, NVIDIA eq. 4",
    ),
    ("mean", "average over positions and classes"),
    (
        "sum",
        "sum over positions and classes (det_entropy: over boxes, NVIDIA footnote 1)",
    ),
];

fn section(out: &mut String, title: &str, rows: &[(&str, &str)]) {
    out.push_str(&format!("{title}:\n"));
    for (n, d) in rows {
        out.push_str(&format!("  {n:<18} {d}\n"));
    }
}

/// The listing text.
pub fn list(what: Option<ListWhat>) -> String {
    let mut out = String::new();
    let all = what.is_none();
    if all || what == Some(ListWhat::Scorers) {
        let rows: Vec<_> = SCORERS.iter().map(|s| (s.name, s.description)).collect();
        section(&mut out, "scorers", &rows);
    }
    if all || what == Some(ListWhat::Samplers) {
        let rows: Vec<_> = SAMPLERS.iter().map(|s| (s.name, s.description)).collect();
        section(&mut out, "samplers", &rows);
    }
    if all || what == Some(ListWhat::Aggregations) {
        section(
            &mut out,
            "aggregations (query.aggregation, detection)",
            AGGREGATIONS,
        );
    }
    if all || what == Some(ListWhat::Datasets) {
        section(&mut out, "datasets", DATASETS);
    }
    if all || what == Some(ListWhat::Models) {
        section(&mut out, "models", MODELS);
    }
    if all || what == Some(ListWhat::Backends) {
        let b: Vec<(&str, &str)> = backend_names()
            .into_iter()
            .map(|n| (n, "compiled in"))
            .collect();
        section(&mut out, "backends", &b);
    }
    out
}
