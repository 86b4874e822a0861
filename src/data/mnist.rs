//! `mnist` and `fashion-mnist`: the four IDX files (raw or gzipped) of a training and a test
//! split of 28×28 grayscale images.

use std::path::{Path, PathBuf};

use super::{load_idx_pair, required_path, DataError, Source};
use crate::data::DataSpec;

/// Where Debian's `dataset-fashion-mnist` package installs the four gzipped IDX files.
pub const FASHION_MNIST_DIR: &str = "/usr/share/datasets/fashion-mnist";

/// Fashion-MNIST class names in label order.
pub const FASHION_CLASSES: [&str; 10] = [
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

/// MNIST class names in label order.
pub const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

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

/// The train and test IDX pairs of `dir` (raw or gzipped), images of one size; `classes`
/// names the labels. Any dataset in MNIST's four-file layout loads with it.
pub(super) fn load_idx_dataset(dir: &Path, classes: &[&str]) -> Result<Source, DataError> {
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

/// The `fashion-mnist` dataset: `data.path`, or [`FASHION_MNIST_DIR`] when it is empty.
pub fn fashion_mnist_source(d: &DataSpec, _seed: u64) -> Result<Source, DataError> {
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

/// The `mnist` dataset: `data.path` (required).
pub fn mnist_source(d: &DataSpec, _seed: u64) -> Result<Source, DataError> {
    load_idx_dataset(&required_path(d, "mnist")?, &DIGITS)
}
