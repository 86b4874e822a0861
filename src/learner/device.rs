//! Backend selection. burn 0.22 picks the backend at run time through the `Device`.

use burn::tensor::Device;

use super::LearnerError;

/// Backends albench can run on; `flex` (pure-Rust CPU) is always compiled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackendKind {
    /// Pure-Rust CPU backend (default, deterministic).
    Flex,
    /// CubeCL CPU backend (cargo feature `cpu`).
    Cpu,
    /// wgpu: Vulkan / Metal / DX12 / WebGPU (cargo feature `wgpu`).
    Wgpu,
    /// CUDA (cargo feature `cuda`).
    Cuda,
}

impl BackendKind {
    /// Every backend, compiled in or not.
    pub const ALL: [BackendKind; 4] = [
        BackendKind::Flex,
        BackendKind::Cpu,
        BackendKind::Wgpu,
        BackendKind::Cuda,
    ];

    /// Name on the command line (`--backend`).
    pub fn name(self) -> &'static str {
        match self {
            BackendKind::Flex => "flex",
            BackendKind::Cpu => "cpu",
            BackendKind::Wgpu => "wgpu",
            BackendKind::Cuda => "cuda",
        }
    }

    /// The backend called `name`.
    pub fn from_name(name: &str) -> Option<BackendKind> {
        Self::ALL.into_iter().find(|b| b.name() == name)
    }
}

/// Names of the backends compiled into this binary.
pub fn backend_names() -> Vec<&'static str> {
    let mut v = vec!["flex"];
    if cfg!(feature = "cpu") {
        v.push("cpu");
    }
    if cfg!(feature = "wgpu") {
        v.push("wgpu");
    }
    if cfg!(feature = "cuda") {
        v.push("cuda");
    }
    v
}

/// The training (autodiff) and inference devices of one backend.
#[derive(Clone, Debug)]
pub struct Devices {
    /// Device with autodiff, for training.
    pub train: Device,
    /// Plain device, for inference.
    pub infer: Device,
    /// Backend name.
    pub name: &'static str,
}

/// Build the devices of a backend; `index` selects a GPU.
#[allow(unused_variables)]
pub fn make_device(kind: BackendKind, index: usize) -> Result<Devices, LearnerError> {
    let (infer, name): (Device, &'static str) = match kind {
        BackendKind::Flex => (Device::flex(), "flex"),
        #[cfg(feature = "cpu")]
        BackendKind::Cpu => (Device::cpu(), "cpu"),
        #[cfg(feature = "wgpu")]
        BackendKind::Wgpu => {
            let kind = if index == 0 {
                burn::tensor::DeviceKind::default()
            } else {
                burn::tensor::DeviceKind::DiscreteGpu(index)
            };
            (Device::wgpu(kind), "wgpu")
        }
        #[cfg(feature = "cuda")]
        BackendKind::Cuda => (Device::cuda(index), "cuda"),
        #[allow(unreachable_patterns)]
        other => {
            return Err(LearnerError::Backend(format!(
                "{other:?} is not compiled into this binary; built with: {} (rebuild with --features {})",
                backend_names().join(", "),
                format!("{other:?}").to_lowercase()
            )))
        }
    };
    Ok(Devices {
        train: infer.clone().autodiff(),
        infer,
        name,
    })
}
