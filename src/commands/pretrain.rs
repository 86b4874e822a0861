//! `albench pretrain`: flags → [`albench::pipeline::pretrain_weights`].

use std::process::ExitCode;

use albench::pipeline::{pretrain_weights, PretrainRequest};

use super::AppError;
use crate::cli::PretrainArgs;

/// Train on `--samples` images (default: all) of the spec's first configuration's pool, or
/// of its `data.reserve` images with `--reserved`; early stopping (when the spec sets it) on
/// its validation set; the test accuracy printed is on its test set.
pub fn pretrain(a: PretrainArgs) -> Result<ExitCode, AppError> {
    let line = pretrain_weights(&PretrainRequest {
        spec: a.spec,
        out: a.out.clone(),
        samples: a.samples,
        reserved: a.reserved,
        backend: a.backend,
        device: a.device,
        scale: a.scale,
    })?;
    super::print_out(&format!("{}: {line}\n", a.out.display()));
    Ok(ExitCode::SUCCESS)
}
