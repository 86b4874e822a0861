//! The im2col + gemm kernels against a direct 7-loop convolution (forward, input gradient and
//! weight / bias gradients), over strides, paddings, kernel sizes and batch sizes.

use super::conv_kernel::{backward_w, backward_x, forward, im2col, ConvGeom};

/// Direct convolution: `y[b, o, oy, ox] = bias[o] + Σ_{c,i,j} w[o, c, i, j] · x[b, c, iy, ix]`
/// with `iy = oy·s + i − p`, `ix = ox·s + j − p`, terms outside the input dropped.
/// Calls `tap(b, o, y index, w index, x index)` for every in-range term.
fn for_taps(g: &ConvGeom, batch: usize, mut tap: impl FnMut(usize, usize, usize, usize, usize)) {
    let (oh, ow, k) = (g.oh(), g.ow(), g.k);
    for b in 0..batch {
        for o in 0..g.c_out {
            for oy in 0..oh {
                for ox in 0..ow {
                    for c in 0..g.c_in {
                        for i in 0..k {
                            for j in 0..k {
                                let iy = (oy * g.stride + i) as isize - g.pad as isize;
                                let ix = (ox * g.stride + j) as isize - g.pad as isize;
                                if iy < 0 || ix < 0 || iy >= g.h as isize || ix >= g.w as isize {
                                    continue;
                                }
                                let yi = ((b * g.c_out + o) * oh + oy) * ow + ox;
                                let wi = ((o * g.c_in + c) * k + i) * k + j;
                                let xi = ((b * g.c_in + c) * g.h + iy as usize) * g.w + ix as usize;
                                tap(b, o, yi, wi, xi);
                            }
                        }
                    }
                }
            }
        }
    }
}

fn values(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 40) as f32 / (1u64 << 24) as f32) - 0.5
        })
        .collect()
}

/// Elementwise `|a − b| ≤ 1e-4 · (1 + |b|)` (f32 sums taken in another order).
pub(super) fn close(a: &[f32], b: &[f32], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}: length");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!(
            (x - y).abs() <= 1e-4 * (1.0 + y.abs()),
            "{what}[{i}]: {x} vs {y}"
        );
    }
}

fn geoms() -> Vec<(ConvGeom, usize)> {
    let g = |c_in, c_out, h, w, k, stride, pad| ConvGeom {
        c_in,
        c_out,
        h,
        w,
        k,
        stride,
        pad,
    };
    vec![
        (g(1, 4, 7, 6, 3, 1, 1), 3),
        (g(3, 5, 8, 8, 3, 2, 1), 2),
        (g(2, 3, 9, 7, 5, 1, 2), 9),
        (g(4, 2, 6, 6, 1, 1, 0), 17),
        (g(2, 3, 5, 5, 3, 1, 0), 1),
        (g(3, 2, 10, 9, 4, 3, 2), 4),
    ]
}

#[test]
fn forward_matches_direct_convolution() {
    for (g, batch) in geoms() {
        let x = values(batch * g.x_len(), 1);
        let w = values(g.c_out * g.kdim(), 2);
        let bias = values(g.c_out, 3);
        let mut want = vec![0.0f32; batch * g.y_len()];
        for (i, v) in want.iter_mut().enumerate() {
            *v = bias[(i / (g.oh() * g.ow())) % g.c_out];
        }
        for_taps(&g, batch, |_, _, yi, wi, xi| want[yi] += w[wi] * x[xi]);
        let mut got = vec![f32::NAN; want.len()];
        forward(&g, &x, &w, Some(&bias), &mut got);
        close(&got, &want, &format!("forward {g:?}"));
        forward(&g, &x, &w, None, &mut got);
        let unbiased: Vec<f32> = want
            .iter()
            .enumerate()
            .map(|(i, v)| v - bias[(i / (g.oh() * g.ow())) % g.c_out])
            .collect();
        close(&got, &unbiased, &format!("forward without bias {g:?}"));
    }
}

