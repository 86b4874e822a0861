//! `albench list`.

use albench::learner::backend_names;

use crate::cli::ListWhat;

const SCORERS: &[(&str, &str)] = &[
    ("random", "uniform random scores (the baseline with top_n)"),
    ("least_confidence", "(1 - max p) * n/(n-1), thesis eq. 3.1"),
    ("margin", "1 - (p1 - p2), thesis eq. 3.2"),
    ("entropy", "-sum p log2 p / log2 n, thesis eq. 3.3"),
    (
        "loss",
        "cross-entropy against the true label (oracle, thesis 'loss descending')",
    ),
    (
        "mutual_information",
        "H(mean p) - mean H(p_e) over ensemble members / MC passes, NVIDIA eq. 3",
    ),
    (
        "combine",
        "weighted sum of normalized scorers (query.combine, query.normalize)",
    ),
];
const SAMPLERS: &[(&str, &str)] = &[
    ("top_n", "the N highest scores"),
    ("bottom_n", "the N lowest scores"),
    ("top_third", "N uniformly from the top third of the ranking"),
    ("top_bottom", "N/2 highest and N/2 lowest"),
    (
        "pivot",
        "N consecutive ranks centred at quantile query.pivot (thesis 4.1.3)",
    ),
    ("random", "N uniformly, ignoring scores"),
    (
        "kmeans_pp",
        "k-means++ seeding on query.embedding, P(x) ~ score x distance (NVIDIA KMPP)",
    ),
    (
        "core_set",
        "greedy k-centre from the labeled set, argmax score x distance (NVIDIA eq. 5)",
    ),
    (
        "class_balanced",
        "the ranking with at most ceil(N / classes) per predicted class (thesis 3.1.2)",
    ),
];
const DATASETS: &[(&str, &str)] = &[
    ("shapes", "procedural 28x28 grayscale shapes, 10 classes, no download"),
    ("fashion-mnist", "IDX files; default /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist)"),
    ("mnist", "IDX files in data.path"),
    ("cifar10", "CIFAR-10 binary batches in data.path"),
    ("image-folder", "one sub-folder per class of PNG/JPEG in data.path, resized to data.image_size"),
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
        section(&mut out, "scorers", SCORERS);
    }
    if all || what == Some(ListWhat::Samplers) {
        section(&mut out, "samplers", SAMPLERS);
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
