//! The `cnn`'s layers on `flex`, burn's modules against albench's own ops
//! (`albench::learner::ops`): forward alone (inference device) and forward + backward
//! (autodiff device), milliseconds per batch of 64 28×28 images, the two alternating.
//!
//! Run: `cargo bench --bench ops`. Each figure is the median of 5 rounds of 10 calls after a
//! warm-up; the ratio is burn / albench (how many times faster albench's op is).

use std::time::Instant;

use albench::learner::ops::{conv2d, max_pool2d};
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::PaddingConfig2d;
use burn::prelude::*;
use burn::tensor::activation::relu;
use burn::tensor::Distribution;

const BATCH: usize = 64;

/// Milliseconds per call of `f`: median over 5 rounds of 10 calls, after one warm-up call.
fn ms(mut f: impl FnMut()) -> f64 {
    f();
    let mut v: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..10 {
                f();
            }
            t.elapsed().as_secs_f64() * 100.0
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[2]
}

fn report(what: &str, burn: impl FnMut(), ours: impl FnMut()) {
    let (b, o) = (ms(burn), ms(ours));
    println!(
        "{what:44} burn {b:7.3} ms   albench {o:7.3} ms   {:5.2}x",
        b / o
    );
}

fn layer(c_in: usize, c_out: usize, device: &Device) -> Conv2d {
    Conv2dConfig::new([c_in, c_out], [3, 3])
        .with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1))
        .init(device)
}

/// The cnn's feature extractor with either implementation.
fn features(c1: &Conv2d, c2: &Conv2d, pool: &MaxPool2d, x: Tensor<4>, ours: bool) -> Tensor<4> {
    if ours {
        // relu and a max pool commute (relu is monotone): pooling first runs relu on a
        // quarter of the values, with the same values and gradients.
        let h = relu(max_pool2d(pool, conv2d(c1, x)));
        relu(max_pool2d(pool, conv2d(c2, h)))
    } else {
        let h = pool.forward(relu(c1.forward(x)));
        pool.forward(relu(c2.forward(h)))
    }
}

fn main() {
    println!(
        "albench ops benchmark (flex, {} threads, batch {BATCH})",
        rayon::current_num_threads()
    );
    let (ad, plain) = (Device::flex().autodiff(), Device::flex());
    let pool = MaxPool2dConfig::new([2, 2]).init();
    let (c1, c2) = (layer(1, 16, &ad), layer(16, 32, &ad));
    let (p1, p2) = (c1.clone().valid(), c2.clone().valid());
    let rand = |shape: [usize; 4], d: &Device| Tensor::<4>::random(shape, Distribution::Default, d);
    let (x1, x2, y1) = (
        rand([BATCH, 1, 28, 28], &plain),
        rand([BATCH, 16, 14, 14], &plain),
        rand([BATCH, 16, 28, 28], &plain),
    );
    report(
        "conv 1→16, 28×28, forward",
        || drop(p1.forward(x1.clone()).into_data()),
        || drop(conv2d(&p1, x1.clone()).into_data()),
    );
    report(
        "conv 16→32, 14×14, forward",
        || drop(p2.forward(x2.clone()).into_data()),
        || drop(conv2d(&p2, x2.clone()).into_data()),
    );
    report(
        "max pool 2×2, 16×28×28, forward",
        || drop(pool.forward(y1.clone()).into_data()),
        || drop(max_pool2d(&pool, y1.clone()).into_data()),
    );
    let (a1, a2, b1) = (
        rand([BATCH, 1, 28, 28], &ad),
        rand([BATCH, 16, 14, 14], &ad).require_grad(),
        rand([BATCH, 16, 28, 28], &ad).require_grad(),
    );
    report(
        "conv 1→16, 28×28, forward + backward",
        || drop(c1.forward(a1.clone()).sum().backward()),
        || drop(conv2d(&c1, a1.clone()).sum().backward()),
    );
    report(
        "conv 16→32, 14×14, forward + backward",
        || drop(c2.forward(a2.clone()).sum().backward()),
        || drop(conv2d(&c2, a2.clone()).sum().backward()),
    );
    report(
        "max pool 2×2, 16×28×28, forward + backward",
        || drop(pool.forward(b1.clone()).sum().backward()),
        || drop(max_pool2d(&pool, b1.clone()).sum().backward()),
    );
    report(
        "relu, 16×28×28, forward + backward",
        || drop(relu(b1.clone()).sum().backward()),
        || drop(relu(b1.clone()).sum().backward()),
    );
    report(
        "cnn features (conv-relu-pool ×2), fwd + bwd",
        || {
            drop(
                features(&c1, &c2, &pool, a1.clone(), false)
                    .sum()
                    .backward(),
            )
        },
        || drop(features(&c1, &c2, &pool, a1.clone(), true).sum().backward()),
    );
}
