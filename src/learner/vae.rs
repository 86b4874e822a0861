//! The VAE of the dual score (VAE+SSD note): a small convolutional variational autoencoder
//! whose per-image reconstruction loss measures how unfamiliar an image is.
//!
//! Encoder: conv3×3 stride 2 (c → 16), conv3×3 stride 2 (16 → 32), flatten, linear to the
//! mean and log-variance of a 16-d latent. Decoder: linear to `32 × h/4 × w/4`, two
//! transposed 4×4 convolutions of stride 2 (32 → 16 → c), sigmoid. Loss: per-pixel binary
//! cross-entropy summed over the image plus the KL divergence to N(0, I); the latent sample
//! uses noise from albench's RNG. The score of an image is its reconstruction BCE per pixel
//! from the latent mean (deterministic). Needs `h` and `w` divisible by 4.

use burn::nn::conv::{Conv2d, ConvTranspose2d};
use burn::nn::Linear;
use burn::prelude::*;
use burn::tensor::activation::{relu, sigmoid};

use super::batch::images;
use super::layers::{conv, conv_transpose_x2, linear};
use super::ops::{conv2d, conv_transpose2d, linear as pinned_linear, mean, row_sums};
use super::train::{train_task, TrainTask};
use super::{Devices, EarlyStopping, LearnerError, ModelSpec, TrainSpec, VaeMode};
use crate::data::ImageSet;
use crate::rng::Purpose;
use crate::rng::Rng;

const LATENT: usize = 16;

/// The VAE.
#[derive(Module, Debug)]
pub struct Vae {
    enc1: Conv2d,
    enc2: Conv2d,
    mu: Linear,
    logvar: Linear,
    dec: Linear,
    up1: ConvTranspose2d,
    up2: ConvTranspose2d,
}

impl Vae {
    /// A VAE for `channels × height × width` images (sides divisible by 4).
    pub fn new(
        channels: usize,
        height: usize,
        width: usize,
        rng: &mut Rng,
        device: &Device,
    ) -> Self {
        let flat = 32 * (height / 4) * (width / 4);
        Vae {
            enc1: conv(channels, 16, 3, 2, rng, device),
            enc2: conv(16, 32, 3, 2, rng, device),
            mu: linear(flat, LATENT, rng, device),
            logvar: linear(flat, LATENT, rng, device),
            dec: linear(LATENT, flat, rng, device),
            up1: conv_transpose_x2(32, 16, 4, rng, device),
            up2: conv_transpose_x2(16, channels, 4, rng, device),
        }
    }

    fn encode(&self, x: Tensor<4>) -> (Tensor<2>, Tensor<2>) {
        let h = relu(conv2d(&self.enc2, relu(conv2d(&self.enc1, x))));
        let h: Tensor<2> = h.flatten(1, 3);
        (
            pinned_linear(&self.mu, h.clone()),
            pinned_linear(&self.logvar, h),
        )
    }

    fn decode(&self, z: Tensor<2>, shape: [usize; 4]) -> Tensor<4> {
        let [b, _, h, w] = shape;
        let d = relu(pinned_linear(&self.dec, z)).reshape([b, 32, h / 4, w / 4]);
        sigmoid(conv_transpose2d(
            &self.up2,
            relu(conv_transpose2d(&self.up1, d)),
        ))
    }

    /// Per-image reconstruction BCE summed over pixels, `[b]`, of `x` against `recon`.
    fn bce(x: Tensor<4>, recon: Tensor<4>) -> Tensor<1> {
        let [b, c, h, w] = x.dims();
        let r = recon.clamp(1e-6, 1.0 - 1e-6);
        let per = (x.clone() * r.clone().log() + (x.neg() + 1.0) * (r.neg() + 1.0).log()).neg();
        row_sums(per.reshape([b, c * h * w]))
    }

    /// Mean training loss `[1]` of a batch: reconstruction BCE + KL, per image; `eps` is the
    /// reparameterisation noise `[b, latent]`.
    fn loss(&self, x: Tensor<4>, eps: Tensor<2>) -> Tensor<1> {
        let shape = x.dims();
        let (mu, logvar) = self.encode(x.clone());
        let z = mu.clone() + (logvar.clone() * 0.5).exp() * eps;
        let recon = self.decode(z, shape);
        let kl = row_sums((logvar.clone() + 1.0) - mu.powi_scalar(2) - logvar.exp()) * -0.5;
        mean(Self::bce(x, recon) + kl)
    }

    /// Reconstruction loss per pixel of each image of a batch (from the latent mean).
    pub fn reconstruction(&self, x: Tensor<4>) -> Vec<f32> {
        let shape = x.dims();
        let pixels = (shape[1] * shape[2] * shape[3]) as f32;
        let (mu, _) = self.encode(x.clone());
        let recon = self.decode(mu, shape);
        Self::bce(x, recon)
            .into_data()
            .try_into_vec::<f32>()
            .expect("f32 losses")
            .into_iter()
            .map(|v| v / pixels)
            .collect()
    }
}

