//! albench's own `conv2d` and `max_pool2d` for the `flex` backend: kernels on plain `f32`
//! slices (`*_kernel.rs`, unit-tested against direct loops) wired into burn's autodiff as
//! custom ops (`*_op.rs`, through burn 0.22's backend-extension API: `try_into_primitive` /
//! `from_primitive` and `burn_autodiff::ops::Backward`). Every other backend, and any layer
//! configuration the kernels do not cover, runs burn's own module forward.
//!
//! Why: on 2 CPU cores, flex's convolution gradients (a convolution with batch and channels
//! swapped; a transposed convolution) and its max pooling took most of a `cnn` train step;
//! see docs/performance.md for the measured figures.

pub mod conv_kernel;
mod conv_op;
mod flex;
mod gemm;
pub mod pool_kernel;
mod pool_op;

#[cfg(test)]
mod conv_kernel_tests;
#[cfg(test)]
mod op_tests;

use burn::nn::conv::Conv2d;
use burn::nn::pool::MaxPool2d;
use burn::prelude::*;

/// `conv` applied to `x` (`[batch, c_in, h, w]` → `[batch, c_out, oh, ow]`): albench's
/// kernels on `flex`, burn's convolution elsewhere (the same values to float rounding).
pub fn conv2d(conv: &Conv2d, x: Tensor<4>) -> Tensor<4> {
    match conv_op::try_conv2d(&x, conv) {
        Some(y) => y,
        None => conv.forward(x),
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
