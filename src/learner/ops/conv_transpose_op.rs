//! `conv_transpose2d` on the `flex` backend as albench's own autodiff op, on the kernels of
//! [`super::conv_kernel`]: a transposed convolution is the input gradient of the
//! convolution with the same weight, so each of its three passes is one of the convolution's.
//!
//! With `T` the transposed layer (weight `[c_in, c_out, k, k]`, stride `s`, padding `p`,
//! input `[b, c_in, h, w]`, output `[b, c_out, H, W]`, `H = (h − 1)·s + k − 2p`) and `G` the
//! convolution geometry from `[c_out, H, W]` to `[c_in, h, w]` (the same weight read as
//! `[c_in (out), c_out (in), k, k]`):
//! - forward: `y = backward_x(G, W, x) + bias`;
//! - input gradient: `dx = forward(G, W, dy)`;
//! - weight gradient: `dW = backward_w(G, input = dy, output gradient = x)`;
//! - bias gradient: `db[c] = Σ_b Σ_pixels dy[b, c]`, sample after sample.
//!
//! Why: flex computes this layer's weight gradient as a convolution with batch and channels
//! swapped, whose one product sums over `batch · h · w` in blocks cut where the host's L1
//! says, and its bias gradient as a `sum_dim` in the host's SIMD order; the kernels here sum
//! in orders fixed by the shapes (docs/performance.md, "Numerics across machines"). Other
//! backends and configurations (output padding, dilation, groups, non-square kernels) return
//! `None` and take burn's path.

use burn::backend::Flex;
use burn::nn::conv::ConvTranspose2d;
use burn::prelude::*;
use burn_autodiff::checkpoint::base::Checkpointer;
use burn_autodiff::grads::Gradients;
use burn_autodiff::ops::{Backward, Ops};
use burn_flex::FlexTensor;

use super::conv_kernel::{self as kernel, add_row_sums, ConvGeom};
use super::flex::{contiguous, layer_op, record, tensor, values, AdTensor};

/// The transposed convolution `layer` applied to `x` (`[batch, c_in, h, w]`), or `None`
/// when the kernels do not cover it (then the caller runs burn's `layer.forward`).
pub fn try_conv_transpose2d(x: &Tensor<4>, layer: &ConvTranspose2d) -> Option<Tensor<4>> {
    let g = geometry(x, layer)?;
    let bias = layer.bias.as_ref()?.val();
    layer_op(
        x,
        layer.weight.val(),
        bias,
        |x, w, b| autodiff_forward(g, x, w, b),
        |x, w, b| plain_forward(&g, x, w, b),
    )
}

/// The convolution `G` whose input gradient `layer` is, when the kernels cover it.
fn geometry(x: &Tensor<4>, layer: &ConvTranspose2d) -> Option<ConvGeom> {
    let [_, c_in, h, w] = x.dims();
    let [wc_in, c_out, kh, kw] = layer.weight.dims();
    let (s, p) = (layer.stride[0], layer.padding[0]);
    let plain = wc_in == c_in
        && kh == kw
        && layer.stride[1] == s
        && layer.padding[1] == p
        && layer.padding_out == [0, 0]
        && layer.dilation == [1, 1]
        && layer.groups == 1
        && s > 0
        && h > 0
        && w > 0;
    if !plain || (h - 1) * s + kh < 2 * p + 1 || (w - 1) * s + kh < 2 * p + 1 {
        return None;
    }
    let g = ConvGeom {
        c_in: c_out,
        c_out: c_in,
        h: (h - 1) * s + kh - 2 * p,
        w: (w - 1) * s + kh - 2 * p,
        k: kh,
        stride: s,
        pad: p,
    };
    (g.h + 2 * p >= kh && g.w + 2 * p >= kh && g.oh() == h && g.ow() == w).then_some(g)
}

/// `y = backward_x(G, W, x) + bias` (`[batch, c_out, H, W]`).
fn plain_forward(
    g: &ConvGeom,
    x: &FlexTensor,
    w: &FlexTensor,
    b: &FlexTensor,
) -> Option<FlexTensor> {
    let (x, w, b) = (contiguous(x)?, contiguous(w)?, contiguous(b)?);
    let xs = values(&x);
    let batch = xs.len() / g.y_len();
    let mut y = vec![0.0f32; batch * g.x_len()];
    kernel::backward_x(g, values(&w), xs, &mut y);
    let plane = g.h * g.w;
    for sample in y.chunks_exact_mut(g.x_len()) {
        for (row, &bv) in sample.chunks_exact_mut(plane).zip(values(&b)) {
            row.iter_mut().for_each(|v| *v += bv);
        }
    }
    Some(tensor(y, vec![batch, g.c_in, g.h, g.w]))
}

/// The backward step: input, weight and bias gradients from the saved input and weight.
#[derive(Debug)]
struct ConvTranspose2dBackward;

impl Backward<Flex, 3> for ConvTranspose2dBackward {
    /// (input `[batch, c_in, h, w]`, weight `[c_in, c_out, k, k]`, geometry `G`), contiguous.
    type State = (FlexTensor, FlexTensor, ConvGeom);

    fn backward(self, ops: Ops<Self::State, 3>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [node_x, node_w, node_b] = ops.parents;
        let dy = grads.consume::<Flex>(&ops.node);
        let (x, w, g) = ops.state;
        let dy = contiguous(&dy).expect("conv_transpose2d output gradient is f32");
        let dys = values(&dy);
        let batch = dys.len() / g.x_len();
        if let Some(node) = node_x {
            let mut dx = vec![0.0f32; batch * g.y_len()];
            kernel::forward(&g, dys, values(&w), None, &mut dx);
            grads.register::<Flex>(node.id, tensor(dx, vec![batch, g.c_out, g.oh(), g.ow()]));
        }
        if let Some(node) = node_w {
            let (dw, _) = kernel::backward_w(&g, dys, values(&x));
            grads.register::<Flex>(node.id, tensor(dw, vec![g.c_out, g.c_in, g.k, g.k]));
        }
        if let Some(node) = node_b {
            let mut db = vec![0.0f32; g.c_in];
            for sample in dys.chunks_exact(g.x_len()) {
                add_row_sums(&mut db, sample, g.h * g.w);
            }
            grads.register::<Flex>(node.id, tensor(db, vec![g.c_in]));
        }
    }
}

fn autodiff_forward(g: ConvGeom, x: AdTensor, w: AdTensor, b: AdTensor) -> Option<AdTensor> {
    let xf = contiguous(x.primitive())?;
    let wf = contiguous(w.primitive())?;
    let y = plain_forward(&g, &xf, &wf, b.primitive())?;
    Some(record(
        ConvTranspose2dBackward,
        [&x, &w, &b],
        (xf, wf, g),
        y,
    ))
}