#[test]
fn gradients_match_direct_convolution() {
    for (g, batch) in geoms() {
        let x = values(batch * g.x_len(), 4);
        let w = values(g.c_out * g.kdim(), 5);
        let dy = values(batch * g.y_len(), 6);
        let (mut dx_want, mut dw_want) = (vec![0.0f32; x.len()], vec![0.0f32; w.len()]);
        for_taps(&g, batch, |_, _, yi, wi, xi| {
            dx_want[xi] += w[wi] * dy[yi];
            dw_want[wi] += x[xi] * dy[yi];
        });
        let mut db_want = vec![0.0f32; g.c_out];
        for (i, v) in dy.iter().enumerate() {
            db_want[(i / (g.oh() * g.ow())) % g.c_out] += v;
        }
        let mut dx = vec![f32::NAN; x.len()];
        backward_x(&g, &w, &dy, &mut dx);
        close(&dx, &dx_want, &format!("dx {g:?}"));
        let (dw, db) = backward_w(&g, &x, &dy);
        close(&dw, &dw_want, &format!("dw {g:?}"));
        close(&db, &db_want, &format!("db {g:?}"));
    }
}

#[test]
fn im2col_of_a_hand_computed_image() {
    // 1 channel, 3×3 image 1..9, kernel 2, stride 1, pad 0 → 2×2 outputs; row (i, j) holds
    // x[oy + i, ox + j] for (oy, ox) in row-major order.
    let g = ConvGeom {
        c_in: 1,
        c_out: 1,
        h: 3,
        w: 3,
        k: 2,
        stride: 1,
        pad: 0,
    };
    let x: Vec<f32> = (1..=9).map(|v| v as f32).collect();
    let mut cols = vec![0.0f32; 4 * 4];
    im2col(&g, &x, &mut cols);
    #[rustfmt::skip]
    let want = [
        1.0, 2.0, 4.0, 5.0,
        2.0, 3.0, 5.0, 6.0,
        4.0, 5.0, 7.0, 8.0,
        5.0, 6.0, 8.0, 9.0,
    ];
    assert_eq!(cols, want);
}

#[test]
fn weight_gradient_is_the_same_for_any_thread_count() {
    let g = ConvGeom {
        c_in: 3,
        c_out: 4,
        h: 8,
        w: 8,
        k: 3,
        stride: 1,
        pad: 1,
    };
    let batch = 37;
    let x = values(batch * g.x_len(), 7);
    let dy = values(batch * g.y_len(), 8);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let three = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    let a = one.install(|| backward_w(&g, &x, &dy));
    let b = three.install(|| backward_w(&g, &x, &dy));
    assert_eq!(a, b);
}

#[test]
fn row_sums_are_bit_identical_to_sequential_sums() {
    // add_row_sums must give, bit for bit, `db[c] + row_c.iter().sum()`: the order of the
    // additions is what makes results identical to the committed reports.
    use super::conv_kernel::add_row_sums;
    for (rows, len) in [(1, 5), (7, 13), (8, 196), (19, 784), (32, 1)] {
        let mut data = values(rows * len, (rows * 31 + len) as u64);
        // an all −0.0 row, and rows of large and cancelling magnitudes
        data[..len].iter_mut().for_each(|v| *v = -0.0);
        if rows > 2 {
            data[len..2 * len]
                .iter_mut()
                .enumerate()
                .for_each(|(i, v)| {
                    *v = if i % 2 == 0 {
                        1e8
                    } else {
                        -1e8 + 0.37 * i as f32
                    }
                });
        }
        let start = values(rows, 99);
        let want: Vec<u32> = start
            .iter()
            .zip(data.chunks_exact(len))
            .map(|(d, row)| (d + row.iter().sum::<f32>()).to_bits())
            .collect();
        let mut got = start.clone();
        add_row_sums(&mut got, &data, len);
        let got: Vec<u32> = got.iter().map(|v| v.to_bits()).collect();
        assert_eq!(got, want, "{rows} rows of {len}");
    }
}
