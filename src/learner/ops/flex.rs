//! Moving `flex` tensors to and from plain `f32` slices for the kernels of this module, and
//! the dispatch and recording that every custom op shares.

use burn::backend::{Autodiff, BackendTypes, Flex};
use burn::prelude::*;
use burn::tensor::TensorData;
use burn_autodiff::checkpoint::strategy::NoCheckpointing;
use burn_autodiff::ops::{Backward, OpsKind};
use burn_flex::FlexTensor;

/// A contiguous `f32` flex tensor with the same values (a copy only if `t` is strided), or
/// `None` for other dtypes.
pub fn contiguous(t: &FlexTensor) -> Option<FlexTensor> {
    let t = if t.as_slice::<f32>().is_some() {
        t.clone()
    } else {
        t.to_contiguous()
    };
    t.as_slice::<f32>().is_some().then_some(t)
}

/// The `f32` values of a tensor made by [`contiguous`].
pub fn values(t: &FlexTensor) -> &[f32] {
    t.as_slice::<f32>()
        .expect("a tensor made contiguous f32 by `contiguous`")
}

/// A flex tensor of `shape` owning `values` (row-major).
pub fn tensor(values: Vec<f32>, shape: Vec<usize>) -> FlexTensor {
    FlexTensor::from_data(TensorData::new(values, shape))
}

/// The autodiff backend of albench's ops.
pub type Ad = Autodiff<Flex>;
/// A tensor primitive of [`Ad`].
pub type AdTensor = <Ad as BackendTypes>::FloatTensorPrimitive;

/// A layer op `y = f(x, weight, bias)` on flex: on the autodiff device `tracked` gets the
/// three primitives (and records its backward step, e.g. with [`record`]), on the plain
/// device `plain` gets them; `None` off flex, or where either declines.
pub fn layer_op<const D: usize, const E: usize>(
    x: &Tensor<D>,
    weight: Tensor<E>,
    bias: Tensor<1>,
    tracked: impl FnOnce(AdTensor, AdTensor, AdTensor) -> Option<AdTensor>,
    plain: impl FnOnce(&FlexTensor, &FlexTensor, &FlexTensor) -> Option<FlexTensor>,
) -> Option<Tensor<D>> {
    if let Ok(xp) = x.clone().try_into_primitive::<Ad>() {
        let wp = weight.try_into_primitive::<Ad>().ok()?;
        let bp = bias.try_into_primitive::<Ad>().ok()?;
        return Some(Tensor::from_primitive::<Ad>(tracked(xp, wp, bp)?));
    }
    let xp = x.clone().try_into_primitive::<Flex>().ok()?;
    let wp = weight.try_into_primitive::<Flex>().ok()?;
    let bp = bias.try_into_primitive::<Flex>().ok()?;
    Some(Tensor::from_primitive::<Flex>(plain(&xp, &wp, &bp)?))
}

/// `y` as the output of `op` on `parents`, `state` kept for its backward step when a parent
/// is tracked.
pub fn record<B: Backward<Flex, N>, const N: usize>(
    op: B,
    parents: [&AdTensor; N],
    state: B::State,
    y: FlexTensor,
) -> AdTensor {
    match op
        .prepare::<NoCheckpointing>(parents.map(|p| p.node()))
        .compute_bound()
        .stateful()
    {
        OpsKind::Tracked(prep) => prep.finish(state, y),
        OpsKind::UnTracked(prep) => prep.finish(y),
    }
}
