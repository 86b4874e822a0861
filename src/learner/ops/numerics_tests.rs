//! The pinned ops against burn's: bit for bit on a host like the one that made the committed
//! reports (32 KiB 8-way L1d, AVX2 without AVX-512; elsewhere these comparisons are skipped
//! by name, since there burn's kernels take another order by design), and the pinned product
//! against a plain-Rust sum in its block order (on every host).

use burn::nn::loss::CrossEntropyLoss;
use burn::nn::{Linear, LinearConfig};
use burn::prelude::*;
use burn::tensor::{Distribution, Gradients};

use super::{cross_entropy, linear, mean, row_means, row_sums};
use crate::matmul::{gemm, gemm_pinned, gemm_with, pinned_kc, Mat};
use crate::rng::Rng;

fn bits<const D: usize>(t: Tensor<D>) -> Vec<u32> {
    let v = t.into_data().try_to_vec::<f32>().expect("f32");
    v.iter().map(|x| x.to_bits()).collect()
}

fn grad_bits<const D: usize>(t: &Tensor<D>, g: &Gradients) -> Vec<u32> {
    bits(t.grad(g).expect("a gradient"))
}

fn sys(path: &str) -> String {
    std::fs::read_to_string(format!("/sys/devices/system/cpu/cpu0/cache/index0/{path}"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Whether gemm here blocks as on the reference machine (32 KiB 8-way L1d); prints the skip.
fn reference_l1(test: &str) -> bool {
    let ok = sys("size") == "32K" && sys("ways_of_associativity") == "8";
    if !ok {
        eprintln!("skipped: {test}: needs a 32 KiB 8-way L1d (burn's gemm blocks otherwise)");
    }
    ok
}

/// Whether flex's SIMD here is 8 lanes wide (AVX2, no AVX-512); prints the skip.
fn avx2_lanes(test: &str) -> bool {
    #[cfg(target_arch = "x86_64")]
    let ok = is_x86_feature_detected!("avx2") && !is_x86_feature_detected!("avx512f");
    #[cfg(not(target_arch = "x86_64"))]
    let ok = false;
    if !ok {
        eprintln!("skipped: {test}: needs AVX2 without AVX-512 (flex sums in 8 lanes)");
    }
    ok
}

fn layer(d_in: usize, d_out: usize, device: &Device) -> Linear {
    let mut l = LinearConfig::new(d_in, d_out).init(device);
    let bias = Tensor::<1>::random([d_out], Distribution::Default, device);
    l.bias = Some(burn::module::Param::from_tensor(bias));
    l
}

#[test]
fn linear_is_burns_linear_bit_for_bit() {
    if !reference_l1("linear_is_burns_linear_bit_for_bit") {
        return;
    }
    let device = Device::flex().autodiff();
    let shapes = [
        (64, 784, 128),
        (64, 1568, 128),
        (256, 1568, 128),
        (64, 784, 10),
        (256, 784, 10),
        (3, 1568, 128),
        (1, 784, 64),
        (700, 100, 96),
    ];
    for (batch, d_in, d_out) in shapes {
        let l = layer(d_in, d_out, &device);
        let x = Tensor::<2>::random([batch, d_in], Distribution::Default, &device).require_grad();
        let theirs = l.forward(x.clone());
        let ours = linear(&l, x.clone());
        let what = format!("{batch}×{d_in}→{d_out}");
        assert_eq!(bits(ours.clone()), bits(theirs.clone()), "forward {what}");
        // A loss that weights every output differently: Σ y · r.
        let r = Tensor::<2>::random([batch, d_out], Distribution::Default, &device);
        let gt = (theirs * r.clone()).sum().backward();
        let go = (ours * r).sum().backward();
        assert_eq!(grad_bits(&x, &go), grad_bits(&x, &gt), "dx {what}");
        let (w, b) = (l.weight.val(), l.bias.as_ref().unwrap().val());
        assert_eq!(grad_bits(&w, &go), grad_bits(&w, &gt), "dW {what}");
        assert_eq!(grad_bits(&b, &go), grad_bits(&b, &gt), "db {what}");
        // inference (no autodiff)
        let plain = l.valid();
        let xi = x.inner();
        assert_eq!(
            bits(linear(&plain, xi.clone())),
            bits(plain.forward(xi)),
            "inference {what}"
        );
    }
}

#[test]
fn cross_entropy_is_burns_loss_bit_for_bit() {
    if !avx2_lanes("cross_entropy_is_burns_loss_bit_for_bit") {
        return;
    }
    let device = Device::flex().autodiff();
    let mut rng = Rng::new(5);
    for (batch, classes) in [
        (64, 10),
        (16, 10),
        (37, 10),
        (1, 10),
        (200, 10),
        (64, 3),
        (80, 21),
    ] {
        let z = Tensor::<2>::random([batch, classes], Distribution::Normal(0.0, 3.0), &device)
            .require_grad();
        let t: Vec<usize> = (0..batch).map(|_| rng.below(classes)).collect();
        let ti: Vec<i64> = t.iter().map(|&v| v as i64).collect();
        let y = Tensor::<1, Int>::from_data(TensorData::new(ti, [batch]), &device);
        let theirs = CrossEntropyLoss::new(None, &device).forward(z.clone(), y);
        let ours = cross_entropy(z.clone(), &t);
        let what = format!("{batch}×{classes}");
        assert_eq!(bits(ours.clone()), bits(theirs.clone()), "loss {what}");
        let (go, gt) = (ours.backward(), theirs.backward());
        assert_eq!(grad_bits(&z, &go), grad_bits(&z, &gt), "dz {what}");
    }
}

/// `a[m, k] · b[k, n]` (row-major) in plain Rust, in `gemm`'s order: each block of `kc`
/// summed by fused multiply-adds from 0, the blocks added into the result in order.
fn blocked_reference(a: &[f32], b: &[f32], m: usize, n: usize, k: usize, kc: usize) -> Vec<f32> {
    let mut out = vec![0.0f32; m * n];
    for i in 0..m {
        for j in 0..n {
            let mut dst = 0.0f32;
            for (blk, start) in (0..k).step_by(kc).enumerate() {
                let mut acc = 0.0f32;
                for d in start..(start + kc).min(k) {
                    acc = a[i * k + d].mul_add(b[d * n + j], acc);
                }
                dst = if blk == 0 { acc } else { dst + acc };
            }
            out[i * n + j] = dst;
        }
    }
    out
}

#[test]
fn the_pinned_product_sums_in_fixed_blocks_and_the_blocks_matter() {
    // cnn fc at width 16: k = 1,568 → blocks of ⌈1568 / ⌈1568/512⌉⌉ = 392; mlp fc1: 784 → 392.
    assert_eq!(
        (pinned_kc(1568), pinned_kc(784), pinned_kc(512)),
        (392, 392, 512)
    );
    let (m, n, k) = (70, 96, 1568);
    let mut rng = Rng::new(9);
    let a: Vec<f32> = (0..m * k).map(|_| rng.range(-1.0, 1.0) as f32).collect();
    let b: Vec<f32> = (0..k * n).map(|_| rng.range(-1.0, 1.0) as f32).collect();
    let mut ours = vec![0.0f32; m * n];
    gemm_pinned(m, n, k, &mut ours, Mat::rows(&a, k), Mat::rows(&b, n));
    assert_eq!(ours, blocked_reference(&a, &b, m, n, k, 392));
    // A 48 KiB 12-way L1d makes gemm block by 784: other roundings.
    let other = blocked_reference(&a, &b, m, n, k, 784);
    assert!(ours.iter().zip(&other).any(|(x, y)| x != y));
}

#[test]
fn a_convolution_weight_gradient_at_96_pixels_is_pinned_too() {
    // The detector's conv2 on a 48 × 48 map: dW[32, 144] += dy[32, 2304] · colsᵀ, k = 2,304
    // with n = 144 > 64, where gemm would block k by the L1: pinned blocks of 461.
    let (m, n, k) = (32, 144, 48 * 48);
    assert_eq!(pinned_kc(k), 461);
    let mut rng = Rng::new(4);
    let dy: Vec<f32> = (0..m * k).map(|_| rng.range(-1.0, 1.0) as f32).collect();
    let cols: Vec<f32> = (0..n * k).map(|_| rng.range(-1.0, 1.0) as f32).collect();
    let start: Vec<f32> = (0..m * n).map(|_| rng.range(-1.0, 1.0) as f32).collect();
    let mut ours = start.clone();
    let b = Mat::transposed(&cols, k);
    gemm(m, n, k, &mut ours, Mat::rows(&dy, k), b, true);
    // Plain Rust in the pinned order: the blocks' sums added to the start value in order.
    let b_kn: Vec<f32> = (0..k * n).map(|i| cols[(i % n) * k + i / n]).collect();
    let sums: Vec<Vec<f32>> = (0..k)
        .step_by(461)
        .map(|s| {
            let e = (s + 461).min(k);
            let a: Vec<f32> = (0..m)
                .flat_map(|i| dy[i * k + s..i * k + e].to_vec())
                .collect();
            blocked_reference(&a, &b_kn[s * n..e * n], m, n, e - s, e - s)
        })
        .collect();
    let want: Vec<f32> = (0..m * n)
        .map(|i| sums.iter().fold(start[i], |d, blk| d + blk[i]))
        .collect();
    assert_eq!(ours, want);
    if reference_l1("a_convolution_weight_gradient_at_96_pixels_is_pinned_too (one call)") {
        // On the reference L1, gemm's own blocking of one call is the same.
        let mut one = start.clone();
        gemm_with(
            m,
            n,
            k,
            &mut one,
            Mat::rows(&dy, k),
            b,
            true,
            gemm::Parallelism::None,
        );
        assert_eq!(ours, one);
    }
}

#[test]
fn row_sums_and_means_are_burns_bit_for_bit() {
    if !avx2_lanes("row_sums_and_means_are_burns_bit_for_bit") {
        return;
    }
    let device = Device::flex().autodiff();
    // The VAE's BCE (784 pixels) and KL (16), the detector's maps (12 × 12 cells × 3 classes)
    // and boxes, a resnet row (7), a single value, and odd lengths around the 64-value pass.
    for (rows, n) in [
        (64, 784),
        (64, 16),
        (32, 432),
        (32, 576),
        (48, 7),
        (5, 1),
        (3, 71),
    ] {
        let x = Tensor::<2>::random([rows, n], Distribution::Default, &device).require_grad();
        let w = Tensor::<1>::random([rows], Distribution::Default, &device);
        let what = format!("[{rows}, {n}]");
        let cases: [(Tensor<1>, Tensor<1>, &str); 2] = [
            (
                row_sums(x.clone()),
                x.clone().sum_dim(1).reshape([rows]),
                "sum",
            ),
            (
                row_means(x.clone()),
                x.clone().mean_dim(1).reshape([rows]),
                "mean",
            ),
        ];
        for (ours, theirs, how) in cases {
            assert_eq!(bits(ours.clone()), bits(theirs.clone()), "{how} {what}");
            // Every row's gradient different: Σ w_r · y_r, then the mean as the losses take it.
            let go = mean(ours * w.clone()).backward();
            let gt = (theirs * w.clone()).mean().backward();
            assert_eq!(grad_bits(&x, &go), grad_bits(&x, &gt), "{how} dx {what}");
        }
        let v = x.clone().reshape([rows * n]);
        assert_eq!(bits(mean(v.clone())), bits(v.mean()), "mean of all {what}");
    }
}
