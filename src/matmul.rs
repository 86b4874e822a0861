//! The one matrix multiply of albench's own kernels (the learner's ops, the samplers'
//! distance tiles): `gemm` (the crate flex itself uses) on strided
//! `f32` slices, its sum over k cut at points fixed by the shapes alone. `gemm` itself cuts
//! a long sum where the host's L1 cache says (only for large products: k > 512 with m or n
//! over 64, as in the weight gradient of a convolution over a 48 × 48 map); there these
//! functions call it once per block of [`pinned_kc`], the blocks `gemm` takes on a 32 KiB
//! 8-way L1d, so the results do not depend on the host's cache sizes
//! (docs/performance.md, "Numerics across machines").

/// A matrix operand: a slice with its row and column strides (in elements).
#[derive(Clone, Copy)]
pub struct Mat<'a> {
    /// Elements, covering every `(r, c)` with `r·rs + c·cs` in range.
    pub data: &'a [f32],
    /// Row stride.
    pub rs: usize,
    /// Column stride.
    pub cs: usize,
}

impl<'a> Mat<'a> {
    /// Row-major `[rows, cols]` matrix.
    pub fn rows(data: &'a [f32], cols: usize) -> Self {
        Mat {
            data,
            rs: cols,
            cs: 1,
        }
    }

    /// The transpose of the row-major `[rows, cols]` matrix `data`.
    pub fn transposed(data: &'a [f32], cols: usize) -> Self {
        Mat {
            data,
            rs: 1,
            cs: cols,
        }
    }

    fn fits(&self, r: usize, c: usize) -> bool {
        r == 0 || c == 0 || (r - 1) * self.rs + (c - 1) * self.cs < self.data.len()
    }
}

/// `dst[m, n] (row-major) = a[m, k] · b[k, n] (+ dst if accumulate)`, single-threaded,
/// summed over k in blocks fixed by the shapes ([`gemm_blocked`]).
pub fn gemm(m: usize, n: usize, k: usize, dst: &mut [f32], a: Mat, b: Mat, accumulate: bool) {
    gemm_blocked(m, n, k, dst, a, b, accumulate, gemm::Parallelism::None);
}

/// One `gemm` call as flex makes it (the host may block k).
#[allow(clippy::too_many_arguments)]
pub fn gemm_with(
    m: usize,
    n: usize,
    k: usize,
    dst: &mut [f32],
    a: Mat,
    b: Mat,
    accumulate: bool,
    parallelism: gemm::Parallelism,
) {
    assert!(
        dst.len() >= m * n && a.fits(m, k) && b.fits(k, n),
        "gemm operand too small"
    );
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        if !accumulate {
            dst[..m * n].fill(0.0);
        }
        return;
    }
    // SAFETY: the asserts above keep every index the kernel reads or writes inside the slices
    // (dst is row-major m × n; a and b are read at r·rs + c·cs for r, c below their shapes).
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            dst.as_mut_ptr(),
            1,
            n as isize,
            accumulate,
            a.data.as_ptr(),
            a.cs as isize,
            a.rs as isize,
            b.data.as_ptr(),
            b.cs as isize,
            b.rs as isize,
            1.0,
            1.0,
            false,
            false,
            false,
            parallelism,
        );
    }
}

/// The largest k one `gemm` call may sum without the host entering: `gemm` cuts a longer
/// sum into blocks of `⌈k / ⌈k / auto_kc⌉⌉`, where `auto_kc ≥ 512` follows the L1 cache
/// (512 for a 32 KiB 8-way L1d, 1024 for a 48 KiB 12-way one; `gemm-common` 0.19.0,
/// `cache.rs` `kernel_params`), and sums k ≤ `auto_kc` in one block.
pub const PINNED_KC: usize = 512;

