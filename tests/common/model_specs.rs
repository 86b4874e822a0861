//! Small specs of the built-in models whose numerics the host-independence tests check
//! (tests/numerics_host.rs, tests/flex_ops.rs).

/// The detector on 64-pixel scenes, random and entropy: its second convolution's weight
/// gradient sums over the 32 × 32 output map (k = 1,024, n = 144), which `gemm` blocks by
/// the L1 (512 here, 1,024 on a 48 KiB 12-way L1d); its loss sums each image's maps.
pub const DETECTOR: &str = r#"
name = "det_host"
seed = 11
repeats = 1
[data]
dataset = "scenes"
image_size = 64
pool = 96
validation = 32
test = 32
[model]
arch = "detector"
width = 16
[train]
batch_size = 32
max_epochs = 2
lr = 0.003
early_stopping = false
[loop]
base = 32
budget = 16
rounds = 1
[sweep]
"query.scorer" = ["random", "entropy"]
"#;

/// The VAE of the dual score, retrained every round: its `Linear`s (k = 1,568 at inference
/// batches of 256), transposed convolutions (weight gradients over batch × pixels) and loss
/// sums; the scores land in the selection file.
pub const VAE: &str = r#"
name = "vae_host"
seed = 11
repeats = 1
[data]
pool = 300
validation = 40
test = 60
[model]
arch = "cnn"
width = 4
vae = "per_round"
vae_epochs = 1
[train]
max_epochs = 2
batch_size = 16
[loop]
base = 20
budget = 20
rounds = 1
[query]
scorer = "combine"
combine = [{ scorer = "vae", weight = 0.5 }, { scorer = "margin", weight = 0.5 }]
"#;
