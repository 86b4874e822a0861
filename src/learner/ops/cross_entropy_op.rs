//! Mean cross-entropy of logits against class labels on the `flex` backend as albench's own
//! autodiff op, with its two sums in a fixed order.
//!
//! burn's `CrossEntropyLoss` (logits, no weights, no smoothing) is
//! `−mean(gather(log_softmax(z), t))`, with `log_softmax(z) = s − ln Σ exp(s)`, `s = z − max z`
//! (`burn-backend` 0.22.1, `ops/activation.rs` l. 271–276). Two of its steps are sums whose
//! order follows the host's SIMD width on flex: the normaliser `Σ exp(s)` over a row's
//! classes and the batch mean. Here both take the AVX2 order ([`sum_avx2_order`]), and every
//! other step is the same IEEE operation burn's graph performs (`f32::exp`, `f32::ln`,
//! subtraction, `1 / x`, products), so on an AVX2 host the loss and its gradient are bit for
//! bit burn's, and on every host they are those.
//!
//! Gradient, as burn's autodiff forms it (`G` the loss's upstream gradient, `b` the batch,
//! `v = (1 / b)` rounded to f32, `S` a row's normaliser, `e = exp(s)`):
//! `d_g = v · (−G)`; `dz_j = (−d_g · (1 / S)) · e_j`, plus `d_g` at the label's column.

use burn::backend::Flex;
use burn::prelude::*;
use burn_autodiff::checkpoint::base::Checkpointer;
use burn_autodiff::grads::Gradients;
use burn_autodiff::ops::{Backward, Ops};
use burn_flex::FlexTensor;

use super::flex::{contiguous, record, tensor, values, Ad};
use super::lane_sum::sum_avx2_order;

/// Mean cross-entropy `[1]` of `logits` (`[batch, classes]`) against `targets` (one class
/// index per row), or `None` off flex, for other dtypes, or with a target out of range.
pub fn try_cross_entropy(logits: &Tensor<2>, targets: &[usize]) -> Option<Tensor<1>> {
    let [batch, classes] = logits.dims();
    if batch != targets.len() || batch == 0 || targets.iter().any(|&t| t >= classes) {
        return None;
    }
    if let Ok(zp) = logits.clone().try_into_primitive::<Ad>() {
        let zf = contiguous(zp.primitive())?;
        let loss = tensor(vec![loss(values(&zf), classes, targets)], vec![1]);
        let state = (zf, targets.to_vec());
        let out = record(CrossEntropyBackward, [&zp], state, loss);
        return Some(Tensor::from_primitive::<Ad>(out));
    }
    let zf = contiguous(&logits.clone().try_into_primitive::<Flex>().ok()?)?;
    let loss = tensor(vec![loss(values(&zf), classes, targets)], vec![1]);
    Some(Tensor::from_primitive::<Flex>(loss))
}

/// One row's shift `max z` and normaliser `S = Σ exp(z − max z)`, with `e` filled with the
/// `exp(z_j − max z)`.
fn normaliser(row: &[f32], e: &mut [f32]) -> (f32, f32) {
    let m = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    for (ej, &z) in e.iter_mut().zip(row) {
        *ej = (z - m).exp();
    }
    (m, sum_avx2_order(e))
}

/// `−(Σ_i ((z_i,t − max z_i) − ln S_i)) / batch`, the sum in the AVX2 order.
pub fn loss(z: &[f32], classes: usize, targets: &[usize]) -> f32 {
    let mut e = vec![0.0f32; classes];
    let g: Vec<f32> = z
        .chunks_exact(classes)
        .zip(targets)
        .map(|(row, &t)| {
            let (m, s) = normaliser(row, &mut e);
            (row[t] - m) - s.ln()
        })
        .collect();
    -(sum_avx2_order(&g) / g.len() as f32)
}

/// `∂loss/∂z` (`[batch, classes]`, row-major) for an upstream gradient `upstream`.
pub fn gradient(z: &[f32], classes: usize, targets: &[usize], upstream: f32) -> Vec<f32> {
    let v = (1.0f64 / targets.len() as f64) as f32;
    let d_g = v * -upstream;
    let mut dz = vec![0.0f32; z.len()];
    for ((row, out), &t) in z
        .chunks_exact(classes)
        .zip(dz.chunks_exact_mut(classes))
        .zip(targets)
    {
        let (_, s) = normaliser(row, out);
        let d_s = -d_g * (1.0 / s);
        for ej in out.iter_mut() {
            *ej *= d_s;
        }
        out[t] += d_g;
    }
    dz
}

/// The backward step: the logits' gradient from the saved logits and targets.
#[derive(Debug)]
struct CrossEntropyBackward;

impl Backward<Flex, 1> for CrossEntropyBackward {
    /// (logits `[batch, classes]`, contiguous; targets).
    type State = (FlexTensor, Vec<usize>);

    fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [node] = ops.parents;
        let up = grads.consume::<Flex>(&ops.node);
        let Some(node) = node else { return };
        let (z, targets) = ops.state;
        let up = contiguous(&up).expect("loss gradient is f32");
        let shape = z.layout().shape().to_vec();
        let dz = gradient(values(&z), shape[1], &targets, values(&up)[0]);
        grads.register::<Flex>(node.id, tensor(dz, shape));
    }
}
