//! The custom flex ops against burn's own modules: forward values and every gradient, on the
//! autodiff device and on the plain (inference) device.

use burn::nn::conv::{Conv2d, Conv2dConfig, ConvTranspose2d, ConvTranspose2dConfig};
use burn::nn::pool::MaxPool2dConfig;
use burn::nn::PaddingConfig2d;
use burn::prelude::*;
use burn::tensor::{Distribution, Gradients};

use super::conv_kernel_tests::close;
use super::{conv2d, conv_transpose2d, max_pool2d};

fn vec(t: Tensor<4>) -> Vec<f32> {
    t.into_data().try_to_vec::<f32>().expect("f32")
}

fn grad_vec<const D: usize>(t: &Tensor<D>, g: &Gradients) -> Vec<f32> {
    t.grad(g)
        .expect("a gradient")
        .into_data()
        .try_to_vec::<f32>()
        .expect("f32")
}

fn layer(
    c_in: usize,
    c_out: usize,
    k: usize,
    stride: usize,
    pad: usize,
    device: &Device,
) -> Conv2d {
    let mut c = Conv2dConfig::new([c_in, c_out], [k, k])
        .with_stride([stride, stride])
        .with_padding(PaddingConfig2d::Explicit(pad, pad, pad, pad))
        .init(device);
    // A non-zero bias, so that the bias path is checked too.
    let bias = Tensor::<1>::random([c_out], Distribution::Default, device);
    c.bias = Some(burn::module::Param::from_tensor(bias));
    c
}

#[test]
fn conv2d_matches_burn_in_values_and_gradients() {
    let device = Device::flex().autodiff();
    for (c_in, c_out, k, stride, pad, side) in
        [(1, 4, 3, 1, 1, 9), (3, 5, 3, 2, 1, 10), (2, 3, 5, 1, 0, 8)]
    {
        let conv = layer(c_in, c_out, k, stride, pad, &device);
        let x = Tensor::<4>::random([3, c_in, side, side], Distribution::Default, &device)
            .require_grad();
        let theirs = conv.forward(x.clone());
        let ours = conv2d(&conv, x.clone());
        close(&vec(ours.clone()), &vec(theirs.clone()), "forward");
        // A loss that weights every output differently: sum(y²).
        let gt = theirs.powi_scalar(2).sum().backward();
        let go = ours.powi_scalar(2).sum().backward();
        close(&grad_vec(&x, &go), &grad_vec(&x, &gt), "dx");
        close(
            &grad_vec(&conv.weight.val(), &go),
            &grad_vec(&conv.weight.val(), &gt),
            "dw",
        );
        let b = conv.bias.as_ref().expect("bias").val();
        close(&grad_vec(&b, &go), &grad_vec(&b, &gt), "db");
    }
}

#[test]
fn conv2d_on_the_inference_device_matches_burn() {
    let device = Device::flex();
    let conv = layer(2, 4, 3, 1, 1, &device);
    let x = Tensor::<4>::random([5, 2, 7, 7], Distribution::Default, &device);
    close(
        &vec(conv2d(&conv, x.clone())),
        &vec(conv.forward(x)),
        "forward",
    );
}

#[test]
fn conv2d_outside_the_kernels_falls_back_to_burn() {
    // Dilation 2 is not covered by the kernels: the result is burn's.
    let device = Device::flex();
    let conv = Conv2dConfig::new([2, 3], [3, 3])
        .with_dilation([2, 2])
        .init(&device);
    let x = Tensor::<4>::random([2, 2, 9, 9], Distribution::Default, &device);
    assert_eq!(vec(conv2d(&conv, x.clone())), vec(conv.forward(x)));
}

