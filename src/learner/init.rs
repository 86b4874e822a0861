//! Loading a `model.init` weights file into a fresh model, also when the file's output layer
//! was trained for another number of classes: then the backbone comes from the file and the
//! head stays the fresh model's (drawn from the member's own stream), and [`InitLoad`] says so.

use std::path::Path;

use burn::prelude::*;

use super::checkpoint::load_weights;
use super::member::Member;
use super::LearnerError;
use crate::rng::Rng;

/// What a `model.init` file gave a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitLoad {
    /// Every weight, the output layer included.
    All,
    /// The backbone only: the file's head was trained for `file_classes` classes, the data
    /// have `classes`, so the head is a fresh one.
    FreshHead {
        /// Classes of the file's output layer.
        file_classes: usize,
        /// Classes of the data (of the model's output layer).
        classes: usize,
    },
}

impl InitLoad {
    /// Whether the head is the fresh model's (not the file's).
    pub fn fresh_head(self) -> bool {
        matches!(self, InitLoad::FreshHead { .. })
    }

    /// One line for the manifest: `"all weights loaded"` or `"backbone loaded, head: fresh
    /// (weights had K classes, dataset has K')"`.
    pub fn describe(self) -> String {
        match self {
            InitLoad::All => "all weights loaded".into(),
            InitLoad::FreshHead {
                file_classes,
                classes,
            } => format!(
                "backbone loaded, head: fresh (weights had {file_classes} classes, dataset has {classes})"
            ),
        }
    }
}

/// The number of classes of the output layer stored in `path`, read from the shape of its
/// bias (the tensor whose name is `M::HEAD_BIAS` or ends in `.` + it); `None` when the file
/// has no such tensor (another architecture: the strict load then says what is wrong).
pub fn file_classes<M: Member>(path: &Path) -> Result<Option<usize>, LearnerError> {
    let weights = |message: String| LearnerError::Weights {
        path: path.into(),
        message,
    };
    let reader = burn_pack::Reader::from_file_exact(path).map_err(|e| weights(e.to_string()))?;
    let suffix = format!(".{}", M::HEAD_BIAS);
    for t in reader.into_tensors().map_err(|e| weights(e.to_string()))? {
        let (name, _, shape, _, _) = t.into_parts().map_err(|e| weights(e.to_string()))?;
        if (name == M::HEAD_BIAS || name.ends_with(&suffix)) && shape.num_dims() == 1 {
            return Ok(Some(M::classes_of_bias(shape[0])));
        }
    }
    Ok(None)
}

/// `fresh` with the weights of `path`. When the file's head has as many classes as `fresh`,
/// every weight is loaded (strictly: any other mismatch is an error). Otherwise the file is
/// loaded strictly into a copy of `fresh` whose head has the file's classes, and that head is
/// then replaced by `fresh`'s own: the backbone is the file's, the head is new.
pub fn load_init<M: Member>(
    fresh: M,
    path: &Path,
    device: &Device,
) -> Result<(M, InitLoad), LearnerError> {
    let classes = fresh.classes();
    match file_classes::<M>(path)? {
        Some(k) if k != classes => {
            // the placeholder head's values are overwritten by the file's: any stream will do
            let shaped = fresh.clone().with_classes(k, &mut Rng::new(0), device);
            let loaded = load_weights(shaped, path)?;
            Ok((
                loaded.with_head_of(&fresh),
                InitLoad::FreshHead {
                    file_classes: k,
                    classes,
                },
            ))
        }
        _ => Ok((load_weights(fresh, path)?, InitLoad::All)),
    }
}
