//! Convolution kernels on plain `f32` slices: per-sample im2col + one gemm, for the forward
//! pass and both gradients. No burn types here; `op.rs` wires them into autodiff.
//!
//! Layouts (all row-major, contiguous):
//! - input `x`: `[batch, c_in, h, w]`; output / output gradient: `[batch, c_out, oh, ow]`;
//! - weight: `[c_out, c_in, k, k]`, read as the matrix `[c_out, kdim]` with `kdim = c_in·k²`;
//! - a sample's column matrix `cols`: `[kdim, oh·ow]`, row `(c, i, j)` holding the input pixel
//!   that kernel tap `(i, j)` of channel `c` sees at each output position (0 in the padding).
//!
//! Work is split over samples with rayon; every sample writes only its own output, and the
//! weight gradient sums fixed chunks of [`WGRAD_CHUNK`] samples in a fixed order, so results do
//! not depend on the number of threads.

use rayon::prelude::*;

use crate::matmul::{gemm, Mat};

/// Samples per partial sum of the weight gradient (fixed, for thread-count-independent sums).
pub const WGRAD_CHUNK: usize = 8;

/// Shape of one 2-D convolution (square kernel, dilation 1, one group).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvGeom {
    /// Input channels.
    pub c_in: usize,
    /// Output channels.
    pub c_out: usize,
    /// Input height (pixels).
    pub h: usize,
    /// Input width (pixels).
    pub w: usize,
    /// Kernel side.
    pub k: usize,
    /// Stride (both axes).
    pub stride: usize,
    /// Zero padding on each side (both axes).
    pub pad: usize,
}

impl ConvGeom {
    /// Output height: `(h + 2·pad − k) / stride + 1`.
    pub fn oh(&self) -> usize {
        (self.h + 2 * self.pad - self.k) / self.stride + 1
    }

    /// Output width: `(w + 2·pad − k) / stride + 1`.
    pub fn ow(&self) -> usize {
        (self.w + 2 * self.pad - self.k) / self.stride + 1
    }

    /// Rows of a column matrix: `c_in · k²`.
    pub fn kdim(&self) -> usize {
        self.c_in * self.k * self.k
    }

    /// A 1×1 kernel, stride 1, no padding: the input sample is its own column matrix.
    pub fn pointwise(&self) -> bool {
        self.k == 1 && self.stride == 1 && self.pad == 0
    }

    /// Floats of one column-matrix buffer: none for a pointwise layer.
    fn cols_len(&self) -> usize {
        if self.pointwise() {
            0
        } else {
            self.kdim() * self.oh() * self.ow()
        }
    }

    /// Floats of one input sample.
    pub fn x_len(&self) -> usize {
        self.c_in * self.h * self.w
    }

    /// Floats of one output sample.
    pub fn y_len(&self) -> usize {
        self.c_out * self.oh() * self.ow()
    }

    /// The output range `[lo, hi)` along one axis whose tap `t` reads an input inside
    /// `[0, size)`: input index `o·stride + t − pad`.
    fn valid(&self, t: usize, size: usize, out: usize) -> (usize, usize) {
        let lo = self.pad.saturating_sub(t).div_ceil(self.stride);
        let hi = if size + self.pad > t {
            ((size + self.pad - t - 1) / self.stride + 1).min(out)
        } else {
            0
        };
        (lo.min(hi), hi)
    }
}

/// Fill `cols` (`[kdim, oh·ow]`) from one input sample `x` (`[c_in, h, w]`).
pub fn im2col(g: &ConvGeom, x: &[f32], cols: &mut [f32]) {
    let (oh, ow) = (g.oh(), g.ow());
    debug_assert_eq!(x.len(), g.x_len());
    debug_assert_eq!(cols.len(), g.kdim() * oh * ow);
    for (row, dst) in cols.chunks_exact_mut(oh * ow).enumerate() {
        let c = row / (g.k * g.k);
        let (i, j) = ((row / g.k) % g.k, row % g.k);
        let src = &x[c * g.h * g.w..(c + 1) * g.h * g.w];
        let (ylo, yhi) = g.valid(i, g.h, oh);
        let (xlo, xhi) = g.valid(j, g.w, ow);
        for (oy, line) in dst.chunks_exact_mut(ow).enumerate() {
            if oy < ylo || oy >= yhi {
                line.fill(0.0);
                continue;
            }
            let iy = oy * g.stride + i - g.pad;
            let srow = &src[iy * g.w..(iy + 1) * g.w];
            line[..xlo].fill(0.0);
            line[xhi.max(xlo)..].fill(0.0);
            if g.stride == 1 {
                let x0 = xlo + j - g.pad;
                line[xlo..xhi].copy_from_slice(&srow[x0..x0 + (xhi - xlo)]);
            } else {
                for (ox, d) in line[xlo..xhi].iter_mut().enumerate() {
                    *d = srow[(xlo + ox) * g.stride + j - g.pad];
                }
            }
        }
    }
}

