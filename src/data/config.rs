//! `[data]`: which samples form the pool, validation and test sets, their transforms, and the
//! checks of the section on its own (a dataset's keys against its kind).

use serde::{Deserialize, Serialize};

use super::{DatasetKind, LabelNoiseKind};

/// A failed check: (dotted key, message).
type Problem = (String, String);

fn bad(key: &str, msg: String) -> Result<(), Problem> {
    Err((key.to_string(), msg))
}

/// `[data]`: which samples form the pool, validation and test sets, and their transforms.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DataSpec {
    /// Dataset name.
    pub dataset: DatasetKind,
    /// Directory of on-disk datasets ("" = the dataset's standard location, if any).
    pub path: String,
    /// Unlabeled pool size, sampled from the training split (before `duplicates`).
    pub pool: usize,
    /// Validation set size (from the training split, disjoint from the pool).
    pub validation: usize,
    /// Test set size (from the test split).
    pub test: usize,
    /// Standard deviation of additive Gaussian pixel noise, pixels in [0, 1] (thesis "Noisy").
    pub noise: f64,
    /// Each pool item appears k times, copies rotated by a small random angle (thesis "Hard").
    pub duplicates: usize,
    /// Fraction of pool labels flipped to another class; recorded per sample.
    pub label_noise: f64,
    /// Which pool labels `label_noise` flips: uniformly drawn ones, or the images nearest
    /// another class's mean relative to their own ([`LabelNoiseKind`]).
    #[serde(skip_serializing_if = "LabelNoiseKind::is_uniform")]
    pub label_noise_kind: LabelNoiseKind,
    /// Ratio of the most to the least frequent class in the pool (thesis "Mixed"); 1 = balanced.
    pub imbalance: f64,
    /// Side of the square images `image-folder` resizes to, in pixels.
    pub image_size: usize,
    /// `image-folder`: convert images to one grayscale channel.
    pub grayscale: bool,
    /// `scenes`: relative class frequencies, one per class (default car 1, person 1,
    /// bicycle 0.25, road sign 0.6, traffic light 0.6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_weights: Option<Vec<f64>>,
    /// `scenes`: frames per recorded sequence (default 8).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence_length: Option<usize>,
    /// `scenes`: probability that a sequence is recorded at night (default 0.25).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub night: Option<f64>,
    /// Restrict the pool to images whose acquisition metadata match (NVIDIA Sec. V: a pool
    /// "shortlisted using acquisition metadata").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<MetaFilter>,
    /// `image-folder`, `coco`, `yolo`: a CSV of per-image acquisition metadata (`file`,
    /// `night`, `sequence`, `frame`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
    /// Draw pool, validation and test anew for every repeat (from the same dataset), so the
    /// repeats' spread includes the split; every configuration of a repeat still shares it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub resample_splits: bool,
    /// Training-split images set aside before validation, pool and test are drawn, never used
    /// by the experiment: the data of `albench pretrain --reserved` (a baseline pretrained on
    /// images outside the experiment's splits). Which images depends only on the seed and the
    /// training split, not on the other `[data]` keys, so every scale of a spec reserves the
    /// same ones. 0 = none.
    #[serde(skip_serializing_if = "is_zero")]
    pub reserve: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// `data.filter`: metadata an image must match to enter the pool.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MetaFilter {
    /// Recorded at night (`true`) or by day (`false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub night: Option<bool>,
}

impl MetaFilter {
    /// Whether an image with metadata `m` passes.
    pub fn accepts(&self, m: &super::ImageMeta) -> bool {
        self.night.is_none_or(|n| m.night == n)
    }
}

impl Default for DataSpec {
    fn default() -> Self {
        DataSpec {
            dataset: DatasetKind::Shapes,
            path: String::new(),
            pool: 6000,
            validation: 1000,
            test: 2000,
            noise: 0.0,
            duplicates: 1,
            label_noise: 0.0,
            label_noise_kind: LabelNoiseKind::Uniform,
            imbalance: 1.0,
            image_size: 32,
            grayscale: false,
            class_weights: None,
            sequence_length: None,
            night: None,
            filter: None,
            metadata: None,
            resample_splits: false,
            reserve: 0,
        }
    }
}

