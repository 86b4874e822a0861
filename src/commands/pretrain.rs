//! `albench pretrain`: train a baseline model on a spec's data and save its weights.

use std::process::ExitCode;

use albench::learner::{evaluate_set, make_device, save_weights, train, Geometry, Net};
use albench::rng::{Purpose, Rng};
use albench::runner::prepare_data;
use albench::spec;

use super::AppError;
use crate::cli::PretrainArgs;

/// Train on `--samples` pool images (default: all) of the spec's first configuration.
pub fn pretrain(a: PretrainArgs) -> Result<ExitCode, AppError> {
    let exp = spec::load(&a.spec, a.scale.as_deref())?;
    let conf = &exp.configs[0];
    let c = &conf.config;
    let devices = make_device(a.backend, 0)?;
    let splits = prepare_data(&exp)?;
    let s = splits.values().next().expect("one configuration has data");
    let n = a.samples.unwrap_or(s.pool.len());
    if n == 0 || n > s.pool.len() {
        return Err(AppError::Flag(format!(
            "--samples {n}: must be in 1..={}",
            s.pool.len()
        )));
    }
    let g = Geometry::of(&s.pool);
    g.check(c.model.arch)?;
    let mut rng = Rng::derive(c.seed, Purpose::Init, &[u64::MAX]);
    let idx = rng.sample_indices(s.pool.len(), n);
    let net = Net::new(c.model.arch, g, c.model.width, &mut rng, &devices.train);
    let mut train_rng = Rng::derive(c.seed, Purpose::Train, &[u64::MAX]);
    let hook = |e: usize| eprint!("\repoch {e}");
    let (net, rep) = train(
        net,
        &s.pool,
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
    super::print_out(&format!(
        "{}: {:?} trained on {n} samples for {} epochs; test accuracy {:.4}, test loss {:.4}\n",
        a.out.display(),
        c.model.arch,
        rep.epochs,
        m.accuracy,
        m.loss
    ));
    Ok(ExitCode::SUCCESS)
}