/// Add the column-matrix gradient `cols` (`[kdim, oh·ow]`) into one input sample's gradient
/// `dx` (`[c_in, h, w]`): the adjoint of [`im2col`].
pub fn col2im_add(g: &ConvGeom, cols: &[f32], dx: &mut [f32]) {
    let (oh, ow) = (g.oh(), g.ow());
    debug_assert_eq!(dx.len(), g.x_len());
    for (row, src) in cols.chunks_exact(oh * ow).enumerate() {
        let c = row / (g.k * g.k);
        let (i, j) = ((row / g.k) % g.k, row % g.k);
        let dst = &mut dx[c * g.h * g.w..(c + 1) * g.h * g.w];
        let (ylo, yhi) = g.valid(i, g.h, oh);
        let (xlo, xhi) = g.valid(j, g.w, ow);
        for oy in ylo..yhi {
            let iy = oy * g.stride + i - g.pad;
            let drow = &mut dst[iy * g.w..(iy + 1) * g.w];
            let line = &src[oy * ow..(oy + 1) * ow];
            if g.stride == 1 {
                let x0 = xlo + j - g.pad;
                let d = &mut drow[x0..x0 + (xhi - xlo)];
                d.iter_mut().zip(&line[xlo..xhi]).for_each(|(d, v)| *d += v);
            } else {
                for ox in xlo..xhi {
                    drow[ox * g.stride + j - g.pad] += line[ox];
                }
            }
        }
    }
}

/// Forward pass: `y[b] = W · im2col(x[b]) (+ bias)`. `x`: `[batch, c_in, h, w]`, `weight`:
/// `[c_out, kdim]`, `bias`: `[c_out]`, `y`: `[batch, c_out, oh, ow]` (overwritten).
pub fn forward(g: &ConvGeom, x: &[f32], weight: &[f32], bias: Option<&[f32]>, y: &mut [f32]) {
    let (ohw, kdim) = (g.oh() * g.ow(), g.kdim());
    let per_task = samples_per_task(y.len() / g.y_len().max(1));
    y.par_chunks_mut(g.y_len() * per_task)
        .zip(x.par_chunks(g.x_len() * per_task))
        .for_each(|(ys, xs)| {
            let pointwise = g.pointwise();
            let mut cols = vec![0.0f32; g.cols_len()];
            for (yb, xb) in ys
                .chunks_exact_mut(g.y_len())
                .zip(xs.chunks_exact(g.x_len()))
            {
                if !pointwise {
                    im2col(g, xb, &mut cols);
                }
                let rhs = if pointwise { xb } else { &cols[..] };
                match bias {
                    Some(bias) => {
                        for (row, &bv) in yb.chunks_exact_mut(ohw).zip(bias) {
                            row.fill(bv);
                        }
                    }
                    None => yb.fill(0.0),
                }
                gemm(
                    g.c_out,
                    ohw,
                    kdim,
                    yb,
                    Mat::rows(weight, kdim),
                    Mat::rows(rhs, ohw),
                    true,
                );
            }
        });
}

/// Input gradient: `dx[b] = col2im(Wᵀ · dy[b])`. `dy`: `[batch, c_out, oh, ow]`, `dx`:
/// `[batch, c_in, h, w]` (overwritten).
pub fn backward_x(g: &ConvGeom, weight: &[f32], dy: &[f32], dx: &mut [f32]) {
    let (ohw, kdim) = (g.oh() * g.ow(), g.kdim());
    let per_task = samples_per_task(dx.len() / g.x_len().max(1));
    dx.par_chunks_mut(g.x_len() * per_task)
        .zip(dy.par_chunks(g.y_len() * per_task))
        .for_each(|(dxs, dys)| {
            let pointwise = g.pointwise();
            let mut cols = vec![0.0f32; g.cols_len()];
            for (dxb, dyb) in dxs
                .chunks_exact_mut(g.x_len())
                .zip(dys.chunks_exact(g.y_len()))
            {
                let dst: &mut [f32] = if pointwise { dxb } else { &mut cols };
                gemm(
                    kdim,
                    ohw,
                    g.c_out,
                    dst,
                    Mat::transposed(weight, kdim),
                    Mat::rows(dyb, ohw),
                    false,
                );
                if !pointwise {
                    dxb.fill(0.0);
                    col2im_add(g, &cols, dxb);
                }
            }
        });
}

