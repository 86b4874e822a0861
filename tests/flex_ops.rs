//! The other half of host-independent numerics (the first is tests/numerics_host.rs, another
//! L1 cache): no burn-flex kernel whose summation order follows the host's SIMD width may be
//! reached. `benches/flex_ops.sh` counts, under gdb, the calls of every burn-flex tensor,
//! activation and module op that an experiment makes; each op reached by the detector, the VAE
//! dual score and an ensemble `cnn` with MC dropout must be element-wise or move data. A sum,
//! mean, matmul or convolution of flex in the list fails this test: pin it in
//! `src/learner/ops/` (docs/performance.md, "Every model pinned"). Skipped, by name, without
//! gdb; with CI set that fails.

mod common;

use std::path::Path;
use std::process::Command;

use common::model_specs::{DETECTOR, VAE};
use common::*;

/// Element-wise ops (correctly rounded, or plain Rust closures: the same bits in any SIMD
/// width) and data movement.
const ALLOWED: &[&str] = &[
    "float_abs",
    "float_add",
    "float_add_scalar",
    "float_cat",
    "float_clamp",
    "float_clamp_min",
    "float_div",
    "float_exp",
    "float_from_data",
    "float_greater_elem",
    "float_log",
    "float_lower_elem",
    "float_mask_fill",
    "float_mul",
    "float_mul_scalar",
    "float_neg",
    "float_ones",
    "float_recip",
    "float_reshape",
    "float_sign",
    "float_slice",
    "float_slice_assign",
    "float_sqrt",
    "float_sub",
    "float_zeros",
    "log_sigmoid",
    "log_sigmoid_backward",
    "relu",
    "relu_backward",
    "sigmoid",
    "sigmoid_backward",
];

const ENSEMBLE: &str = r#"
name = "ens_ops"
seed = 3
repeats = 1
[data]
pool = 120
validation = 20
test = 20
[model]
arch = "cnn"
width = 4
ensemble = 2
dropout = 0.25
[train]
max_epochs = 1
batch_size = 16
[loop]
base = 20
budget = 20
rounds = 1
[query]
scorer = "mutual_information"
"#;

fn has_gdb(test: &str) -> bool {
    let ok = Command::new("gdb")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: gdb is missing, and CI is set: install it (.ci/run does)"
        );
        eprintln!("skipped: {test}: needs gdb");
    }
    ok
}

/// `(op, calls)` of every burn-flex op that `spec` reaches.
fn ops_reached(dir: &Path, name: &str, spec: &str) -> Vec<(String, u64)> {
    let spec = write(dir, name, spec);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/flex_ops.sh");
    let out = Command::new("bash")
        .arg(script)
        .arg(&spec)
        .arg(bin())
        .current_dir(dir)
        .output()
        .expect("bash runs");
    let text = text(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains(" completed, 0 failed"), "{text}");
    let ops: Vec<(String, u64)> = text
        .lines()
        .skip_while(|l| !l.starts_with("burn-flex ops reached"))
        .skip(1)
        .filter_map(|l| {
            let (n, op) = l.trim().split_once(' ')?;
            Some((op.to_string(), n.parse().ok()?))
        })
        .collect();
    assert!(!ops.is_empty(), "no op counted: {text}");
    ops
}

#[test]
fn built_in_models_reach_only_element_wise_flex_kernels() {
    let test = "built_in_models_reach_only_element_wise_flex_kernels";
    if !has_gdb(test) {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    for (name, spec) in [
        ("det.toml", DETECTOR),
        ("vae.toml", VAE),
        ("ens.toml", ENSEMBLE),
    ] {
        let ops = ops_reached(d.path(), name, spec);
        // The counting works: a training step multiplies.
        assert!(
            ops.iter().any(|(op, n)| op == "float_mul" && *n > 0),
            "{ops:?}"
        );
        let other: Vec<_> = ops
            .iter()
            .filter(|(op, _)| !ALLOWED.contains(&op.as_str()))
            .collect();
        assert!(
            other.is_empty(),
            "{name} reaches burn-flex kernels that may sum in the host's order: {other:?}"
        );
    }
}
