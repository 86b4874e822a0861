//! The cost of host-independent numerics on `flex`: the `cnn` (width 16) and `mlp`
//! (width 16) train step and `cnn` pool inference with burn's `Linear` and
//! `CrossEntropyLoss` (whose sums the host's L1 cache and SIMD width order) against
//! albench's pinned `linear` and `cross_entropy` (`albench::learner::ops`). Both use
//! albench's conv and max-pool ops, as the models do. Then the VAE's decoder train step
//! (`Linear` 16 → 1,568, two 4×4 stride-2 transposed convolutions 32 → 16 → 1, sigmoid,
//! BCE summed per image, batch mean) with burn's `Linear`, `ConvTranspose2d`, `sum_dim` and
//! `mean` against albench's `linear`, `conv_transpose2d`, `row_sums` and `mean`.
//!
//! Run: `cargo bench --bench numerics`. Each figure is the median of 7 rounds of 10 calls,
//! the two variants alternating round by round (so load on a shared machine hits both
//! alike), after a warm-up; the ratio is pinned / burn (above 1: the pinned ops are slower).

use std::time::Instant;

use albench::learner::ops::{
    conv2d, conv_transpose2d, cross_entropy, linear, max_pool2d, mean, row_sums,
};
use burn::nn::conv::{Conv2d, Conv2dConfig, ConvTranspose2d, ConvTranspose2dConfig};
use burn::nn::loss::CrossEntropyLoss;
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::{Linear, LinearConfig, PaddingConfig2d};
use burn::prelude::*;
use burn::tensor::activation::{relu, sigmoid};
use burn::tensor::Distribution;

const ROUNDS: usize = 7;

/// Milliseconds per call of `burn` and of `ours`: medians over alternating rounds.
fn alternate(mut burn: impl FnMut(), mut ours: impl FnMut()) -> (f64, f64) {
    burn();
    ours();
    let (mut b, mut o) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        for (f, out) in [(&mut burn as &mut dyn FnMut(), &mut b), (&mut ours, &mut o)] {
            let t = Instant::now();
            for _ in 0..10 {
                f();
            }
            out.push(t.elapsed().as_secs_f64() * 100.0);
        }
    }
    let med = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[ROUNDS / 2]
    };
    (med(&mut b), med(&mut o))
}

fn report(what: &str, burn: impl FnMut(), ours: impl FnMut()) {
    let (b, o) = alternate(burn, ours);
    println!(
        "{what:36} burn {b:8.3} ms   pinned {o:8.3} ms   {:5.3}x",
        o / b
    );
}

/// A layer with the pinned op or burn's.
fn lin(l: &Linear, x: Tensor<2>, pinned: bool) -> Tensor<2> {
    if pinned {
        linear(l, x)
    } else {
        l.forward(x)
    }
}

fn loss(z: Tensor<2>, t: &[usize], y: &Tensor<1, Int>, pinned: bool) -> Tensor<1> {
    if pinned {
        cross_entropy(z, t)
    } else {
        CrossEntropyLoss::new(None, &z.device()).forward(z, y.clone())
    }
}

struct Cnn {
    c1: Conv2d,
    c2: Conv2d,
    pool: MaxPool2d,
    fc: Linear,
    out: Linear,
}

impl Cnn {
    fn new(device: &Device) -> Self {
        let conv = |a, b| {
            Conv2dConfig::new([a, b], [3, 3])
                .with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1))
                .init(device)
        };
        Cnn {
            c1: conv(1, 16),
            c2: conv(16, 32),
            pool: MaxPool2dConfig::new([2, 2]).init(),
            fc: LinearConfig::new(1568, 128).init(device),
            out: LinearConfig::new(128, 10).init(device),
        }
    }

    fn valid(&self) -> Self {
        Cnn {
            c1: self.c1.valid(),
            c2: self.c2.valid(),
            pool: self.pool.clone(),
            fc: self.fc.valid(),
            out: self.out.valid(),
        }
    }

    fn logits(&self, x: Tensor<4>, pinned: bool) -> Tensor<2> {
        let h = relu(max_pool2d(&self.pool, conv2d(&self.c1, x)));
        let h: Tensor<2> = relu(max_pool2d(&self.pool, conv2d(&self.c2, h))).flatten(1, 3);
        lin(&self.out, relu(lin(&self.fc, h, pinned)), pinned)
    }
}

