//! Saving and loading model weights (burnpack files).

use std::path::Path;

use burn::module::Module;

use super::LearnerError;

/// Save `net`'s weights to `path` (written to a temporary file, then renamed).
pub fn save_weights<M: Module>(net: &M, path: &Path) -> Result<(), LearnerError> {
    let tmp = path.with_extension("tmp.bpk");
    net.clone()
        .save_file(&tmp)
        .map_err(|e| LearnerError::Weights {
            path: path.into(),
            message: e.to_string(),
        })?;
    // burnpack may append its own extension; find what was written.
    let written = if tmp.exists() {
        tmp.clone()
    } else {
        tmp.with_extension("bpk")
    };
    std::fs::rename(&written, path).map_err(|e| LearnerError::Weights {
        path: path.into(),
        message: e.to_string(),
    })
}

/// Load weights from `path` into a model of the same architecture as `net`.
pub fn load_weights<M: Module>(net: M, path: &Path) -> Result<M, LearnerError> {
    net.try_load_file(path).map_err(|e| LearnerError::Weights {
        path: path.into(),
        message: format!("{e} (was it written by `albench pretrain` for the same model.arch, model.width and dataset geometry?)"),
    })
}
