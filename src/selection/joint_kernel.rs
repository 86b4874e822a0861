//! The inner loop of BatchBALD's joint entropy ([`super::joint_entropy`]): for one candidate
//! with member probabilities `p[y, s]` (`[classes, members]`) and a batch's configurations
//! `m` with member posteriors `π[s, m]` (`[members, stride]`, each column summing to 1, or 0
//! for padding) and masses `a[m]`, the sum
//! `Σ_m a[m] · (−Σ_y r[m, y] ln r[m, y])` with `r[m, y] = Σ_s π[s, m] p[y, s]` (nats).
//!
//! Cost: `stride × members × classes` multiply-adds and `stride × classes` logarithms, no
//! allocation (the configurations go through in blocks of [`LANES`] on the stack). The
//! logarithm is Cephes' `logf` polynomial (relative error below 2·10⁻⁷ on normal floats),
//! written branch-free so that the compiler vectorises it; terms with `r ≤ 10⁻³⁰` count 0
//! (`−r ln r < 10⁻²⁸`). Two versions: plain Rust, and AVX2 intrinsics (picked at run time)
//! doing the same operations in the same order; no fused multiply-add, so both give the same
//! bits (tested).

// Cephes' logf coefficients, kept digit for digit as published.
#![allow(clippy::excessive_precision)]

/// Configurations per block; the configuration stride is a multiple of it.
pub const LANES: usize = 32;

/// `ln x` for a positive normal `x` (Cephes `logf`: `x = 2^e · f`, `f ∈ [√½, √2)`, a degree-9
/// polynomial in `f − 1`).
#[inline(always)]
pub fn fast_ln(x: f32) -> f32 {
    let bits = x.to_bits();
    let e = (bits >> 23) as i32 - 126;
    let f = f32::from_bits((bits & 0x007f_ffff) | 0x3f00_0000); // [0.5, 1)
    let small = f < std::f32::consts::FRAC_1_SQRT_2;
    let e = (e - small as i32) as f32;
    let x = if small { f + f - 1.0 } else { f - 1.0 };
    let z = x * x;
    let mut y = 7.037_683_6e-2f32;
    y = y * x - 1.151_461_03e-1;
    y = y * x + 1.167_699_87e-1;
    y = y * x - 1.242_014_08e-1;
    y = y * x + 1.424_932_28e-1;
    y = y * x - 1.666_805_77e-1;
    y = y * x + 2.000_071_48e-1;
    y = y * x - 2.499_999_4e-1;
    y = y * x + 3.333_333_1e-1;
    y = y * x * z;
    y += -2.121_944_4e-4 * e;
    y += -0.5 * z;
    x + y + 0.693_359_375 * e
}

/// `−r ln r`, 0 for `r ≤ 10⁻³⁰` (and for 0).
#[inline(always)]
fn neg_x_ln_x(r: f32) -> f32 {
    let ok = r > 1e-30;
    let l = fast_ln(if ok { r } else { 1.0 });
    if ok {
        -r * l
    } else {
        0.0
    }
}

