//! The training protocol knobs on a tiny network: fixed steps, early stopping and the weights
//! it returns.

use super::infer::evaluate_set;
use super::train::train;
use super::{make_device, BackendKind, Devices, EarlyStopping, Monitor, TrainSpec};
use super::{Geometry, Net};
use crate::data::ImageSet;
use crate::learner::Arch;
use crate::rng::Rng;

/// `n` random 6×6 images with labels drawn from `seed` (train and validation disagree, so
/// the network overfits and the validation loss turns up).
fn set(n: usize, seed: u64) -> ImageSet {
    let mut rng = Rng::new(seed);
    ImageSet {
        channels: 1,
        height: 6,
        width: 6,
        class_names: vec!["a".into(), "b".into(), "c".into()],
        pixels: (0..n * 36).map(|_| rng.uniform() as f32).collect(),
        labels: (0..n).map(|_| rng.below(3) as u32).collect(),
        objects: Vec::new(),
        meta: Vec::new(),
        files: Vec::new(),
    }
}

fn net(devices: &Devices, s: &ImageSet) -> Net {
    Net::new(
        Arch::Mlp,
        Geometry::of(s),
        8,
        &mut Rng::new(1),
        &devices.train,
    )
}

fn spec(steps_per_epoch: usize, max_epochs: usize, es: EarlyStopping) -> TrainSpec {
    TrainSpec {
        batch_size: 4,
        steps_per_epoch,
        max_epochs,
        lr: 0.01,
        early_stopping: es,
        ..Default::default()
    }
}

const OFF: EarlyStopping = EarlyStopping {
    enabled: false,
    monitor: Monitor::ValLoss,
    patience: 3,
    restore_best: true,
};

#[test]
fn steps_per_epoch_runs_exactly_that_many_batches() {
    let d = make_device(BackendKind::Flex, 0).unwrap();
    let (tr, val) = (set(10, 1), set(6, 2));
    let idx: Vec<usize> = (0..10).collect();
    let (_, fixed) = train(
        net(&d, &tr),
        &tr,
        &idx,
        &val,
        &spec(3, 2, OFF),
        0.0,
        &d,
        &mut Rng::new(5),
        &|_| {},
    )
    .unwrap();
    assert_eq!((fixed.epochs, fixed.steps), (2, 6));
    // One pass: ⌈10 / 4⌉ = 3 batches per epoch.
    let (_, pass) = train(
        net(&d, &tr),
        &tr,
        &idx,
        &val,
        &spec(0, 4, OFF),
        0.0,
        &d,
        &mut Rng::new(5),
        &|_| {},
    )
    .unwrap();
    assert_eq!((pass.epochs, pass.steps), (4, 12));
}

#[test]
fn early_stopping_stops_and_returns_the_best_epochs_weights() {
    let d = make_device(BackendKind::Flex, 0).unwrap();
    let (tr, val) = (set(24, 1), set(24, 2));
    let idx: Vec<usize> = (0..24).collect();
    let es = EarlyStopping {
        enabled: true,
        monitor: Monitor::ValLoss,
        patience: 2,
        restore_best: true,
    };
    let epochs_seen = std::sync::Mutex::new(Vec::new());
    let hook = |e: usize| epochs_seen.lock().unwrap().push(e);
    let (best, r) = train(
        net(&d, &tr),
        &tr,
        &idx,
        &val,
        &spec(0, 60, es),
        0.0,
        &d,
        &mut Rng::new(5),
        &hook,
    )
    .unwrap();
    assert!(
        r.epochs < 60,
        "random labels: the validation loss turns up and training stops"
    );
    assert_eq!(
        r.best_epoch + 2,
        r.epochs,
        "stopped `patience` epochs after the best"
    );
    assert_eq!(
        *epochs_seen.lock().unwrap(),
        (1..=r.epochs).collect::<Vec<_>>()
    );
    // The returned weights are the best epoch's: their validation loss is the one reported.
    let got = evaluate_set(&best, &val, 256, &d, &[]).loss;
    assert_eq!(got, r.val_loss);

    // Without restore_best the last epoch's weights come back, and they are worse.
    let keep_last = EarlyStopping {
        restore_best: false,
        ..es
    };
    let (last, l) = train(
        net(&d, &tr),
        &tr,
        &idx,
        &val,
        &spec(0, 60, keep_last),
        0.0,
        &d,
        &mut Rng::new(5),
        &|_| {},
    )
    .unwrap();
    assert_eq!((l.epochs, l.best_epoch), (r.epochs, r.epochs));
    let last_loss = evaluate_set(&last, &val, 256, &d, &[]).loss;
    assert_eq!(last_loss, l.val_loss);
    assert!(last_loss > got, "{last_loss} > {got}");
}
