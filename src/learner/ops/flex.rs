//! Moving `flex` tensors to and from plain `f32` slices for the kernels of this module.

use burn::tensor::TensorData;
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