/// Whether `gemm` would block the sum over k of this product by the host's L1 cache: the
/// product reaches `kernel_params` (`gemm-common` 0.19.0, `gemm.rs` l. 260–365) — not the
/// horizontal kernels (`m·n ≤ 256`, contiguous k on both sides: fixed blocks of 1024), not
/// `gevv` (k ≤ 2) or `gemv` (a side of 1), not the small case (m, n ≤ 64: fixed blocks of
/// 512) — with k over [`PINNED_KC`]. Strides as `gemm` sees them after it transposes a
/// row-major destination (`gemm-0.19.0/src/gemm.rs` l. 177–201).
pub fn blocked_by_host(m: usize, n: usize, k: usize, a: Mat, b: Mat) -> bool {
    if m == 0 || n == 0 || k <= PINNED_KC {
        return false;
    }
    // dst is row-major: cs 1, rs n; gemm transposes when cs < rs.
    let (m, n, lhs_cs, lhs_rs, rhs_cs, rhs_rs, dst_cs, dst_rs) = if 1 < n {
        (n, m, b.rs, b.cs, a.rs, a.cs, n, 1)
    } else {
        (m, n, a.cs, a.rs, b.cs, b.rs, 1, n)
    };
    let horizontal = lhs_cs == 1 && rhs_rs == 1 && m * n <= 16 * 16;
    let gemv = (n <= 1 && lhs_rs == 1 && dst_rs == 1)
        || (n <= 1 && lhs_cs == 1 && rhs_rs == 1)
        || (m <= 1 && rhs_cs == 1 && dst_cs == 1)
        || (m <= 1 && rhs_rs == 1 && lhs_cs == 1);
    let small = m <= 64 && n <= 64;
    !(horizontal || gemv || small)
}

/// The pinned block length for a sum over `k`: `⌈k / ⌈k / 512⌉⌉`, what `gemm` chooses on a
/// host with a 32 KiB 8-way L1d (the machine that made albench's committed reports).
pub fn pinned_kc(k: usize) -> usize {
    k.div_ceil(k.div_ceil(PINNED_KC).max(1)).max(1)
}

/// `dst[m, n] (row-major) = a[m, k] · b[k, n]` summed over k in an order fixed by the
/// shapes and strides alone ([`gemm_blocked`]). Parallel (rayon, splitting m and n, never
/// k) above flex's threshold of 192³ multiply-adds.
pub fn gemm_pinned(m: usize, n: usize, k: usize, dst: &mut [f32], a: Mat, b: Mat) {
    let par = if m.saturating_mul(n).saturating_mul(k) >= 192 * 192 * 192 {
        gemm::Parallelism::Rayon(0)
    } else {
        gemm::Parallelism::None
    };
    gemm_blocked(m, n, k, dst, a, b, false, par);
}

/// `dst = a · b (+ dst if accumulate)`: where `gemm` would block k by the host's L1
/// ([`blocked_by_host`]), one `gemm` call per block of [`pinned_kc`] (each short enough to
/// be summed in one block on any host), the blocks added into `dst` in order — exactly what
/// `gemm` does on a 32 KiB 8-way L1d; elsewhere one call, as flex makes it.
#[allow(clippy::too_many_arguments)]
fn gemm_blocked(
    m: usize,
    n: usize,
    k: usize,
    dst: &mut [f32],
    a: Mat,
    b: Mat,
    accumulate: bool,
    par: gemm::Parallelism,
) {
    if !blocked_by_host(m, n, k, a, b) {
        gemm_with(m, n, k, dst, a, b, accumulate, par);
        return;
    }
    let kc = pinned_kc(k);
    let mut depth = 0;
    while depth < k {
        let kb = kc.min(k - depth);
        let a_blk = Mat {
            data: &a.data[depth * a.cs..],
            ..a
        };
        let b_blk = Mat {
            data: &b.data[depth * b.rs..],
            ..b
        };
        gemm_with(m, n, kb, dst, a_blk, b_blk, accumulate || depth > 0, par);
        depth += kb;
    }
}
