//! What every dataset's loader returns: the images before splitting.

use std::path::PathBuf;

use super::{DataError, DataSpec, ImageSet};

/// A dataset's images before splitting: `test` is `None` when the dataset has no separate
/// test split (an `image-folder` without `train/` and `test/`).
pub struct Source {
    /// Training split (pool and validation are drawn from it).
    pub train: ImageSet,
    /// Test split.
    pub test: Option<ImageSet>,
}

/// `data.path` of a dataset read from disk (`what` names it in the error when it is empty).
pub fn required_path(d: &DataSpec, what: &str) -> Result<PathBuf, DataError> {
    if d.path.is_empty() {
        return Err(DataError::io(
            "data.path",
            format!("is required for dataset {what} (a directory)"),
        ));
    }
    Ok(PathBuf::from(&d.path))
}
