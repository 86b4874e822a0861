//! A sum of `f32`s in the order flex's SIMD sum takes on an AVX2 host, in plain Rust (no
//! runtime dispatch, so the same on every host).
//!
//! flex sums a slice with `sum_body` (`burn-flex` 0.22.1, `src/simd/kernels.rs` l. 37–66):
//! 8 vector accumulators of `lanes` floats take blocks of `8 · lanes` values, are combined
//! as `((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))`, take the remaining whole vectors
//! one by one, are reduced across lanes, and the scalar tail is added last. `lanes` is the
//! widest vector `macerator` finds at run time: 8 with AVX2, 16 with AVX-512 (another
//! order, other roundings). This is the 8-lane order, with macerator 0.5.2's AVX2
//! horizontal add (`backend/x86/v3.rs` l. 207–210, `v2.rs` l. 200–205): lanes `i` and
//! `i + 4` first, then `(0 + 2) + (1 + 3)`.

/// Lanes of an AVX2 `f32` vector.
const LANES: usize = 8;

type Vector = [f32; LANES];

fn add(a: Vector, b: &[f32]) -> Vector {
    std::array::from_fn(|l| a[l] + b[l])
}

fn add_v(a: Vector, b: Vector) -> Vector {
    std::array::from_fn(|l| a[l] + b[l])
}

/// The sum of `xs`, added in the order of flex's `sum_body` with 8 lanes (AVX2).
pub fn sum_avx2_order(mut xs: &[f32]) -> f32 {
    let stride = LANES * 8;
    let mut s = [[0.0f32; LANES]; 8];
    while xs.len() >= stride {
        for (q, acc) in s.iter_mut().enumerate() {
            *acc = add(*acc, &xs[q * LANES..(q + 1) * LANES]);
        }
        xs = &xs[stride..];
    }
    let left = add_v(add_v(s[0], s[1]), add_v(s[2], s[3]));
    let right = add_v(add_v(s[4], s[5]), add_v(s[6], s[7]));
    let mut sum = add_v(left, right);
    while xs.len() >= LANES {
        sum = add(sum, &xs[..LANES]);
        xs = &xs[LANES..];
    }
    let h: [f32; 4] = std::array::from_fn(|i| sum[i] + sum[i + 4]);
    let across = (h[0] + h[2]) + (h[1] + h[3]);
    across + xs.iter().copied().sum::<f32>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sums_follow_the_lane_order() {
        // 3 values: no whole vector; 0 (the empty vector's reduction) + (1 + 2 + 4).
        assert_eq!(sum_avx2_order(&[1.0, 2.0, 4.0]), 7.0);
        // f32 spacing at 1e8 is 8. [1e8, 4, 0, 0, 0, 4, 0, 0]: lanes 1 and 5 meet first
        // (4 + 4 = 8), h = [1e8, 8, 0, 0], (1e8 + 0) + (8 + 0) = 100000008. Left to right
        // (and AVX-512's 16 lanes, where 8 values are all tail): 1e8 + 4 ties to 1e8, twice.
        let v = [1e8, 4.0, 0.0, 0.0, 0.0, 4.0, 0.0, 0.0];
        assert_eq!(sum_avx2_order(&v), 100_000_008.0);
        assert_eq!(v.iter().sum::<f32>(), 1e8);
        // 64 ones and 8 more: one pass of the 8 accumulators, one vector, no tail.
        assert_eq!(sum_avx2_order(&[1.0; 72]), 72.0);
    }
}
