//! `image-folder`: one sub-folder per class holding PNG or JPEG files, resized to a square.
//!
//! If `dir/train` and `dir/test` exist, they are the two splits (same class folders in both);
//! otherwise `dir` holds the class folders and [`super::build_splits`] carves the test set
//! out of it. Class names are the folder names, sorted.

use std::path::{Path, PathBuf};

use super::decode::{load_split, Boxes, FileSplit};
use super::{required_path, DataError, ImageSet, Source};

fn class_dirs(dir: &Path) -> Result<Vec<(String, PathBuf)>, DataError> {
    let rd = std::fs::read_dir(dir)
        .map_err(|e| DataError::io(dir, format!("cannot list directory: {e}")))?;
    let mut out = Vec::new();
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.push((e.file_name().to_string_lossy().into_owned(), p));
        }
    }
    out.sort();
    if out.is_empty() {
        return Err(DataError::io(
            dir,
            "no class sub-folders (expected one folder per class holding PNG/JPEG files)",
        ));
    }
    Ok(out)
}

fn is_image(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("png" | "jpg" | "jpeg")
    )
}

/// The image files of one folder of class folders with the given class order, with labels.
fn list_split(dir: &Path, classes: &[String]) -> Result<Vec<(PathBuf, u32)>, DataError> {
    let mut out = Vec::new();
    for (label, name) in classes.iter().enumerate() {
        let cdir = dir.join(name);
        if !cdir.is_dir() {
            continue;
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(&cdir)
            .map_err(|e| DataError::io(&cdir, format!("cannot list directory: {e}")))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| is_image(p))
            .collect();
        files.sort();
        out.extend(files.into_iter().map(|f| (f, label as u32)));
    }
    Ok(out)
}

/// List one folder of class folders with the given class order (files sorted per class).
fn plan_split(
    root: &Path,
    dir: &Path,
    classes: &[String],
    size: usize,
    grayscale: bool,
) -> Result<FileSplit, DataError> {
    let files = list_split(dir, classes)?;
    Ok(FileSplit {
        channels: if grayscale { 1 } else { 3 },
        size,
        grayscale,
        class_names: classes.to_vec(),
        labels: files.iter().map(|(_, l)| *l).collect(),
        files: files
            .iter()
            .map(|(f, _)| {
                f.strip_prefix(root)
                    .unwrap_or(f)
                    .to_string_lossy()
                    .into_owned()
            })
            .collect(),
        paths: files.into_iter().map(|(f, _)| f).collect(),
        boxes: Boxes::None,
    })
}

/// The class names of the image folder `dir` (its class folders, sorted; those of `train/`
/// when `dir` has `train/` and `test/`), without reading an image.
pub fn image_folder_class_names(dir: &Path) -> Result<Vec<String>, DataError> {
    let train_dir = if dir.join("train").is_dir() && dir.join("test").is_dir() {
        dir.join("train")
    } else {
        dir.to_path_buf()
    };
    Ok(class_dirs(&train_dir)?
        .into_iter()
        .map(|(n, _)| n)
        .collect())
}

/// List `dir` without decoding: `(train, Some(test))` with `train/` + `test/`, else
/// `(all, None)`. Errors: `dir` missing, no class folders, no image in the training split.
pub fn plan_image_folder(
    dir: &Path,
    size: usize,
    grayscale: bool,
) -> Result<(FileSplit, Option<FileSplit>), DataError> {
    if !dir.is_dir() {
        return Err(DataError::io(
            dir,
            "image-folder path does not exist or is not a directory",
        ));
    }
    let (train_dir, test_dir) = if dir.join("train").is_dir() && dir.join("test").is_dir() {
        (dir.join("train"), Some(dir.join("test")))
    } else {
        (dir.to_path_buf(), None)
    };
    let classes: Vec<String> = class_dirs(&train_dir)?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let train = plan_split(dir, &train_dir, &classes, size, grayscale)?;
    if train.is_empty() {
        return Err(DataError::io(
            &train_dir,
            "no PNG/JPEG images found in the class folders",
        ));
    }
    let test = match test_dir {
        Some(t) => Some(plan_split(dir, &t, &classes, size, grayscale)?),
        None => None,
    };
    Ok((train, test))
}

/// The listed splits of the `image-folder` dataset of `d` (`data.path`, required).
pub fn image_folder_plan(d: &super::DataSpec) -> Result<(FileSplit, Option<FileSplit>), DataError> {
    plan_image_folder(
        &required_path(d, "image-folder")?,
        d.image_size,
        d.grayscale,
    )
}

/// Load `dir`: returns `(train, Some(test))` with `train/` + `test/`, else `(all, None)`;
/// images are decoded in parallel (rayon), in file order.
pub fn load_image_folder(
    dir: &Path,
    size: usize,
    grayscale: bool,
) -> Result<(ImageSet, Option<ImageSet>), DataError> {
    let (train, test) = plan_image_folder(dir, size, grayscale)?;
    let train = load_split(&train)?;
    let test = match test {
        Some(t) => Some(load_split(&t)?),
        None => None,
    };
    Ok((train, test))
}

/// The `image-folder` dataset: `data.path` (required) resized to `data.image_size`, in
/// grayscale with `data.grayscale`; a test split only with `train/` and `test/`.
pub fn image_folder_source(d: &super::DataSpec, _seed: u64) -> Result<Source, DataError> {
    let (train, test) = image_folder_plan(d)?;
    let train = load_split(&train)?;
    let test = match test {
        Some(t) => Some(load_split(&t)?),
        None => None,
    };
    Ok(Source { train, test })
}