/// Weight and bias gradients: `dW = Σ_b dy[b] · im2col(x[b])ᵀ` (`[c_out, kdim]`) and
/// `db = Σ_b Σ_pixels dy[b]` (`[c_out]`), summed per chunk of [`WGRAD_CHUNK`] samples and then
/// over chunks in order.
pub fn backward_w(g: &ConvGeom, x: &[f32], dy: &[f32]) -> (Vec<f32>, Vec<f32>) {
    let (ohw, kdim) = (g.oh() * g.ow(), g.kdim());
    let partials: Vec<(Vec<f32>, Vec<f32>)> = x
        .par_chunks(g.x_len() * WGRAD_CHUNK)
        .zip(dy.par_chunks(g.y_len() * WGRAD_CHUNK))
        .map(|(xs, dys)| {
            let mut dw = vec![0.0f32; g.c_out * kdim];
            let mut db = vec![0.0f32; g.c_out];
            let pointwise = g.pointwise();
            let mut cols = vec![0.0f32; g.cols_len()];
            for (xb, dyb) in xs.chunks_exact(g.x_len()).zip(dys.chunks_exact(g.y_len())) {
                if !pointwise {
                    im2col(g, xb, &mut cols);
                }
                let rhs = if pointwise { xb } else { &cols[..] };
                gemm(
                    g.c_out,
                    kdim,
                    ohw,
                    &mut dw,
                    Mat::rows(dyb, ohw),
                    Mat::transposed(rhs, ohw),
                    true,
                );
                add_row_sums(&mut db, dyb, ohw);
            }
            (dw, db)
        })
        .collect();
    let mut it = partials.into_iter();
    let (mut dw, mut db) = it
        .next()
        .unwrap_or_else(|| (vec![0.0; g.c_out * kdim], vec![0.0; g.c_out]));
    for (pw, pb) in it {
        dw.iter_mut().zip(&pw).for_each(|(a, b)| *a += b);
        db.iter_mut().zip(&pb).for_each(|(a, b)| *a += b);
    }
    (dw, db)
}

/// `db[c] += Σ_p rows[c·len + p]` for every row `c` of `rows` (`[db.len(), len]`), each row
/// summed from −0.0 in order of `p` exactly as `row.iter().sum::<f32>()` does, but
/// [`ROW_GROUP`] rows at a time with one accumulator each: independent additions instead of
/// one chain whose latency bounds the loop. Same values, bit for bit.
pub fn add_row_sums(db: &mut [f32], rows: &[f32], len: usize) {
    debug_assert_eq!(rows.len(), db.len() * len);
    let mut groups = db.chunks_exact_mut(ROW_GROUP);
    let mut blocks = rows.chunks_exact(ROW_GROUP * len.max(1));
    for (dg, block) in (&mut groups).zip(&mut blocks) {
        let r: [&[f32]; ROW_GROUP] = std::array::from_fn(|i| &block[i * len..][..len]);
        let mut acc = [-0.0f32; ROW_GROUP];
        // `p` walks the eight rows in lockstep: one independent accumulator per row.
        #[allow(clippy::needless_range_loop)]
        for p in 0..len {
            for i in 0..ROW_GROUP {
                acc[i] += r[i][p];
            }
        }
        dg.iter_mut().zip(acc).for_each(|(d, a)| *d += a);
    }
    let rest = rows.len() - blocks.remainder().len();
    for (d, row) in groups
        .into_remainder()
        .iter_mut()
        .zip(rows[rest..].chunks_exact(len.max(1)))
    {
        *d += row.iter().sum::<f32>();
    }
}

/// Rows summed together by [`add_row_sums`].
const ROW_GROUP: usize = 8;

/// Samples per rayon task: enough tasks to keep every thread busy, few enough that each
/// task's column buffer is reused across several samples.
fn samples_per_task(batch: usize) -> usize {
    let tasks = 4 * rayon::current_num_threads();
    batch.div_ceil(tasks).max(1)
}
