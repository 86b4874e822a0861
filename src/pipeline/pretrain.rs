//! Pretrain a baseline model on a spec's data and save its weights (a file for
//! `model.init`).

use std::path::{Path, PathBuf};

use crate::data::{build_splits, load_source, reserved_indices, ImageSet};
use crate::learner::{
    evaluate_set, make_device, pretrain_detector, save_weights, train, Arch, BackendKind, Devices,
    Geometry, Net,
};
use crate::rng::{Purpose, Rng};
use crate::spec;
use crate::spec::Config;

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
/// (model, data, epochs, and on its test set: accuracy and loss of a classifier, AP, AP50
/// and loss of a detector).
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
    let data = Data {
        set: data,
        n,
        val: &s.validation,
        test: &s.test,
    };
    let (epochs, result) = if c.model.arch == Arch::Detector {
        detector(c, &data, &devices, &a.out)?
    } else {
        classifier(c, &data, &devices, &a.out)?
    };
    Ok(format!(
        "{} trained on {n} {what} images of {} for {epochs} epoch{}; {result}",
        format!("{:?}", c.model.arch).to_lowercase(),
        a.spec.display(),
        if epochs == 1 { "" } else { "s" },
    ))
}

/// The images a model is pretrained on: `n` drawn from `set`, early stopping on `val`,
/// evaluated on `test`.
struct Data<'a> {
    set: &'a ImageSet,
    n: usize,
    val: &'a ImageSet,
    test: &'a ImageSet,
}

fn hook(e: usize) {
    eprint!("\repoch {e}");
}

/// Train a classifier, save it to `out`; (epochs, test accuracy and loss).
fn classifier(
    c: &Config,
    d: &Data<'_>,
    devices: &Devices,
    out: &Path,
) -> Result<(usize, String), PipelineError> {
    let g = Geometry::of(d.set);
    g.check(c.model.arch)?;
    let mut rng = Rng::derive(c.seed, Purpose::Init, &[u64::MAX]);
    let idx = rng.sample_indices(d.set.len(), d.n);
    let net = crate::learner::init_scheme::with_scheme(c.model.init_scheme, || {
        Net::new(c.model.arch, g, c.model.width, &mut rng, &devices.train)
    });
    let mut train_rng = Rng::derive(c.seed, Purpose::Train, &[u64::MAX]);
    let (net, rep) = train(
        net,
        d.set,
        &idx,
        d.val,
        &c.train,
        c.model.dropout,
        devices,
        &mut train_rng,
        &hook,
    )?;
    eprintln!();
    let m = evaluate_set(&net, d.test, c.query.batch_size, devices, &[]);
    save_weights(&net, out)?;
    let result = format!("test accuracy {:.4}, test loss {:.4}", m.accuracy, m.loss);
    Ok((rep.epochs, result))
}

/// Train a detector, save it to `out`; (epochs, test AP, AP50 and loss).
fn detector(
    c: &Config,
    d: &Data<'_>,
    devices: &Devices,
    out: &Path,
) -> Result<(usize, String), PipelineError> {
    let mut rng = Rng::derive(c.seed, Purpose::Init, &[u64::MAX]);
    let idx = rng.sample_indices(d.set.len(), d.n);
    let mut train_rng = Rng::derive(c.seed, Purpose::Train, &[u64::MAX]);
    let p = pretrain_detector(
        &c.model,
        &c.train,
        d.set,
        &idx,
        d.val,
        d.test,
        devices,
        &mut rng,
        &mut train_rng,
        &hook,
    )?;
    eprintln!();
    save_weights(&p.net, out)?;
    let ap = |v: Option<f64>| v.unwrap_or(f64::NAN);
    let result = format!(
        "test AP {:.4}, test AP50 {:.4}, test loss {:.4}",
        ap(p.test_ap.map),
        ap(p.test_ap.map50),
        p.test_loss
    );
    Ok((p.report.epochs, result))
}
