//! Gathering images and labels into tensors, one mini-batch at a time.

use burn::prelude::*;

use crate::data::ImageSet;
use crate::pool::SampleId;

/// Images `idx` of `set` as a `[idx.len(), c, h, w]` tensor of floats in [0, 1], converted
/// from the set's storage (bytes, floats, a cache file read a chunk at a time) here, one
/// batch at a time. One allocation per batch (the tensor takes ownership of it); nothing is
/// allocated per sample.
pub fn images(set: &ImageSet, idx: &[usize], device: &Device) -> Tensor<4> {
    let mut data = Vec::with_capacity(idx.len() * set.sample_len());
    set.extend_images(idx, &mut data);
    let shape = [idx.len(), set.channels, set.height, set.width];
    Tensor::from_data(TensorData::new(data, shape), device)
}

/// Dataset indices of sample ids (the pool split's rows).
pub fn ids_to_indices(ids: &[SampleId]) -> Vec<usize> {
    ids.iter().map(|id| id.0 as usize).collect()
}
