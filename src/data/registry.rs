//! The dataset registry: the one place that lists every dataset with its spec name
//! (`data.dataset`), its description (`albench list`), its task, the `[data]` keys it reads,
//! where its acquisition metadata come from, its class names and its loader. Spec validation,
//! the inert-key check and the loader read these facts here, so adding a dataset = its file
//! (a loader returning a [`Source`]) + one line below.

use serde::{Deserialize, Serialize};

use super::{box_images, cifar, features, image_folder, mnist, scenes, shapes};
use super::{DataError, Source};
use crate::data::DataSpec;

/// What a model learns from a dataset: one class per image, or boxes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Task {
    /// One label per image (`mlp`, `cnn`, `resnet`).
    Classification,
    /// Boxes of several classes per image (`detector`).
    Detection,
}

/// The optional `[data]` keys a dataset reads; on the others the inert-key check warns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reads {
    /// `data.path`: read from disk (false: generated).
    pub path: bool,
    /// `data.image_size`: images are resized (or drawn) to that side.
    pub image_size: bool,
    /// `data.grayscale`: images can be converted to one channel.
    pub grayscale: bool,
}

/// Where a dataset's per-image acquisition metadata (night, sequence, frame) come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metadata {
    /// None: `data.metadata`, `data.filter` and the `expert` sampler are refused.
    Absent,
    /// A `data.metadata` CSV, when the spec gives one.
    Csv,
    /// Generated with the images (recorded sequences): `data.filter` and `expert` work.
    Recorded,
}

/// `load(data, seed)`: the dataset's train and test splits; generated datasets draw just
/// enough images for `data`'s splits from `seed`.
pub type LoadFn = fn(&DataSpec, u64) -> Result<Source, DataError>;

/// One registered dataset.
#[derive(Clone, Copy, Debug)]
pub struct DatasetInfo {
    /// The dataset.
    pub kind: DatasetKind,
    /// Name in the spec (`data.dataset`).
    pub name: &'static str,
    /// One line for `albench list`.
    pub description: &'static str,
    /// Classification or detection (which `model.arch` it takes).
    pub task: Task,
    /// The optional `[data]` keys it reads.
    pub reads: Reads,
    /// Where its acquisition metadata come from.
    pub meta: Metadata,
    /// Class names in label order when known without reading the data (`query.classes` is
    /// checked against them); `None` when they come from the files.
    pub classes: Option<&'static [&'static str]>,
    /// The loader.
    pub load: LoadFn,
}

