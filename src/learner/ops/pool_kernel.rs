//! 2-D max pooling on plain `f32` slices, with the argmax kept for the backward pass.
//!
//! Input `[planes, h, w]` (planes = batch · channels), output `[planes, oh, ow]` with
//! `oh = (h − k) / stride + 1` (no padding, floor mode, dilation 1). Each output's argmax is
//! the index inside its plane of the first maximum in row-major window order. Work is split
//! over planes with rayon; every plane writes only its own outputs.

use rayon::prelude::*;

/// Shape of one max pooling (square window, no padding).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolGeom {
    /// Input height (pixels).
    pub h: usize,
    /// Input width (pixels).
    pub w: usize,
    /// Window side.
    pub k: usize,
    /// Stride (both axes).
    pub stride: usize,
}

impl PoolGeom {
    /// Output height.
    pub fn oh(&self) -> usize {
        (self.h - self.k) / self.stride + 1
    }

    /// Output width.
    pub fn ow(&self) -> usize {
        (self.w - self.k) / self.stride + 1
    }
}

/// Max over each window: fills `y` (`[planes, oh, ow]`) and `arg` (same shape, index of the
/// chosen input inside its `h × w` plane).
pub fn max_forward(g: &PoolGeom, x: &[f32], y: &mut [f32], arg: &mut [u32]) {
    let (hw, ohw) = (g.h * g.w, g.oh() * g.ow());
    y.par_chunks_mut(ohw)
        .zip(arg.par_chunks_mut(ohw))
        .zip(x.par_chunks(hw))
        .for_each(|((yp, ap), xp)| plane_forward(g, xp, yp, ap));
}

/// [`max_forward`] on one plane: output rows in order, no division per output, and the
/// comparison as a select (`v > best`, strict: ties and NaNs keep the earlier value), so
/// the data-dependent branch of a naive loop does not stall it. 2×2 windows with stride 2
/// (every pooling of albench's models) take [`row_2x2`].
fn plane_forward(g: &PoolGeom, xp: &[f32], yp: &mut [f32], ap: &mut [u32]) {
    let ow = g.ow();
    for (oy, (yrow, arow)) in yp
        .chunks_exact_mut(ow)
        .zip(ap.chunks_exact_mut(ow))
        .enumerate()
    {
        let top = oy * g.stride * g.w;
        if g.k == 2 && g.stride == 2 {
            row_2x2(&xp[top..top + 2 * g.w], g.w, top, yrow, arow);
            continue;
        }
        for (ox, (yv, av)) in yrow.iter_mut().zip(arow.iter_mut()).enumerate() {
            let first = top + ox * g.stride;
            let (mut best, mut at) = (xp[first], first);
            for i in 0..g.k {
                let row = first + i * g.w;
                for (j, &v) in xp[row..row + g.k].iter().enumerate() {
                    (best, at) = pick(best, at, v, row + j);
                }
            }
            *yv = best;
            *av = at as u32;
        }
    }
}

/// `v` and `i` when `v > best` (strict), else `best` and `at`: the window order's first
/// maximum, as a select.
#[inline(always)]
fn pick<I>(best: f32, at: I, v: f32, i: I) -> (f32, I) {
    let gt = v > best;
    (if gt { v } else { best }, if gt { i } else { at })
}

/// One output row of a 2×2, stride-2 pooling: `rows` holds input rows `2·oy` and `2·oy + 1`
/// (`2 × w` floats, starting at plane index `top`). The window is visited in row-major order
/// (top-left, top-right, bottom-left, bottom-right) as in the general loop, in straight-line
/// code over independent outputs, which the compiler vectorises.
fn row_2x2(rows: &[f32], w: usize, top: usize, yrow: &mut [f32], arow: &mut [u32]) {
    let (r0, r1) = rows.split_at(w);
    let (wu, topu) = (w as u32, top as u32);
    for (ox, ((yv, av), (a, b))) in yrow
        .iter_mut()
        .zip(arow.iter_mut())
        .zip(r0.chunks_exact(2).zip(r1.chunks_exact(2)))
        .enumerate()
    {
        let (best, at) = (a[0], 0u32);
        let (best, at) = pick(best, at, a[1], 1);
        let (best, at) = pick(best, at, b[0], wu);
        let (best, at) = pick(best, at, b[1], wu + 1);
        *yv = best;
        *av = topu + 2 * ox as u32 + at;
    }
}

