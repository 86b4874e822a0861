//! The GPU adapter a backend's device landed on, for the machine fingerprint: a GPU run
//! records which card ran it, and a wgpu run on a software adapter (llvmpipe, lavapipe,
//! SwiftShader: the CPU behind a GPU API) says so instead of passing for a GPU run.

use super::Devices;

/// The adapter of a GPU backend's device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adapter {
    /// The adapter as it names itself (`NVIDIA H100 PCIe`, `llvmpipe (LLVM 15.0.6, 256 bits)`).
    pub name: String,
    /// What the runtime compiles for (`ptx_sm90`, `spirv_4318_8997`).
    pub target: String,
    /// No card behind it: a software rasterizer or a CPU.
    pub software: bool,
}

/// Names of software adapters (where the runtime cannot tell).
const SOFTWARE: [&str; 5] = ["llvmpipe", "lavapipe", "swiftshader", "softpipe", "warp"];

/// The adapter of `devices` (opens the device); `None` for CPU backends.
pub fn adapter(devices: &Devices) -> Option<Adapter> {
    identity(devices).map(|(name, target, no_card)| {
        let lower = name.to_lowercase();
        Adapter {
            software: no_card || SOFTWARE.iter().any(|s| lower.contains(s)),
            name,
            target,
        }
    })
}

#[cfg(any(feature = "wgpu", feature = "cuda"))]
fn identity(devices: &Devices) -> Option<(String, String, bool)> {
    if devices.name == "flex" || devices.name == "cpu" {
        return None;
    }
    devices
        .infer
        .as_dispatch()
        .identity()
        .map(|id| (id.name, id.fingerprint, id.physical.is_none()))
}

#[cfg(not(any(feature = "wgpu", feature = "cuda")))]
fn identity(_devices: &Devices) -> Option<(String, String, bool)> {
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn cpu_backends_have_no_adapter() {
        let d = super::super::make_device(super::super::BackendKind::Flex, 0).unwrap();
        assert_eq!(super::adapter(&d), None);
    }
}
