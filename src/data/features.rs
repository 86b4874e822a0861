//! `features`: precomputed feature vectors (a frozen backbone's embeddings) in `.npy` files.
//!
//! `data.path` is a directory with `train_features.npy` (`float32 [n, d]`) and
//! `train_labels.npy` (`int64 [n]`), optionally `test_features.npy` (`float32 [m, d]`) with
//! `test_labels.npy` (`int64 [m]`), and `classes.txt` (one class name per line, in label
//! order; without it the classes are `0`, `1`, … up to the largest label). `albench embed`
//! writes exactly this layout.
//!
//! A vector is held as an image of geometry `channels = 1, height = 1, width = d`, so every
//! model, scorer and sampler works on it unchanged; its values are the features as stored
//! (not pixels in [0, 1]). Without a test split, the test set is drawn from the training
//! split, as for an `image-folder` without `train/` and `test/`.

use std::path::{Path, PathBuf};

use super::{required_path, DataError, DataSpec, ImageSet, Source};
use crate::npy::{self, NpyError, NpyFault};

/// Feature and label file names of a split (`train` or `test`).
fn files(dir: &Path, split: &str) -> (PathBuf, PathBuf) {
    (
        dir.join(format!("{split}_features.npy")),
        dir.join(format!("{split}_labels.npy")),
    )
}

/// A `.npy` error as a data error; a dtype error says what the file must hold (`want`, e.g.
/// `float32`) and how NumPy converts to it.
fn npy_error(want: &'static str) -> impl Fn(NpyError) -> DataError {
    move |e| match e.fault {
        NpyFault::UnsupportedDtype(_) | NpyFault::WrongDtype { .. } => DataError::io(
            e.path,
            format!(
                "{} (save it as {want}: numpy.save(f, a.astype(numpy.{want})))",
                e.fault
            ),
        ),
        _ => DataError::io(e.path, e.fault.to_string()),
    }
}

/// The `features` dataset: `data.path` (required).
pub fn features_source(d: &DataSpec, _seed: u64) -> Result<Source, DataError> {
    let dir = required_path(d, "features")?;
    if !dir.is_dir() {
        return Err(DataError::io(&dir, "data directory does not exist"));
    }
    let (xf, yf) = files(&dir, "train");
    for f in [&xf, &yf] {
        if !f.is_file() {
            return Err(DataError::io(f, "missing (a features dataset needs train_features.npy, float32 [n, d], and train_labels.npy, int64 [n])"));
        }
    }
    let train = read_split(&xf, &yf, None)?;
    let (txf, tyf) = files(&dir, "test");
    let test = match (txf.is_file(), tyf.is_file()) {
        (false, false) => None,
        (true, true) => Some(read_split(&txf, &tyf, Some((&xf, train.0.width)))?),
        (true, false) => {
            return Err(DataError::io(
                &tyf,
                "missing: test_features.npy needs its labels beside it",
            ))
        }
        (false, true) => {
            return Err(DataError::io(
                &txf,
                "missing: test_labels.npy needs its features beside it",
            ))
        }
    };
    let names = class_names(&dir, &train, test.as_ref())?;
    let with_names = |(mut set, labels): (ImageSet, PathBuf)| -> Result<ImageSet, DataError> {
        check_labels(&set.labels, &labels, &names, &dir)?;
        set.class_names = names.clone();
        Ok(set)
    };
    Ok(Source {
        train: with_names(train)?,
        test: test.map(with_names).transpose()?,
    })
}