/// Input gradient: `dx` (`[planes, h, w]`, overwritten) gets each output gradient at its
/// argmax, summed where windows overlap.
pub fn max_backward(g: &PoolGeom, dy: &[f32], arg: &[u32], dx: &mut [f32]) {
    let (hw, ohw) = (g.h * g.w, g.oh() * g.ow());
    dx.par_chunks_mut(hw)
        .zip(dy.par_chunks(ohw))
        .zip(arg.par_chunks(ohw))
        .for_each(|((dxp, dyp), ap)| {
            dxp.fill(0.0);
            for (&d, &a) in dyp.iter().zip(ap) {
                dxp[a as usize] += d;
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_pool_of_a_hand_computed_plane() {
        // 4×4 plane, 2×2 windows, stride 2: maxima 6, 8, 14, 16 at (1,1), (1,3), (3,1), (3,3);
        // the tie in the last window (16 twice) goes to the first in row-major order.
        #[rustfmt::skip]
        let x = [
            1.0, 2.0, 3.0, 4.0,
            5.0, 6.0, 7.0, 8.0,
            9.0, 10.0, 11.0, 16.0,
            13.0, 14.0, 15.0, 16.0,
        ];
        let g = PoolGeom {
            h: 4,
            w: 4,
            k: 2,
            stride: 2,
        };
        let (mut y, mut arg) = ([0.0f32; 4], [0u32; 4]);
        max_forward(&g, &x, &mut y, &mut arg);
        assert_eq!(y, [6.0, 8.0, 14.0, 16.0]);
        assert_eq!(arg, [5, 7, 13, 11]);
        let mut dx = [f32::NAN; 16];
        max_backward(&g, &[1.0, 2.0, 3.0, 4.0], &arg, &mut dx);
        let mut want = [0.0f32; 16];
        (want[5], want[7], want[13], want[11]) = (1.0, 2.0, 3.0, 4.0);
        assert_eq!(dx, want);
    }

    #[test]
    fn overlapping_windows_sum_their_gradients() {
        // 1×3 plane... as 3×3 with k 2, stride 1: the centre 9 is every window's max.
        let x = [1.0, 2.0, 3.0, 4.0, 9.0, 5.0, 6.0, 7.0, 8.0];
        let g = PoolGeom {
            h: 3,
            w: 3,
            k: 2,
            stride: 1,
        };
        let (mut y, mut arg) = ([0.0f32; 4], [0u32; 4]);
        max_forward(&g, &x, &mut y, &mut arg);
        assert_eq!(y, [9.0; 4]);
        let mut dx = [0.0f32; 9];
        max_backward(&g, &[1.0, 2.0, 3.0, 4.0], &arg, &mut dx);
        assert_eq!(dx, [0.0, 0.0, 0.0, 0.0, 10.0, 0.0, 0.0, 0.0, 0.0]);
    }

    /// The first formulation of [`max_forward`] (a division per output, a branch per
    /// comparison), kept as the reference the faster plane loop must match bit for bit.
    fn reference(g: &PoolGeom, x: &[f32], planes: usize) -> (Vec<f32>, Vec<u32>) {
        let (hw, ow) = (g.h * g.w, g.ow());
        let ohw = g.oh() * ow;
        let (mut y, mut arg) = (vec![0.0; planes * ohw], vec![0; planes * ohw]);
        for p in 0..planes {
            for o in 0..ohw {
                let first = (o / ow) * g.stride * g.w + (o % ow) * g.stride;
                let (mut best, mut at) = (x[p * hw + first], first);
                for i in 0..g.k {
                    for j in 0..g.k {
                        let v = x[p * hw + first + i * g.w + j];
                        if v > best {
                            best = v;
                            at = first + i * g.w + j;
                        }
                    }
                }
                y[p * ohw + o] = best;
                arg[p * ohw + o] = at as u32;
            }
        }
        (y, arg)
    }

    #[test]
    fn plane_loop_matches_the_reference_bit_for_bit() {
        // values on a coarse grid so that ties are frequent, plus NaNs and −0.0 / +0.0
        let mut s = 12345u64;
        for (h, w, k, stride) in [
            (28, 28, 2, 2),
            (14, 14, 2, 2),
            (7, 9, 2, 2),
            (7, 9, 3, 2),
            (5, 5, 2, 1),
        ] {
            let g = PoolGeom { h, w, k, stride };
            let planes = 6;
            let x: Vec<f32> = (0..planes * h * w)
                .map(|i| {
                    s = s
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    match i % 17 {
                        3 => f32::NAN,
                        5 => -0.0,
                        _ => ((s >> 60) as f32) - 7.0,
                    }
                })
                .collect();
            let ohw = g.oh() * g.ow();
            let (mut y, mut arg) = (vec![0.0; planes * ohw], vec![0; planes * ohw]);
            max_forward(&g, &x, &mut y, &mut arg);
            let (ry, rarg) = reference(&g, &x, planes);
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&y), bits(&ry), "{g:?}");
            assert_eq!(arg, rarg, "{g:?}");
        }
    }
}
