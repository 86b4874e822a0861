//! `albench embed`: flags → [`albench::pipeline::embed_features`].

use std::process::ExitCode;

use albench::pipeline::{embed_features, EmbedRequest};

use super::AppError;
use crate::cli::EmbedArgs;

/// Write the penultimate features of the spec's dataset under the weights as a `features`
/// dataset directory (`--out`, which must not exist).
pub fn embed(a: EmbedArgs) -> Result<ExitCode, AppError> {
    let line = embed_features(&EmbedRequest {
        spec: a.spec,
        weights: a.weights,
        out: a.out.clone(),
        backend: a.backend,
        device: a.device,
        scale: a.scale,
    })?;
    super::print_out(&format!("{}: {line}\n", a.out.display()));
    Ok(ExitCode::SUCCESS)
}
