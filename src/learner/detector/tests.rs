//! The detector trains (its loss falls on a tiny batch it can overfit), and the `grad` scorer's
//! closed forms equal burn's autodiff gradients.

use super::*;
use crate::data::{generate_scenes, SceneParams};
use crate::learner::{make_device, BackendKind, TrainSpec};
use burn::tensor::activation::sigmoid;

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

/// Σ v² of a gradient (0 when there is none).
fn sum_sq<const D: usize>(t: Option<Tensor<D>>) -> f64 {
    t.map_or(0.0, |t| sum_sq_data(t.into_data()))
}

/// Σ v² of f32 tensor data.
fn sum_sq_data(d: TensorData) -> f64 {
    d.iter::<f32>().map(|v| (v as f64).powi(2)).sum()
}

/// The `grad` scorer's closed form equals burn's autodiff gradient of a classifier's output
/// layer: an mlp, one image, label = its own argmax.
#[test]
fn grad_closed_form_matches_autodiff_for_a_classifier() {
    use crate::acquisition::{Aggregation, Grad, OutputBatch, Scorer};
    use crate::learner::{Arch, Geometry, Net};
    use burn::tensor::activation::{log_softmax, softmax};
    let devices = make_device(BackendKind::Flex, 0).unwrap();
    let dev = &devices.train;
    let g = Geometry {
        channels: 1,
        height: 4,
        width: 4,
        classes: 3,
    };
    let net = Net::new(Arch::Mlp, g, 4, &mut Rng::new(5), dev);
    let xs: Vec<f32> = (0..16).map(|i| ((i * 7 % 11) as f32) / 11.0).collect();
    let x = Tensor::<4>::from_data(TensorData::new(xs, [1, 1, 4, 4]), dev);
    let h = net.features(x.clone());
    let logits = net.head(h.clone(), None);
    let p: Vec<f32> = softmax(logits.clone(), 1)
        .into_data()
        .try_into_vec()
        .unwrap();
    let y = (0..3).fold(0, |b, k| if p[k] > p[b] { k } else { b });
    let loss = log_softmax(logits, 1).narrow(1, y, 1).sum().neg();
    let grads = loss.backward();
    let Net::Mlp(m) = &net else { unreachable!() };
    let w2 = sum_sq(m.classifier.weight.val().grad(&grads));
    let b2 = sum_sq(
        m.classifier
            .bias
            .as_ref()
            .and_then(|b| b.val().grad(&grads)),
    );
    let autodiff = (w2 + b2).sqrt();
    let hv: Vec<f32> = h.into_data().try_into_vec().unwrap();
    let batch = OutputBatch {
        batch: 1,
        classes: 3,
        members: 1,
        probs: &p,
        labels: None,
        maps: None,
        features: Some(&hv),
        feature_dim: hv.len(),
        recon: None,
    };
    let mut out = [0.0f32];
    Grad(Aggregation::Max).score(&batch, &mut out, &mut Rng::new(0));
    assert!(
        (out[0] as f64 - autodiff).abs() < 1e-4 * autodiff.max(1.0),
        "{} vs {autodiff}",
        out[0]
    );
}

/// Per map position of a 4 × 4 grid of `c` classes: the norm of autodiff's gradient of the
/// detector's 1×1 head, for the BCE at that position only against the maps `q` thresholded
/// at 0.5 (`q`: `[c, 16]`, class-major; `f`: the detached features).
fn position_grad_norms(net: &DetectorNet, f: &Tensor<4>, q: &[f32], c: usize) -> Vec<f64> {
    use burn::tensor::activation::log_sigmoid;
    let (np, dev) = (16, &f.device());
    let mut norms = Vec::new();
    for pos in 0..np {
        let at = |k: usize| k % np == pos;
        let target: Vec<f32> = (0..c * np)
            .map(|k| if at(k) && q[k] > 0.5 { 1.0 } else { 0.0 })
            .collect();
        let sel: Vec<f32> = (0..c * np).map(|k| if at(k) { 1.0 } else { 0.0 }).collect();
        let t = Tensor::<4>::from_data(TensorData::new(target, [1, c, 4, 4]), dev);
        let s = Tensor::<4>::from_data(TensorData::new(sel, [1, c, 4, 4]), dev);
        let z = net.head(f.clone(), None).narrow(1, 0, c);
        let bce =
            (t.clone() * log_sigmoid(z.clone()) + (t.neg() + 1.0) * log_sigmoid(z.neg())).neg() * s;
        let grads = bce.sum().backward();
        let w = net.head.weight.val().grad(&grads).unwrap(); // [classes + 4, dim, 1, 1]
        let b = net.head.bias.as_ref().unwrap().val().grad(&grads).unwrap();
        norms.push((sum_sq_data(w.into_data()) + sum_sq_data(b.into_data())).sqrt());
    }
    norms
}

/// The `grad` scorer's closed form on detection maps equals burn's autodiff gradients of the
/// detector's 1×1 head at each position (BCE against the thresholded maps), reduced by max and
/// by mean.
#[test]
fn grad_closed_form_matches_autodiff_for_the_detector() {
    use crate::acquisition::{Aggregation, Grad, MapOutputs, OutputBatch, Scorer};
    let devices = make_device(BackendKind::Flex, 0).unwrap();
    let dev = &devices.train;
    let p = SceneParams {
        size: 32,
        ..SceneParams::default()
    };
    let set = generate_scenes(1, &p, 3, 0);
    let net = DetectorNet::new(3, 5, 4, &mut Rng::new(6), dev);
    // features detached: each position's loss builds its own graph through the head
    let f = net.features(images(&set, &[0], dev)).detach();
    let z = net.head(f.clone(), None).narrow(1, 0, 5); // [1, 5, 4, 4]
    let q: Vec<f32> = sigmoid(z).into_data().try_into_vec().unwrap();
    let (c, np) = (5, 16);
    let norms = position_grad_norms(&net, &f, &q, c);
    // the scorer's inputs, laid out as the learner lays them out
    let fv: Vec<f32> = f.into_data().try_into_vec().unwrap(); // [1, dim, 16]
    let dim = fv.len() / np;
    let mut feats = vec![0.0f32; np * dim];
    let mut maps = vec![0.0f32; np * c];
    for pos in 0..np {
        for k in 0..dim {
            feats[pos * dim + k] = fv[k * np + pos];
        }
        for cl in 0..c {
            maps[pos * c + cl] = q[cl * np + pos];
        }
    }
    let batch = OutputBatch {
        batch: 1,
        classes: c,
        members: 1,
        probs: &[0.0; 5],
        labels: None,
        maps: Some(MapOutputs {
            positions: np,
            probs: &maps,
            box_conf: &[],
            box_start: &[0, 0],
            losses: None,
        }),
        features: Some(&feats),
        feature_dim: dim,
        recon: None,
    };
    let mut out = [0.0f32];
    for (agg, want) in [
        (Aggregation::Max, norms.iter().cloned().fold(0.0, f64::max)),
        (Aggregation::Mean, norms.iter().sum::<f64>() / np as f64),
    ] {
        Grad(agg).score(&batch, &mut out, &mut Rng::new(0));
        assert!(
            (out[0] as f64 - want).abs() < 1e-4 * want.max(1.0),
            "{agg:?}: {} vs {want}",
            out[0]
        );
    }
}
