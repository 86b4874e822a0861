//! `max_pool2d` on the `flex` backend as albench's own autodiff op (forward keeps the
//! argmax; backward scatters the output gradient to it), on the kernels of
//! [`super::pool_kernel`]. burn 0.22's flex pooling runs a generic strided loop that costs
//! more than the convolutions next to it; other backends, dtypes and configurations
//! (padding, dilation, ceil mode, non-square windows) return `None` and take burn's path.

use std::sync::Arc;

use burn::backend::Flex;
use burn::nn::pool::MaxPool2d;
use burn::nn::PaddingConfig2d;
use burn::prelude::*;
use burn_autodiff::checkpoint::base::Checkpointer;
use burn_autodiff::grads::Gradients;
use burn_autodiff::ops::{Backward, Ops};
use burn_flex::FlexTensor;

use super::flex::{contiguous, record, tensor, values, Ad, AdTensor};
use super::pool_kernel::{max_backward, max_forward, PoolGeom};

/// `pool` applied to `x` (`[batch, c, h, w]`) with the kernels of this module, or `None`
/// when they do not apply.
pub fn try_max_pool2d(x: &Tensor<4>, pool: &MaxPool2d) -> Option<Tensor<4>> {
    let [b, c, h, w] = x.dims();
    let [kh, kw] = pool.kernel_size;
    let plain = matches!(pool.padding, PaddingConfig2d::Valid)
        && pool.dilation == [1, 1]
        && !pool.ceil_mode
        && kh == kw
        && pool.stride[0] == pool.stride[1]
        && pool.stride[0] > 0
        && h >= kh
        && w >= kh;
    if !plain {
        return None;
    }
    let g = PoolGeom {
        h,
        w,
        k: kh,
        stride: pool.stride[0],
    };
    let shape = vec![b, c, g.oh(), g.ow()];
    if let Ok(xp) = x.clone().try_into_primitive::<Ad>() {
        return Some(Tensor::from_primitive::<Ad>(autodiff_forward(
            g, xp, shape,
        )?));
    }
    let xp = x.clone().try_into_primitive::<Flex>().ok()?;
    let (y, _) = forward(&g, &contiguous(&xp)?, shape);
    Some(Tensor::from_primitive::<Flex>(y))
}

fn forward(g: &PoolGeom, x: &FlexTensor, shape: Vec<usize>) -> (FlexTensor, Vec<u32>) {
    let n = shape.iter().product();
    let (mut y, mut arg) = (vec![0.0f32; n], vec![0u32; n]);
    max_forward(g, values(x), &mut y, &mut arg);
    (tensor(y, shape), arg)
}

/// The backward step: the output gradient scattered to each window's argmax.
#[derive(Debug)]
struct MaxPoolBackward;

impl Backward<Flex, 1> for MaxPoolBackward {
    /// (argmax per output, input shape `[batch, c, h, w]`, geometry).
    type State = (Arc<Vec<u32>>, Vec<usize>, PoolGeom);

    fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [node_x] = ops.parents;
        let dy = grads.consume::<Flex>(&ops.node);
        let Some(node) = node_x else { return };
        let (arg, shape, g) = ops.state;
        let dy = contiguous(&dy).expect("max_pool2d output gradient is f32");
        let mut dx = vec![0.0f32; shape.iter().product()];
        max_backward(&g, values(&dy), &arg, &mut dx);
        grads.register::<Flex>(node.id, tensor(dx, shape));
    }
}

fn autodiff_forward(g: PoolGeom, x: AdTensor, shape: Vec<usize>) -> Option<AdTensor> {
    let xf = contiguous(x.primitive())?;
    let (y, arg) = forward(&g, &xf, shape);
    let in_shape = xf.layout().shape().to_vec();
    Some(record(
        MaxPoolBackward,
        [&x],
        (Arc::new(arg), in_shape, g),
        y,
    ))
}
