//! albench's own `conv2d` and `max_pool2d` for the `flex` backend: kernels on plain `f32`
//! slices (`*_kernel.rs`, unit-tested against direct loops) wired into burn's autodiff as
//! custom ops (`*_op.rs`, through burn 0.22's backend-extension API: `try_into_primitive` /
//! `from_primitive` and `burn_autodiff::ops::Backward`). Every other backend, and any layer
//! configuration the kernels do not cover, runs burn's own module forward.
//!
//! Why: on 2 CPU cores, flex's convolution gradients (a convolution with batch and channels
//! swapped; a transposed convolution) and its max pooling took most of a `cnn` train step;
//! see docs/performance.md for the measured figures.
//!
//! `linear` and `cross_entropy` are here for the numerics, not the speed: flex's own sum over
//! k of a `Linear` product is cut where the host's L1 cache says, and its loss sums follow
//! the host's SIMD width; these ops sum in an order fixed by the shapes (the one this
//! machine's flex takes), so a classifier trains to the same bits on every x86-64 host with
//! AVX2 + FMA (docs/performance.md, "Numerics across machines"). `row_sums`, `row_means`
//! and `mean` do the same for the other models' sums over a last dimension (the detector's
//! and the VAE's losses, the global average pools).

pub mod conv_kernel;
mod conv_op;
mod conv_transpose_op;
pub mod cross_entropy_op;
mod flex;
pub mod lane_sum;
mod linear_op;
pub mod pool_kernel;
mod pool_op;
pub mod row_sum_op;

#[cfg(test)]
mod conv_kernel_tests;
#[cfg(test)]
mod numerics_tests;
#[cfg(test)]
mod op_tests;

use burn::nn::conv::{Conv2d, ConvTranspose2d};
use burn::nn::loss::CrossEntropyLoss;
use burn::nn::pool::MaxPool2d;
use burn::nn::Linear;
use burn::prelude::*;

/// `conv` applied to `x` (`[batch, c_in, h, w]` → `[batch, c_out, oh, ow]`): albench's
/// kernels on `flex`, burn's convolution elsewhere (the same values to float rounding).
pub fn conv2d(conv: &Conv2d, x: Tensor<4>) -> Tensor<4> {
    match conv_op::try_conv2d(&x, conv) {
        Some(y) => y,
        None => conv.forward(x),
    }
}

/// `layer` applied to `x` (`[batch, c_in, h, w]` → `[batch, c_out, H, W]`): albench's
/// kernels on `flex` (every sum in an order fixed by the shapes), burn's transposed
/// convolution elsewhere (the same values to float rounding).
pub fn conv_transpose2d(layer: &ConvTranspose2d, x: Tensor<4>) -> Tensor<4> {
    match conv_transpose_op::try_conv_transpose2d(&x, layer) {
        Some(y) => y,
        None => layer.forward(x),
    }
}

/// `pool` applied to `x` (`[batch, c, h, w]` → `[batch, c, oh, ow]`): albench's kernels on
/// `flex`, burn's pooling elsewhere (the same values; ties go to the first maximum).
pub fn max_pool2d(pool: &MaxPool2d, x: Tensor<4>) -> Tensor<4> {
    match pool_op::try_max_pool2d(&x, pool) {
        Some(y) => y,
        None => pool.forward(x),
    }
}

/// `layer` applied to `x` (`[batch, d_in]` → `[batch, d_out]`): on `flex` albench's op,
/// whose products sum over k in blocks fixed by the shapes (bit for bit flex's own on a
/// 32 KiB 8-way L1d); burn's `Linear` elsewhere.
pub fn linear(layer: &Linear, x: Tensor<2>) -> Tensor<2> {
    match linear_op::try_linear(&x, layer) {
        Some(y) => y,
        None => layer.forward(x),
    }
}

/// Mean cross-entropy `[1]` of `logits` (`[batch, classes]`) against class indices
/// `targets`: on `flex` albench's op, its sums in the AVX2 order whatever the host (bit for
/// bit burn's `CrossEntropyLoss` on an AVX2 host); burn's loss elsewhere.
pub fn cross_entropy(logits: Tensor<2>, targets: &[usize]) -> Tensor<1> {
    if let Some(loss) = cross_entropy_op::try_cross_entropy(&logits, targets) {
        return loss;
    }
    let device = logits.device();
    let t: Vec<i64> = targets.iter().map(|&t| t as i64).collect();
    let y = Tensor::<1, Int>::from_data(TensorData::new(t, [targets.len()]), &device);
    CrossEntropyLoss::new(None, &device).forward(logits, y)
}

/// Each row of `x` (`[rows, n]`) summed → `[rows]`: on `flex` in the AVX2 order whatever
/// the host (bit for bit `sum_dim(1)` on an AVX2 host), burn's `sum_dim` elsewhere.
pub fn row_sums(x: Tensor<2>) -> Tensor<1> {
    reduce_rows(x, row_sum_op::Reduce::Sum)
}

/// Each row's mean (`[rows, n]` → `[rows]`), pinned on `flex` as [`row_sums`].
pub fn row_means(x: Tensor<2>) -> Tensor<1> {
    reduce_rows(x, row_sum_op::Reduce::Mean)
}

/// The mean of all values of `x` (`[n]` → `[1]`), pinned on `flex` as [`row_sums`].
pub fn mean(x: Tensor<1>) -> Tensor<1> {
    let n = x.dims()[0];
    match row_sum_op::try_reduce_rows(&x.clone().reshape([1, n]), row_sum_op::Reduce::MeanAll) {
        Some(y) => y,
        None => x.mean(),
    }
}

fn reduce_rows(x: Tensor<2>, how: row_sum_op::Reduce) -> Tensor<1> {
    let rows = x.dims()[0];
    if let Some(y) = row_sum_op::try_reduce_rows(&x, how) {
        return y;
    }
    match how {
        row_sum_op::Reduce::Sum => x.sum_dim(1).reshape([rows]),
        _ => x.mean_dim(1).reshape([rows]),
    }
}
