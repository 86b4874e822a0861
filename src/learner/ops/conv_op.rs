//! `conv2d` on the `flex` backend as albench's own autodiff op: the forward pass and both
//! gradients run the im2col + gemm kernels of [`super::conv_kernel`] on the tensors' `f32` slices.
//! burn 0.22's flex backend computes the weight gradient as a convolution with batch and
//! channels swapped (gemms with N = k²) and the input gradient as a transposed convolution;
//! here each is one gemm per sample. Other backends, dtypes and layer shapes (dilation,
//! groups, non-square kernels, asymmetric padding) return `None` and take burn's path.

use burn::backend::Flex;
use burn::nn::conv::Conv2d;
use burn::nn::PaddingConfig2d;
use burn::prelude::*;
use burn_autodiff::checkpoint::base::Checkpointer;
use burn_autodiff::grads::Gradients;
use burn_autodiff::ops::{Backward, Ops};
use burn_flex::FlexTensor;

use super::conv_kernel::{self as kernel, ConvGeom};
use super::flex::{contiguous, layer_op, record, tensor, values, AdTensor};

/// The convolution `conv` applied to `x` (`[batch, c_in, h, w]`) with the kernels of this
/// module, or `None` when they do not apply (then the caller runs burn's `conv.forward`).
pub fn try_conv2d(x: &Tensor<4>, conv: &Conv2d) -> Option<Tensor<4>> {
    let g = geometry(x, conv)?;
    let bias = conv.bias.as_ref()?.val();
    layer_op(
        x,
        conv.weight.val(),
        bias,
        |x, w, b| autodiff_forward(g, x, w, b),
        |x, w, b| plain_forward(&g, x, w, Some(b)),
    )
}

/// The kernel geometry of `conv` on `x`, when the kernels cover this layer.
fn geometry(x: &Tensor<4>, conv: &Conv2d) -> Option<ConvGeom> {
    let [_, c_in, h, w] = x.dims();
    let [c_out, wc_in, kh, kw] = conv.weight.dims();
    let pad = match conv.padding {
        PaddingConfig2d::Explicit(t, l, b, r) if t == l && t == b && t == r => t,
        PaddingConfig2d::Valid => 0,
        _ => return None,
    };
    let square = kh == kw && conv.stride[0] == conv.stride[1];
    let plain = conv.dilation == [1, 1] && conv.groups == 1 && wc_in == c_in;
    let g = ConvGeom {
        c_in,
        c_out,
        h,
        w,
        k: kh,
        stride: conv.stride[0],
        pad,
    };
    (square && plain && h + 2 * pad >= kh && w + 2 * pad >= kh && g.stride > 0).then_some(g)
}

fn plain_forward(
    g: &ConvGeom,
    x: &FlexTensor,
    w: &FlexTensor,
    b: Option<&FlexTensor>,
) -> Option<FlexTensor> {
    let (x, w) = (contiguous(x)?, contiguous(w)?);
    let b = match b {
        Some(b) => Some(contiguous(b)?),
        None => None,
    };
    let xs = values(&x);
    let batch = xs.len() / g.x_len();
    let mut y = vec![0.0f32; batch * g.y_len()];
    kernel::forward(g, xs, values(&w), b.as_ref().map(values), &mut y);
    Some(tensor(y, vec![batch, g.c_out, g.oh(), g.ow()]))
}

/// The backward step: input, weight and bias gradients from the saved input and weight.
#[derive(Debug)]
struct Conv2dBackward;

impl Backward<Flex, 3> for Conv2dBackward {
    /// (input `[batch, c_in, h, w]`, weight `[c_out, c_in, k, k]`, geometry), contiguous.
    type State = (FlexTensor, FlexTensor, ConvGeom);

    fn backward(self, ops: Ops<Self::State, 3>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [node_x, node_w, node_b] = ops.parents;
        let dy = grads.consume::<Flex>(&ops.node);
        let (x, w, g) = ops.state;
        let dy = contiguous(&dy).expect("conv2d output gradient is f32");
        let dys = values(&dy);
        let batch = dys.len() / g.y_len();
        if let Some(node) = node_x {
            let mut dx = vec![0.0f32; batch * g.x_len()];
            kernel::backward_x(&g, values(&w), dys, &mut dx);
            grads.register::<Flex>(node.id, tensor(dx, vec![batch, g.c_in, g.h, g.w]));
        }
        if node_w.is_some() || node_b.is_some() {
            let (dw, db) = kernel::backward_w(&g, values(&x), dys);
            if let Some(node) = node_w {
                grads.register::<Flex>(node.id, tensor(dw, vec![g.c_out, g.c_in, g.k, g.k]));
            }
            if let Some(node) = node_b {
                grads.register::<Flex>(node.id, tensor(db, vec![g.c_out]));
            }
        }
    }
}

fn autodiff_forward(g: ConvGeom, x: AdTensor, w: AdTensor, b: AdTensor) -> Option<AdTensor> {
    let xf = contiguous(x.primitive())?;
    let wf = contiguous(w.primitive())?;
    let y = plain_forward(&g, &xf, &wf, Some(b.primitive()))?;
    Some(record(Conv2dBackward, [&x, &w, &b], (xf, wf, g), y))
}
