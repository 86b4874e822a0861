//! Layers initialised from albench's RNG, never burn's, by the scheme in force
//! ([`super::init_scheme`]: He-uniform weights and zero biases unless `model.init_scheme`
//! says otherwise).

use burn::module::{Param, ParamId};
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{Initializer, Linear, LinearConfig, PaddingConfig2d};
use burn::prelude::*;

use super::init_scheme::current;
use crate::rng::Rng;

fn param<const D: usize>(values: Vec<f32>, shape: [usize; D], device: &Device) -> Param<Tensor<D>> {
    let t = Tensor::<D>::from_data(TensorData::new(values, shape), device);
    let t = if device.is_autodiff() {
        t.require_grad()
    } else {
        t
    };
    Param::initialized(ParamId::new(), t)
}

/// Fully connected layer `[d_in] → [d_out]` (burn's weight layout `[d_in, d_out]`).
pub fn linear(d_in: usize, d_out: usize, rng: &mut Rng, device: &Device) -> Linear {
    let mut l = LinearConfig::new(d_in, d_out)
        .with_initializer(Initializer::Zeros)
        .init(device);
    let s = current();
    l.weight = param(
        s.weights(rng, d_in * d_out, d_in, d_out),
        [d_in, d_out],
        device,
    );
    l.bias = Some(param(s.biases(rng, d_out, d_in), [d_out], device));
    l
}

/// 3×3 (or `k`×`k`) convolution with `same`-style padding `k / 2` and the given stride.
pub fn conv(
    c_in: usize,
    c_out: usize,
    k: usize,
    stride: usize,
    rng: &mut Rng,
    device: &Device,
) -> Conv2d {
    let mut c = Conv2dConfig::new([c_in, c_out], [k, k])
        .with_stride([stride, stride])
        .with_padding(PaddingConfig2d::Explicit(k / 2, k / 2, k / 2, k / 2))
        .with_initializer(Initializer::Zeros)
        .init(device);
    let (s, fan_in, fan_out) = (current(), c_in * k * k, c_out * k * k);
    c.weight = param(
        s.weights(rng, c_out * c_in * k * k, fan_in, fan_out),
        [c_out, c_in, k, k],
        device,
    );
    c.bias = Some(param(s.biases(rng, c_out, fan_in), [c_out], device));
    c
}

/// Transposed convolution `k × k`, stride 2, padding `k / 2 − 1`: doubles height and width
/// for even `k` (weights `[c_in, c_out, k, k]`; fan_in `c_out · k²`, fan_out `c_in · k²`).
pub fn conv_transpose_x2(
    c_in: usize,
    c_out: usize,
    k: usize,
    rng: &mut Rng,
    device: &Device,
) -> burn::nn::conv::ConvTranspose2d {
    let mut c = burn::nn::conv::ConvTranspose2dConfig::new([c_in, c_out], [k, k])
        .with_stride([2, 2])
        .with_padding([k / 2 - 1, k / 2 - 1])
        .with_initializer(Initializer::Zeros)
        .init(device);
    let (s, fan_in, fan_out) = (current(), c_out * k * k, c_in * k * k);
    c.weight = param(
        s.weights(rng, c_in * c_out * k * k, fan_in, fan_out),
        [c_in, c_out, k, k],
        device,
    );
    c.bias = Some(param(s.biases(rng, c_out, fan_in), [c_out], device));
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learner::init_scheme::{with_scheme, InitScheme};

    fn device() -> Device {
        crate::learner::make_device(crate::learner::BackendKind::Flex, 0)
            .unwrap()
            .infer
    }

    fn vals<const D: usize>(p: &Param<Tensor<D>>) -> Vec<f32> {
        p.val().into_data().try_into_vec::<f32>().unwrap()
    }

    #[test]
    fn the_default_draws_what_albench_drew_before_the_key() {
        // He-uniform over fan_in 4: the stream's first 12 draws in U(±√(6/4)), biases 0.
        let l = linear(4, 3, &mut Rng::new(7), &device());
        let b = (6.0f64 / 4.0).sqrt();
        let mut r = Rng::new(7);
        let want: Vec<f32> = (0..12).map(|_| r.range(-b, b) as f32).collect();
        assert_eq!(vals(&l.weight), want);
        assert_eq!(vals(l.bias.as_ref().unwrap()), vec![0.0; 3]);
    }

    #[test]
    fn layers_follow_the_scheme_in_force() {
        // conv 1 → 2, k 2: fan_in 1·2·2 = 4, fan_out 2·2·2 = 8. PyTorch: the 8 weights, then
        // the 2 biases, from the stream in U(±1/√4) = U(±0.5).
        let dev = device();
        let c = with_scheme(InitScheme::Pytorch, || {
            conv(1, 2, 2, 1, &mut Rng::new(3), &dev)
        });
        let mut r = Rng::new(3);
        let w: Vec<f32> = (0..8).map(|_| r.range(-0.5, 0.5) as f32).collect();
        let b: Vec<f32> = (0..2).map(|_| r.range(-0.5, 0.5) as f32).collect();
        assert_eq!(vals(&c.weight), w);
        assert_eq!(vals(c.bias.as_ref().unwrap()), b);
        // Keras, linear 4 → 8: weights in U(±√(6/12)) = U(±0.7071), biases 0.
        let k = with_scheme(InitScheme::Keras, || linear(4, 8, &mut Rng::new(3), &dev));
        let bound = (6.0f64 / 12.0).sqrt();
        let mut r = Rng::new(3);
        let w: Vec<f32> = (0..32).map(|_| r.range(-bound, bound) as f32).collect();
        assert_eq!(vals(&k.weight), w);
        assert_eq!(vals(k.bias.as_ref().unwrap()), vec![0.0; 8]);
        // the scheme ends with the build
        let l = linear(4, 3, &mut Rng::new(7), &dev);
        assert_eq!(vals(l.bias.as_ref().unwrap()), vec![0.0; 3]);
    }
}
