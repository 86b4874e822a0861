//! The GPU adapter a command's device landed on, said on stderr when it is no GPU.

use albench::learner::{adapter, Devices};

/// Warn when a GPU backend runs on a software adapter (llvmpipe, SwiftShader: the CPU behind
/// a GPU API); the machine fingerprint in the manifest and run files records it too.
pub fn warn_if_software(devices: &Devices) {
    if let Some(a) = adapter(devices).filter(|a| a.software) {
        eprintln!(
            "warning: --backend {}: the device is a software adapter ({}), the CPU behind a GPU API, not a GPU; results say so in their machine fingerprint",
            devices.name, a.name
        );
    }
}