/// One split: the vectors of `xf` (`float32 [n, d]`, finite; `d` equal to `train`'s width
/// when given) and the labels of `yf` (`int64 [n]`, ≥ 0), as an image set without class
/// names yet, and the labels' file.
fn read_split(
    xf: &Path,
    yf: &Path,
    train: Option<(&Path, usize)>,
) -> Result<(ImageSet, PathBuf), DataError> {
    let x = npy::read::<f32>(xf).map_err(npy_error("float32"))?;
    let [n, d] = x.shape[..] else {
        return Err(DataError::io(
            xf,
            format!(
                "holds an array of shape {:?}; features must be float32 [n, d]",
                x.shape
            ),
        ));
    };
    if n == 0 || d == 0 {
        return Err(DataError::io(
            xf,
            format!("holds an empty array [{n}, {d}]; features need n ≥ 1 rows of d ≥ 1 values"),
        ));
    }
    if let Some((tf, width)) = train.filter(|(_, w)| *w != d) {
        return Err(DataError::io(
            xf,
            format!(
                "has {d} features per row, {} has {width}: both splits must come from one backbone",
                tf.display()
            ),
        ));
    }
    if let Some(i) = x.data.iter().position(|v| !v.is_finite()) {
        return Err(DataError::io(
            xf,
            format!(
                "row {}, column {} is {} (features must be finite numbers)",
                i / d,
                i % d,
                x.data[i]
            ),
        ));
    }
    let y = npy::read::<i64>(yf).map_err(npy_error("int64"))?;
    if y.shape != [n] {
        return Err(DataError::io(
            yf,
            format!(
                "has shape {:?}, but {} holds {n} rows: labels must be int64 [{n}], one per row",
                y.shape,
                xf.display()
            ),
        ));
    }
    if let Some(i) = y.data.iter().position(|&l| l < 0 || l > u32::MAX as i64) {
        return Err(DataError::io(
            yf,
            format!(
                "label {} at index {i} is out of range (labels are class indices ≥ 0)",
                y.data[i]
            ),
        ));
    }
    let set = ImageSet {
        channels: 1,
        height: 1,
        width: d,
        pixels: x.data.into(),
        labels: y.data.iter().map(|&l| l as u32).collect(),
        ..ImageSet::default()
    };
    Ok((set, yf.to_path_buf()))
}

/// The class names: `classes.txt` (one non-empty name per line, no repeats), or `0`, `1`, …
/// up to the largest label of either split.
fn class_names(
    dir: &Path,
    train: &(ImageSet, PathBuf),
    test: Option<&(ImageSet, PathBuf)>,
) -> Result<Vec<String>, DataError> {
    let file = dir.join("classes.txt");
    if !file.is_file() {
        let max = train
            .0
            .labels
            .iter()
            .chain(test.iter().flat_map(|t| t.0.labels.iter()))
            .max()
            .copied()
            .unwrap_or(0);
        return Ok((0..=max).map(|k| k.to_string()).collect());
    }
    let text = std::fs::read_to_string(&file).map_err(|e| DataError::io(&file, e.to_string()))?;
    let names: Vec<String> = text.lines().map(|l| l.trim().to_string()).collect();
    let names = match names.iter().rposition(|n| !n.is_empty()) {
        Some(last) => names[..=last].to_vec(),
        None => {
            return Err(DataError::io(
                &file,
                "is empty: it lists one class name per line, in label order",
            ))
        }
    };
    for (i, n) in names.iter().enumerate() {
        if n.is_empty() {
            return Err(DataError::io(
                &file,
                format!(
                    "line {} is empty: one class name per line, in label order",
                    i + 1
                ),
            ));
        }
        if names[..i].contains(n) {
            return Err(DataError::io(
                &file,
                format!("line {}: class \"{n}\" is listed twice", i + 1),
            ));
        }
    }
    Ok(names)
}

/// Every label (read from `file`) is a class of `names` (`classes.txt` in `dir`).
fn check_labels(
    labels: &[u32],
    file: &Path,
    names: &[String],
    dir: &Path,
) -> Result<(), DataError> {
    let k = names.len();
    match labels.iter().position(|&l| l as usize >= k) {
        None => Ok(()),
        Some(i) => Err(DataError::io(file, format!(
            "label {} at index {i} is out of range: {} lists {k} classes (labels must be in 0..{k})",
            labels[i],
            dir.join("classes.txt").display()
        ))),
    }
}

/// Checks of `[data]` and `[model]` keys that cannot apply to feature vectors: pixel noise
/// (clamped to [0, 1]) and rotated duplicates, the convolutional architectures (which need
/// images of at least 4 × 4) and the VAE. Err: (dotted key, message).
pub fn check_features_spec(
    d: &DataSpec,
    min_side: usize,
    vae: bool,
) -> Result<(), (String, String)> {
    let bad = |k: &str, m: &str| Err((k.to_string(), m.to_string()));
    if d.noise > 0.0 {
        return bad(
            "data.noise",
            "adds pixel noise clamped to [0, 1]: not for a features dataset (set it to 0)",
        );
    }
    if d.duplicates > 1 {
        return bad(
            "data.duplicates",
            "makes rotated copies of images: not for a features dataset (set it to 1)",
        );
    }
    if min_side > 1 {
        return bad("model.arch", "a features dataset holds vectors: use \"linear\" or \"mlp\" (the convolutional models need images)");
    }
    if vae {
        return bad(
            "model.vae",
            "the VAE reconstructs images: not for a features dataset",
        );
    }
    Ok(())
}
