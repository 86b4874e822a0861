//! The `scenes` dataset from `[data]`: generator parameters and enough scenes for the
//! requested splits.

use super::{generate_scenes, SceneParams};
use crate::data::DataSpec;
use crate::data::{DataError, Source};

/// The `scenes` generator's parameters from `[data]` (defaults where a key is absent).
pub fn scene_params(d: &DataSpec) -> SceneParams {
    let def = SceneParams::default();
    SceneParams {
        size: d.image_size,
        sequence_length: d.sequence_length.unwrap_or(def.sequence_length),
        night: d.night.unwrap_or(def.night),
        class_weights: d.class_weights.clone().unwrap_or(def.class_weights),
    }
}

/// The number of (training, test) scenes of `d`: the pool, validation and reserve (and with a
/// night / day `data.filter` enough extra scenes that the pool can be filled), and `data.test`.
/// An error when the filter can match no scene.
pub fn scenes_counts(d: &DataSpec) -> Result<(usize, usize), DataError> {
    let p = scene_params(d);
    let share = match d.filter.as_ref().and_then(|f| f.night) {
        Some(true) => p.night,
        Some(false) => 1.0 - p.night,
        None => 1.0,
    };
    let extra = if share < 1.0 {
        if share <= 0.0 {
            return Err(DataError::TooSmall {
                key: "filter",
                message: format!("no scene can match: data.night = {}", p.night),
            });
        }
        ((d.pool as f64 / share) * 1.5) as usize + 16 * p.sequence_length - d.pool
    } else {
        0
    };
    Ok((d.pool + d.validation + d.reserve + extra, d.test))
}

/// The train split ([`scenes_counts`]) from stream 0, the test split from stream 1 of `seed`.
pub fn scenes_source(d: &DataSpec, seed: u64) -> Result<Source, DataError> {
    let p = scene_params(d);
    let (n_train, n_test) = scenes_counts(d)?;
    let train = generate_scenes(n_train, &p, seed, 0);
    let test = generate_scenes(n_test, &p, seed, 1);
    Ok(Source {
        train,
        test: Some(test),
    })
}
