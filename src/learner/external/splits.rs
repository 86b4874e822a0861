//! The run's splits as `.npy` files for the learner: images as `uint8 [n, channels,
//! height, width]` (albench's pixels in [0, 1] times 255, rounded), or `float32 [n, d]`
//! for vector data (rows of d values, e.g. the `features` dataset); labels as
//! `int64 [n]`. Written once per run, streamed image by image.

use std::path::Path;

use super::protocol::SplitFiles;
use crate::data::{ImageSet, Splits};
use crate::npy::NpyWriter;

/// Whether `set` holds vectors rather than pictures: a `features` dataset's rows are
/// `1 × 1 × d` images (channels 1, height 1, width d); a `d × 1 × 1` set is a vector too.
pub fn is_vector_data(set: &ImageSet) -> bool {
    set.height == 1 && (set.channels == 1 || set.width == 1)
}

/// Write pool, validation and test of `splits` into `dir` as `<split>_x.npy` and
/// `<split>_y.npy`; returns their paths in that order.
pub fn write_splits(splits: &Splits, dir: &Path) -> Result<[SplitFiles; 3], String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let one = |name: &str, set: &ImageSet| -> Result<SplitFiles, String> {
        let files = SplitFiles {
            x: dir.join(format!("{name}_x.npy")),
            y: dir.join(format!("{name}_y.npy")),
        };
        write_images(set, &files.x).map_err(|e| e.to_string())?;
        let labels: Vec<i64> = set.labels.iter().map(|&l| l as i64).collect();
        crate::npy::write(&files.y, &[labels.len()], &labels).map_err(|e| e.to_string())?;
        Ok(files)
    };
    Ok([
        one("pool", &splits.pool)?,
        one("validation", &splits.validation)?,
        one("test", &splits.test)?,
    ])
}

fn write_images(set: &ImageSet, path: &Path) -> Result<(), crate::npy::NpyError> {
    let n = set.len();
    let per = set.channels * set.height * set.width;
    let mut image = Vec::with_capacity(per);
    if is_vector_data(set) {
        let mut w = NpyWriter::<f32>::create(path, &[n, per])?;
        for i in 0..n {
            image.clear();
            set.extend_image(i, &mut image);
            w.write(&image)?;
        }
        return w.finish();
    }
    let mut w = NpyWriter::<u8>::create(path, &[n, set.channels, set.height, set.width])?;
    let mut row = vec![0u8; per];
    for i in 0..n {
        image.clear();
        set.extend_image(i, &mut image);
        for (b, &p) in row.iter_mut().zip(&image) {
            *b = (p.clamp(0.0, 1.0) * 255.0).round() as u8;
        }
        w.write(&row)?;
    }
    w.finish()
}