struct VaeTask<'a> {
    set: &'a ImageSet,
    devices: &'a Devices,
}

impl TrainTask for VaeTask<'_> {
    type Model = Vae;

    fn batch_loss(&self, model: &Vae, batch: &[usize], rng: &mut Rng) -> Tensor<1> {
        let device = &self.devices.train;
        let eps: Vec<f32> = (0..batch.len() * LATENT)
            .map(|_| rng.normal() as f32)
            .collect();
        let eps = Tensor::from_data(TensorData::new(eps, [batch.len(), LATENT]), device);
        model.loss(images(self.set, batch, device), eps)
    }

    fn validate(&self, _: &Vae) -> (f64, f64) {
        (f64::NAN, f64::NAN)
    }
}

/// Train `vae` on images `idx` of `set` for `epochs` epochs (Adam, lr 1e-3, batch 64).
pub fn train_vae(
    vae: Vae,
    set: &ImageSet,
    idx: &[usize],
    epochs: usize,
    devices: &Devices,
    rng: &mut Rng,
) -> Result<Vae, LearnerError> {
    let spec = TrainSpec {
        lr: 1e-3,
        batch_size: 64,
        max_epochs: epochs.max(1),
        early_stopping: EarlyStopping {
            enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let task = VaeTask { set, devices };
    Ok(train_task(&task, vae, idx, &spec, rng, &|_| {})?.0)
}

/// Per-pixel reconstruction loss of images `idx` of `set` (inference copy of `vae`).
pub fn reconstruction_losses(
    vae: &Vae,
    set: &ImageSet,
    idx: &[usize],
    device: &Device,
) -> Vec<f32> {
    vae.reconstruction(images(set, idx, device))
}

/// A learner's VAE across rounds (`model.vae`): initial weights from the repeat's init stream,
/// trained on the whole pool before the first scoring (`once`) or before every round's
/// scoring (`per_round`).
pub struct VaeState {
    mode: VaeMode,
    epochs: usize,
    seed: u64,
    repeat: u32,
    init: Vae,
    trained: Option<Vae>,
}

impl VaeState {
    /// The VAE of `model` for pool images of `set`'s geometry, or `None` without `model.vae`.
    pub fn new(
        model: &ModelSpec,
        set: &ImageSet,
        seed: u64,
        repeat: u32,
        device: &Device,
    ) -> Option<Self> {
        if model.vae == VaeMode::None {
            return None;
        }
        let mut rng = Rng::derive(seed, Purpose::Init, &[repeat as u64, VAE_STREAM]);
        Some(VaeState {
            mode: model.vae,
            epochs: model.vae_epochs.unwrap_or(5),
            seed,
            repeat,
            init: super::init_scheme::with_scheme(model.init_scheme, || {
                Vae::new(set.channels, set.height, set.width, &mut rng, device)
            }),
            trained: None,
        })
    }

    /// Called after round `round`'s task training: (re)train on every pool image when due.
    pub fn refit(
        &mut self,
        set: &ImageSet,
        round: u32,
        devices: &Devices,
    ) -> Result<(), LearnerError> {
        if self.mode == VaeMode::Once && self.trained.is_some() {
            return Ok(());
        }
        let idx: Vec<usize> = (0..set.len()).collect();
        let mut rng = Rng::derive(
            self.seed,
            Purpose::Train,
            &[self.repeat as u64, round as u64, VAE_STREAM],
        );
        let start = self.trained.clone().unwrap_or_else(|| self.init.clone());
        self.trained = Some(train_vae(start, set, &idx, self.epochs, devices, &mut rng)?);
        Ok(())
    }

    /// Reconstruction loss per pixel of images `idx` (the initial weights before any training).
    pub fn losses(&self, set: &ImageSet, idx: &[usize], device: &Device) -> Vec<f32> {
        let vae = self.trained.as_ref().unwrap_or(&self.init).valid();
        reconstruction_losses(&vae, set, idx, device)
    }
}

/// Stream index of the VAE in the Init / Train derivations (members use 0, 1, …).
const VAE_STREAM: u64 = 1 << 20;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::generate_shapes;
    use crate::learner::{make_device, BackendKind};

    #[test]
    fn reconstruction_loss_falls_on_a_batch_it_can_overfit() {
        let devices = make_device(BackendKind::Flex, 0).unwrap();
        let set = generate_shapes(16, 2, 0);
        let idx: Vec<usize> = (0..16).collect();
        let vae = Vae::new(1, 28, 28, &mut Rng::new(1), &devices.train);
        let before: f32 = reconstruction_losses(&vae.valid(), &set, &idx, &devices.infer)
            .iter()
            .sum();
        let vae = train_vae(vae, &set, &idx, 200, &devices, &mut Rng::new(2)).unwrap();
        let after: f32 = reconstruction_losses(&vae.valid(), &set, &idx, &devices.infer)
            .iter()
            .sum();
        assert!(after < 0.7 * before, "{before} → {after}");
    }
}
