//! `albench pretrain`: train a baseline model on a spec's data and save its weights.

use std::process::ExitCode;

use albench::data::{build_splits, load_source, reserved_indices, ImageSet};
use albench::learner::{evaluate_set, make_device, save_weights, train, Geometry, Net};
use albench::rng::{Purpose, Rng};
use albench::spec;

use super::AppError;
use crate::cli::PretrainArgs;

/// Train on `--samples` images (default: all) of the spec's first configuration's pool, or
/// of its `data.reserve` images with `--reserved`; early stopping (when the spec sets it) on
/// its validation set; the test accuracy printed is on its test set.
pub fn pretrain(a: PretrainArgs) -> Result<ExitCode, AppError> {
    let line = pretrain_weights(&a)?;
    super::print_out(&format!("{}: {line}\n", a.out.display()));
    Ok(ExitCode::SUCCESS)
}

/// [`pretrain`]'s work: writes the weights file and returns the line that says what was
/// trained (model, data, epochs, test accuracy and loss).
pub fn pretrain_weights(a: &PretrainArgs) -> Result<String, AppError> {
    let exp = spec::load(&a.spec, a.scale.as_deref())?;
    let conf = &exp.configs[0];
    let c = &conf.config;
    if a.reserved && c.data.reserve == 0 {
        return Err(AppError::Flag(format!(
            "--reserved: {} sets no data.reserve (the number of training images to set aside for pretraining)",
            a.spec.display()
        )));
    }
    let devices = make_device(a.backend, a.device)?;
    super::adapter::warn_if_software(&devices);
    // the dataset is read once: the splits (repeat 0) and the reserved images come from it
    let seed = exp.spec.seed;
    let source = load_source(&c.data, seed)?;
    let s = build_splits(&c.data, &source, seed, 0)?;
    let reserved: ImageSet;
    let (data, what): (&ImageSet, &str) = if a.reserved {
        let idx = reserved_indices(c.data.reserve, source.train.len(), seed);
        reserved = source.train.subset(&idx);
        (&reserved, "reserved")
    } else {
        (&s.pool, "pool")
    };
    let n = a.samples.unwrap_or(data.len());
    if n == 0 || n > data.len() {
        return Err(AppError::Flag(format!(
            "--samples {n}: must be in 1..={} (the {what} images)",
            data.len()
        )));
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