/// The loop body, inlined into both compiled versions.
#[inline(always)]
fn terms_body(post: &[f32], mass: &[f64], stride: usize, block: &[f32], members: usize) -> f64 {
    let mut h = 0.0f64;
    for start in (0..stride).step_by(LANES) {
        let mut t = [0.0f32; LANES];
        for py in block.chunks_exact(members) {
            let mut r = [0.0f32; LANES];
            for (s, &p) in py.iter().enumerate() {
                let row = &post[s * stride + start..][..LANES];
                for (acc, &v) in r.iter_mut().zip(row) {
                    *acc += p * v;
                }
            }
            for (acc, &v) in t.iter_mut().zip(&r) {
                *acc += neg_x_ln_x(v);
            }
        }
        for (a, v) in mass[start..start + LANES].iter().zip(t) {
            h += a * v as f64;
        }
    }
    h
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    //! [`super::terms_body`] in AVX2 intrinsics: the same operations in the same order on
    //! 4 × 8 lanes (so the same bits), with the 32 sums kept in registers.
    use std::arch::x86_64::*;

    use super::LANES;

    /// [`super::fast_ln`] on 8 lanes.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn ln8(x: __m256) -> __m256 {
        let bits = _mm256_castps_si256(x);
        let e = _mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(126));
        let mant = _mm256_and_si256(bits, _mm256_set1_epi32(0x007f_ffff));
        let f = _mm256_castsi256_ps(_mm256_or_si256(mant, _mm256_set1_epi32(0x3f00_0000)));
        let one = _mm256_set1_ps(1.0);
        let small = _mm256_cmp_ps(
            f,
            _mm256_set1_ps(std::f32::consts::FRAC_1_SQRT_2),
            _CMP_LT_OQ,
        );
        // `small` is all ones (−1 as an integer) where `e` drops by one.
        let e = _mm256_cvtepi32_ps(_mm256_add_epi32(e, _mm256_castps_si256(small)));
        let x = _mm256_blendv_ps(
            _mm256_sub_ps(f, one),
            _mm256_sub_ps(_mm256_add_ps(f, f), one),
            small,
        );
        let z = _mm256_mul_ps(x, x);
        let mut y = _mm256_set1_ps(7.037_683_6e-2);
        y = _mm256_sub_ps(_mm256_mul_ps(y, x), _mm256_set1_ps(1.151_461_03e-1));
        y = _mm256_add_ps(_mm256_mul_ps(y, x), _mm256_set1_ps(1.167_699_87e-1));
        y = _mm256_sub_ps(_mm256_mul_ps(y, x), _mm256_set1_ps(1.242_014_08e-1));
        y = _mm256_add_ps(_mm256_mul_ps(y, x), _mm256_set1_ps(1.424_932_28e-1));
        y = _mm256_sub_ps(_mm256_mul_ps(y, x), _mm256_set1_ps(1.666_805_77e-1));
        y = _mm256_add_ps(_mm256_mul_ps(y, x), _mm256_set1_ps(2.000_071_48e-1));
        y = _mm256_sub_ps(_mm256_mul_ps(y, x), _mm256_set1_ps(2.499_999_4e-1));
        y = _mm256_add_ps(_mm256_mul_ps(y, x), _mm256_set1_ps(3.333_333_1e-1));
        y = _mm256_mul_ps(_mm256_mul_ps(y, x), z);
        y = _mm256_add_ps(y, _mm256_mul_ps(_mm256_set1_ps(-2.121_944_4e-4), e));
        y = _mm256_add_ps(y, _mm256_mul_ps(_mm256_set1_ps(-0.5), z));
        _mm256_add_ps(
            _mm256_add_ps(x, y),
            _mm256_mul_ps(_mm256_set1_ps(0.693_359_375), e),
        )
    }

    /// [`super::neg_x_ln_x`] on 8 lanes.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn neg_x_ln_x8(r: __m256) -> __m256 {
        let ok = _mm256_cmp_ps(r, _mm256_set1_ps(1e-30), _CMP_GT_OQ);
        let l = ln8(_mm256_blendv_ps(_mm256_set1_ps(1.0), r, ok));
        let neg = _mm256_xor_ps(r, _mm256_set1_ps(-0.0));
        _mm256_and_ps(ok, _mm256_mul_ps(neg, l))
    }

    /// See [`super::entropy_terms`]; the caller checked the slice lengths.
    #[target_feature(enable = "avx2")]
    pub unsafe fn terms(post: &[f32], mass: &[f64], stride: usize, block: &[f32], s: usize) -> f64 {
        let mut h = 0.0f64;
        let mut out = [0.0f32; LANES];
        for start in (0..stride).step_by(LANES) {
            let mut t = [_mm256_setzero_ps(); 4];
            for py in block.chunks_exact(s) {
                let mut r = [_mm256_setzero_ps(); 4];
                for (e, &p) in py.iter().enumerate() {
                    let pv = _mm256_set1_ps(p);
                    let row = post.as_ptr().add(e * stride + start);
                    for (l, acc) in r.iter_mut().enumerate() {
                        let v = _mm256_loadu_ps(row.add(8 * l));
                        *acc = _mm256_add_ps(*acc, _mm256_mul_ps(pv, v));
                    }
                }
                for (acc, v) in t.iter_mut().zip(r) {
                    *acc = _mm256_add_ps(*acc, neg_x_ln_x8(v));
                }
            }
            for (l, v) in t.iter().enumerate() {
                _mm256_storeu_ps(out.as_mut_ptr().add(8 * l), *v);
            }
            for (a, v) in mass[start..start + LANES].iter().zip(out) {
                h += a * v as f64;
            }
        }
        h
    }
}

