//! Sums and means over the last dimension of a `[rows, n]` tensor on the `flex` backend as
//! albench's own autodiff op, each row added in the AVX2 order ([`sum_avx2_order`])
//! whatever the host.
//!
//! flex reduces a contiguous last dimension with `sum_rows_f32` → `sum_body` per row
//! (`burn-flex` 0.22.1, `ops/reduce.rs` l. 1156–1174), whose order follows the host's SIMD
//! width (8 lanes with AVX2, 16 with AVX-512); `mean_dim` and `mean` divide that sum by the
//! count (`scalar_div`, l. 2366). Reductions over any other dimension add row after row
//! element by element (`scatter_add_batched`), the same in any width, and are left to burn.
//!
//! Gradients, as burn's autodiff forms them (`burn-autodiff` 0.22.1, `ops/tensor.rs`:
//! `float_sum_dim` l. 2680, `float_mean_dim` l. 2641, `float_mean` l. 2574), for an upstream
//! gradient `g_r` of row `r` and `v = (1 / n)` rounded to f32:
//! - [`Reduce::Sum`]: `dx_rj = 1 · (0 + g_r)` (burn sums `g` over the reduced axis of size 1:
//!   `+0 + g_r`, so a −0 gradient becomes +0);
//! - [`Reduce::Mean`]: `dx_rj = v · (0 + g_r)`;
//! - [`Reduce::MeanAll`] (`mean` of all values, one row): `dx_j = v · g`.
//!
//! So on an AVX2 host the values and gradients are bit for bit burn's, and on every host they
//! are those.

use burn::backend::Flex;
use burn::prelude::*;
use burn_autodiff::checkpoint::base::Checkpointer;
use burn_autodiff::grads::Gradients;
use burn_autodiff::ops::{Backward, Ops};

use super::flex::{contiguous, record, tensor, values, Ad};
use super::lane_sum::sum_avx2_order;

/// Which reduction of each row, as burn names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduce {
    /// `sum_dim` over the last dimension.
    Sum,
    /// `mean_dim` over the last dimension.
    Mean,
    /// `mean()` of a whole tensor, taken as one row.
    MeanAll,
}

/// The reduction `how` of every row of `x` (`[rows, n]`) → `[rows]`, or `None` off flex or
/// for other dtypes.
pub fn try_reduce_rows(x: &Tensor<2>, how: Reduce) -> Option<Tensor<1>> {
    let [rows, n] = x.dims();
    if rows == 0 || n == 0 {
        return None;
    }
    if let Ok(xp) = x.clone().try_into_primitive::<Ad>() {
        let xf = contiguous(xp.primitive())?;
        let y = tensor(forward(values(&xf), n, how), vec![rows]);
        let out = record(RowReduceBackward, [&xp], (rows, n, how), y);
        return Some(Tensor::from_primitive::<Ad>(out));
    }
    let xf = contiguous(&x.clone().try_into_primitive::<Flex>().ok()?)?;
    let y = tensor(forward(values(&xf), n, how), vec![rows]);
    Some(Tensor::from_primitive::<Flex>(y))
}

/// Each row of `x` (row-major, rows of `n`) summed in the AVX2 order, divided by `n` for a
/// mean.
pub fn forward(x: &[f32], n: usize, how: Reduce) -> Vec<f32> {
    x.chunks_exact(n)
        .map(|row| {
            let s = sum_avx2_order(row);
            match how {
                Reduce::Sum => s,
                Reduce::Mean | Reduce::MeanAll => s / n as f32,
            }
        })
        .collect()
}

/// `∂/∂x` (`[rows, n]`, row-major) for the upstream gradients `g` (`[rows]`).
pub fn gradient(g: &[f32], n: usize, how: Reduce) -> Vec<f32> {
    let v = (1.0f64 / n as f64) as f32;
    let mut dx = Vec::with_capacity(g.len() * n);
    for &gr in g {
        let d = match how {
            Reduce::Sum => 1.0 * (0.0 + gr),
            Reduce::Mean => v * (0.0 + gr),
            Reduce::MeanAll => v * gr,
        };
        dx.extend(std::iter::repeat_n(d, n));
    }
    dx
}

/// The backward step: the input's gradient from the upstream one.
#[derive(Debug)]
struct RowReduceBackward;

impl Backward<Flex, 1> for RowReduceBackward {
    /// (rows, n, reduction).
    type State = (usize, usize, Reduce);

    fn backward(self, ops: Ops<Self::State, 1>, grads: &mut Gradients, _: &mut Checkpointer) {
        let [node] = ops.parents;
        let up = grads.consume::<Flex>(&ops.node);
        let Some(node) = node else { return };
        let (rows, n, how) = ops.state;
        let up = contiguous(&up).expect("reduction gradient is f32");
        let dx = gradient(values(&up), n, how);
        grads.register::<Flex>(node.id, tensor(dx, vec![rows, n]));
    }
}
