//! Pretrain a baseline model on a spec's data and save its weights (a file for
//! `model.init`).

use std::path::PathBuf;

use crate::data::{build_splits, load_source, reserved_indices, ImageSet};
use crate::learner::{evaluate_set, make_device, save_weights, train, BackendKind, Geometry, Net};
use crate::rng::{Purpose, Rng};
use crate::spec;

use super::PipelineError;

/// What to pretrain.
#[derive(Clone, Debug)]
pub struct PretrainRequest {
    /// The spec whose first configuration gives data, model and training.
    pub spec: PathBuf,
    /// The weights file to write.
    pub out: PathBuf,
    /// Train on this many images (default: all).
    pub samples: Option<usize>,
    /// Train on the spec's `data.reserve` images instead of its pool.
    pub reserved: bool,
    /// Backend.
    pub backend: BackendKind,
    /// Device index of the backend.
    pub device: usize,
    /// Spec scale.
    pub scale: Option<String>,
}

/// Train on `samples` images (default: all) of the spec's first configuration's pool, or of
/// its `data.reserve` images with `reserved`; early stopping (when the spec sets it) on its
/// validation set. Writes the weights file and returns the line that says what was trained
/// (model, data, epochs, test accuracy and loss on its test set).
pub fn pretrain_weights(a: &PretrainRequest) -> Result<String, PipelineError> {
    let exp = spec::load(&a.spec, a.scale.as_deref())?;
    let conf = &exp.configs[0];
    let c = &conf.config;
    if a.reserved && c.data.reserve == 0 {
        return Err(PipelineError::NoReserve {
            spec: a.spec.clone(),
        });
    }
    let devices = make_device(a.backend, a.device)?;
    super::adapter::warn_if_software(&devices);
    // the dataset is read once: the splits (repeat 0) and the reserved images come from it
    let seed = exp.spec.seed;
    let source = load_source(&c.data, seed)?;
    let s = build_splits(&c.data, &source, seed, 0)?;
    let reserved: ImageSet;
    let (data, what): (&ImageSet, &'static str) = if a.reserved {
        let idx = reserved_indices(c.data.reserve, source.train.len(), seed);
        reserved = source.train.subset(&idx);
        (&reserved, "reserved")
    } else {
        (&s.pool, "pool")
    };
    let n = a.samples.unwrap_or(data.len());
    if n == 0 || n > data.len() {
        return Err(PipelineError::Samples {
            n,
            available: data.len(),
            what,
        });
    }
    let g = Geometry::of(data);
    g.check(c.model.arch)?;
    let mut rng = Rng::derive(c.seed, Purpose::Init, &[u64::MAX]);
    let idx = rng.sample_indices(data.len(), n);
    let net = Net::new(c.model.arch, g, c.model.width, &mut rng, &devices.train);
    let mut train_rng = Rng::derive(c.seed, Purpose::Train, &[u64::MAX]);
    let hook = |e: usize| eprint!("\repoch {e}");
    let (net, rep) = train(
        net,
        data,
        &idx,
        &s.validation,
        &c.train,
        c.model.dropout,
        &devices,
        &mut train_rng,
        &hook,
    )?;
    eprintln!();
    let m = evaluate_set(&net, &s.test, c.query.batch_size, &devices, &[]);
    save_weights(&net, &a.out)?;
    Ok(format!(
        "{} trained on {n} {what} images of {} for {} epoch{}; test accuracy {:.4}, test loss {:.4}",
        format!("{:?}", c.model.arch).to_lowercase(),
        a.spec.display(),
        rep.epochs,
        if rep.epochs == 1 { "" } else { "s" },
        m.accuracy,
        m.loss
    ))
}
