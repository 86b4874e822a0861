//! CIFAR-10 binary batches: records of 1 label byte + 3072 pixel bytes (1024 R, G, B planes).
//! Files `data_batch_1.bin` … `data_batch_5.bin` and `test_batch.bin`, in `dir` or in
//! `dir/cifar-10-batches-bin`.

use std::path::{Path, PathBuf};

use super::{required_path, DataError, ImageSet, Source};

const RECORD: usize = 1 + 3072;
/// CIFAR-10 class names in label order.
pub const CIFAR10_CLASSES: [&str; 10] = [
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
];

/// Append the records of one batch file to `labels` and `pixels` (bytes, 3072 per image).
fn read_batch(path: &Path, labels: &mut Vec<u32>, pixels: &mut Vec<u8>) -> Result<(), DataError> {
    let bytes =
        std::fs::read(path).map_err(|e| DataError::io(path, format!("cannot read: {e}")))?;
    if bytes.is_empty() || bytes.len() % RECORD != 0 {
        return Err(DataError::Format {
            path: path.into(),
            offset: (bytes.len() / RECORD * RECORD) as u64,
            message: format!(
                "size {} is not a multiple of the {RECORD}-byte CIFAR record (truncated file?)",
                bytes.len()
            ),
        });
    }
    for (r, rec) in bytes.chunks_exact(RECORD).enumerate() {
        if rec[0] >= 10 {
            return Err(DataError::Format {
                path: path.into(),
                offset: (r * RECORD) as u64,
                message: format!("label {} of record {r} is outside 0..10", rec[0]),
            });
        }
        labels.push(rec[0] as u32);
        pixels.extend_from_slice(&rec[1..]);
    }
    Ok(())
}

/// Load the CIFAR-10 train and test splits from `dir`.
pub fn load_cifar10(dir: &Path) -> Result<(ImageSet, ImageSet), DataError> {
    let base: PathBuf = if dir.join("cifar-10-batches-bin").is_dir() {
        dir.join("cifar-10-batches-bin")
    } else {
        dir.to_path_buf()
    };
    let set = |labels: Vec<u32>, pixels: Vec<u8>| ImageSet {
        channels: 3,
        height: 32,
        width: 32,
        class_names: CIFAR10_CLASSES.iter().map(|s| s.to_string()).collect(),
        pixels: super::Pixels::from_u8(pixels),
        labels,
        ..ImageSet::default()
    };
    let (mut labels, mut pixels) = (Vec::new(), Vec::new());
    let mut found = 0;
    for i in 1..=5 {
        let p = base.join(format!("data_batch_{i}.bin"));
        if p.is_file() {
            read_batch(&p, &mut labels, &mut pixels)?;
            found += 1;
        }
    }
    if found == 0 {
        return Err(DataError::io(
            &base,
            "no data_batch_<1..5>.bin found (CIFAR-10 binary version)",
        ));
    }
    let train = set(labels, pixels);
    let tp = base.join("test_batch.bin");
    if !tp.is_file() {
        return Err(DataError::io(&tp, "missing (CIFAR-10 test batch)"));
    }
    let (mut labels, mut pixels) = (Vec::new(), Vec::new());
    read_batch(&tp, &mut labels, &mut pixels)?;
    Ok((train, set(labels, pixels)))
}

/// The `cifar10` dataset: the batches in `data.path` (required).
pub fn cifar10_source(d: &super::DataSpec, _seed: u64) -> Result<Source, DataError> {
    let dir = required_path(d, "cifar10")?;
    if !dir.is_dir() {
        return Err(DataError::io(dir, "data directory does not exist"));
    }
    let (train, test) = load_cifar10(&dir)?;
    Ok(Source {
        train,
        test: Some(test),
    })
}
