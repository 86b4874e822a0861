//! The one matrix multiply of albench's ops: `gemm` (the crate flex itself uses),
//! single-threaded, on strided `f32` slices. Every call the `cnn`'s convolutions make has
//! k ≤ 512 or m, n ≤ 64; for those `gemm` cuts the sum over k at points fixed by the shapes
//! alone (it consults the host's L1 cache only for larger products), so the results do not
//! depend on the host's cache sizes (docs/performance.md, "Numerics across machines").

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

/// `dst[m, n] (row-major) = a[m, k] · b[k, n] (+ dst if accumulate)`, single-threaded.
pub fn gemm(m: usize, n: usize, k: usize, dst: &mut [f32], a: Mat, b: Mat, accumulate: bool) {
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
            gemm::Parallelism::None,
        );
    }
}
