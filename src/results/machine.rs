//! The machine that made a result. The same spec and seed give bit-identical results on one
//! machine, but CPU kernels choose their blocking from the detected SIMD level and cache
//! sizes, so another machine may sum in another order. Every run file and the manifest record
//! this fingerprint, and the report says when an experiment's runs come from several.

use serde::{Deserialize, Serialize};

/// What decides the exact floating-point results of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Machine {
    /// CPU model name.
    pub cpu: String,
    /// SIMD extensions the kernels may use (e.g. `avx2+fma`).
    pub simd: String,
    /// Cache sizes of CPU 0 (e.g. `L1d 32K, L2 512K, L3 32768K`).
    pub caches: String,
    /// Threads available to the process.
    pub threads: usize,
    /// Backend (`flex`, `wgpu`, …).
    pub backend: String,
    /// albench version.
    pub albench: String,
    /// The GPU adapter of a GPU backend (`NVIDIA H100 PCIe [ptx_sm90], driver 550.54.15`, or
    /// `software adapter llvmpipe (…) [spirv_…], no GPU`); empty for CPU backends.
    #[serde(default)]
    pub gpu: String,
}

impl Machine {
    /// The machine this process runs on, with `backend`.
    pub fn detect(backend: &str) -> Machine {
        Machine {
            cpu: cpu_model(),
            simd: simd(),
            caches: caches(),
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            backend: backend.to_string(),
            albench: env!("CARGO_PKG_VERSION").to_string(),
            gpu: String::new(),
        }
    }

    /// With the GPU adapter the backend's device landed on: its name, its compile target, and
    /// whether it is a software adapter (no card). The NVIDIA driver version is added where
    /// the kernel module reports one.
    pub fn with_gpu(mut self, name: &str, target: &str, software: bool) -> Machine {
        self.gpu = if software {
            format!("software adapter {name} [{target}], no GPU")
        } else {
            match nvidia_driver() {
                Some(d) => format!("{name} [{target}], driver {d}"),
                None => format!("{name} [{target}]"),
            }
        };
        self
    }

    /// One line: `CPU; SIMD; caches; N threads; backend; albench version`, then `; <gpu>`
    /// for a GPU backend.
    pub fn fingerprint(&self) -> String {
        let gpu = if self.gpu.is_empty() {
            String::new()
        } else {
            format!("; {}", self.gpu)
        };
        format!(
            "{}; {}; {}; {} threads; {}; albench {}{gpu}",
            self.cpu, self.simd, self.caches, self.threads, self.backend, self.albench
        )
    }
}

/// The NVIDIA kernel module's version (`/proc/driver/nvidia/version`), where loaded.
fn nvidia_driver() -> Option<String> {
    let s = std::fs::read_to_string("/proc/driver/nvidia/version").ok()?;
    let line = s.lines().next()?;
    // `NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar  5 …`
    line.split_whitespace()
        .find(|w| w.split('.').count() >= 2 && w.split('.').all(|p| p.parse::<u32>().is_ok()))
        .map(String::from)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string())
}

#[cfg(target_arch = "x86_64")]
fn simd() -> String {
    let mut v = Vec::new();
    if is_x86_feature_detected!("avx512f") {
        v.push("avx512f");
    }
    if is_x86_feature_detected!("avx2") {
        v.push("avx2");
    }
    if is_x86_feature_detected!("fma") {
        v.push("fma");
    }
    if v.is_empty() && is_x86_feature_detected!("sse4.2") {
        v.push("sse4.2");
    }
    if v.is_empty() {
        "sse2".into()
    } else {
        v.join("+")
    }
}

#[cfg(target_arch = "aarch64")]
fn simd() -> String {
    "neon".into()
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
fn simd() -> String {
    "none".into()
}

/// `L1d 32K, L1i 32K, L2 512K, L3 32768K` from sysfs (`?` where unavailable).
fn caches() -> String {
    let base = std::path::Path::new("/sys/devices/system/cpu/cpu0/cache");
    let mut out = Vec::new();
    for i in 0..8 {
        let dir = base.join(format!("index{i}"));
        let read = |f: &str| std::fs::read_to_string(dir.join(f)).map(|s| s.trim().to_string());
        let (Ok(level), Ok(kind), Ok(size)) = (read("level"), read("type"), read("size")) else {
            continue;
        };
        let suffix = match kind.as_str() {
            "Data" => "d",
            "Instruction" => "i",
            _ => "",
        };
        out.push(format!("L{level}{suffix} {size}"));
    }
    if out.is_empty() {
        "?".into()
    } else {
        out.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_this_machine_and_prints_one_line() {
        let m = Machine::detect("flex");
        assert!(!m.cpu.is_empty() && m.threads >= 1);
        let f = m.fingerprint();
        assert!(f.ends_with(&format!("; flex; albench {}", env!("CARGO_PKG_VERSION"))));
        assert!(!f.contains('\n'));
        assert_eq!(Machine::detect("flex"), m, "deterministic");
        let soft = m
            .clone()
            .with_gpu("llvmpipe (LLVM 15)", "spirv_65541_0", true);
        assert!(soft
            .fingerprint()
            .ends_with("; software adapter llvmpipe (LLVM 15) [spirv_65541_0], no GPU"));
        let card = m.with_gpu("NVIDIA H100", "ptx_sm90", false).fingerprint();
        assert!(card.contains("; NVIDIA H100 [ptx_sm90]"), "{card}");
    }
}
