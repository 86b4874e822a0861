//! Gathering images and labels into tensors, one mini-batch at a time.

use burn::prelude::*;

use crate::data::ImageSet;

/// Images `idx` of `set` as a `[idx.len(), c, h, w]` tensor. `buf` is reused across
/// batches (cleared, then filled), so gathering does not allocate per sample.
pub fn images(set: &ImageSet, idx: &[usize], buf: &mut Vec<f32>, device: &Device) -> Tensor<4> {
    buf.clear();
    for &i in idx {
        buf.extend_from_slice(set.image(i));
    }
    let shape = [idx.len(), set.channels, set.height, set.width];
    Tensor::from_data(TensorData::new(buf.clone(), shape), device)
}

/// Labels `idx` of `set` as an Int tensor `[idx.len()]`.
pub fn labels(set: &ImageSet, idx: &[usize], device: &Device) -> Tensor<1, Int> {
    let v: Vec<i64> = idx.iter().map(|&i| set.labels[i] as i64).collect();
    Tensor::from_data(TensorData::new(v, [idx.len()]), device)
}
