//! `Linear` (`y = x·W + b`) on the `flex` backend as albench's own autodiff op, so that its
//! products sum over k in an order fixed by the shapes ([`crate::matmul::gemm_pinned`]), never
//! by the host's L1 cache. Forward and both product gradients are the same `gemm` calls
//! flex makes (burn's default `linear`, `linear_x_backward`, `linear_weight_backward`), cut
//! into the blocks `gemm` itself uses on a 32 KiB 8-way L1d; the bias gradient is the same
//! column sum over rows, in row order, as flex's `sum_dim(0)` (`scatter_add_f32`, element-
//! wise in every lane count). Other backends, dtypes, and layers without a bias return
//! `None` and take burn's path.

use burn::backend::Flex;
use burn::nn::Linear;
use burn::prelude::*;
use burn_autodiff::checkpoint::base::Checkpointer;
use burn_autodiff::grads::Gradients;
use burn_autodiff::ops::{Backward, Ops};
use burn_flex::FlexTensor;

use super::flex::{contiguous, layer_op, record, tensor, values, AdTensor};
use crate::matmul::{gemm_pinned, Mat};

/// `layer` applied to `x` (`[batch, d_in]` → `[batch, d_out]`) with the pinned products, or
/// `None` when they do not apply (then the caller runs burn's `layer.forward`).
pub fn try_linear(x: &Tensor<2>, layer: &Linear) -> Option<Tensor<2>> {
    let bias = layer.bias.as_ref()?.val();
    layer_op(x, layer.weight.val(), bias, autodiff_forward, |x, w, b| {
        plain_forward(&contiguous(x)?, &contiguous(w)?, b)
    })
}

/// `[batch, d_in]` · `[d_in, d_out]` + `[d_out]`, from contiguous `x` and `w`.
fn plain_forward(x: &FlexTensor, w: &FlexTensor, b: &FlexTensor) -> Option<FlexTensor> {
    let b = contiguous(b)?;
    let (xs, ws, bs) = (values(x), values(w), values(&b));
    let (xd, wd) = (x.layout().shape(), w.layout().shape());
    if xd.num_dims() != 2 || wd.num_dims() != 2 || xd[1] != wd[0] || bs.len() != wd[1] {
        return None;
    }
    let (batch, d_in, d_out) = (xd[0], wd[0], wd[1]);
    let mut y = vec![0.0f32; batch * d_out];
    gemm_pinned(
        batch,
        d_out,
        d_in,
        &mut y,
        Mat::rows(xs, d_in),
        Mat::rows(ws, d_out),
    );
    // burn adds the bias after the product (`float_add` of a `[1, d_out]` row).
    for row in y.chunks_exact_mut(d_out) {
        for (v, &bj) in row.iter_mut().zip(bs) {
            *v += bj;
        }
    }
    Some(tensor(y, vec![batch, d_out]))
}

/// The backward step: input, weight and bias gradients from the saved input and weight.
#[derive(Debug)]
struct LinearBackward;

impl Backward<Flex, 3> for LinearBackward {
    /// (input `[batch, d_in]`, weight `[d_in, d_out]`), contiguous.
    type State = (FlexTensor, FlexTensor);

    fn backward(self, ops: Ops<Self::State, 3>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [node_x, node_w, node_b] = ops.parents;
        let dy = grads.consume::<Flex>(&ops.node);
        let (x, w) = ops.state;
        let dy = contiguous(&dy).expect("linear output gradient is f32");
        let (dys, xs, ws) = (values(&dy), values(&x), values(&w));
        let d_in = x.layout().shape()[1];
        let d_out = ws.len() / d_in;
        let batch = dys.len() / d_out;
        if let Some(node) = node_x {
            // dX = dY · Wᵀ ([batch, d_out] · [d_out, d_in])
            let mut dx = vec![0.0f32; batch * d_in];
            let wt = Mat::transposed(ws, d_out);
            gemm_pinned(batch, d_in, d_out, &mut dx, Mat::rows(dys, d_out), wt);
            grads.register::<Flex>(node.id, tensor(dx, vec![batch, d_in]));
        }
        if let Some(node) = node_w {
            // dW = Xᵀ · dY ([d_in, batch] · [batch, d_out])
            let mut dw = vec![0.0f32; d_in * d_out];
            let xt = Mat::transposed(xs, d_in);
            gemm_pinned(d_in, d_out, batch, &mut dw, xt, Mat::rows(dys, d_out));
            grads.register::<Flex>(node.id, tensor(dw, vec![d_in, d_out]));
        }
        if let Some(node) = node_b {
            grads.register::<Flex>(node.id, tensor(column_sums(dys, d_out), vec![d_out]));
        }
    }
}

/// Column sums of a row-major `[rows, cols]` matrix, each summed from 0 over the rows in
/// order (flex's `sum_dim(0)`: a lane-wise add of row after row, the same in every lane
/// count).
pub fn column_sums(m: &[f32], cols: usize) -> Vec<f32> {
    let mut out = vec![0.0f32; cols];
    for row in m.chunks_exact(cols) {
        for (o, &v) in out.iter_mut().zip(row) {
            *o += v;
        }
    }
    out
}

fn autodiff_forward(x: AdTensor, w: AdTensor, b: AdTensor) -> Option<AdTensor> {
    let xf = contiguous(x.primitive())?;
    let wf = contiguous(w.primitive())?;
    let y = plain_forward(&xf, &wf, b.primitive())?;
    Some(record(LinearBackward, [&x, &w, &b], (xf, wf), y))
}
