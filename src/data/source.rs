//! Loading a dataset's train and test splits from the spec's `[data]` table.

use std::path::{Path, PathBuf};

use super::cifar::load_cifar10;
use super::{
    generate_scenes, generate_shapes, imbalanced_quota, load_idx_pair, load_image_folder,
    DataError, DataSpec, ImageSet, SceneParams,
};
use crate::spec::DatasetKind;

/// Where Debian's `dataset-fashion-mnist` package installs the four gzipped IDX files.
pub const FASHION_MNIST_DIR: &str = "/usr/share/datasets/fashion-mnist";

const FASHION_CLASSES: [&str; 10] = [
    "t-shirt",
    "trouser",
    "pullover",
    "dress",
    "coat",
    "sandal",
    "shirt",
    "sneaker",
    "bag",
    "ankle-boot",
];
const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// A dataset's images before splitting: `test` is `None` when the dataset has no separate
/// test split (an `image-folder` without `train/` and `test/`).
pub struct Source {
    /// Training split (pool and validation are drawn from it).
    pub train: ImageSet,
    /// Test split.
    pub test: Option<ImageSet>,
}

fn idx_file(dir: &Path, stem: &str) -> Result<PathBuf, DataError> {
    for name in [stem.to_string(), format!("{stem}.gz")] {
        let p = dir.join(&name);
        if p.is_file() {
            return Ok(p);
        }
    }
    Err(DataError::io(
        dir.join(stem),
        "missing (looked for the raw and the .gz IDX file)",
    ))
}

fn load_idx_dataset(dir: &Path, classes: &[&str]) -> Result<Source, DataError> {
    if !dir.is_dir() {
        return Err(DataError::io(dir, "data directory does not exist"));
    }
    let train = load_idx_pair(
        &idx_file(dir, "train-images-idx3-ubyte")?,
        &idx_file(dir, "train-labels-idx1-ubyte")?,
        classes,
    )?;
    let test_images = idx_file(dir, "t10k-images-idx3-ubyte")?;
    let test = load_idx_pair(
        &test_images,
        &idx_file(dir, "t10k-labels-idx1-ubyte")?,
        classes,
    )?;
    if (test.height, test.width) != (train.height, train.width) {
        return Err(DataError::Format {
            path: test_images,
            offset: 8,
            message: format!(
                "images are {}×{}, the training images are {}×{}: both files must hold images of one size",
                test.height, test.width, train.height, train.width
            ),
        });
    }
    Ok(Source {
        train,
        test: Some(test),
    })
}

fn required_path(d: &DataSpec, what: &str) -> Result<PathBuf, DataError> {
    if d.path.is_empty() {
        return Err(DataError::io(
            "data.path",
            format!("is required for dataset {what} (a directory)"),
        ));
    }
    Ok(PathBuf::from(&d.path))
}

/// The `scenes` generator's parameters from `[data]` (defaults where a key is absent).
pub fn scene_params(d: &DataSpec) -> SceneParams {
    let def = SceneParams::default();
    SceneParams {
        size: d.image_size,
        sequence_length: d.sequence_length.unwrap_or(def.sequence_length),
        night: d.night.unwrap_or(def.night),
        class_weights: d.class_weights.clone().unwrap_or(def.class_weights),
    }
}

/// Load the dataset named in `d` (with its `data.metadata` CSV, if any). `shapes` is
/// generated from `seed` with just enough images for the requested splits.
pub fn load_source(d: &DataSpec, seed: u64) -> Result<Source, DataError> {
    let mut s = load_images(d, seed)?;
    if let Some(csv) = &d.metadata {
        let path = std::path::Path::new(csv);
        let table = super::read_metadata(path)?;
        super::attach_metadata(&mut s.train, &table, path)?;
        if let Some(t) = s.test.as_mut() {
            super::attach_metadata(t, &table, path)?;
        }
    }
    Ok(s)
}