/// The VAE's decoder: latent → `[b, 1, 28, 28]` probabilities.
struct Decoder {
    dec: Linear,
    up1: ConvTranspose2d,
    up2: ConvTranspose2d,
}

impl Decoder {
    fn new(device: &Device) -> Self {
        let up = |a, b| {
            ConvTranspose2dConfig::new([a, b], [4, 4])
                .with_stride([2, 2])
                .with_padding([1, 1])
                .init(device)
        };
        Decoder {
            dec: LinearConfig::new(16, 1568).init(device),
            up1: up(32, 16),
            up2: up(16, 1),
        }
    }

    /// Mean over the batch of each image's BCE against `x` (`[b, 784]`).
    fn loss(&self, z: Tensor<2>, x: &Tensor<2>, pinned: bool) -> Tensor<1> {
        let b = z.dims()[0];
        let d = relu(lin(&self.dec, z, pinned)).reshape([b, 32, 7, 7]);
        let up = |l: &ConvTranspose2d, t: Tensor<4>| {
            if pinned {
                conv_transpose2d(l, t)
            } else {
                l.forward(t)
            }
        };
        let r = sigmoid(up(&self.up2, relu(up(&self.up1, d))))
            .reshape([b, 784])
            .clamp(1e-6, 1.0 - 1e-6);
        let per =
            (x.clone() * r.clone().log() + (x.clone().neg() + 1.0) * (r.neg() + 1.0).log()).neg();
        if pinned {
            mean(row_sums(per))
        } else {
            per.sum_dim(1).reshape([b]).mean()
        }
    }
}

fn main() {
    println!(
        "albench numerics benchmark (flex, {} threads)",
        rayon::current_num_threads()
    );
    let (ad, plain) = (Device::flex().autodiff(), Device::flex());
    let cnn = Cnn::new(&ad);
    let t: Vec<usize> = (0..64).map(|i| i % 10).collect();
    let ti: Vec<i64> = t.iter().map(|&v| v as i64).collect();
    let y = Tensor::<1, Int>::from_data(TensorData::new(ti, [64]), &ad);
    let x = Tensor::<4>::random([64, 1, 28, 28], Distribution::Default, &ad);
    let step = |pinned: bool| {
        let l = loss(cnn.logits(x.clone(), pinned), &t, &y, pinned);
        drop(l.backward());
    };
    report("cnn train step (batch 64)", || step(false), || step(true));

    let fc1 = LinearConfig::new(784, 128).init(&ad);
    let fc2 = LinearConfig::new(128, 64).init(&ad);
    let out = LinearConfig::new(64, 10).init(&ad);
    let xm = Tensor::<2>::random([64, 784], Distribution::Default, &ad);
    let mlp_step = |pinned: bool| {
        let h = relu(lin(&fc1, xm.clone(), pinned));
        let z = lin(&out, relu(lin(&fc2, h, pinned)), pinned);
        drop(loss(z, &t, &y, pinned).backward());
    };
    report(
        "mlp train step (batch 64)",
        || mlp_step(false),
        || mlp_step(true),
    );

    let inf = cnn.valid();
    let xp = Tensor::<4>::random([256, 1, 28, 28], Distribution::Default, &plain);
    let infer = |pinned: bool| drop(inf.logits(xp.clone(), pinned).into_data());
    report(
        "cnn pool inference (batch 256)",
        || infer(false),
        || infer(true),
    );

    let decoder = Decoder::new(&ad);
    let z = Tensor::<2>::random([64, 16], Distribution::Default, &ad);
    let xv = Tensor::<2>::random([64, 784], Distribution::Default, &ad);
    let vae_step = |pinned: bool| drop(decoder.loss(z.clone(), &xv, pinned).backward());
    report(
        "vae decoder train step (batch 64)",
        || vae_step(false),
        || vae_step(true),
    );
}