#[test]
fn max_pool2d_matches_burn_in_values_and_gradients() {
    let device = Device::flex().autodiff();
    for (k, stride, side) in [(2, 2, 8), (2, 2, 7), (3, 1, 6)] {
        let pool = MaxPool2dConfig::new([k, k])
            .with_strides([stride, stride])
            .init();
        let x =
            Tensor::<4>::random([2, 3, side, side], Distribution::Default, &device).require_grad();
        let theirs = pool.forward(x.clone());
        let ours = max_pool2d(&pool, x.clone());
        assert_eq!(
            vec(ours.clone()),
            vec(theirs.clone()),
            "forward k {k} stride {stride}"
        );
        let gt = theirs.powi_scalar(2).sum().backward();
        let go = ours.powi_scalar(2).sum().backward();
        close(&grad_vec(&x, &go), &grad_vec(&x, &gt), "dx");
    }
    let plain = Device::flex();
    let pool = MaxPool2dConfig::new([2, 2]).init();
    let x = Tensor::<4>::random([2, 3, 6, 6], Distribution::Default, &plain);
    assert_eq!(vec(max_pool2d(&pool, x.clone())), vec(pool.forward(x)));
}

fn transpose_layer(c_in: usize, c_out: usize, k: usize, s: usize, p: usize) -> ConvTranspose2d {
    let device = Device::flex().autodiff();
    let mut c = ConvTranspose2dConfig::new([c_in, c_out], [k, k])
        .with_stride([s, s])
        .with_padding([p, p])
        .init(&device);
    let bias = Tensor::<1>::random([c_out], Distribution::Default, &device);
    c.bias = Some(burn::module::Param::from_tensor(bias));
    c
}

#[test]
fn conv_transpose2d_matches_burn_in_values_and_gradients() {
    let device = Device::flex().autodiff();
    // The VAE's two layers (4×4, stride 2, padding 1: 7 → 14 → 28), then odd shapes.
    for (c_in, c_out, k, s, p, side, batch) in [
        (32, 16, 4, 2, 1, 7, 3),
        (16, 1, 4, 2, 1, 14, 2),
        (3, 5, 3, 1, 0, 6, 2),
        (2, 3, 3, 2, 1, 5, 9),
        (4, 2, 5, 3, 2, 4, 1),
    ] {
        let what = format!("{c_in}→{c_out} k {k} s {s} p {p} side {side}");
        let layer = transpose_layer(c_in, c_out, k, s, p);
        let x = Tensor::<4>::random([batch, c_in, side, side], Distribution::Default, &device)
            .require_grad();
        let theirs = layer.forward(x.clone());
        let ours = conv_transpose2d(&layer, x.clone());
        assert_eq!(ours.dims(), theirs.dims(), "{what}: shape");
        close(&vec(ours.clone()), &vec(theirs.clone()), &what);
        let gt = theirs.powi_scalar(2).sum().backward();
        let go = ours.powi_scalar(2).sum().backward();
        close(
            &grad_vec(&x, &go),
            &grad_vec(&x, &gt),
            &format!("{what}: dx"),
        );
        let w = layer.weight.val();
        close(
            &grad_vec(&w, &go),
            &grad_vec(&w, &gt),
            &format!("{what}: dw"),
        );
        let b = layer.bias.as_ref().expect("bias").val();
        close(
            &grad_vec(&b, &go),
            &grad_vec(&b, &gt),
            &format!("{what}: db"),
        );
    }
    // The inference device, and a layer outside the kernels (output padding): burn's.
    let plain = Device::flex();
    let layer = ConvTranspose2dConfig::new([2, 3], [4, 4])
        .with_stride([2, 2])
        .with_padding([1, 1])
        .init(&plain);
    let x = Tensor::<4>::random([2, 2, 5, 5], Distribution::Default, &plain);
    close(
        &vec(conv_transpose2d(&layer, x.clone())),
        &vec(layer.forward(x)),
        "inference",
    );
    let odd = ConvTranspose2dConfig::new([2, 3], [3, 3])
        .with_stride([2, 2])
        .with_padding_out([1, 1])
        .init(&plain);
    let x = Tensor::<4>::random([2, 2, 5, 5], Distribution::Default, &plain);
    assert_eq!(vec(conv_transpose2d(&odd, x.clone())), vec(odd.forward(x)));
}