macro_rules! datasets {
    ($($(#[$doc:meta])* $kind:ident = $name:literal, $desc:literal, $task:ident, $reads:expr,
        $meta:ident, $classes:expr, $load:expr;)*) => {
        /// Datasets albench can load, as named in `data.dataset`.
        #[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
        pub enum DatasetKind {
            $($(#[$doc])* #[serde(rename = $name)] $kind,)*
        }

        /// Every dataset, in `albench list` order.
        pub const DATASETS: &[DatasetInfo] = &[
            $(DatasetInfo { kind: DatasetKind::$kind, name: $name, description: $desc,
                task: Task::$task, reads: $reads, meta: Metadata::$meta, classes: $classes,
                load: $load },)*
        ];
    };
}

/// Generated: reads none of the optional keys.
const GENERATED: Reads = Reads {
    path: false,
    image_size: false,
    grayscale: false,
};
/// Files of fixed-size images in `data.path`.
const FILES: Reads = Reads {
    path: true,
    ..GENERATED
};
/// Files in `data.path`, resized to `data.image_size`.
const RESIZED: Reads = Reads {
    image_size: true,
    ..FILES
};

datasets! {
    /// Procedural 28×28 grayscale shapes, 10 classes; no download.
    Shapes = "shapes", "procedural 28x28 grayscale shapes, 10 classes, no download",
        Classification, GENERATED, Absent, Some(&shapes::SHAPE_CLASSES), shapes::shapes_source;
    /// Fashion-MNIST IDX files.
    FashionMnist = "fashion-mnist",
        "IDX files; default /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist)",
        Classification, FILES, Absent, Some(&mnist::FASHION_CLASSES),
        mnist::fashion_mnist_source;
    /// MNIST IDX files.
    Mnist = "mnist", "IDX files in data.path",
        Classification, FILES, Absent, Some(&mnist::DIGITS), mnist::mnist_source;
    /// CIFAR-10 binary batches.
    Cifar10 = "cifar10", "CIFAR-10 binary batches in data.path",
        Classification, FILES, Absent, Some(&cifar::CIFAR10_CLASSES),
        cifar::cifar10_source;
    /// One sub-folder per class of PNG/JPEG images.
    ImageFolder = "image-folder",
        "one sub-folder per class of PNG/JPEG in data.path, resized to data.image_size",
        Classification, Reads { grayscale: true, ..RESIZED }, Csv, None,
        image_folder::image_folder_source;
    /// Procedural road scenes with boxes of 5 classes (detection); no download.
    Scenes = "scenes",
        "procedural road scenes (detection): car, person, bicycle, road-sign, traffic-light; sequences, night; no download",
        Detection, Reads { image_size: true, ..GENERATED }, Recorded, Some(&scenes::SCENE_CLASSES),
        scenes::scenes_source;
    /// A COCO instances JSON (`data.path`) and its images (detection).
    Coco = "coco",
        "detection: a COCO instances JSON in data.path, images beside it or in images/",
        Detection, RESIZED, Csv, None, box_images::coco_source;
    /// A YOLO folder: `classes.txt`, `images/`, `labels/` (detection).
    Yolo = "yolo",
        "detection: data.path with classes.txt, images/, labels/ (class cx cy w h, normalized)",
        Detection, RESIZED, Csv, None, box_images::yolo_source;
    /// Precomputed feature vectors in `.npy` files (vectors as 1 × 1 × d images).
    Features = "features",
        "precomputed vectors: data.path with train_features.npy (float32 [n, d]), train_labels.npy (int64 [n]), optional test_*.npy, classes.txt",
        Classification, FILES, Absent, None, features::features_source;
}

impl DatasetKind {
    /// The registry entry.
    pub fn info(self) -> &'static DatasetInfo {
        DATASETS
            .iter()
            .find(|d| d.kind == self)
            .expect("every DatasetKind has a registry entry (generated together)")
    }

    /// Name in the spec.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Whether the dataset's images carry boxes (the detection task).
    pub fn is_detection(self) -> bool {
        self.info().task == Task::Detection
    }
}

/// The class names of a built-in dataset, known without reading it (`None` for `image-folder`,
/// `coco` and `yolo`, whose classes come from their files). Index = class id.
pub fn built_in_class_names(kind: DatasetKind) -> Option<Vec<String>> {
    kind.info()
        .classes
        .map(|names| names.iter().map(|s| s.to_string()).collect())
}

/// The names of the datasets that satisfy `pred`, in registry order, as "a, b and c".
pub fn dataset_names(pred: impl Fn(&DatasetInfo) -> bool) -> String {
    let names: Vec<&str> = DATASETS
        .iter()
        .filter(|d| pred(d))
        .map(|d| d.name)
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_names_are_the_spec_names() {
        for d in DATASETS {
            let json = serde_json::to_string(&d.kind).unwrap();
            assert_eq!(json, format!("\"{}\"", d.name));
        }
    }

    #[test]
    fn facts_of_the_built_in_datasets() {
        let csv = dataset_names(|d| d.meta == Metadata::Csv);
        assert_eq!(csv, "image-folder, coco and yolo");
        assert_eq!(
            dataset_names(|d| d.task == Task::Detection),
            "scenes, coco and yolo"
        );
        assert_eq!(dataset_names(|d| !d.reads.path), "shapes and scenes");
        assert_eq!(dataset_names(|d| d.reads.grayscale), "image-folder");
        assert_eq!(dataset_names(|d| d.meta == Metadata::Recorded), "scenes");
    }
}