fn load_images(d: &DataSpec, seed: u64) -> Result<Source, DataError> {
    match d.dataset {
        DatasetKind::Shapes => {
            let n_classes = super::SHAPE_CLASSES.len();
            let pool_draw = if d.imbalance > 1.0 {
                imbalanced_quota(d.pool, n_classes, d.imbalance)[0] * n_classes
            } else {
                d.pool
            };
            let train = generate_shapes(pool_draw + d.validation + d.reserve, seed, 0);
            let test = generate_shapes(d.test, seed, 1);
            Ok(Source {
                train,
                test: Some(test),
            })
        }
        DatasetKind::FashionMnist => {
            let dir = if d.path.is_empty() {
                PathBuf::from(FASHION_MNIST_DIR)
            } else {
                PathBuf::from(&d.path)
            };
            if !dir.is_dir() && d.path.is_empty() {
                return Err(DataError::io(
                    dir,
                    "Fashion-MNIST not found; install it with `apt-get install dataset-fashion-mnist` or set data.path",
                ));
            }
            load_idx_dataset(&dir, &FASHION_CLASSES)
        }
        DatasetKind::Mnist => load_idx_dataset(&required_path(d, "mnist")?, &DIGITS),
        DatasetKind::Cifar10 => {
            let dir = required_path(d, "cifar10")?;
            if !dir.is_dir() {
                return Err(DataError::io(dir, "data directory does not exist"));
            }
            let (train, test) = load_cifar10(&dir)?;
            Ok(Source {
                train,
                test: Some(test),
            })
        }
        DatasetKind::Scenes => {
            let p = scene_params(d);
            // with a night / day filter, enough scenes that the pool can be filled
            let share = match d.filter.as_ref().and_then(|f| f.night) {
                Some(true) => p.night,
                Some(false) => 1.0 - p.night,
                None => 1.0,
            };
            let extra = if share < 1.0 {
                if share <= 0.0 {
                    return Err(DataError::TooSmall {
                        key: "filter",
                        message: format!("no scene can match: data.night = {}", p.night),
                    });
                }
                ((d.pool as f64 / share) * 1.5) as usize + 16 * p.sequence_length - d.pool
            } else {
                0
            };
            let train = generate_scenes(d.pool + d.validation + d.reserve + extra, &p, seed, 0);
            let test = generate_scenes(d.test, &p, seed, 1);
            Ok(Source {
                train,
                test: Some(test),
            })
        }
        DatasetKind::Coco => Ok(Source {
            train: super::load_coco(
                &required_path(d, "coco (the instances JSON)")?,
                d.image_size,
            )?,
            test: None,
        }),
        DatasetKind::Yolo => Ok(Source {
            train: super::load_yolo(&required_path(d, "yolo")?, d.image_size)?,
            test: None,
        }),
        DatasetKind::ImageFolder => {
            let (train, test) = load_image_folder(
                &required_path(d, "image-folder")?,
                d.image_size,
                d.grayscale,
            )?;
            Ok(Source { train, test })
        }
    }
}

/// The class names of a built-in dataset, known without reading it (`None` for
/// `image-folder`, whose classes are its sub-folders). Index = class id.
pub fn built_in_class_names(kind: DatasetKind) -> Option<Vec<String>> {
    let names: Vec<&str> = match kind {
        DatasetKind::Shapes => super::SHAPE_CLASSES.to_vec(),
        DatasetKind::FashionMnist => FASHION_CLASSES.to_vec(),
        DatasetKind::Mnist => vec!["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        DatasetKind::Cifar10 => super::cifar::CIFAR10_CLASSES.to_vec(),
        DatasetKind::Scenes => super::SCENE_CLASSES.to_vec(),
        DatasetKind::ImageFolder | DatasetKind::Coco | DatasetKind::Yolo => return None,
    };
    Some(names.into_iter().map(str::to_string).collect())
}
