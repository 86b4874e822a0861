//! The detector trains: its loss falls on a tiny batch it can overfit.

use super::*;
use crate::data::{generate_scenes, SceneParams};
use crate::learner::{make_device, BackendKind};
use crate::spec::TrainSpec;

#[test]
fn loss_falls_on_a_tiny_batch() {
    let devices = make_device(BackendKind::Flex, 0).unwrap();
    let p = SceneParams {
        size: 32,
        ..SceneParams::default()
    };
    let set = generate_scenes(8, &p, 1, 0);
    let g = grid_of(32, 32, 5).unwrap();
    let task = Detect {
        set: &set,
        val: &set,
        grid: g,
        dropout: 0.0,
        kind: MapLoss::Focal,
        devices: &devices,
    };
    let net = DetectorNet::new(3, 5, 8, &mut Rng::new(2), &devices.train);
    let idx: Vec<usize> = (0..8).collect();
    let before = task.validate(&net.inference()).0;
    let spec = TrainSpec {
        max_epochs: 60,
        batch_size: 8,
        lr: 0.01,
        early_stopping: Default::default(),
        ..TrainSpec::default()
    };
    let mut spec = spec;
    spec.early_stopping.enabled = false;
    let (trained, report) = train_task(&task, net, &idx, &spec, &mut Rng::new(3), &|_| {}).unwrap();
    let after = task.validate(&trained.inference()).0;
    assert_eq!(report.epochs, 60);
    assert!(after < 0.5 * before, "loss {before} → {after}");
}