/// `Σ_m a[m] · (−Σ_y r[m, y] ln r[m, y])` (see the module doc). `post` is
/// `[members, stride]`, `mass` has `stride` entries, `block` is `[classes, members]`.
pub fn entropy_terms(post: &[f32], mass: &[f64], stride: usize, block: &[f32], s: usize) -> f64 {
    assert!(
        stride.is_multiple_of(LANES)
            && post.len() >= s * stride
            && mass.len() >= stride
            && s >= 1
            && block.len().is_multiple_of(s),
        "joint kernel: {} posteriors, {} masses, stride {stride}, {} probabilities, {s} members",
        post.len(),
        mass.len(),
        block.len()
    );
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2 (checked just above) and every load stays within
        // `post[e · stride + start .. + LANES]`, `e < s`, `start + LANES ≤ stride` (asserted).
        return unsafe { avx2::terms(post, mass, stride, block, s) };
    }
    terms_body(post, mass, stride, block, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The polynomial against the library logarithm over 10⁻³⁰ … 10⁴.
    #[test]
    fn fast_ln_matches_ln() {
        let mut x = 1e-30f32;
        while x < 1e4 {
            let (got, want) = (fast_ln(x) as f64, (x as f64).ln());
            assert!(
                (got - want).abs() <= 4e-7 * want.abs().max(1.0),
                "{x}: {got} vs {want}"
            );
            x *= 1.000_37;
        }
    }

    /// Two configurations of masses ¾ and ¼, 2 members, 2 classes:
    /// π = (1, 0) and (½, ½); p = [[0.9, 0.5], [0.1, 0.5]] (`[class, member]`).
    /// m = 0: r = (0.9, 0.1), −Σ r ln r = 0.9·0.10536 + 0.1·2.30259 = 0.32508;
    /// m = 1: r = (0.7, 0.3), −Σ r ln r = 0.7·0.35667 + 0.3·1.20397 = 0.61086;
    /// total ¾·0.32508 + ¼·0.61086 = 0.39653.
    #[test]
    fn hand_computed_terms() {
        let mut post = vec![0.0f32; 2 * LANES];
        let mut mass = vec![0.0f64; LANES];
        (post[0], post[1], post[LANES], post[LANES + 1]) = (1.0, 0.5, 0.0, 0.5);
        (mass[0], mass[1]) = (0.75, 0.25);
        let block = [0.9, 0.5, 0.1, 0.5];
        let got = entropy_terms(&post, &mass, LANES, &block, 2);
        assert!((got - 0.396_53).abs() < 1e-5, "{got}");
        assert_eq!(got, terms_body(&post, &mass, LANES, &block, 2));
    }

    /// The AVX2 path gives the bits of the plain one: random posteriors and masses,
    /// 3 blocks of configurations (the last half padding), 7 members, 5 classes, values down
    /// to 10⁻³⁸ (below the 10⁻³⁰ cut).
    #[test]
    fn both_paths_give_the_same_bits() {
        let mut rng = crate::rng::Rng::new(11);
        let (s, k, stride) = (7, 5, 3 * LANES);
        let mut post = vec![0.0f32; s * stride];
        let mut mass = vec![0.0f64; stride];
        for m in 0..stride - LANES / 2 {
            let col: Vec<f32> = (0..s).map(|_| (rng.uniform() as f32).powi(8)).collect();
            let z: f32 = col.iter().sum();
            for (e, v) in col.iter().enumerate() {
                post[e * stride + m] = v / z;
            }
            mass[m] = rng.uniform();
        }
        for _ in 0..20 {
            let block: Vec<f32> = (0..k * s)
                .map(|_| (rng.uniform() as f32).powi(40))
                .collect();
            let got = entropy_terms(&post, &mass, stride, &block, s);
            assert_eq!(
                got.to_bits(),
                terms_body(&post, &mass, stride, &block, s).to_bits()
            );
        }
    }
}