impl DataSpec {
    /// Checks of `[data]` that hold for every task: sizes, transforms, and that `metadata`
    /// and `filter` are given for datasets that can use them. Err: (dotted key, message).
    pub fn check(&self) -> Result<(), Problem> {
        if self.pool == 0 {
            return bad("data.pool", "must be ≥ 1, got 0".into());
        }
        if self.test == 0 {
            return bad("data.test", "must be ≥ 1, got 0".into());
        }
        if !(self.noise >= 0.0 && self.noise.is_finite()) {
            return bad(
                "data.noise",
                format!("{} must be a finite number ≥ 0", self.noise),
            );
        }
        if self.duplicates == 0 || self.duplicates > 100 {
            return bad(
                "data.duplicates",
                format!("{} must be in 1..=100", self.duplicates),
            );
        }
        if !(0.0..1.0).contains(&self.label_noise) {
            return bad(
                "data.label_noise",
                format!("{} must be in [0, 1)", self.label_noise),
            );
        }
        if !self.label_noise_kind.is_uniform() && self.label_noise <= 0.0 {
            return bad(
                "data.label_noise_kind",
                "\"ambiguous\" needs data.label_noise > 0 (the fraction of pool labels to flip)"
                    .into(),
            );
        }
        if !(self.imbalance >= 1.0 && self.imbalance.is_finite()) {
            return bad(
                "data.imbalance",
                format!(
                    "{} must be a finite number ≥ 1 (1 = balanced)",
                    self.imbalance
                ),
            );
        }
        if !(4..=512).contains(&self.image_size) {
            return bad(
                "data.image_size",
                format!("{} must be in 4..=512 pixels", self.image_size),
            );
        }
        self.check_metadata()
    }

    /// `data.metadata` only where images come from files; `data.filter` only where
    /// metadata exist.
    fn check_metadata(&self) -> Result<(), Problem> {
        use crate::data::{dataset_names, Metadata};
        let meta = self.dataset.info().meta;
        if self.metadata.is_some() && meta != Metadata::Csv {
            let csv = dataset_names(|d| d.meta == Metadata::Csv);
            return bad(
                "data.metadata",
                format!("is for {csv} (scenes generates its metadata)"),
            );
        }
        if self.filter.is_some() && meta != Metadata::Recorded && self.metadata.is_none() {
            return bad(
                "data.filter",
                "filters on acquisition metadata (night): scenes carries it, other datasets need data.metadata = \"meta.csv\"".into(),
            );
        }
        Ok(())
    }

    /// Checks of `[data]` for a detection dataset (boxes must stay valid; the detector's grid
    /// has one cell per 8 px; the `scenes` generator's keys). Call only when
    /// `dataset.is_detection()`.
    pub fn check_detection(&self) -> Result<(), Problem> {
        if self.duplicates > 1 {
            return bad("data.duplicates", "rotated copies are not supported for detection data (their boxes would not be axis-aligned); scenes already come as sequences of near-duplicate frames".into());
        }
        if self.imbalance > 1.0 {
            return bad(
                "data.imbalance",
                "is for classification; for scenes set data.class_weights".into(),
            );
        }
        if self.label_noise > 0.0 {
            return bad(
                "data.label_noise",
                "is not supported for detection data".into(),
            );
        }
        if !self.image_size.is_multiple_of(8) || self.image_size < 32 {
            return bad("data.image_size", format!("{} must be a multiple of 8 and ≥ 32 for the detector (its grid has one cell per 8 px)", self.image_size));
        }
        if let Some(w) = &self.class_weights {
            let n = super::SCENE_CLASSES.len();
            if w.len() != n
                || w.iter().any(|v| !(v.is_finite() && *v >= 0.0))
                || w.iter().sum::<f64>() <= 0.0
            {
                return bad("data.class_weights", format!("needs {n} finite weights ≥ 0, not all 0 (car, person, bicycle, road-sign, traffic-light), got {w:?}"));
            }
        }
        if self.sequence_length == Some(0) {
            return bad("data.sequence_length", "must be ≥ 1, got 0".into());
        }
        if let Some(p) = self.night {
            if !(0.0..=1.0).contains(&p) {
                return bad("data.night", format!("{p} must be in [0, 1]"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_pass_and_each_check_names_its_key() {
        let d = DataSpec::default();
        assert_eq!(d.check(), Ok(()));
        assert_eq!(d.check_detection(), Ok(()));
        let key = |r: Result<(), Problem>| r.unwrap_err().0;
        assert_eq!(
            key(DataSpec {
                pool: 0,
                ..d.clone()
            }
            .check()),
            "data.pool"
        );
        let meta = DataSpec {
            metadata: Some("meta.csv".into()),
            ..d.clone()
        };
        assert_eq!(key(meta.check()), "data.metadata");
        let copies = DataSpec {
            duplicates: 2,
            ..d.clone()
        };
        assert_eq!(copies.check(), Ok(()));
        assert_eq!(key(copies.check_detection()), "data.duplicates");
    }
}
